import { parsePeftLoraTensorName, type LoraAdapter, type LoraAdapterConfig } from '../io/lora/lora-adapter';
import type { TrainedModel } from '../loop/trained-model';
import type { LlamaConfig } from '../model/llama-config';
import type { HostTensor } from '../tensor/host-tensor';

/** What trainable tensors complete into a model: a LoRA adapter's config, or the base weights they replace. */
export type ModelBase =
  | { kind: 'lora'; adapterConfig: LoraAdapterConfig }
  | { kind: 'full'; config: LlamaConfig; weights: ReadonlyMap<string, HostTensor> };

/** A model from trainable tensors by graph input name (a checkpoint's, or a kept best step's). */
export function trainedModelFrom(base: ModelBase, trainable: ReadonlyMap<string, HostTensor>): TrainedModel {
  if (base.kind === 'full') {
    const weights = new Map(base.weights);
    for (const [name, tensor] of trainable) weights.set(name, tensor);
    return { kind: 'full', config: base.config, weights };
  }
  const modules: LoraAdapter['modules'] = new Map();
  for (const [name, tensor] of trainable) {
    const parsed = parsePeftLoraTensorName(name);
    if (!parsed) throw new Error(`'${name}' is not a PEFT LoRA tensor name`);
    const pair = modules.get(parsed.modulePath) ?? ({} as { A: HostTensor; B: HostTensor });
    pair[parsed.matrix] = tensor;
    modules.set(parsed.modulePath, pair);
  }
  return { kind: 'lora', adapter: { config: base.adapterConfig, modules } };
}

/** A copy of trainable tensors given as graph feeds (trainer.trainableFeeds()), safe from later updates. */
export function copyTensors(feeds: Readonly<Record<string, HostTensor>>): Map<string, HostTensor> {
  return new Map(Object.entries(feeds).map(([name, t]) => [name, { dtype: t.dtype, shape: [...t.shape], data: t.data.slice() } as HostTensor]));
}
