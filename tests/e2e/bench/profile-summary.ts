/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function, by package (or
 * our own source folder), and inclusive time of the functions whose name matches a pattern.
 *
 *   npx tsx tests/e2e/bench/profile-summary.ts FILE.cpuprofile [TOP=25] [INCLUSIVE_PATTERN]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg, inclusiveArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts FILE.cpuprofile [TOP] [INCLUSIVE_PATTERN]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const top = Number(topArg ?? 25);

// Self time per node from the sample stream (each sample's delta belongs to the sampled node).
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));

/** node_modules package (scoped ones with their scope), our workspace folder, or node's own. */
function owner(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /\/((?:apps|packages|tests)\/[^/]+)\//.exec(url);
  if (ours) return ours[1]!;
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  return url === '' ? '(native/vm)' : url;
}

const where = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/.*node_modules\//, '').replace(/.*\/(apps|packages|tests)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;

function printTop(title: string, entries: Map<string, number>): void {
  console.log(`\n${title}`);
  for (const [key, us] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`);
}

const byFunction = new Map<string, number>();
const byOwner = new Map<string, number>();
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  byFunction.set(where(node), (byFunction.get(where(node)) ?? 0) + us);
  const o = owner(node.callFrame.url);
  byOwner.set(o, (byOwner.get(o) ?? 0) + us);
}
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
printTop('self time by function', byFunction);
printTop('self time by package / folder', byOwner);

if (inclusiveArg) {
  // Inclusive time: a node's own samples plus its descendants', counted once per matching frame on the stack.
  const pattern = new RegExp(inclusiveArg);
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const key = where(byId.get(cur)!);
      if (pattern.test(key) && !seen.has(key)) {
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + us);
      }
    }
  }
  printTop(`inclusive time of frames matching /${inclusiveArg}/`, inclusive);
}
