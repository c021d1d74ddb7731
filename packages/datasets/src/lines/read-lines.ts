import { LineSplitter, type LineSplitterOptions } from './line-splitter';
import { decodeUtf8Line } from './utf8';

export type LineEvent =
  | { kind: 'line'; line: number; text: string }
  | { kind: 'invalid_utf8'; line: number }
  | { kind: 'line_too_long'; line: number; byteLength: number };

/**
 * Reads decoded, non-blank lines from a byte stream (an S3 body, a file stream).
 *
 * The convenient face of LineSplitter for callers that want one line at a time, such
 * as a worker writing a train/validation split. Memory stays bounded: events are
 * buffered for one chunk at most, and over-long lines are never buffered at all.
 */
export async function* readLines(
  source: AsyncIterable<Uint8Array>,
  options: LineSplitterOptions = {},
): AsyncGenerator<LineEvent> {
  let pending: LineEvent[] = [];
  const splitter = new LineSplitter(
    {
      onLine(bytes, line) {
        const text = decodeUtf8Line(bytes);
        pending.push(text === undefined ? { kind: 'invalid_utf8', line } : { kind: 'line', line, text });
      },
      onLineTooLong(line, byteLength) {
        pending.push({ kind: 'line_too_long', line, byteLength });
      },
    },
    options,
  );
  for await (const chunk of source) {
    splitter.push(chunk);
    if (pending.length > 0) {
      const ready = pending;
      pending = [];
      yield* ready;
    }
  }
  splitter.end();
  yield* pending;
}
