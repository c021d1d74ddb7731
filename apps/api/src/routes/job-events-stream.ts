import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, JobEvent } from '@whetstone/db';
import type { StreamSlots } from '../streams/stream-slots';

const POLL_MS = 500;
const HEARTBEAT_MS = 15_000;
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Server-Sent Events of a job's events: everything so far (oldest first), or everything after
 * `after` (the `Last-Event-ID` of a reconnecting client), then new events as they are written,
 * until the job ends (then `event: done`) or the client goes away. Postgres is polled: events are
 * rows there, so any API replica serves any stream and the API never depends on a worker to push.
 * When this replica drains (shutdown) the stream ends without `done`; the client reconnects, to
 * another replica, with its Last-Event-ID and misses nothing. Each
 * stream holds a slot (per organization and per job, across replicas) while it is open, and a
 * batch is written only after the client took the previous one (backpressure): a client that
 * reads nothing for `drainTimeoutMs` (STREAM_DRAIN_TIMEOUT_MS) is disconnected:
 * its unsent bytes would otherwise pile up in this process for as long as it stays connected.
 */
export async function streamJobEvents(
  db: Db,
  slots: StreamSlots,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { orgId: string; jobId: string; after?: string; draining?: AbortSignal; toEvent: (e: JobEvent) => object; drainTimeoutMs: number },
): Promise<void> {
  // Before hijacking: a refusal is an ordinary 429/503 answer.
  const slot = await slots.acquire(options.orgId, options.jobId);
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-request-id': request.id,
  });
  let closed = false;
  request.raw.on('close', () => (closed = true));
  const drainTimeout = options.drainTimeoutMs;
  /** Writes, then waits until the client has taken it; false when the client is gone or too slow. */
  const send = async (chunk: string): Promise<boolean> => {
    if (closed) return false;
    if (out.write(chunk)) return true;
    const drained = await new Promise<boolean>((resolve) => {
      const finish = (value: boolean) => {
        clearTimeout(timer);
        out.off('drain', onDrain).off('close', onClose);
        resolve(value);
      };
      const onDrain = () => finish(true);
      const onClose = () => finish(false);
      const timer = setTimeout(finish, drainTimeout, false);
      out.on('drain', onDrain).on('close', onClose);
    });
    if (!drained && !closed) {
      request.log.warn({ jobId: options.jobId, buffered: out.writableLength }, 'event stream consumer is not reading; disconnecting it');
      out.destroy();
      closed = true;
    }
    return drained && !closed;
  };
  const shuttingDown = () => options.draining?.aborted === true;
  let lastId: string | undefined = options.after;
  let lastWrite = Date.now();
  try {
    while (!closed && !shuttingDown()) {
      // The status is read before the events: a job's last events commit with (or before) its
      // terminal status, so once the status read sees the end, the events read after it sees them
      // all. Read the other way round, a job ending between the two reads lost its last events.
      const job = await db.fineTuningJob.findFirst({ where: { id: options.jobId, organizationId: options.orgId }, select: { status: true } });
      const events = await db.jobEvent.findMany({
        where: { jobId: options.jobId, organizationId: options.orgId, ...(lastId ? { id: { gt: lastId } } : {}) },
        orderBy: { id: 'asc' },
        take: 500,
      });
      for (const event of events) {
        if (!(await send(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(options.toEvent(event))}\n\n`))) break;
        lastId = event.id;
        lastWrite = Date.now();
      }
      if (closed) break;
      if (events.length === 500) continue;
      if (!job || TERMINAL.has(job.status)) {
        await send(`event: done\ndata: ${JSON.stringify({ status: job?.status ?? 'deleted' })}\n\n`);
        break;
      }
      if (Date.now() - lastWrite > HEARTBEAT_MS) {
        await send(': keep-alive\n\n');
        lastWrite = Date.now();
      }
      await pause(POLL_MS, options.draining);
    }
  } catch (err) {
    request.log.error({ err }, 'event stream failed');
  } finally {
    out.end();
    await slot.release();
  }
}

/** Waits `ms`, or less when `signal` aborts (a draining replica ends its streams at once). */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
