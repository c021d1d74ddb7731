import type { HistogramBucket, LengthSummary } from '../report/report-schema';

/** Buckets [0,1), [1,2), [2,4), ... [2^23, 2^24), then [2^24, ∞): fixed so dashboards can compare files. */
export const HISTOGRAM_BUCKETS = 26;

/**
 * Collects one length per example. Values live in a growable Uint32Array (4 bytes
 * each, so millions of examples fit), which makes exact percentiles a typed sort.
 */
export class LengthDistribution {
  private values = new Uint32Array(1024);
  private size = 0;
  private sum = 0;
  private sorted = false;
  private readonly buckets = new Array<number>(HISTOGRAM_BUCKETS).fill(0);

  get count(): number {
    return this.size;
  }

  get total(): number {
    return this.sum;
  }

  add(length: number): void {
    this.sorted = false;
    if (this.size === this.values.length) {
      const grown = new Uint32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size++] = length;
    this.sum += length;
    this.buckets[bucketIndex(length)]! += 1;
  }

  /** Summary with nearest-rank percentiles; null when empty. Sorts the stored values in place. */
  summary(): LengthSummary | null {
    if (this.size === 0) return null;
    const sorted = this.values.subarray(0, this.size);
    if (!this.sorted) sorted.sort();
    this.sorted = true;
    return {
      total: this.sum,
      min: sorted[0]!,
      max: sorted[this.size - 1]!,
      mean: this.sum / this.size,
      p50: nearestRank(sorted, 50),
      p95: nearestRank(sorted, 95),
      p99: nearestRank(sorted, 99),
    };
  }

  /** Values strictly above `threshold`. */
  countAbove(threshold: number): number {
    this.summary();
    const sorted = this.values.subarray(0, this.size);
    let low = 0;
    let high = this.size;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (sorted[mid]! <= threshold) low = mid + 1;
      else high = mid;
    }
    return this.size - low;
  }

  histogram(): HistogramBucket[] {
    return this.buckets.map((count, i) => ({
      min: i === 0 ? 0 : 2 ** (i - 1),
      max: i === HISTOGRAM_BUCKETS - 1 ? null : 2 ** i,
      count,
    }));
  }
}

/** 0 → 0, 1 → 1, 2..3 → 2, 4..7 → 3, ..., ≥ 2^24 → 25. */
function bucketIndex(length: number): number {
  return Math.min(32 - Math.clz32(length), HISTOGRAM_BUCKETS - 1);
}

/** The smallest value with at least p % of the values at or below it. */
function nearestRank(sorted: Uint32Array, percent: number): number {
  const rank = Math.ceil((percent / 100) * sorted.length);
  return sorted[Math.max(rank, 1) - 1]!;
}
