/**
 * @jest-environment ../../packages/trainer/test/support/ort-environment.js
 */
import type { JobSpec } from '@whetstone/services';
import { LoadedTokenizer } from '@whetstone/tokenizer';
import { buildTinyModel, type HostTensor, type TrainingEvaluation } from '@whetstone/trainer';
import { runEngine, type EngineHooks, type EngineInput } from '../src/training/engine-run';

const RUNTIME = { intraOpNumThreads: 1, interOpNumThreads: 1 };
const tiny = buildTinyModel({ seed: 11, hiddenSize: 32, intermediateSize: 64, numLayers: 1, numHeads: 2, numKvHeads: 1 });
const tokenizer = new LoadedTokenizer({ tokenizerJson: tiny.tokenizer.tokenizerJson, tokenizerConfig: tiny.tokenizer.tokenizerConfig });

const words = ['amber', 'birch', 'cedar', 'delta', 'ember', 'fjord', 'grove', 'heron'];
const chat = (w: string) => ({ messages: [{ role: 'user' as const, content: `say ${w}` }, { role: 'assistant' as const, content: w.toUpperCase() }] });
const pair = (w: string) => ({ prompt: `say ${w}`, chosen: ` ${w.toUpperCase()}`, rejected: ` ${w}` });

function spec(method: 'supervised' | 'dpo', evalMetrics: JobSpec['eval_metrics'] = []): JobSpec {
  return {
    method,
    training_type: { type: 'full' },
    hyperparameters: {
      n_epochs: 1,
      batch_size: 2,
      learning_rate_multiplier: 1,
      learning_rate: 1e-3,
      learning_rate_scheduler: 'constant',
      warmup_ratio: 0,
      warmup_steps: 0,
      weight_decay: 0,
      max_grad_norm: 1,
      max_seq_length: 64,
      gradient_accumulation_steps: 1,
      max_steps: 3,
      ...(method === 'dpo' ? { beta: 0.1, loss_type: 'sigmoid' as const, label_smoothing: 0 } : {}),
    },
    validation: { source: 'file', fraction: 0 },
    eval_interval: 0,
    checkpoint_interval: 0,
    early_stopping: null,
    checkpoint_selection: 'last',
    eval_metrics: evalMetrics,
    estimates: {
      train_examples: 6,
      validation_examples: 2,
      tokens_per_epoch: 0,
      trained_tokens_per_epoch: 0,
      total_trained_tokens: 0,
      steps_per_epoch: 3,
      total_steps: 3,
      estimated_seconds: 0,
      estimated_cost_usd: null,
    },
  };
}

/** The run's own weights, as the worker reads them from the model folder for each job. */
function ownWeights(): Map<string, HostTensor> {
  return new Map([...tiny.weights].map(([name, t]) => [name, { ...t, shape: [...t.shape], data: t.data.slice() } as HostTensor]));
}

function hooks(evaluations: TrainingEvaluation[] = []): EngineHooks {
  const none = async () => undefined;
  return {
    signal: new AbortController().signal,
    onStart: none,
    onStep: none,
    onValidation: none,
    onCheckpoint: none,
    onWarning: none,
    onEvaluation: async (e) => void evaluations.push(e),
  };
}

const input = (jobSpec: JobSpec, weights: Map<string, HostTensor>, train: EngineInput['train'], validation: EngineInput['validation']): EngineInput => ({
  spec: jobSpec,
  seed: 5,
  baseModelName: 'tiny',
  config: tiny.config,
  weights,
  tokenizer,
  train,
  validation,
  runtime: RUNTIME,
});

const bits = (t: HostTensor) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);

describe("the worker's engine run, full fine-tuning", () => {
  it('trains a supervised job in place: the model is held once, and the base was evaluated before it changed', async () => {
    const weights = ownWeights();
    const base = ownWeights();
    const evaluations: TrainingEvaluation[] = [];
    const metrics = [{ type: 'contains' as const, value: 'A', ignoreCase: false }];
    const result = await runEngine(input(spec('supervised', metrics), weights, words.slice(0, 6).map(chat), words.slice(6).map(chat)), hooks(evaluations));

    expect(result.status).toBe('completed');
    if (result.model.kind !== 'full') throw new Error('a full job delivers weights');
    for (const [name, t] of result.model.weights) expect(t.data).toBe(weights.get(name)!.data);
    expect([...weights].some(([name, t]) => !bits(t).equals(bits(base.get(name)!)))).toBe(true);
    // The base stage's generations are the untouched model's: a separate run over a fresh copy evaluates the same.
    const again: TrainingEvaluation[] = [];
    await runEngine(input(spec('supervised', metrics), ownWeights(), words.slice(0, 6).map(chat), words.slice(6).map(chat)), hooks(again));
    expect(evaluations.map((e) => e.stage)).toEqual(['base', 'final']);
    expect(evaluations[0]).toEqual(again[0]);
  }, 60_000);

  it('keeps a DPO job’s starting weights as its reference: they are not trained in place', async () => {
    const weights = ownWeights();
    const result = await runEngine(input(spec('dpo'), weights, words.slice(0, 6).map(pair), []), hooks());
    expect(result.status).toBe('completed');
    for (const [name, t] of weights) expect(bits(t).equals(bits(tiny.weights.get(name)!))).toBe(true);
  }, 60_000);
});
