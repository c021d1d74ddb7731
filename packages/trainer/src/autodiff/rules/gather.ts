import { intAttr } from '../../graph/attributes';
import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';
import { scatterAddIntoZeros } from '../scatter-add-grad';

/**
 * Y = gather(X, indices, axis) (embedding lookup for axis 0): dX is zeros with each dY row added at
 * its index (ScatterND reduction=add, so repeated tokens accumulate); where X has another gradient (a
 * tied LM head) the rows are added into that one instead (scatter-add-grad.ts). For axis > 0 the
 * gathered axis is moved to the front and back.
 */
export const gatherGrad: GradientRule = {
  opType: 'Gather',
  uses: { inputs: [0, 1], outputs: [] },
  inputGrads: {
    0: ({ b, input, dy, attributes }) => {
      const x = input(0);
      const indices = input(1);
      const rank = x.shape.length;
      const axis = (intAttr(attributes, 'axis', 0) + rank) % rank;
      const where = op.unsqueeze(b, indices, [-1]);
      if (axis === 0) return scatterAddIntoZeros(b, x, where, dy);
      // dY axes: [x axes before `axis`] [index axes] [x axes after]; bring the index axes first.
      const q = indices.shape.length;
      const indexAxes = Array.from({ length: q }, (_, i) => axis + i);
      const before = Array.from({ length: axis }, (_, i) => i);
      const after = Array.from({ length: rank - axis - 1 }, (_, i) => axis + q + i);
      const dyFront = op.transpose(b, dy, [...indexAxes, ...before, ...after]);
      const xPerm = [axis, ...before, ...after.map((a) => a - q + 1)];
      const xFront = op.transpose(b, x, xPerm);
      const scattered = op.scatterND(b, op.zerosLike(b, xFront), where, dyFront, 'add');
      const inverse = new Array<number>(rank);
      xPerm.forEach((p, i) => (inverse[p] = i));
      return op.transpose(b, scattered, inverse);
    },
  },
};
