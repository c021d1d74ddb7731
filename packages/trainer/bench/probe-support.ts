import * as fs from 'node:fs';
import { InvalidArgumentError } from 'commander';

/** commander parser for a positive integer option. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
}

/** This process's resident set and its peak, from the kernel, in GB. */
export function resident(): string {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const gb = (key: string) => (Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1]) * 1024) / 1e9;
  return `rss ${gb('VmRSS').toFixed(3)} GB, peak ${gb('VmHWM').toFixed(3)} GB`;
}
