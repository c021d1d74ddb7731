import type { Batch } from '../data/batch';
import { deriveSeed } from '../data/seeded-random';
import type { LoraAdapter } from '../io/lora/lora-adapter';
import { LLAMA_IO, type TrainableInput, type TrainableWeights } from '../model/llama-graph';
import type { AdamW } from '../optim/adamw';
import { clipGradNorm, globalGradNorm } from '../optim/grad-clip';
import { GradientAccumulator } from '../optim/grad-accumulator';
import { learningRateAt } from '../optim/lr-schedule';
import type { GraphSession } from '../runtime/graph-session';
import { sessionForGraph } from '../runtime/session-for-graph';
import { hostTensor, type HostTensor } from '../tensor/host-tensor';
import type { LlamaTrainerOptions } from '../train/llama-trainer';
import type { TrainableState } from '../train/trainable-state';
import { buildDpoGraph, buildDpoTrainingGraph, DPO_IO } from './dpo-graph';
import { appendPairValues, dpoMetrics, emptyPairValues, type DpoMetrics } from './dpo-metrics';
import { parseDpoSettings, type DpoSettings, type DpoSettingsInput } from './dpo-settings';
import { initialTrainableState, optimizerFor } from '../train/initial-trainable-state';
import { ReferenceLogps, type PairReferenceLogps } from './reference-logps';
import { TrainableRun } from '../train/trainable-run';
import { GradientBuffers } from '../train/gradient-buffers';
import { resolveRecompute } from '../memory/resolve-recompute';

/** An SFT trainer's options plus the DPO hyperparameters. */
export interface DpoTrainerOptions extends LlamaTrainerOptions {
  dpo: DpoSettingsInput;
}

export interface DpoStepMetrics extends DpoMetrics {
  /** Optimizer steps completed, this one included. */
  step: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  learningRate: number;
}

/**
 * Direct Preference Optimization of a Llama model, LoRA or full, on preference batches laid out by
 * collatePreferenceBatch (2B rows: B chosen, then the B rejected in the same order). The frozen
 * reference (the base weights: LoRA's adapter off, or full fine-tuning's initial weights; a LoRA run
 * that starts from an existing adapter still compares against the bare base, as TRL does with PEFT)
 * scores each sequence once (ReferenceLogps) and its log-probs enter the training graph as inputs. Everything else is LlamaTrainer's machinery: one reused training session, AdamW on the host,
 * pair-weighted accumulation over micro-batches, optional clipping, the LR schedule, seeded dropout.
 */
export class DpoTrainer extends TrainableRun {
  private evalSession?: Promise<GraphSession>;
  /** The graph writes each micro-batch's gradients here (allocated once). */
  private readonly gradientBuffers: GradientBuffers;
  /** Sums the micro-batches' gradients (its arrays are reused step after step). */
  private readonly accumulator = new GradientAccumulator();

  private constructor(
    private readonly options: DpoTrainerOptions,
    readonly settings: DpoSettings,
    private readonly trainSession: GraphSession,
    readonly reference: ReferenceLogps,
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
  }

  static async create(options: DpoTrainerOptions): Promise<DpoTrainer> {
    const settings = parseDpoSettings(options.dpo);
    const { config, weights } = options;
    const recompute = resolveRecompute(options, 'dpo');
    const training = buildDpoTrainingGraph(config, weights, { trainable: trainableOf(options), dpo: settings, recompute });
    const usesDropout = training.graph.inputs.some((i) => i.name === LLAMA_IO.loraDropoutSeed);
    const { state, loraAdapterConfig } = initialTrainableState(config, weights, options.method, training.trainableInputs, options.seed);
    const optimizer = optimizerFor(training.trainableInputs, options);
    const session = await sessionForGraph(training.graph, options.runtime, options.sessions);
    const reference = await ReferenceLogps.create(config, weights, options.runtime, options.sessions);
    return new DpoTrainer(options, settings, session, reference, training.trainableInputs, state, optimizer, usesDropout, loraAdapterConfig, recompute);
  }

