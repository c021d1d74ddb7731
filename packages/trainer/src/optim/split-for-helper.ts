import type { AdamWJob } from './adamw';

/**
 * The tensors a helper thread updates: about half of the elements (largest first, each to the side with
 * fewer so far). Deterministic, and no result depends on it: each tensor's update is independent.
 */
export function helperShare(tensors: readonly { name: string; size: number }[]): Set<string> {
  const theirs = new Set<string>();
  let mine = 0;
  let their = 0;
  for (const t of [...tensors].sort((a, b) => b.size - a.size || (a.name < b.name ? -1 : 1))) {
    if (their < mine) {
      theirs.add(t.name);
      their += t.size;
    } else {
      mine += t.size;
    }
  }
  return theirs;
}

/**
 * Divides one step's updates into this thread's and the helper's (`helperNames`). The helper's arrays'
 * ArrayBuffers are transferred to it, which detaches every view of them: none may also hold an array
 * this thread updates meanwhile. SharedArrayBuffers are shared, not transferred.
 */
export function splitForHelper(jobs: readonly AdamWJob[], helperNames: ReadonlySet<string>): { mine: AdamWJob[]; theirs: AdamWJob[] } {
  const mine = jobs.filter((j) => !helperNames.has(j.name));
  const theirs = jobs.filter((j) => helperNames.has(j.name));
  const lent = new Set<ArrayBufferLike>();
  for (const { p, g } of theirs) for (const a of [p, g]) if (!(a.buffer instanceof SharedArrayBuffer)) lent.add(a.buffer);
  for (const { name, p, g } of mine) {
    if (lent.has(p.buffer) || lent.has(g.buffer)) {
      throw new Error(`AdamW.updateSplit: '${name}' shares an ArrayBuffer with a tensor lent to the helper thread`);
    }
  }
  return { mine, theirs };
}
