import type { LoraAdapter } from '../io/lora/lora-adapter';
import type { LlamaConfig } from '../model/llama-config';
import { buildLlamaGraph } from '../model/llama-graph';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { sessionForGraph, type SessionForGraphOptions } from '../runtime/session-for-graph';
import type { HostTensor } from '../tensor/host-tensor';
import { TrainableState } from '../train/trainable-state';
import type { LogitsModel } from './generate';

export interface LogitsModelOptions {
  /** Run the base model with this LoRA adapter applied as a separate branch (not merged). */
  adapter?: LoraAdapter;
  runtime?: Partial<RuntimeConfig>;
  sessions?: SessionForGraphOptions;
}

/** An inference session for generation: the base model, or the base model plus a LoRA adapter. */
export async function createLogitsModel(
  config: LlamaConfig,
  weights: ReadonlyMap<string, HostTensor>,
  options: LogitsModelOptions = {},
): Promise<LogitsModel> {
  const adapter = options.adapter;
  const { graph, trainableInputs } = buildLlamaGraph(config, weights, {
    objective: 'logits',
    trainable: adapter
      ? {
          kind: 'lora',
          lora: {
            r: adapter.config.r,
            alpha: adapter.config.lora_alpha,
            dropout: 0,
            targetModules: adapter.config.target_modules,
            useRslora: adapter.config.use_rslora ?? false,
          },
        }
      : { kind: 'none' },
    name: adapter ? 'llama.generate.lora' : 'llama.generate',
  });
  const session = await sessionForGraph(graph, options.runtime, options.sessions);
  const feeds = adapter ? TrainableState.fromLoraAdapter(trainableInputs, adapter).feeds() : {};
  return { session, feeds };
}
