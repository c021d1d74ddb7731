import type { Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';

/** LlamaMLP: down(silu(gate(x)) * up(x)), silu(z) = z·σ(z) as one QuickGelu node (alpha 1); gate and up projected together (see linearsOfOneInput). */
export function swigluMlp(b: GraphBuilder, x: Value, proj: (names: readonly ('gate_proj' | 'up_proj' | 'down_proj')[], input: Value) => Value[]): Value {
  const [gate, up] = proj(['gate_proj', 'up_proj'], x);
  const activated = op.quickGelu(b, gate!, 1);
  return proj(['down_proj'], op.mul(b, activated, up!))[0]!;
}
