import type { GenerationMetricSpec } from '@whetstone/trainer/src/evaluation/metric-spec';
import type { TrainingType } from './create-job-request';

/**
 * The fully resolved training specification stored on the job: every "auto" replaced by the
 * value it resolved to, so the worker runs exactly what the user was shown.
 */
export interface JobSpec {
  method: 'supervised' | 'dpo';
  training_type: TrainingType;
  hyperparameters: {
    n_epochs: number;
    batch_size: number;
    learning_rate_multiplier: number;
    learning_rate: number;
    learning_rate_scheduler: 'constant' | 'linear' | 'cosine';
    warmup_ratio: number;
    warmup_steps: number | null;
    weight_decay: number;
    max_grad_norm: number;
    max_seq_length: number;
    gradient_accumulation_steps: number;
    max_steps: number | null;
    beta?: number;
    loss_type?: 'sigmoid' | 'ipo' | 'hinge';
    label_smoothing?: number;
  };
  validation: { source: 'file' | 'split'; fraction: number };
  eval_interval: number;
  checkpoint_interval: number;
  early_stopping: { patience: number; min_delta: number; metric: 'valid_loss' } | null;
  checkpoint_selection: 'last' | 'best';
  eval_metrics: GenerationMetricSpec[];
  estimates: JobEstimates;
}

export interface JobEstimates {
  train_examples: number;
  validation_examples: number;
  tokens_per_epoch: number;
  trained_tokens_per_epoch: number;
  total_trained_tokens: number;
  steps_per_epoch: number;
  total_steps: number;
  estimated_seconds: number;
  estimated_cost_usd: number | null;
}
