/**
 * Wraps an expensive collection (Redis, Postgres) so that several gauges, or several scrapers
 * within `minIntervalMs`, share one round of queries.
 */
export function cachedCollect<T>(collect: () => Promise<T>, minIntervalMs: number): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at >= minIntervalMs) {
      const value = collect();
      last = { at: now, value };
      // A failed round is not cached: the next scrape tries again.
      value.catch(() => {
        if (last?.value === value) last = undefined;
      });
    }
    return last.value;
  };
}
