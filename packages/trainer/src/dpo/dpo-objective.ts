import type { Batch } from '../data/batch';
import type { Graph } from '../graph/graph';
import type { LlamaConfig } from '../model/llama-config';
import type { LlamaGraph, TrainableWeights } from '../model/llama-graph';
import type { RuntimeConfig } from '../runtime/runtime-config';
import type { SessionForGraphOptions } from '../runtime/session-for-graph';
import { hostTensor, type HostTensor } from '../tensor/host-tensor';
import type { ObjectivePass, TrainingObjective } from '../train/training-objective';
import { buildDpoGraph, buildDpoTrainingGraph, DPO_IO } from './dpo-graph';
import { appendPairValues, dpoMetrics, emptyPairValues, type DpoMetrics } from './dpo-metrics';
import { parseDpoSettings, type DpoSettings, type DpoSettingsInput } from './dpo-settings';
import { ReferenceLogps } from './reference-logps';

/**
 * Direct Preference Optimization (and its IPO and hinge variants) on preference batches laid out by
 * collatePreferenceBatch (2B rows: B chosen, then the B rejected in the same order). The frozen
 * reference (the base weights: LoRA's adapter off, or full fine-tuning's initial weights; a LoRA run
 * that starts from an existing adapter still compares against the bare base, as TRL does with PEFT)
 * scores each sequence once (ReferenceLogps) and its log-probs enter the graph as inputs. The loss is a
 * mean over pairs, so each micro-batch's share is its share of the pass's pairs.
 */
export class DpoObjective implements TrainingObjective<DpoMetrics> {
  readonly kind = 'dpo';

  private constructor(
    private readonly config: LlamaConfig,
    private readonly weights: ReadonlyMap<string, HostTensor>,
    readonly settings: DpoSettings,
    readonly reference: ReferenceLogps,
  ) {}

  static async create(
    config: LlamaConfig,
    weights: ReadonlyMap<string, HostTensor>,
    settings: DpoSettingsInput,
    runtime?: Partial<RuntimeConfig>,
    sessions?: SessionForGraphOptions,
  ): Promise<DpoObjective> {
    const parsed = parseDpoSettings(settings);
    return new DpoObjective(config, weights, parsed, await ReferenceLogps.create(config, weights, runtime, sessions));
  }

  trainingGraph(trainable: TrainableWeights, recompute: boolean): LlamaGraph {
    return buildDpoTrainingGraph(this.config, this.weights, { trainable, dpo: this.settings, recompute });
  }

  evaluationGraph(trainable: TrainableWeights): Graph {
    return buildDpoGraph(this.config, this.weights, { trainable, dpo: this.settings, loraDropout: false, name: 'llama.dpo.eval' }).graph;
  }

  async prime(batches: readonly Batch[]): Promise<void> {
    for (const batch of batches) await this.reference.forBatch(batch);
  }

  async pass(batches: readonly Batch[]): Promise<ObjectivePass<DpoMetrics>> {
    if (batches.length === 0) throw new Error('a DPO pass needs at least one preference batch');
    const references = [];
    for (const batch of batches) references.push(await this.reference.forBatch(batch));
    const totalPairs = references.reduce((n, r) => n + r.chosen.length, 0);
    const microBatches = references.map((r) => ({
      share: r.chosen.length / totalPairs,
      feeds: {
        [DPO_IO.referenceChosenLogps]: hostTensor('float32', [r.chosen.length], r.chosen),
        [DPO_IO.referenceRejectedLogps]: hostTensor('float32', [r.rejected.length], r.rejected),
      },
    }));
    const values = emptyPairValues();
    let loss = 0;
    return {
      microBatches,
      read(k, out) {
        loss += microBatches[k]!.share * Number(out[DPO_IO.loss]!.data[0]);
        const read = (name: string) => out[name]!.data as Float32Array;
        appendPairValues(values, {
          policyChosen: read(DPO_IO.policyChosenLogps),
          policyRejected: read(DPO_IO.policyRejectedLogps),
          rewardsChosen: read(DPO_IO.rewardsChosen),
          rewardsRejected: read(DPO_IO.rewardsRejected),
        });
      },
      result: () => dpoMetrics(loss, values),
    };
  }

  async close(): Promise<void> {
    await this.reference.close();
  }
}
