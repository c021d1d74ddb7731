/** @jest-environment ./test/support/ort-environment.js */
import { checkGradients } from '../../src/autodiff/gradient-check';
import { GRADIENT_RULES } from '../../src/autodiff/registry';
import { GraphBuilder } from '../../src/graph/graph-builder';
import * as op from '../../src/graph/ops';
import { mulberry32 } from '../../src/data/seeded-random';
import { elementCount, type HostTensor, hostTensor } from '../../src/tensor/host-tensor';
import { RULE_CASES, type RuleCase } from './rule-cases';

/** Float64 central differences agree with the rules to ~1e-9; 1e-6 leaves room without hiding a wrong rule. */
const TOLERANCE = 1e-6;
const worstByRule = new Map<string, { error: number; label: string }>();

async function runCase(c: RuleCase, caseIndex: number): Promise<number> {
  const random = mulberry32(1000 + caseIndex);
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * random();
  const b = new GraphBuilder(`check.${c.rule}`);
  const feeds: Record<string, HostTensor> = {};
  const inputs = Object.fromEntries(
    Object.entries(c.inputs).map(([name, spec]) => {
      const [lo, hi] = spec.range ?? [-1, 1];
      const values = spec.values ?? Array.from({ length: elementCount(spec.shape) }, () => uniform(lo, hi));
      feeds[name] = hostTensor('float64', spec.shape, values);
      return [name, b.input(name, 'float64', spec.shape)];
    }),
  );
  const outputs = [c.build(b, inputs)].flat();
  // loss = Σ_k Σ(y_k * R_k) with fixed random R_k, so every output element gets a distinct upstream gradient.
  const terms = outputs.map((y) => {
    const weights = Array.from({ length: elementCount(y.shape as number[]) }, () => uniform(-1, 1));
    return op.reduceSum(b, op.mul(b, y, b.constant(hostTensor('float64', y.shape as number[], weights))), [], false);
  });
  b.output(terms.length === 1 ? terms[0]! : op.sum(b, terms), 'loss');
  const results = await checkGradients({
    forward: b.build(),
    loss: 'loss',
    wrt: Object.keys(c.inputs),
    feeds,
    epsilon: c.epsilon ?? 1e-6,
  });
  return Math.max(...results.map((r) => r.relativeError));
}

describe('gradient rules against float64 central differences', () => {
  afterAll(() => {
    const rows = [...worstByRule].map(([rule, w]) => `  ${rule.padEnd(15)} ${w.error.toExponential(2)}  (${w.label})`);
    process.stdout.write(`\nWorst relative gradient error per rule (tolerance ${TOLERANCE}):\n${rows.join('\n')}\n`);
  });

  RULE_CASES.forEach((c, i) => {
    it(`${c.rule}: ${c.label}`, async () => {
      const error = await runCase(c, i);
      const worst = worstByRule.get(c.rule);
      if (!worst || error > worst.error) worstByRule.set(c.rule, { error, label: c.label });
      expect(error).toBeLessThan(TOLERANCE);
    });
  });

  it('has a case for every registered rule', () => {
    const covered = new Set(RULE_CASES.map((c) => c.rule));
    expect(GRADIENT_RULES.map((r) => r.opType).filter((op) => !covered.has(op))).toEqual([]);
  });
});
