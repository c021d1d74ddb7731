import { streamJobEvents, unwrap, type WhetstoneClient } from '@whetstone/client';
import { duration } from '../output';

interface Line {
  step: number;
  totalSteps: number | null;
  trainLoss?: number;
  validLoss?: number;
  tokensPerSecond?: number;
  etaSeconds?: number;
}

const SERVER_ETA_INTERVAL_MS = 5_000;

const fmt = (v: number | undefined, digits = 4) => (v === undefined ? '-' : Number(v.toPrecision(digits)).toString());

export function renderLine(l: Line): string {
  return [
    `step ${l.step}/${l.totalSteps ?? '?'}`,
    `train_loss ${fmt(l.trainLoss)}`,
    `valid_loss ${fmt(l.validLoss)}`,
    `${l.tokensPerSecond === undefined ? '-' : Math.round(l.tokensPerSecond)} tok/s`,
    `ETA ${l.etaSeconds === undefined ? '?' : duration(l.etaSeconds)}`,
  ].join(' | ');
}

/**
 * Follows a job's SSE stream and keeps one live line (rewritten in place on a terminal, a line
 * per update otherwise): step/total, losses, tokens/s and an ETA from the steps' own timestamps
 * (the server's estimated_finish until those span a second).
 * Messages (status changes, checkpoints, warnings) print above it. Returns the final status.
 */
export async function watchJob(client: WhetstoneClient, jobId: string, json: boolean): Promise<string> {
  const job = unwrap(await client.GET('/v1/fine_tuning/jobs/{fine_tuning_job_id}', { params: { path: { fine_tuning_job_id: jobId } } }));
  const progress = job.progress as { total_steps?: number } | null;
  const estimates = (job.spec as { estimates?: { total_steps?: number } } | null)?.estimates;
  const line: Line = { step: 0, totalSteps: progress?.total_steps ?? estimates?.total_steps ?? null };
  const tty = Boolean(process.stderr.isTTY) && !json;
  // The first step seen: its event time and when it reached us. Events carry whole seconds and
  // the worker writes metrics in batches, so a live stream is timed by arrival as well.
  let first: { step: number; at: number; receivedAt: number } | null = null;
  let live = false;
  // Until the stream has a second of its own history, the ETA comes from the server's
  // estimated_finish (measured step rate), re-read at most every few seconds.
  let serverEtaReadAt = 0;
  const serverEta = async (): Promise<number | undefined> => {
    if (Date.now() - serverEtaReadAt < SERVER_ETA_INTERVAL_MS) return line.etaSeconds;
    serverEtaReadAt = Date.now();
    const { data } = await client.GET('/v1/fine_tuning/jobs/{fine_tuning_job_id}', { params: { path: { fine_tuning_job_id: jobId } } });
    return data?.estimated_finish ? Math.max(0, data.estimated_finish - Date.now() / 1000) : undefined;
  };
  const clear = () => {
    if (tty && live) process.stderr.write('\r\x1b[2K');
    live = false;
  };

  for await (const item of streamJobEvents(client, jobId)) {
    if ('done' in item) {
      clear();
      const final = unwrap(await client.GET('/v1/fine_tuning/jobs/{fine_tuning_job_id}', { params: { path: { fine_tuning_job_id: jobId } } }));
      if (json) process.stdout.write(`${JSON.stringify(final)}\n`);
      else {
        const detail = final.status === 'succeeded' ? `fine_tuned_model ${final.fine_tuned_model}` : (final.error?.message ?? '');
        process.stdout.write(`${jobId} ${final.status}${detail ? `: ${detail}` : ''}\n`);
      }
      return final.status;
    }
    const event = item.event;
    if (json) {
      process.stdout.write(`${JSON.stringify(event)}\n`);
      continue;
    }
    if (event.type !== 'metrics') {
      clear();
      process.stderr.write(`${new Date(event.created_at * 1000).toISOString().slice(11, 19)} ${event.level} ${event.message}\n`);
      continue;
    }
    const data = (event.data ?? {}) as Record<string, number>;
    if (typeof data.step === 'number') {
      line.step = data.step;
      first ??= { step: data.step, at: event.created_at, receivedAt: Date.now() };
      const steps = data.step - first.step;
      const seconds = Math.max(event.created_at - first.at, (Date.now() - first.receivedAt) / 1000);
      // Under a second of history says nothing about the rate (a batch arrives at once).
      if (line.totalSteps && steps > 0 && seconds >= 1) line.etaSeconds = ((line.totalSteps - data.step) * seconds) / steps;
      else line.etaSeconds = await serverEta();
    }
    if (typeof data.total_steps === 'number') line.totalSteps = data.total_steps;
    if (data.train_loss !== undefined) line.trainLoss = data.train_loss;
    if (data.valid_loss !== undefined) line.validLoss = data.valid_loss;
    if (data.tokens_per_second !== undefined) line.tokensPerSecond = data.tokens_per_second;
    if (tty) {
      process.stderr.write(`\r\x1b[2K${renderLine(line)}`);
      live = true;
    } else process.stderr.write(`${renderLine(line)}\n`);
  }
  clear();
  return 'unknown';
}
