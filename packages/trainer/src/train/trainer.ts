import type { Batch } from '../data/batch';
import { deriveSeed } from '../data/seeded-random';
import type { LoraAdapter } from '../io/lora/lora-adapter';
import type { LlamaConfig } from '../model/llama-config';
import { LLAMA_IO, type TrainableInput, type TrainableWeights } from '../model/llama-graph';
import type { LoraSettings } from '../model/lora';
import { resolveRecompute, type MemoryPlan } from '../memory/resolve-recompute';
import type { AdamW, AdamWHyperparameters, AdamWState } from '../optim/adamw';
import { AdamWHelperThread } from '../optim/adamw-helper-thread';
import { GradientAccumulator } from '../optim/grad-accumulator';
import { clipCoefficient, globalGradNorm } from '../optim/grad-clip';
import { learningRateAt, type LrSchedule } from '../optim/lr-schedule';
import { helperShare } from '../optim/split-for-helper';
import type { DecayPolicy } from '../optim/weight-decay';
import type { GraphSession } from '../runtime/graph-session';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { sessionForGraph, type SessionForGraphOptions } from '../runtime/session-for-graph';
import { hostTensor, type HostTensor } from '../tensor/host-tensor';
import { GradientBuffers } from './gradient-buffers';
import { initialTrainableState, optimizerFor } from './initial-trainable-state';
import { usesHelperThread } from './optimizer-threads';
import { TrainableRun } from './trainable-run';
import type { TrainableState } from './trainable-state';
import type { TrainingObjective } from './training-objective';

export type TrainingMethod =
  | {
      kind: 'full';
      /**
       * Train the arrays of `weights` themselves instead of a copy, so the model is held once (a full run
       * reads only the trained tensors). The caller's weights then change every step: only for a caller
       * that does not need the base model afterwards, and not for DPO (its reference is the base model).
       */
      inPlace?: boolean;
    }
  | { kind: 'lora'; lora: LoraSettings; /** Start from this adapter instead of a fresh PEFT init. */ adapter?: LoraAdapter };

export interface TrainerOptions {
  config: LlamaConfig;
  /** Base model weights, float32, HF names. Frozen ones are fed to the graphs in place; never mutated unless `method.inPlace`. */
  weights: ReadonlyMap<string, HostTensor>;
  method: TrainingMethod;
  schedule: LrSchedule;
  adamw?: Partial<AdamWHyperparameters>;
  /** Global-norm gradient clipping threshold; 0 or absent turns clipping off. */
  maxGradNorm?: number;
  decayPolicy?: DecayPolicy;
  /** Seeds LoRA init and every dropout mask. */
  seed: number;
  runtime?: Partial<RuntimeConfig>;
  sessions?: SessionForGraphOptions;
  /**
   * Per-layer activation recomputation in the training graph: true, false, or 'auto' (default): on
   * when `memory` is given and the memory model predicts the step would not fit it otherwise.
   */
  recompute?: boolean | 'auto';
  /** The largest micro-batch the run feeds and the bytes the process may use (for 'auto' recomputation). */
  memory?: MemoryPlan;
  /**
   * Threads of the host's AdamW update: 2 splits it with a helper thread (same result, bit for bit);
   * 'auto' (default) does when the run trains millions of values (full fine-tuning) and a second core exists.
   */
  optimizerThreads?: 1 | 2 | 'auto';
}

/** What every optimizer step reports beside the objective's metrics. */
export interface StepBookkeeping {
  /** Optimizer steps completed, this one included. */
  step: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  learningRate: number;
}

export interface TrainerCheckpoint {
  step: number;
  trainable: Map<string, HostTensor>;
  optimizer: AdamWState;
}

/** The sessions and state a trainer is made of, built by Trainer.assemble. */
export interface TrainerParts<M extends { loss: number }, O extends TrainingObjective<M>> {
  options: TrainerOptions;
  objective: O;
  trainSession: GraphSession;
  trainableInputs: TrainableInput[];
  state: TrainableState;
  optimizer: AdamW;
  usesDropout: boolean;
  loraAdapterConfig: LoraAdapter['config'] | undefined;
  recomputes: boolean;
}

