/** @jest-environment ./test/support/ort-environment.js */
import { tokenScoresFromLogits } from '../../src/model/chunked-token-nll';
import { checkGradients } from '../../src/autodiff/gradient-check';
import { pairedDpoLoss } from '../../src/dpo/dpo-graph';
import { dpoLoss } from '../../src/dpo/dpo-loss';
import { parseDpoSettings, type DpoSettingsInput } from '../../src/dpo/dpo-settings';
import { logSigmoid } from '../../src/dpo/log-sigmoid';
import { serializeModel } from '../../src/graph/export-onnx';
import { GraphBuilder } from '../../src/graph/graph-builder';
import { sequenceLogProbs } from '../../src/model/sequence-log-probs';
import { GraphSession } from '../../src/runtime/graph-session';
import { hostTensor, type HostTensor } from '../../src/tensor/host-tensor';

const runtime = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'basic' as const };

async function runGraph(b: GraphBuilder, feeds: Record<string, HostTensor>): Promise<Record<string, number[]>> {
  const session = await GraphSession.create(serializeModel(b.build()), runtime);
  try {
    const out = await session.run(feeds);
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, Array.from(t.data as Float64Array)]));
  } finally {
    await session.release();
  }
}

/** A float64 graph: the DPO loss of B pairs whose four log-prob vectors are inputs. */
function lossGraph(settings: DpoSettingsInput) {
  const b = new GraphBuilder('dpo_loss_check');
  const names = ['policy_chosen', 'policy_rejected', 'reference_chosen', 'reference_rejected'] as const;
  const [policyChosen, policyRejected, referenceChosen, referenceRejected] = names.map((n) => b.input(n, 'float64', [4]));
  const dpo = dpoLoss(b, { policyChosen: policyChosen!, policyRejected: policyRejected!, referenceChosen: referenceChosen!, referenceRejected: referenceRejected! }, parseDpoSettings(settings));
  b.output(dpo.loss, 'loss');
  return { graph: b.build(), names: [...names] };
}

describe('DPO losses: gradients against float64 central differences', () => {
  // Log-probs chosen so that every pair sits away from the hinge's kink (β·h ≠ 1) and h spans both signs.
  const feeds = {
    policy_chosen: hostTensor('float64', [4], [-3.1, -7.4, -2.2, -5.0]),
    policy_rejected: hostTensor('float64', [4], [-4.0, -6.1, -2.9, -9.3]),
    reference_chosen: hostTensor('float64', [4], [-3.5, -7.0, -2.6, -5.8]),
    reference_rejected: hostTensor('float64', [4], [-3.7, -6.6, -2.5, -8.1]),
  };
  const cases: [string, DpoSettingsInput][] = [
    ['sigmoid', { beta: 0.1 }],
    ['sigmoid with label smoothing 0.2 (cDPO)', { beta: 0.7, labelSmoothing: 0.2 }],
    ['ipo', { beta: 0.3, lossType: 'ipo' }],
    ['hinge', { beta: 0.8, lossType: 'hinge' }],
  ];
  it.each(cases)('%s', async (label, settings) => {
    const { graph, names } = lossGraph(settings);
    const results = await checkGradients({ forward: graph, loss: 'loss', wrt: names, feeds });
    const worst = Math.max(...results.map((r) => r.relativeError));
    const norm = Math.max(...results.flatMap((r) => r.analytic.map(Math.abs)));
    process.stdout.write(`DPO ${label}: worst relative gradient error ${worst.toExponential(2)} (max |grad| ${norm.toFixed(3)})\n`);
    expect(norm).toBeGreaterThan(1e-3); // not trivially zero
    expect(worst).toBeLessThan(1e-7);
  });
});

describe('log σ composed from primitives', () => {
  it('is finite and exact far into both tails, where log(Sigmoid(x)) would give -inf', async () => {
    const b = new GraphBuilder('log_sigmoid');
    const x = b.input('x', 'float64', [6]);
    b.output(logSigmoid(b, x), 'y');
    const xs = [-800, -30, -0.5, 0, 2, 800];
    const { y } = await runGraph(b, { x: hostTensor('float64', [6], xs) });
    const expected = xs.map((v) => (v >= 0 ? -Math.log1p(Math.exp(-v)) : v - Math.log1p(Math.exp(v))));
    y!.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-12));
    expect(y![0]).toBe(-800);
  });
});

/**
 * One pair over a 3-token vocabulary: prompt token 0, then a two-token completion (chosen 1,2;
 * rejected 2,1). Expected values come from log-softmaxes worked out by hand (evaluated in float64 with
 * Python's math module):
 *   π_c = log softmax([1, 2, .5])[1] + log softmax([.2, -.3, .9])[2]   = -1.0509210851094224
 *   π_r = log softmax([.3, .1, -.4])[2] + log softmax([1.5, 0, .7])[1] = -3.5538412766855765
 *   ref_c = log softmax([.4, .4, -.2])[1] + log softmax([0, .6, .1])[2] = -2.203576774389366
 *   ref_r = log softmax([-.5, .2, .3])[2] + log softmax([.8, .8, 0])[1] = -1.7520007817934216
 *   h = (π_c − π_r) − (ref_c − ref_r) = 2.9544961841720987
 */
