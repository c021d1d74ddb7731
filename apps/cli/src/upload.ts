import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { WhetstoneApiError, type Schemas } from '@whetstone/client';
import { CliError, EXIT } from './exit-codes';

/**
 * POST /v1/files with the file streamed from disk (never read into memory), reporting bytes as
 * they are handed to the connection. A hand-built multipart body because fetch's FormData gives
 * no progress; the response is the typed File object.
 */
export async function uploadFile(
  options: { baseUrl: string; apiKey: string },
  path: string,
  purpose: string,
  onProgress: (sent: number, total: number) => void,
): Promise<Schemas['File']> {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new CliError(`Cannot read ${path}`, EXIT.usage);
  }
  const boundary = `----whetstone${randomBytes(12).toString('hex')}`;
  const filename = basename(path).replace(/["\r\n]/g, '_');
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\n${purpose}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/jsonl\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  // Pulled, not pushed: a chunk is read from disk only when fetch asks for the next one.
  async function* parts(): AsyncGenerator<Uint8Array> {
    yield head;
    let sent = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
      yield chunk as Buffer;
      sent += (chunk as Buffer).length;
      onProgress(sent, size);
    }
    if (size === 0) onProgress(0, 0);
    yield tail;
  }
  const source = parts();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await source.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
  });
  const response = await fetch(`${options.baseUrl.replace(/\/+$/, '')}/v1/files`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${options.apiKey}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': String(head.length + size + tail.length),
    },
    body,
    duplex: 'half',
  } as RequestInit);
  const json = await response.json().catch(() => undefined);
  if (!response.ok) throw WhetstoneApiError.fromBody(response.status, json, response.headers.get('x-request-id'));
  return json as Schemas['File'];
}
