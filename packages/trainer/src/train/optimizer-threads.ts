import os from 'node:os';

/**
 * Below this many trained values (LoRA runs) the host update takes a few milliseconds and a helper
 * thread would save nothing; a full run of a 135M model trains 134.5 M and spends ~0.7-0.8 s of CPU in
 * AdamW alone (bench/host-update-bench.ts).
 */
export const HELPER_THREAD_MIN_PARAMETERS = 8_000_000;

/** Whether a run's AdamW update is split with a helper thread: 'auto' when it is large and there is a second core. */
export function usesHelperThread(setting: 1 | 2 | 'auto' | undefined, trainedParameters: number): boolean {
  if (setting === 1 || setting === 2) return setting === 2;
  return trainedParameters >= HELPER_THREAD_MIN_PARAMETERS && os.availableParallelism() >= 2;
}