describe('hand-computed DPO loss on a two-token completion', () => {
  const policyLogits = [
    [[1.0, 2.0, 0.5], [0.2, -0.3, 0.9], [5, 5, 5]], // chosen: the last position predicts nothing
    [[0.3, 0.1, -0.4], [1.5, 0.0, 0.7], [-5, 9, 1]], // rejected
  ];
  const hand = { policyChosen: -1.0509210851094224, policyRejected: -3.5538412766855765, refChosen: -2.203576774389366, refRejected: -1.7520007817934216 };

  async function lossFor(settings: DpoSettingsInput) {
    const b = new GraphBuilder('dpo_hand');
    const logits = b.input('logits', 'float64', [2, 3, 3]);
    const labels = b.input('labels', 'int64', [2, 3]);
    const weights = b.input('label_weights', 'float64', [2, 3]);
    const refChosen = b.input('reference_chosen', 'float64', [1]);
    const refRejected = b.input('reference_rejected', 'float64', [1]);
    const rows = sequenceLogProbs(b, (targets) => tokenScoresFromLogits(b, logits, targets), labels, weights);
    const dpo = pairedDpoLoss(b, { rowLogps: rows.logps, rowWeights: rows.weights, referenceChosen: refChosen, referenceRejected: refRejected }, parseDpoSettings(settings));
    b.output(dpo.loss, 'loss');
    b.output(rows.logps, 'row_logps');
    b.output(dpo.chosenRewards, 'rewards_chosen');
    b.output(dpo.rejectedRewards, 'rewards_rejected');
    return runGraph(b, {
      logits: hostTensor('float64', [2, 3, 3], policyLogits.flat(2)),
      labels: hostTensor('int64', [2, 3], [-100, 1, 2, -100, 2, 1]),
      label_weights: hostTensor('float64', [2, 3], [0, 1, 1, 0, 1, 1]),
      reference_chosen: hostTensor('float64', [1], [hand.refChosen]),
      reference_rejected: hostTensor('float64', [1], [hand.refRejected]),
    });
  }

  it('sigmoid (β = 0.5): −log σ(β·h) = 0.20560259559971852, rewards β·(π − ref)', async () => {
    const out = await lossFor({ beta: 0.5 });
    expect(Math.abs(out.row_logps![0]! - hand.policyChosen)).toBeLessThan(1e-12);
    expect(Math.abs(out.row_logps![1]! - hand.policyRejected)).toBeLessThan(1e-12);
    expect(Math.abs(out.loss![0]! - 0.20560259559971852)).toBeLessThan(1e-6);
    expect(Math.abs(out.rewards_chosen![0]! - 0.5763278446399718)).toBeLessThan(1e-6);
    expect(Math.abs(out.rewards_rejected![0]! - -0.9009202474460775)).toBeLessThan(1e-6);
    process.stdout.write(`hand-computed sigmoid DPO loss: graph ${out.loss![0]} vs hand 0.20560259559971852\n`);
  });

  it('sigmoid with label smoothing 0.1: −0.9·log σ(β·h) − 0.1·log σ(−β·h) = 0.3533274048083235', async () => {
    const out = await lossFor({ beta: 0.5, labelSmoothing: 0.1 });
    expect(Math.abs(out.loss![0]! - 0.3533274048083235)).toBeLessThan(1e-6);
  });

  it('ipo (β = 0.5) on per-token means (h/2 here): (h/2 − 1/(2β))² = 0.22776574139977424', async () => {
    const out = await lossFor({ beta: 0.5, lossType: 'ipo' });
    expect(Math.abs(out.loss![0]! - 0.22776574139977424)).toBeLessThan(1e-6);
  });

  it('hinge (β = 0.2): relu(1 − β·h) = 0.4091007631655802; 0 once the margin exceeds 1/β', async () => {
    expect(Math.abs((await lossFor({ beta: 0.2, lossType: 'hinge' })).loss![0]! - 0.4091007631655802)).toBeLessThan(1e-6);
    expect((await lossFor({ beta: 0.5, lossType: 'hinge' })).loss![0]).toBe(0);
  });

  it('rejects label smoothing for losses that do not define it', () => {
    expect(() => parseDpoSettings({ beta: 0.1, lossType: 'ipo', labelSmoothing: 0.1 })).toThrow(/sigmoid loss only/);
    expect(() => parseDpoSettings({ beta: 0 })).toThrow();
  });
});
