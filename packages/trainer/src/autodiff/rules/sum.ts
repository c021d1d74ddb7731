import type { GradientRule } from '../gradient-rule';
import { unbroadcast } from '../unbroadcast';

/** Y = X₀ + X₁ + ... (variadic Sum): each input receives dY (unbroadcast). */
export const sumGrad: GradientRule = {
  opType: 'Sum',
  uses: { inputs: 'all', outputs: [] },
  inputGrads: {},
  eachInputGrad: (ctx, i) => unbroadcast(ctx.b, ctx.dy, ctx.input(i)),
};
