import type { ModelResources } from './base-models';

/** Resources a model needs: float32 weights + Adam state for LoRA is small; activations dominate. */
export function estimateResources(parameterCount: number, workerClass?: string): ModelResources {
  const weightsGb = (parameterCount * 4) / 1024 ** 3;
  const minMemoryGb = Math.max(1, Math.ceil(weightsGb * 1.5 + 1));
  const byMemory = minMemoryGb <= 16 ? 'default' : minMemoryGb <= 80 ? 'gpu-80gb' : 'gpu-141gb';
  return { worker_class: workerClass ?? byMemory, min_memory_gb: minMemoryGb };
}
