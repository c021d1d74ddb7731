import http from 'node:http';
import https from 'node:https';
import type { ResolvedAddress } from '../url-safety/host-lookup';
import { pinnedLookup } from './pinned-lookup';

export interface PinnedRequest {
  url: URL;
  /** The host without IPv6 brackets. */
  hostname: string;
  addresses: readonly ResolvedAddress[];
  headers: Record<string, string>;
  body: Buffer;
  signal: AbortSignal;
  maxResponseBytes: number;
}

export interface BoundedResponse {
  statusCode: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** More body existed than we read: over the byte limit, or cut off by the deadline. */
  truncated: boolean;
}

/**
 * One POST over node:http(s), connecting only to the vetted addresses. Node's client never
 * follows redirects. A fresh agent per request (agent: false) means no pooled socket from an
 * earlier resolution is reused. Rejects only if no response status arrives; once it has, the
 * body is read up to maxResponseBytes and whatever was read is returned, even on abort.
 */
export function sendPinnedRequest(request: PinnedRequest): Promise<BoundedResponse> {
  return new Promise((resolve, reject) => {
    let responded = false;
    const transport = request.url.protocol === 'https:' ? https : http;
    const req = transport.request(
      {
        hostname: request.hostname,
        port: request.url.port === '' ? undefined : Number(request.url.port),
        path: request.url.pathname + request.url.search,
        method: 'POST',
        headers: request.headers,
        agent: false,
        lookup: pinnedLookup(request.addresses),
        signal: request.signal,
      },
      (res) => {
        responded = true;
        const chunks: Buffer[] = [];
        let received = 0;
        let done = false;
        const finish = (truncated: boolean): void => {
          if (done) return;
          done = true;
          resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), truncated });
        };
        res.on('data', (chunk: Buffer) => {
          const room = request.maxResponseBytes - received;
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room));
            received += room;
            finish(true);
            // Stop reading: a hostile receiver could stream gigabytes.
            res.destroy();
            return;
          }
          chunks.push(chunk);
          received += chunk.length;
        });
        res.on('end', () => finish(false));
        // An abort or reset mid-body ends reading; the status already decides the outcome.
        res.on('error', () => finish(true));
        res.on('close', () => finish(true));
      },
    );
    // Once a response exists, its own 'close' settles the promise with what was read; an abort
    // also errors the request, and that must not turn a received status into a failure.
    req.on('error', (error) => {
      if (!responded) reject(error);
    });
    req.end(request.body);
  });
}
