import type { LrSchedule } from '../optim/lr-schedule';
import { CheckpointError } from './checkpoint-error';
import type { CheckpointState, TrainingLoopKind } from './checkpoint-state';

/** Hyperparameters that may change between a run and its resume: they do not change the trajectory. */
const FREE_ON_RESUME = new Set(['evalEvery']);

export interface RunIdentity {
  loop: TrainingLoopKind;
  seed: number;
  schedule: LrSchedule;
  hyperparameters: Record<string, unknown>;
  dataDigest: string;
}

/**
 * Refuses (CheckpointError 'incompatible') to resume a checkpoint into a run that would not continue it
 * exactly: another loop, seed, dataset, learning-rate schedule or trajectory-relevant hyperparameter.
 */
export function checkResumable(saved: CheckpointState, current: RunIdentity): void {
  const problems: string[] = [];
  if (saved.loop !== current.loop) problems.push(`it was written by the ${saved.loop} loop, not the ${current.loop} loop`);
  if (saved.rng.seed !== current.seed) problems.push(`its seed is ${saved.rng.seed}, this run's ${current.seed}`);
  if (saved.run.dataDigest !== current.dataDigest) problems.push('its training data differs from this run’s');
  if (stableJson(saved.schedule) !== stableJson(current.schedule)) {
    problems.push(`its learning-rate schedule ${stableJson(saved.schedule)} differs from this run's ${stableJson(current.schedule)}`);
  }
  const keys = new Set([...Object.keys(saved.run.hyperparameters), ...Object.keys(current.hyperparameters)]);
  for (const key of [...keys].sort()) {
    if (FREE_ON_RESUME.has(key)) continue;
    const [a, b] = [stableJson(saved.run.hyperparameters[key]), stableJson(current.hyperparameters[key])];
    if (a !== b) problems.push(`hyperparameter ${key} was ${a ?? 'unset'}, is ${b ?? 'unset'}`);
  }
  if (saved.position.step > current.schedule.totalSteps) problems.push(`it is at step ${saved.position.step}, past this run's ${current.schedule.totalSteps} steps`);
  if (problems.length > 0) throw new CheckpointError('incompatible', `cannot resume from this checkpoint: ${problems.join('; ')}`);
}

/** JSON with object keys sorted (undefined stays undefined), so equal values compare equal. */
export function stableJson(value: unknown): string | undefined {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
