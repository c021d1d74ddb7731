/** Collects client-side measurements of a load simulation: latency per route, waits, counts. */
export class Recorder {
  readonly requests = new Map<string, { latencies: number[]; non2xx: number }>();
  readonly durations = new Map<string, number[]>();
  readonly counts = new Map<string, number>();

  /** One request's latency; status 0 = no answer (connection error). */
  request(route: string, ms: number, status: number): void {
    let stats = this.requests.get(route);
    if (!stats) this.requests.set(route, (stats = { latencies: [], non2xx: 0 }));
    stats.latencies.push(ms);
    if (status < 200 || status >= 300) stats.non2xx++;
  }

  duration(what: string, ms: number): void {
    const list = this.durations.get(what) ?? [];
    list.push(ms);
    this.durations.set(what, list);
  }

  count(what: string, n: number): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + n);
  }
}

/** The q-quantile of ascending values (nearest rank); 0 when empty. */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
