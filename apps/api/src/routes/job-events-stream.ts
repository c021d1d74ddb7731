import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, JobEvent } from '@whetstone/db';

const POLL_MS = 500;
const HEARTBEAT_MS = 15_000;
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * Server-Sent Events of a job's events: everything so far (oldest first), then new events as
 * they are written, until the job ends (then `event: done`) or the client goes away. Postgres is
 * polled: events are rows there, and the API never depends on a worker to push to it.
 */
export async function streamJobEvents(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { orgId: string; jobId: string; toEvent: (e: JobEvent) => object },
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
  let lastId: string | undefined;
  let lastWrite = Date.now();
  try {
    while (!closed) {
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
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } catch (err) {
    request.log.error({ err }, 'event stream failed');
  } finally {
    out.end();
  }
}
