import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, JobEvent } from '@whetstone/db';

const POLL_MS = 500;
const HEARTBEAT_MS = 15_000;
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Server-Sent Events of a job's events: everything so far (oldest first), or everything after
 * `after` (the `Last-Event-ID` of a reconnecting client), then new events as they are written,
 * until the job ends (then `event: done`) or the client goes away. Postgres is polled: events are
 * rows there, so any API replica serves any stream and the API never depends on a worker to push.
 * When this replica drains (shutdown) the stream ends without `done`; the client reconnects, to
 * another replica, with its Last-Event-ID and misses nothing.
 */
export async function streamJobEvents(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { orgId: string; jobId: string; after?: string; draining?: AbortSignal; toEvent: (e: JobEvent) => object },
): Promise<void> {
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
  const drained = () => options.draining?.aborted === true;
  let lastId: string | undefined = options.after;
  let lastWrite = Date.now();
  try {
    while (!closed && !drained()) {
      const events = await db.jobEvent.findMany({
        where: { jobId: options.jobId, organizationId: options.orgId, ...(lastId ? { id: { gt: lastId } } : {}) },
        orderBy: { id: 'asc' },
        take: 500,
      });
      for (const event of events) {
        out.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(options.toEvent(event))}\n\n`);
        lastId = event.id;
        lastWrite = Date.now();
      }
      if (events.length === 500) continue;
      const job = await db.fineTuningJob.findFirst({ where: { id: options.jobId, organizationId: options.orgId }, select: { status: true } });
      if (!job || TERMINAL.has(job.status)) {
        out.write(`event: done\ndata: ${JSON.stringify({ status: job?.status ?? 'deleted' })}\n\n`);
        break;
      }
      if (Date.now() - lastWrite > HEARTBEAT_MS) {
        out.write(': keep-alive\n\n');
        lastWrite = Date.now();
      }
      await pause(POLL_MS, options.draining);
    }
  } catch (err) {
    request.log.error({ err }, 'event stream failed');
  } finally {
    out.end();
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
