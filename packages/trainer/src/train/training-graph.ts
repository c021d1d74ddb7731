import { buildGradientGraph } from '../autodiff/build-gradient-graph';
import type { LlamaConfig } from '../model/llama-config';
import { buildLlamaGraph, LLAMA_IO, type LlamaGraph, type LlamaGraphOptions } from '../model/llama-graph';
import type { HostTensor } from '../tensor/host-tensor';

/**
 * The graph one training micro-batch runs: the Llama loss graph plus its backward pass. Outputs `loss`,
 * `mean_token_accuracy` and `grad.<name>` for every trainable input.
 */
export function buildLlamaTrainingGraph(
  config: LlamaConfig,
  weights: ReadonlyMap<string, HostTensor>,
  options: Omit<LlamaGraphOptions, 'objective'>,
): LlamaGraph {
  const forward = buildLlamaGraph(config, weights, { ...options, objective: 'loss', training: true });
  const graph = buildGradientGraph(forward.graph, {
    loss: LLAMA_IO.loss,
    wrt: forward.trainableInputs.map((t) => t.name),
    keep: [LLAMA_IO.accuracy],
    name: `${forward.graph.name}.train`,
  });
  return { graph, trainableInputs: forward.trainableInputs };
}
