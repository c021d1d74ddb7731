import * as fs from 'node:fs';

/** This process's resident set and its peak, from the kernel, in GB. */
export function resident(): string {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const gb = (key: string) => (Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1]) * 1024) / 1e9;
  return `rss ${gb('VmRSS').toFixed(3)} GB, peak ${gb('VmHWM').toFixed(3)} GB`;
}
