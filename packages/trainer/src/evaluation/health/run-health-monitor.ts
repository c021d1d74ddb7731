import { detectAccuracySaturated, type AccuracySaturatedOptions } from './accuracy-saturated';
import { detectDivergence, type DivergenceOptions } from './divergence';
import { detectDpoNotLearning, type DpoNotLearningOptions } from './dpo-not-learning';
import type { DpoPoint, HealthWarning, HealthWarningCode, LossPoint } from './health-warning';
import { detectOverfitting, type OverfittingOptions } from './overfitting';

export interface HealthMonitorOptions {
  /** The run's length (sets what "early" means for saturated accuracy). */
  totalSteps?: number;
  divergence?: DivergenceOptions;
  overfitting?: OverfittingOptions;
  /** Present for DPO runs: enables the DPO checks (stuck at the zero-margin loss, saturated accuracy). */
  dpo?: DpoNotLearningOptions & AccuracySaturatedOptions;
}

/** The history the checks read and the warnings already raised; saved in checkpoints. */
export interface HealthMonitorState {
  train: LossPoint[];
  validation: LossPoint[];
  reported: HealthWarningCode[];
}

/**
 * The health checks of src/evaluation/health run live: fed one point per optimizer step and per
 * validation, it returns the warnings that just appeared, each code at most once per run. Each check
 * looks only at the part of the history it depends on (the first points and the newest for divergence,
 * the last window for a stuck DPO loss, the early steps for saturation), so a step costs O(1) however
 * long the run.
 */
export class RunHealthMonitor {
  private readonly train: LossPoint[];
  private readonly validation: LossPoint[];
  private readonly reported: Set<HealthWarningCode>;

  constructor(
    private readonly options: HealthMonitorOptions = {},
    state?: HealthMonitorState,
  ) {
    this.train = [...(state?.train ?? [])];
    this.validation = [...(state?.validation ?? [])];
    this.reported = new Set(state?.reported ?? []);
  }

  /** Records a training step; returns new warnings (a divergence warning has severity 'error'). */
  recordStep(point: LossPoint): HealthWarning[] {
    this.train.push(point);
    const initialPoints = this.options.divergence?.initialPoints ?? 3;
    const divergenceView = this.train.length <= initialPoints ? this.train : [...this.train.slice(0, initialPoints), point];
    const found = [detectDivergence(divergenceView, this.options.divergence)];
    const dpo = this.options.dpo;
    if (dpo && isDpoPoint(point)) {
      found.push(detectDpoNotLearning(this.recentDpoPoints(dpo.window ?? 5), dpo));
      const saturation = { ...(this.options.totalSteps !== undefined ? { totalSteps: this.options.totalSteps } : {}), ...dpo };
      if (point.step <= earlyStepOf(saturation)) found.push(detectAccuracySaturated(this.train.filter(isDpoPoint), saturation));
    }
    return this.fresh(found);
  }

  /** Records a validation loss; returns new warnings (overfitting). */
  recordValidation(point: LossPoint): HealthWarning[] {
    this.validation.push(point);
    return this.fresh([detectOverfitting(this.train, this.validation, this.options.overfitting)]);
  }

  get state(): HealthMonitorState {
    return { train: [...this.train], validation: [...this.validation], reported: [...this.reported] };
  }

  private recentDpoPoints(window: number): DpoPoint[] {
    return this.train.slice(-window).filter(isDpoPoint);
  }

  private fresh(found: (HealthWarning | undefined)[]): HealthWarning[] {
    const out: HealthWarning[] = [];
    for (const warning of found) {
      if (!warning || this.reported.has(warning.code)) continue;
      this.reported.add(warning.code);
      out.push(warning);
    }
    return out;
  }
}

/** detectAccuracySaturated's notion of "early": later steps can no longer trigger it. */
function earlyStepOf(options: AccuracySaturatedOptions): number {
  return options.earlyStep ?? (options.totalSteps !== undefined ? Math.max(1, Math.round(0.1 * options.totalSteps)) : 20);
}

function isDpoPoint(p: LossPoint): p is DpoPoint {
  const d = p as Partial<DpoPoint>;
  return d['rewards/chosen'] !== undefined && d['rewards/rejected'] !== undefined && d['rewards/accuracies'] !== undefined;
}
