import { LineSplitter, readLines, type LineEvent } from '../src';
import { chunksOf, randomChunkSizes, toBytes } from './helpers/sources';

type Seen = Array<[number, string] | [number, 'too_long', number]>;

function split(input: string | Uint8Array, chunkSizes?: number[], maxLineBytes?: number): { seen: Seen; lines: number; blank: number } {
  const seen: Seen = [];
  const splitter = new LineSplitter(
    {
      onLine: (bytes, line) => seen.push([line, Buffer.from(bytes).toString('utf8')]),
      onLineTooLong: (line, length) => seen.push([line, 'too_long', length]),
    },
    maxLineBytes === undefined ? {} : { maxLineBytes },
  );
  const bytes = toBytes(input);
  const sizes = chunkSizes ?? [bytes.length || 1];
  let offset = 0;
  let i = 0;
  while (offset < bytes.length) {
    const size = sizes[i++ % sizes.length]!;
    splitter.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  splitter.end();
  return { seen, lines: splitter.lines, blank: splitter.blankLines };
}

describe('LineSplitter', () => {
  it('numbers lines from 1 and keeps the last line without a newline', () => {
    expect(split('a\nb\nc').seen).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
  });

  it('does not invent an empty last line after a final newline', () => {
    expect(split('a\nb\n')).toEqual({ seen: [[1, 'a'], [2, 'b']], lines: 2, blank: 0 });
  });

  it('strips CR of CRLF, also when CR and LF arrive in different chunks', () => {
    const expected = [
      [1, 'ab'],
      [2, 'cd'],
    ];
    expect(split('ab\r\ncd\r\n').seen).toEqual(expected);
    expect(split('ab\r\ncd\r\n', [3, 1, 1]).seen).toEqual(expected);
    expect(split('ab\r\ncd\r\n', [1]).seen).toEqual(expected);
  });

  it('skips blank and whitespace-only lines but counts them for numbering', () => {
    expect(split('\n a \n\n \t \r\nx\n')).toEqual({ seen: [[2, ' a '], [5, 'x']], lines: 5, blank: 3 });
  });

  it('strips a UTF-8 BOM on line 1 only, even when it is split across chunks', () => {
    const input = '\uFEFFa\n\uFEFFb\n';
    expect(split(input, [1]).seen).toEqual([
      [1, 'a'],
      [2, '\uFEFFb'],
    ]);
  });

  it('accepts a line of exactly maxLineBytes (plus CR) and rejects one byte more', () => {
    expect(split('12345\r\n123456\n1\n', undefined, 5).seen).toEqual([
      [1, '12345'],
      [2, 'too_long', 6],
      [3, '1'],
    ]);
    expect(split('12345\r\n123456\n1\n', [1], 5).seen).toEqual([
      [1, '12345'],
      [2, 'too_long', 6],
      [3, '1'],
    ]);
  });

  it('reports a too-long line with its full length, however it is chunked', () => {
    const input = `ok\n${'x'.repeat(1000)}\r\nafter`;
    for (const sizes of [undefined, [1], [7], [999], randomChunkSizes(3, 50, 64)]) {
      expect(split(input, sizes, 100).seen).toEqual([
        [1, 'ok'],
        [2, 'too_long', 1000],
        [3, 'after'],
      ]);
    }
  });

  it('calls a long whitespace-only line too long rather than blank, whatever the chunking', () => {
    expect(split(`${' '.repeat(50)}\nx`, undefined, 10).seen).toEqual([
      [1, 'too_long', 50],
      [2, 'x'],
    ]);
    expect(split(`${' '.repeat(50)}\nx`, [3], 10).seen).toEqual([
      [1, 'too_long', 50],
      [2, 'x'],
    ]);
  });

  it('handles an empty stream and a lone newline', () => {
    expect(split('')).toEqual({ seen: [], lines: 0, blank: 0 });
    expect(split('\n')).toEqual({ seen: [], lines: 1, blank: 1 });
  });

  it('refuses string chunks from a stream with an encoding set', () => {
    const splitter = new LineSplitter({ onLine() {}, onLineTooLong() {} });
    expect(() => splitter.push('{"a":1}\n' as unknown as Uint8Array)).toThrow(/do not set an encoding/);
  });

  it('rejects a nonsensical maxLineBytes', () => {
    expect(() => new LineSplitter({ onLine() {}, onLineTooLong() {} }, { maxLineBytes: 0 })).toThrow(RangeError);
  });
});

describe('readLines', () => {
  it('yields decoded lines, invalid UTF-8 and too-long lines in order', async () => {
    const bytes = Buffer.concat([
      Buffer.from('é€\r\n'),
      Buffer.from([0x61, 0xff, 0x62, 0x0a]),
      Buffer.from(`${'y'.repeat(20)}\n\nlast`),
    ]);
    const events: LineEvent[] = [];
    for await (const event of readLines(chunksOf(bytes, [1]), { maxLineBytes: 10 })) events.push(event);
    expect(events).toEqual([
      { kind: 'line', line: 1, text: 'é€' },
      { kind: 'invalid_utf8', line: 2 },
      { kind: 'line_too_long', line: 3, byteLength: 20 },
      { kind: 'line', line: 5, text: 'last' },
    ]);
  });
});