/**
 * Trains a Llama model on an objective (supervised or preference): one training session (forward +
 * backward graph) reused every micro-batch, gradient accumulation weighted by the objective's shares,
 * optional global-norm clipping, AdamW on the host, the LR schedule and seeded dropout. Deterministic:
 * the same options and batches give the same weights, and restoring a checkpoint then continuing gives
 * exactly what an uninterrupted run gives.
 */
export class Trainer<M extends { loss: number }, O extends TrainingObjective<M> = TrainingObjective<M>> extends TrainableRun {
  readonly objective: O;
  /** Whether the training graph recomputes each layer's activations. */
  readonly recomputes: boolean;
  private readonly options: TrainerOptions;
  private readonly trainSession: GraphSession;
  private readonly usesDropout: boolean;
  /** The graph writes each micro-batch's gradients here (allocated once). */
  private readonly gradientBuffers: GradientBuffers;
  /** Sums micro-batches' gradients when a step has several (its arrays are reused step after step). */
  private readonly accumulator = new GradientAccumulator();
  private evalSession?: Promise<GraphSession>;
  /** Takes about half of each AdamW update (full fine-tuning): the tensors in `helperNames`. */
  private readonly helper?: { thread: AdamWHelperThread; names: ReadonlySet<string> };

  protected constructor(parts: TrainerParts<M, O>) {
    super(parts.options.weights, parts.trainableInputs, parts.state, parts.optimizer, parts.loraAdapterConfig);
    this.options = parts.options;
    this.objective = parts.objective;
    this.trainSession = parts.trainSession;
    this.usesDropout = parts.usesDropout;
    this.recomputes = parts.recomputes;
    const sizes = parts.trainableInputs.map((t) => ({ name: t.name, size: t.shape.reduce((a, d) => a * d, 1) }));
    const trained = sizes.reduce((n, t) => n + t.size, 0);
    if (usesHelperThread(parts.options.optimizerThreads, trained)) {
      // The helper's parameters and gradients each in one ArrayBuffer: one transfer each way per step.
      const names = helperShare(sizes);
      this.state.group(names);
      this.helper = { thread: AdamWHelperThread.start(), names };
      this.gradientBuffers = new GradientBuffers(parts.trainableInputs, names);
    } else {
      this.gradientBuffers = new GradientBuffers(parts.trainableInputs);
    }
  }

  /** Builds the training graph of `objective`, its session, the starting trainable state and the optimizer. */
  protected static async assemble<M extends { loss: number }, O extends TrainingObjective<M>>(options: TrainerOptions, objective: O): Promise<TrainerParts<M, O>> {
    const recomputes = resolveRecompute(options, objective.kind);
    const training = objective.trainingGraph(trainableOf(options), recomputes);
    const { state, loraAdapterConfig } = initialTrainableState(options.config, options.weights, options.method, training.trainableInputs, options.seed);
    return {
      options,
      objective,
      trainSession: await sessionForGraph(training.graph, options.runtime, options.sessions),
      trainableInputs: training.trainableInputs,
      state,
      optimizer: optimizerFor(training.trainableInputs, options),
      usesDropout: training.graph.inputs.some((i) => i.name === LLAMA_IO.loraDropoutSeed),
      loraAdapterConfig,
      recomputes,
    };
  }

  /** One optimizer step over `microBatches`, equivalent to one step on all their rows together. */
  async trainStep(microBatches: readonly Batch[]): Promise<M & StepBookkeeping> {
    return (await this.trainStepOrAbort(microBatches))!;
  }

