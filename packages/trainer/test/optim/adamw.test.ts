import { AdamW, adamWStateFromTensors, adamWStateToTensors } from '../../src/optim/adamw';

const hyper = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1 };

describe('AdamW', () => {
  it('first step: decoupled decay, then lr * g / (|g| + eps) (bias correction cancels the moments)', () => {
    const opt = new AdamW([{ name: 'w', size: 3, decay: true }], hyper);
    const w = new Float32Array([1, -2, 0.5]);
    opt.update({ w }, { w: new Float32Array([0.1, -0.2, 0.3]) }, 0.01);
    // p * (1 - lr*wd) = p * 0.999, then minus 0.01 * g / (|g| + 1e-8):
    //   0.999  - 0.01 * 0.1/0.10000001 = 0.989000001
    //  -1.998  + 0.01 * 0.2/0.20000001 = -1.9880000005
    //   0.4995 - 0.01 * 0.3/0.30000001 = 0.4895000003
    expect(w[0]).toBeCloseTo(0.989000001, 6);
    expect(w[1]).toBeCloseTo(-1.9880000005, 6);
    expect(w[2]).toBeCloseTo(0.4895000003, 6);
    expect(opt.step).toBe(1);
  });

  it('second step follows the bias-corrected moment formulas', () => {
    const opt = new AdamW([{ name: 'w', size: 1, decay: false }], { ...hyper, weightDecay: 0 });
    const w = new Float32Array([1]);
    opt.update({ w }, { w: new Float32Array([0.5]) }, 0.1); // -> 1 - 0.1 * 0.5/(0.5+1e-8)
    opt.update({ w }, { w: new Float32Array([-1]) }, 0.1);
    // m2 = 0.9*0.05 + 0.1*(-1) = -0.055;  v2 = 0.999*0.00025 + 0.001*1 = 0.00124975
    // m̂ = -0.055/0.19 = -0.289473684;  v̂ = 0.00124975/0.001999 = 0.625187594;  √v̂ = 0.790688051
    // w = 0.900000002 - 0.1 * (-0.289473684 / 0.790688061) = 0.936610...
    const afterFirst = 1 - (0.1 * 0.5) / (0.5 + 1e-8);
    const expected = afterFirst - (0.1 * (-0.055 / 0.19)) / (Math.sqrt(0.00124975 / 0.001999) + 1e-8);
    expect(expected).toBeCloseTo(0.93661036, 7);
    expect(w[0]).toBeCloseTo(expected, 6);
  });

  it('with a gradient scale (clipping), takes the step of the float32-scaled gradients, computed by hand', () => {
    // Two tensors, weight decay on one, at step 3 with moments carried from two earlier updates.
    const specs = [
      { name: 'a', size: 2, decay: true },
      { name: 'b', size: 1, decay: false },
    ];
    const opt = new AdamW(specs, hyper);
    const params = { a: new Float32Array([0.3, -0.7]), b: new Float32Array([1.1]) };
    const grads = (k: number) => ({ a: new Float32Array([Math.sin(k + 1), -0.5 * k]), b: new Float32Array([k / 7 - 0.2]) });
    for (let k = 0; k < 2; k++) opt.update(params, grads(k), 0.01);
    const before = opt.exportState();
    const start = { a: params.a.slice(), b: params.b.slice() };
    const scale = 0.37;
    opt.update(params, grads(2), 0.01, scale);

    // By hand, element by element, as torch.optim.AdamW after clip_grad_norm_ scaled the float32 gradients.
    const lr = 0.01;
    const t = 3;
    for (const { name, decay } of specs) {
      const g = grads(2)[name as 'a' | 'b'];
      const saved = before.params.find((p) => p.name === name)!;
      for (let i = 0; i < g.length; i++) {
        const gi = Math.fround(g[i]! * scale);
        const m = Math.fround(hyper.beta1 * saved.expAvg[i]! + (1 - hyper.beta1) * gi);
        const v = Math.fround(hyper.beta2 * saved.expAvgSq[i]! + (1 - hyper.beta2) * gi * gi);
        const mHat = m / (1 - hyper.beta1 ** t);
        const vHat = v / (1 - hyper.beta2 ** t);
        const p0 = start[name as 'a' | 'b'][i]! * (decay ? 1 - lr * hyper.weightDecay : 1);
        const expected = p0 - (lr * mHat) / (Math.sqrt(vHat) + hyper.eps);
        expect(params[name as 'a' | 'b'][i]).toBeCloseTo(expected, 6);
      }
    }
    expect(opt.step).toBe(3);
  });

  it('scaling inside the update equals scaling the gradients first, bit for bit', () => {
    const specs = [{ name: 'w', size: 4, decay: true }];
    const g = new Float32Array([0.3, -1.7, 2.2, 1e-4]);
    const scale = 0.123;
    const scaledFirst = new AdamW(specs, hyper);
    const pFirst = new Float32Array([1, 2, -3, 0.5]);
    scaledFirst.update({ w: pFirst }, { w: g.map((x) => x * scale) }, 0.05);
    const scaledInside = new AdamW(specs, hyper);
    const pInside = new Float32Array([1, 2, -3, 0.5]);
    scaledInside.update({ w: pInside }, { w: g }, 0.05, scale);
    expect(Array.from(pInside)).toEqual(Array.from(pFirst));
    expect(Array.from(scaledInside.exportState().params[0]!.expAvgSq)).toEqual(Array.from(scaledFirst.exportState().params[0]!.expAvgSq));
  });

  it('skips weight decay for tensors flagged decay=false', () => {
    const opt = new AdamW(
      [
        { name: 'decayed', size: 1, decay: true },
        { name: 'norm', size: 1, decay: false },
      ],
      { ...hyper, weightDecay: 0.5 },
    );
    const params = { decayed: new Float32Array([2]), norm: new Float32Array([2]) };
    opt.update(params, { decayed: new Float32Array([0]), norm: new Float32Array([0]) }, 0.1);
    expect(params.decayed[0]).toBeCloseTo(2 * (1 - 0.1 * 0.5), 7);
    expect(params.norm[0]).toBe(2);
  });

  it('resumes exactly from an exported state, also through the tensor form', () => {
    const grads = (k: number) => ({ a: new Float32Array([Math.sin(k), Math.cos(k)]), b: new Float32Array([k / 7]) });
    const specs = [
      { name: 'a', size: 2, decay: true },
      { name: 'b', size: 1, decay: false },
    ];
    const reference = new AdamW(specs, hyper);
    const refParams = { a: new Float32Array([0.3, -0.7]), b: new Float32Array([1.1]) };
    for (let k = 0; k < 5; k++) reference.update(refParams, grads(k), 0.01);

    const first = new AdamW(specs, hyper);
    const params = { a: new Float32Array([0.3, -0.7]), b: new Float32Array([1.1]) };
    for (let k = 0; k < 3; k++) first.update(params, grads(k), 0.01);
    const { tensors, metadata } = adamWStateToTensors(first.exportState());
    const resumed = new AdamW(specs, { ...hyper, weightDecay: 0 });
    resumed.importState(adamWStateFromTensors(tensors, metadata));
    expect(resumed.step).toBe(3);
    expect(resumed.hyperparameters.weightDecay).toBe(0.1);
    for (let k = 3; k < 5; k++) resumed.update(params, grads(k), 0.01);

    expect(Array.from(params.a)).toEqual(Array.from(refParams.a));
    expect(Array.from(params.b)).toEqual(Array.from(refParams.b));
  });

  it('rejects states and gradients that do not match its parameters', () => {
    const opt = new AdamW([{ name: 'a', size: 2, decay: true }], hyper);
    expect(() => opt.update({ a: new Float32Array(2) }, {}, 0.1)).toThrow(/missing gradient 'a'/);
    expect(() => opt.update({ a: new Float32Array(2) }, { a: new Float32Array(3) }, 0.1)).toThrow(/expected 2/);
    const other = new AdamW([{ name: 'b', size: 2, decay: true }], hyper).exportState();
    expect(() => opt.importState(other)).toThrow(/lacks parameter 'a'/);
  });
});
