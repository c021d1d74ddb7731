export interface Probe {
  name: string;
  run: () => Promise<unknown>;
}

/**
 * Fastest time of each probe, in seconds. The probes take turns (one run each per round) so that on a
 * shared machine every probe gets the same chance at the quiet moments, and the fastest run of each is
 * the one least disturbed by other processes.
 */
export async function interleavedBest(probes: readonly Probe[], warmup: number, rounds: number): Promise<Map<string, number>> {
  for (let i = 0; i < warmup; i++) for (const probe of probes) await probe.run();
  const fastest = new Map(probes.map((p) => [p.name, Infinity]));
  for (let round = 0; round < rounds; round++) {
    for (const probe of probes) {
      const start = performance.now();
      await probe.run();
      fastest.set(probe.name, Math.min(fastest.get(probe.name)!, (performance.now() - start) / 1000));
    }
  }
  return fastest;
}
