import type { GradientRule } from './gradient-rule';
import { addGrad } from './rules/add';
import { castGrad } from './rules/cast';
import { concatGrad } from './rules/concat';
import { cosGrad } from './rules/cos';
import { divGrad } from './rules/div';
import { expGrad } from './rules/exp';
import { expandGrad } from './rules/expand';
import { gatherGrad } from './rules/gather';
import { gatherElementsGrad } from './rules/gather-elements';
import { identityGrad } from './rules/identity';
import { logGrad } from './rules/log';
import { logSoftmaxGrad } from './rules/log-softmax';
import { gemmGrad } from './rules/gemm';
import { matMulGrad } from './rules/matmul';
import { mulGrad } from './rules/mul';
import { negGrad } from './rules/neg';
import { powGrad } from './rules/pow';
import { quickGeluGrad } from './rules/quick-gelu';
import { reciprocalGrad } from './rules/reciprocal';
import { reduceMeanGrad } from './rules/reduce-mean';
import { reduceSumGrad } from './rules/reduce-sum';
import { flattenGrad, reshapeGrad, squeezeGrad, unsqueezeGrad } from './rules/reshape-like';
import { sigmoidGrad } from './rules/sigmoid';
import { simplifiedLayerNormGrad } from './rules/simplified-layer-norm';
import { sinGrad } from './rules/sin';
import { sliceGrad } from './rules/slice';
import { softmaxGrad } from './rules/softmax';
import { splitGrad } from './rules/split';
import { sqrtGrad } from './rules/sqrt';
import { subGrad } from './rules/sub';
import { sumGrad } from './rules/sum';
import { tanhGrad } from './rules/tanh';
import { transposeGrad } from './rules/transpose';
import { whereGrad } from './rules/where';

/** Every op the engine can differentiate. Adding an op = one file in rules/ + one line here + one gradient-check case. */
export const GRADIENT_RULES: readonly GradientRule[] = [
  addGrad,
  subGrad,
  mulGrad,
  divGrad,
  negGrad,
  powGrad,
  sqrtGrad,
  reciprocalGrad,
  expGrad,
  logGrad,
  sigmoidGrad,
  tanhGrad,
  sinGrad,
  cosGrad,
  matMulGrad,
  gemmGrad,
  softmaxGrad,
  logSoftmaxGrad,
  reduceSumGrad,
  reduceMeanGrad,
  transposeGrad,
  reshapeGrad,
  unsqueezeGrad,
  squeezeGrad,
  flattenGrad,
  concatGrad,
  sliceGrad,
  splitGrad,
  gatherGrad,
  gatherElementsGrad,
  whereGrad,
  castGrad,
  expandGrad,
  identityGrad,
  sumGrad,
  simplifiedLayerNormGrad,
  quickGeluGrad,
];

const byKey = new Map(GRADIENT_RULES.map((r) => [`${r.domain ?? ''}::${r.opType}`, r]));

export function findGradientRule(opType: string, domain = ''): GradientRule | undefined {
  return byKey.get(`${domain}::${opType}`);
}