  /**
   * trainStep that gives up when `signal` is aborted between micro-batches: it then returns undefined
   * and takes no step (weights, moments and the step count stay as they were), so a run cancelled or
   * paused mid-step resumes exactly from the step before.
   */
  async trainStepOrAbort(microBatches: readonly Batch[], signal?: AbortSignal): Promise<(M & StepBookkeeping) | undefined> {
    this.lastStepGraphSeconds = 0;
    if (microBatches.length === 0) throw new Error('trainStep needs at least one micro-batch');
    const pass = await this.objective.pass(microBatches);
    const outputNames = this.trainSession.outputNames;
    this.accumulator.reset();
    let single: Record<string, Float32Array> | undefined;
    for (const [k, batch] of microBatches.entries()) {
      if (signal?.aborted) return undefined;
      const { share, feeds } = pass.microBatches[k]!;
      const out = await this.timedRun(() => this.trainSession.run(this.feeds(batch, feeds, this.dropoutSeed(k)), outputNames, this.gradientBuffers.outputs));
      pass.read(k, out);
      // A step of one micro-batch (share 1) uses the buffers the graph wrote as they are.
      if (microBatches.length === 1 && share === 1) single = this.gradientBuffers.arrays;
      else this.accumulator.add(this.gradientBuffers.arrays, share);
    }
    const grads = single ?? this.accumulator.gradients;
    const gradNorm = globalGradNorm(this.trainableInputs.map((t) => grads[t.name]!));
    const learningRate = learningRateAt(this.options.schedule, this.optimizer.step);
    // Clipping is a scale AdamW applies as it reads each gradient: no pass of its own.
    const gradScale = clipCoefficient(gradNorm, this.options.maxGradNorm ?? 0);
    if (this.helper) await this.updateWithHelper(this.helper, grads, learningRate, gradScale, single !== undefined);
    else this.optimizer.update(this.state.arrays, grads, learningRate, gradScale);
    return { ...pass.result(), step: this.optimizer.step, gradNorm, learningRate };
  }

  /**
   * The AdamW update split with the helper thread; the parameter arrays it hands back replace the lent
   * ones in the trainable state, and so do the gradient arrays when they were the graph's own buffers
   * (accumulated sums are shared memory, never lent).
   */
  private async updateWithHelper(
    helper: NonNullable<Trainer<M, O>['helper']>,
    grads: Record<string, Float32Array>,
    learningRate: number,
    gradScale: number,
    gradsAreGraphBuffers: boolean,
  ): Promise<void> {
    const returned = await this.optimizer.updateSplit(helper.thread, helper.names, this.state.arrays, grads, learningRate, gradScale);
    for (const [name, { p, g }] of returned) {
      this.state.adopt(name, p);
      if (gradsAreGraphBuffers) this.gradientBuffers.adopt(name, g);
    }
  }

  /** The objective's loss and metrics for the current weights over `batches` (no dropout, no update). */
  async evaluate(batches: readonly Batch[]): Promise<M> {
    this.evalSession ??= sessionForGraph(this.objective.evaluationGraph(trainableOf(this.options)), this.options.runtime, this.options.sessions);
    const session = await this.evalSession;
    const pass = await this.objective.pass(batches);
    for (const [k, batch] of batches.entries()) pass.read(k, await session.run(this.feeds(batch, pass.microBatches[k]!.feeds)));
    return pass.result();
  }

  async close(): Promise<void> {
    await this.helper?.thread.close();
    await this.trainSession.release();
    await this.objective.close();
    if (this.evalSession) await (await this.evalSession).release();
  }

  /** Dropout seed of micro-batch k of the coming step: a function of (seed, step, k), so resume replays it. */
  private dropoutSeed(microBatch: number): number | undefined {
    if (!this.usesDropout) return undefined;
    return deriveSeed(this.options.seed, 'lora_dropout', this.optimizer.step, microBatch) & 0x7fffffff;
  }

  private feeds(batch: Batch, objectiveFeeds: Record<string, HostTensor>, dropoutSeed?: number): Record<string, HostTensor> {
    const feeds: Record<string, HostTensor> = {
      [LLAMA_IO.inputIds]: batch.input_ids,
      [LLAMA_IO.attentionMask]: batch.attention_mask,
      [LLAMA_IO.labels]: batch.labels,
      [LLAMA_IO.labelWeights]: batch.label_weights,
      [LLAMA_IO.positionIds]: batch.position_ids,
      ...objectiveFeeds,
      ...this.state.feeds(),
    };
    if (dropoutSeed !== undefined) feeds[LLAMA_IO.loraDropoutSeed] = hostTensor('int64', [], [dropoutSeed]);
    return feeds;
  }
}

function trainableOf(options: TrainerOptions): TrainableWeights {
  return options.method.kind === 'full' ? { kind: 'full' } : { kind: 'lora', lora: options.method.lora };
}
