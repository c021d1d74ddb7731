import { gradientName } from '../autodiff/build-gradient-graph';
import type { Batch } from '../data/batch';
import { deriveSeed } from '../data/seeded-random';
import type { LoraAdapter } from '../io/lora/lora-adapter';
import type { LlamaConfig } from '../model/llama-config';
import { buildLlamaGraph, LLAMA_IO, type TrainableInput } from '../model/llama-graph';
import type { LoraSettings } from '../model/lora';
import type { AdamW, AdamWHyperparameters, AdamWState } from '../optim/adamw';
import { clipGradNorm, globalGradNorm } from '../optim/grad-clip';
import { GradientAccumulator } from '../optim/grad-accumulator';
import { learningRateAt, type LrSchedule } from '../optim/lr-schedule';
import type { DecayPolicy } from '../optim/weight-decay';
import type { GraphSession } from '../runtime/graph-session';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { sessionForGraph, type SessionForGraphOptions } from '../runtime/session-for-graph';
import { hostTensor, type HostTensor } from '../tensor/host-tensor';
import { labelStats } from './label-stats';
import { TrainableState } from './trainable-state';
import { buildLlamaTrainingGraph } from './training-graph';
import { initialTrainableState, optimizerFor } from './initial-trainable-state';
import { TrainableRun } from './trainable-run';
import { GradientBuffers } from './gradient-buffers';
import { resolveRecompute, type MemoryPlan } from '../memory/resolve-recompute';

export type TrainingMethod = { kind: 'full' } | { kind: 'lora'; lora: LoraSettings; /** Start from this adapter instead of a fresh PEFT init. */ adapter?: LoraAdapter };

export interface LlamaTrainerOptions {
  config: LlamaConfig;
  /** Base model weights, float32, HF names. Frozen ones are baked into the graphs; never mutated. */
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
}

export interface StepMetrics {
  /** Optimizer steps completed, this one included. */
  step: number;
  loss: number;
  meanTokenAccuracy: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  learningRate: number;
}

export interface TrainerCheckpoint {
  step: number;
  trainable: Map<string, HostTensor>;
  optimizer: AdamWState;
}

/**
 * Trains a Llama model: one training session (forward + backward graph) reused every micro-batch, AdamW
 * on the host, weighted gradient accumulation over micro-batches, optional clipping, a warmup schedule.
 * Deterministic: the same options and batches give the same weights, and restoring a checkpoint then
 * continuing gives exactly what an uninterrupted run gives.
 */
export class LlamaTrainer extends TrainableRun {
  private evalSession?: Promise<GraphSession>;
  /** The graph writes each step's gradients here (allocated once). */
  private readonly gradientBuffers: GradientBuffers;
  /** Sums micro-batches' gradients when a step has several (its arrays are reused step after step). */
  private readonly accumulator = new GradientAccumulator();
  private readonly trainOutputs: string[];

  private constructor(
    private readonly options: LlamaTrainerOptions,
    private readonly trainSession: GraphSession,
    trainableInputs: TrainableInput[],
    state: TrainableState,
    optimizer: AdamW,
    private readonly usesDropout: boolean,
    loraAdapterConfig: LoraAdapter['config'] | undefined,
    /** Whether the training graph recomputes each layer's activations. */
    readonly recomputes: boolean,
  ) {
    super(options.weights, trainableInputs, state, optimizer, loraAdapterConfig);
    this.gradientBuffers = new GradientBuffers(trainableInputs);
    this.trainOutputs = [LLAMA_IO.loss, LLAMA_IO.accuracy, ...trainableInputs.map((t) => gradientName(t.name))];
  }

  static async create(options: LlamaTrainerOptions): Promise<LlamaTrainer> {
    const { config, weights, method } = options;
    const trainable = method.kind === 'full' ? ({ kind: 'full' } as const) : ({ kind: 'lora', lora: method.lora } as const);
    const recompute = resolveRecompute(options, 'sft');
    const training = buildLlamaTrainingGraph(config, weights, { trainable, recompute });
    const usesDropout = training.graph.inputs.some((i) => i.name === LLAMA_IO.loraDropoutSeed);
    const { state, loraAdapterConfig } = initialTrainableState(config, weights, method, training.trainableInputs, options.seed);
    const optimizer = optimizerFor(training.trainableInputs, options);
    const session = await sessionForGraph(training.graph, options.runtime, options.sessions);
    return new LlamaTrainer(options, session, training.trainableInputs, state, optimizer, usesDropout, loraAdapterConfig, recompute);
  }

