export type ParsedLine =
  | { ok: true; value: unknown }
  | { ok: false; code: 'invalid_json' | 'too_deep'; message: string };

const MAX_MESSAGE_CHARS = 200;

/**
 * JSON.parse with errors turned into report entries. V8 parses iteratively, so even a
 * million nested arrays parse; an engine that recurses would throw RangeError
 * (stack), which becomes `too_deep` instead of crashing the worker.
 */
export function parseJsonLine(text: string, line: number): ParsedLine {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return describeParseFailure(error, text, line);
  }
}

export function describeParseFailure(error: unknown, text: string, line: number): ParsedLine & { ok: false } {
  if (error instanceof RangeError) {
    return { ok: false, code: 'too_deep', message: 'JSON nests too deeply to parse' };
  }
  const detail = error instanceof Error ? error.message : String(error);
  let message = `invalid JSON: ${detail.length > MAX_MESSAGE_CHARS ? `${detail.slice(0, MAX_MESSAGE_CHARS)}…` : detail}`;
  const first = text.trimStart()[0];
  if (line === 1 && first === '[') {
    message += ' (the file looks like a JSON array; JSONL needs one JSON object per line)';
  } else if (first === '{' && /end of JSON input/i.test(detail)) {
    message += ' (is the line truncated, or one object spread over several lines?)';
  }
  return { ok: false, code: 'invalid_json', message };
}
