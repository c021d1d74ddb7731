/** Something in a run's metric history that a person should look at, and why. */
export interface HealthWarning {
  code: HealthWarningCode;
  /** 'error': the run is broken (stop it); 'warning': it runs but probably not as intended. */
  severity: 'warning' | 'error';
  /** The step at which the condition was detected. */
  step: number;
  message: string;
  /** The numbers behind the warning (for dashboards and events). */
  details: Record<string, number>;
}

export type HealthWarningCode = 'non_finite_loss' | 'loss_exploding' | 'overfitting' | 'dpo_not_learning' | 'preference_accuracy_saturated';

/** One logged training (or validation) point. */
export interface LossPoint {
  step: number;
  loss: number;
  gradNorm?: number;
}

/** One logged DPO point (TRL's metric names). */
export interface DpoPoint extends LossPoint {
  'rewards/chosen': number;
  'rewards/rejected': number;
  'rewards/accuracies': number;
}