  /** One optimizer step over `microBatches`, equivalent to one step on all their rows together. */
  async trainStep(microBatches: readonly Batch[]): Promise<StepMetrics> {
    this.lastStepGraphSeconds = 0;
    if (microBatches.length === 0) throw new Error('trainStep needs at least one micro-batch');
    const stats = microBatches.map((b) => labelStats(b.labels, b.label_weights));
    const totalWeight = stats.reduce((s, x) => s + x.weightSum, 0);
    const totalScored = stats.reduce((s, x) => s + x.scoredTokens, 0);
    this.accumulator.reset();
    let single: Record<string, Float32Array> | undefined;
    let loss = 0;
    let accuracy = 0;
    for (const [k, batch] of microBatches.entries()) {
      const share = totalWeight > 0 ? stats[k]!.weightSum / totalWeight : 1 / microBatches.length;
      const out = await this.timedRun(() => this.trainSession.run(this.feeds(batch, this.dropoutSeed(k)), this.trainOutputs, this.gradientBuffers.outputs));
      loss += share * Number(out[LLAMA_IO.loss]!.data[0]);
      accuracy += totalScored > 0 ? (stats[k]!.scoredTokens / totalScored) * Number(out[LLAMA_IO.accuracy]!.data[0]) : 0;
      // One micro-batch has share 1: the buffers the graph wrote are the step's gradients.
      if (microBatches.length === 1 && share === 1) single = this.gradientBuffers.arrays;
      else this.accumulator.add(this.gradientBuffers.arrays, share);
    }
    const grads = single ?? this.accumulator.gradients;
    const gradArrays = this.trainableInputs.map((t) => grads[t.name]!);
    const maxNorm = this.options.maxGradNorm ?? 0;
    const gradNorm = maxNorm > 0 ? clipGradNorm(gradArrays, maxNorm) : globalGradNorm(gradArrays);
    const learningRate = learningRateAt(this.options.schedule, this.optimizer.step);
    this.optimizer.update(this.state.arrays, grads, learningRate);
    return { step: this.optimizer.step, loss, meanTokenAccuracy: accuracy, gradNorm, learningRate };
  }

  /** Loss and accuracy of the current weights over `batches` (no dropout, no update). */
  async evaluate(batches: readonly Batch[]): Promise<{ loss: number; meanTokenAccuracy: number }> {
    this.evalSession ??= this.createEvalSession();
    const session = await this.evalSession;
    const stats = batches.map((b) => labelStats(b.labels, b.label_weights));
    const totalWeight = stats.reduce((s, x) => s + x.weightSum, 0);
    const totalScored = stats.reduce((s, x) => s + x.scoredTokens, 0);
    let loss = 0;
    let accuracy = 0;
    for (const [k, batch] of batches.entries()) {
      const out = await session.run(this.feeds(batch));
      loss += (totalWeight > 0 ? stats[k]!.weightSum / totalWeight : 1 / batches.length) * Number(out[LLAMA_IO.loss]!.data[0]);
      if (totalScored > 0) accuracy += (stats[k]!.scoredTokens / totalScored) * Number(out[LLAMA_IO.accuracy]!.data[0]);
    }
    return { loss, meanTokenAccuracy: accuracy };
  }

  async close(): Promise<void> {
    await this.trainSession.release();
    if (this.evalSession) await (await this.evalSession).release();
  }

  private async createEvalSession(): Promise<GraphSession> {
    const { config, weights, method } = this.options;
    const trainable = method.kind === 'full' ? ({ kind: 'full' } as const) : ({ kind: 'lora', lora: method.lora } as const);
    const { graph } = buildLlamaGraph(config, weights, { objective: 'loss', trainable, loraDropout: false, name: 'llama.eval' });
    return sessionForGraph(graph, this.options.runtime, this.options.sessions);
  }

  /** Dropout seed of micro-batch k of the coming step: a function of (seed, step, k), so resume replays it. */
  private dropoutSeed(microBatch: number): number | undefined {
    if (!this.usesDropout) return undefined;
    return deriveSeed(this.options.seed, 'lora_dropout', this.optimizer.step, microBatch) & 0x7fffffff;
  }

  private feeds(batch: Batch, dropoutSeed?: number): Record<string, HostTensor> {
    const feeds: Record<string, HostTensor> = {
      [LLAMA_IO.inputIds]: batch.input_ids,
      [LLAMA_IO.attentionMask]: batch.attention_mask,
      [LLAMA_IO.labels]: batch.labels,
      [LLAMA_IO.labelWeights]: batch.label_weights,
      [LLAMA_IO.positionIds]: batch.position_ids,
      ...this.state.feeds(),
    };
    if (dropoutSeed !== undefined) feeds[LLAMA_IO.loraDropoutSeed] = hostTensor('int64', [], [dropoutSeed]);
    return feeds;
  }
}
