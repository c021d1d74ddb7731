import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  /** The raw body, exactly as received (what the signature covers). */
  body: string;
  /** Date.now() when the whole body had arrived. */
  receivedAt: number;
  /** The event id the request carries (webhook-id header). */
  id: string;
}

export type Responder = (request: ReceivedWebhook, res: http.ServerResponse) => void;

export interface WebhookReceiver {
  url: string;
  port: number;
  requests: ReceivedWebhook[];
  /** Requests for one event id, in arrival order. */
  forEvent(eventId: string): ReceivedWebhook[];
  respondWith(responder: Responder): void;
  close(): Promise<void>;
}

const ok: Responder = (_req, res) => res.end('ok');

/**
 * A customer's endpoint: a real node:http server on 127.0.0.1 (a given port, to bring one back
 * up where it was). The responder may answer later, or never, to play a slow or hung receiver.
 */
export async function startWebhookReceiver(responder: Responder = ok, port = 0): Promise<WebhookReceiver> {
  let respond = responder;
  const requests: ReceivedWebhook[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
        id: String(req.headers['webhook-id'] ?? ''),
      };
      requests.push(received);
      respond(received, res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/hooks`,
    port: actual,
    requests,
    forEvent: (eventId) => requests.filter((r) => r.id === eventId),
    respondWith(next) {
      respond = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (yet): bound once by the OS, then released. */
export async function unusedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
