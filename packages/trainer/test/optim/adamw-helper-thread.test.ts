import { AdamW } from '../../src/optim/adamw';
import { AdamWHelperThread } from '../../src/optim/adamw-helper-thread';
import { helperShare, splitForHelper } from '../../src/optim/split-for-helper';
import { copyIntoOneBuffer } from '../../src/optim/views-of-one-buffer';

const hyper = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1 };
const specs = [
  { name: 'embed', size: 300, decay: false },
  { name: 'q', size: 120, decay: true },
  { name: 'k', size: 40, decay: true },
  { name: 'norm', size: 12, decay: false },
  { name: 'up', size: 200, decay: true },
];
const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Deterministic values that differ per tensor and per step. */
function values(size: number, seed: number): Float32Array {
  return Float32Array.from({ length: size }, (_, i) => Math.sin(seed * 7.1 + i * 0.37) * 0.05);
}

describe('the AdamW helper thread', () => {
  let helper: AdamWHelperThread;
  beforeAll(() => {
    helper = AdamWHelperThread.start();
  });
  afterAll(async () => {
    await helper.close();
  });

  it('gives about half of the elements to the helper, largest tensors first', () => {
    // embed 300 here; up 200 there (0 < 300); q 120 there (200 < 300); k 40 here (320 > 300); norm 12 there (320 < 340).
    expect([...helperShare(specs)].sort()).toEqual(['norm', 'q', 'up']);
    expect(helperShare([{ name: 'only', size: 5 }]).size).toBe(0);
  });

  it('updateSplit gives the bits update gives, step after step, clipped or not, and hands back the lent arrays', async () => {
    const names = helperShare(specs);
    const alone = new AdamW(specs, hyper);
    const split = new AdamW(specs, hyper);
    const params: Record<string, Float32Array> = {};
    const splitParams: Record<string, Float32Array> = {};
    for (const s of specs) params[s.name] = values(s.size, s.size);
    // The helper's parameters as views of one buffer (as the trainer holds them), the others on their own.
    const lent = copyIntoOneBuffer([...names].map((n) => params[n]!));
    for (const s of specs) splitParams[s.name] = names.has(s.name) ? lent[[...names].indexOf(s.name)]! : params[s.name]!.slice();

    for (const [step, scale] of [1, 0.25, 1, 0.6].entries()) {
      const grads = Object.fromEntries(specs.map((s) => [s.name, values(s.size, 100 + step * 13 + s.size)]));
      const splitGrads = Object.fromEntries(specs.map((s) => [s.name, grads[s.name]!.slice()]));
      alone.update(params, grads, 1e-2, scale);
      const lentParams = { ...splitParams };
      const returned = await split.updateSplit(helper, names, splitParams, splitGrads, 1e-2, scale);
      expect([...returned.keys()].sort()).toEqual([...names].sort());
      for (const [name, r] of returned) {
        // The arrays passed in were transferred away; what came back replaces them.
        expect(lentParams[name]!.length).toBe(0);
        expect(r.p.length).toBe(params[name]!.length);
        expect(r.g.length).toBe(grads[name]!.length);
        splitParams[name] = r.p;
      }
      for (const s of specs) expect(bits(splitParams[s.name]!).equals(bits(params[s.name]!))).toBe(true);
    }
    const a = alone.exportState();
    const b = split.exportState();
    expect(b.step).toBe(4);
    for (const [i, p] of a.params.entries()) {
      expect(bits(b.params[i]!.expAvg).equals(bits(p.expAvg))).toBe(true);
      expect(bits(b.params[i]!.expAvgSq).equals(bits(p.expAvgSq))).toBe(true);
    }
  });

  it('refuses to lend a buffer that also holds a tensor this thread updates', () => {
    const [x, y] = copyIntoOneBuffer([values(4, 1), values(4, 2)]);
    const job = (name: string, p: Float32Array) => ({ name, p, g: values(4, 3), m: new Float32Array(4), v: new Float32Array(4), k: { beta1: 0.9, beta2: 0.999, eps: 1e-8, stepSize: 1, bc2Sqrt: 1, decayFactor: 1, gradScale: 1 } });
    expect(() => splitForHelper([job('x', x!), job('y', y!)], new Set(['x']))).toThrow(/'y' shares an ArrayBuffer/);
  });

  it('an update still running when the thread is closed is rejected, not left hanging, and later ones too', async () => {
    const own = AdamWHelperThread.start();
    const size = 4_000_000;
    const job = { name: 'w', p: new Float32Array(size).fill(0.5), g: new Float32Array(size).fill(0.01), m: new Float32Array(size), v: new Float32Array(size), k: { beta1: 0.9, beta2: 0.999, eps: 1e-8, stepSize: 1e-3, bc2Sqrt: 1, decayFactor: 1, gradScale: 1 } };
    const running = expect(own.update([job])).rejects.toThrow(/closed/);
    await own.close();
    await running;
    await expect(own.update([job])).rejects.toThrow(/closed/);
  });
});
