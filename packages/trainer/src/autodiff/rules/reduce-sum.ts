import { intAttr } from '../../graph/attributes';
import * as op from '../../graph/ops';
import type { GradContext, GradientRule } from '../gradient-rule';
import { constantAxes } from './helpers';

/** dY put back on the reduced axes (keepdims=0 removed them) and broadcast to X's shape. */
export function expandReducedGrad(ctx: GradContext): ReturnType<typeof op.expand> {
  const { b, node, attributes, dy } = ctx;
  const x = ctx.input(0);
  const axes = constantAxes(b, node.inputs[1], node.opType);
  if (axes === undefined && intAttr(attributes, 'noop_with_empty_axes', 0) === 1) return dy;
  const keepdims = intAttr(attributes, 'keepdims', 1) === 1;
  const all = axes ?? x.shape.map((_, i) => i);
  const restored = keepdims || all.length === 0 ? dy : op.unsqueeze(b, dy, all.map((a) => (a < 0 ? a + x.shape.length : a)));
  return op.expand(b, restored, op.shape(b, x));
}

/** Y = Σ_axes X: every summed element receives dY. */
export const reduceSumGrad: GradientRule = {
  opType: 'ReduceSum',
  uses: { inputs: [0], outputs: [] },
  inputGrads: { 0: (ctx) => expandReducedGrad(ctx) },
};
