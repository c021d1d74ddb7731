import type { Logger } from '@whetstone/common';
import { relayOutboxBatch, sweepOverdueDeliveries } from '@whetstone/services';
import type { WorkerDeps } from './deps';

export interface RunningRelay {
  /** Stops polling and waits for the batch in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs beside the webhooks consumer: a loop that moves outbox events to the delivery queue
 * (every WEBHOOK_RELAY_INTERVAL_MS, at once again while batches come back full), and a slower
 * sweep that re-enqueues overdue deliveries whose job is missing. Several workers may run it:
 * the relay claims rows with SKIP LOCKED and enqueues are idempotent.
 */
export function startOutboxRelay(deps: WorkerDeps): RunningRelay {
  const { config } = deps;
  const log = deps.logger.child({ component: 'outbox-relay' });
  const loops = [
    pollLoop('relay', config.WEBHOOK_RELAY_INTERVAL_MS, log, async () => {
      const result = await relayOutboxBatch(deps, { batchSize: config.WEBHOOK_RELAY_BATCH_SIZE });
      if (result.events > 0) log.debug(result, 'relayed outbox events');
      return result.events === config.WEBHOOK_RELAY_BATCH_SIZE;
    }),
    pollLoop('sweep', config.WEBHOOK_SWEEP_INTERVAL_MS, log, async () => {
      const result = await sweepOverdueDeliveries(deps);
      if (result.requeued > 0) log.warn(result, 're-enqueued overdue webhook deliveries');
      return false;
    }),
  ];
  return {
    async stop() {
      await Promise.all(loops.map((loop) => loop.stop()));
    },
  };
}

/** Calls `tick` every `intervalMs` (immediately again when it returns true) until stopped. */
function pollLoop(name: string, intervalMs: number, log: Logger, tick: () => Promise<boolean>): { stop(): Promise<void> } {
  let stopped = false;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const done = (async () => {
    let failures = 0;
    while (!stopped) {
      let again = false;
      try {
        again = await tick();
        failures = 0;
      } catch (err) {
        failures += 1;
        log.error({ err, loop: name }, 'outbox relay iteration failed');
      }
      if (stopped) break;
      // Back off while Postgres or Redis is down, up to 30 s.
      if (!again) await sleep(failures ? Math.min(30_000, intervalMs * 2 ** failures) : intervalMs);
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await done;
    },
  };
}
