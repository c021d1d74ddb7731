import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';
import { expandReducedGrad } from './reduce-sum';

/** Y = mean_axes X: every element receives dY / (number of elements averaged = |X| / |Y|). */
export const reduceMeanGrad: GradientRule = {
  opType: 'ReduceMean',
  uses: { inputs: [0], outputs: [0] },
  inputGrads: {
    0: (ctx) => {
      const { b } = ctx;
      const x = ctx.input(0);
      const y = ctx.output(0);
      const ratio = op.div(b, op.cast(b, op.size(b, y), x.dtype), op.cast(b, op.size(b, x), x.dtype));
      return op.mul(b, expandReducedGrad(ctx), ratio);
    },
  },
};
