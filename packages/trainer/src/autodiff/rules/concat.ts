import { intAttr } from '../../graph/attributes';
import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/** Y = concat(X₀, X₁, ...) along axis: dY is split back into pieces the sizes of the inputs. */
export const concatGrad: GradientRule = {
  opType: 'Concat',
  uses: { inputs: 'all', outputs: [] },
  inputGrads: {},
  eachInputGrad: (ctx, i) => {
    const pieces = ctx.shared('split', () => {
      const { b, node, dy } = ctx;
      const axis = intAttr(ctx.attributes, 'axis');
      const inputs = node.inputs.map((_, k) => ctx.input(k));
      const a = axis < 0 ? axis + dy.shape.length : axis;
      const sizes = inputs.map((x) => x.shape[a]!);
      const sizesTensor = sizes.every((s) => typeof s === 'number')
        ? b.int64s(sizes as number[])
        : op.concat(b, inputs.map((x) => op.shape(b, x, a, a + 1)), 0);
      return b.node(
        'Split',
        [dy, sizesTensor],
        inputs.map((x) => ({ dtype: dy.dtype, shape: x.shape })),
        { attributes: { axis: ctx.attributes.axis! } },
      );
    });
    return pieces[i]!;
  },
};