  /** One optimizer step over `microBatches` (preference batches), equivalent to one step on all their pairs together. */
  async trainStep(microBatches: readonly Batch[]): Promise<DpoStepMetrics> {
    this.lastStepGraphSeconds = 0;
    if (microBatches.length === 0) throw new Error('trainStep needs at least one preference batch');
    const references = await this.referencesFor(microBatches);
    const totalPairs = references.reduce((n, r) => n + r.chosen.length, 0);
    this.accumulator.reset();
    const values = emptyPairValues();
    let loss = 0;
    for (const [k, batch] of microBatches.entries()) {
      const share = references[k]!.chosen.length / totalPairs; // the loss is a mean over pairs
      const out = await this.timedRun(() =>
        this.trainSession.run(this.feeds(batch, references[k]!, this.dropoutSeed(k)), this.trainSession.outputNames, this.gradientBuffers.outputs),
      );
      loss += share * Number(out[DPO_IO.loss]!.data[0]);
      appendPairValues(values, pairOutputs(out));
      this.accumulator.add(this.gradientBuffers.arrays, share);
    }
    const grads = this.accumulator.gradients;
    const gradArrays = this.trainableInputs.map((t) => grads[t.name]!);
    const maxNorm = this.options.maxGradNorm ?? 0;
    const gradNorm = maxNorm > 0 ? clipGradNorm(gradArrays, maxNorm) : globalGradNorm(gradArrays);
    const learningRate = learningRateAt(this.options.schedule, this.optimizer.step);
    this.optimizer.update(this.state.arrays, grads, learningRate);
    return { ...dpoMetrics(loss, values), step: this.optimizer.step, gradNorm, learningRate };
  }

  /** DPO loss and reward metrics of the current weights over preference batches (no dropout, no update). */
  async evaluate(batches: readonly Batch[]): Promise<DpoMetrics> {
    if (batches.length === 0) throw new Error('evaluate needs at least one preference batch');
    this.evalSession ??= this.createEvalSession();
    const session = await this.evalSession;
    const references = await this.referencesFor(batches);
    const totalPairs = references.reduce((n, r) => n + r.chosen.length, 0);
    const values = emptyPairValues();
    let loss = 0;
    for (const [k, batch] of batches.entries()) {
      const out = await session.run(this.feeds(batch, references[k]!));
      loss += (references[k]!.chosen.length / totalPairs) * Number(out[DPO_IO.loss]!.data[0]);
      appendPairValues(values, pairOutputs(out));
    }
    return dpoMetrics(loss, values);
  }

  async close(): Promise<void> {
    await this.trainSession.release();
    await this.reference.close();
    if (this.evalSession) await (await this.evalSession).release();
  }

  private async referencesFor(batches: readonly Batch[]): Promise<PairReferenceLogps[]> {
    const out: PairReferenceLogps[] = [];
    for (const batch of batches) out.push(await this.reference.forBatch(batch));
    return out;
  }

  private async createEvalSession(): Promise<GraphSession> {
    const { graph } = buildDpoGraph(this.options.config, this.options.weights, {
      trainable: trainableOf(this.options),
      dpo: this.settings,
      loraDropout: false,
      name: 'llama.dpo.eval',
    });
    return sessionForGraph(graph, this.options.runtime, this.options.sessions);
  }

  /** Dropout seed of micro-batch k of the coming step: a function of (seed, step, k), so resume replays it. */
  private dropoutSeed(microBatch: number): number | undefined {
    if (!this.usesDropout) return undefined;
    return deriveSeed(this.options.seed, 'lora_dropout', this.optimizer.step, microBatch) & 0x7fffffff;
  }

  private feeds(batch: Batch, reference: PairReferenceLogps, dropoutSeed?: number): Record<string, HostTensor> {
    const pairs = reference.chosen.length;
    const feeds: Record<string, HostTensor> = {
      [LLAMA_IO.inputIds]: batch.input_ids,
      [LLAMA_IO.attentionMask]: batch.attention_mask,
      [LLAMA_IO.labels]: batch.labels,
      [LLAMA_IO.labelWeights]: batch.label_weights,
      [LLAMA_IO.positionIds]: batch.position_ids,
      [DPO_IO.referenceChosenLogps]: hostTensor('float32', [pairs], reference.chosen),
      [DPO_IO.referenceRejectedLogps]: hostTensor('float32', [pairs], reference.rejected),
      ...this.state.feeds(),
    };
    if (dropoutSeed !== undefined) feeds[LLAMA_IO.loraDropoutSeed] = hostTensor('int64', [], [dropoutSeed]);
    return feeds;
  }
}

function trainableOf(options: LlamaTrainerOptions): TrainableWeights {
  return options.method.kind === 'full' ? { kind: 'full' } : { kind: 'lora', lora: options.method.lora };
}

function pairOutputs(out: Record<string, HostTensor>) {
  const read = (name: string) => out[name]!.data as Float32Array;
  return {
    policyChosen: read(DPO_IO.policyChosenLogps),
    policyRejected: read(DPO_IO.policyRejectedLogps),
    rewardsChosen: read(DPO_IO.rewardsChosen),
    rewardsRejected: read(DPO_IO.rewardsRejected),
  };
}
