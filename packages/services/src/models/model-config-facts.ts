import { DEFAULT_WORKER_CLASS_MEMORY_GB } from '@whetstone/config';
import { predictTrainingMemory, type LlamaConfig } from '@whetstone/trainer';
import type { ModelResources } from './base-models';
import { trainingShapeOf } from './training-shape';

/** The job a model's min_memory_gb describes: the API's default LoRA (r 8 on q/v), one row of up to 1,024 tokens. */
const SMALLEST_JOB = { rows: 1, maxSeq: 1024 };

/**
 * Resources a model needs, from the engine's memory model: the least memory its smallest LoRA job
 * takes (activation recomputation on), the smallest worker class that has it (unless the operator
 * chose one), and the model's shape for job-time predictions.
 */
export function estimateResources(
  config: LlamaConfig,
  workerClass?: string,
  classMemoryGb: Record<string, number> = DEFAULT_WORKER_CLASS_MEMORY_GB,
): ModelResources {
  const bytes = predictTrainingMemory({
    config,
    method: { kind: 'lora', r: 8, targetModules: ['q_proj', 'v_proj'] },
    objective: 'sft',
    rows: SMALLEST_JOB.rows,
    seq: Math.min(SMALLEST_JOB.maxSeq, config.max_position_embeddings),
    recompute: true,
  }).total;
  const minMemoryGb = Math.ceil(bytes / 1e9);
  const bySize = Object.entries(classMemoryGb).sort((a, b) => a[1] - b[1]);
  const byMemory = bySize.find(([, gb]) => gb >= minMemoryGb)?.[0] ?? bySize[bySize.length - 1]?.[0] ?? 'default';
  return { worker_class: workerClass ?? byMemory, min_memory_gb: minMemoryGb, training_shape: trainingShapeOf(config) };
}
