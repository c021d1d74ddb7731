/** @jest-environment ./test/support/ort-environment.js */
import { LoadedTokenizer, tokenizePromptCompletion } from '@whetstone/tokenizer';
import { collateBatch } from '../../src/data/batch';
import type { MetricResult } from '../../src/evaluation/evaluate-generations';
import { compileMetrics, parseGenerationMetricSpecs } from '../../src/evaluation/metric-spec';
import { runGenerationEval, type EvalPrompt, type GenerationEvalOptions } from '../../src/evaluation/run-generation-eval';
import { createLogitsModel } from '../../src/generate/logits-model';
import { buildTinyModel } from '../../src/io/tiny-model';
import { LlamaTrainer } from '../../src/train/llama-trainer';

const WORDS = ['red', 'green', 'blue', 'yellow', 'orange', 'purple', 'black', 'white', 'dog', 'fox', 'bird', 'tree', 'river', 'garden', 'sun', 'house', 'hill', 'robot', 'sky', 'ball', 'water', 'window', 'story', 'answer'];
const ANSWER = '{"status":"ok"}';

// Larger init than the default 0.02 so that LoRA alone (embeddings frozen) can sharpen the output distribution quickly.
const model = buildTinyModel({ seed: 5, initStd: 0.1, hiddenSize: 32, intermediateSize: 64, numLayers: 1, numHeads: 2, numKvHeads: 1 });
const tokenizer = new LoadedTokenizer({ tokenizerJson: model.tokenizer.tokenizerJson, tokenizerConfig: model.tokenizer.tokenizerConfig });
const runtime = { intraOpNumThreads: 1, interOpNumThreads: 1 };

/** The synthetic task: whatever the thing asked about, answer with one fixed JSON object. Held-out prompts use unseen words. */
const examples = WORDS.map((w) => ({ prompt: `Status of the ${w}?\n`, completion: ANSWER }));
const trainExamples = examples.filter((_, i) => i % 3 !== 2);
const heldOut: EvalPrompt[] = examples
  .filter((_, i) => i % 3 === 2)
  .map((e) => {
    const t = tokenizePromptCompletion(tokenizer, e);
    return { promptIds: t.inputIds.slice(0, t.promptLength), prompt: e.prompt, reference: e.completion };
  });

const specs = parseGenerationMetricSpecs([
  { type: 'exact_match' },
  { type: 'json_valid' },
  { type: 'json_schema_valid', schema: { type: 'object', properties: { status: { enum: ['ok', 'error'] } }, required: ['status'], additionalProperties: false } },
  { type: 'contains', value: '"status"' },
  { type: 'regex_match', pattern: '\\{.*\\}', mode: 'full' },
  { type: 'max_length', name: 'short', max: 16, unit: 'tokens' },
]);
const evalOptions: GenerationEvalOptions = {
  decode: (ids) => tokenizer.decode(ids, { skipSpecialTokens: true }),
  maxNewTokens: 24,
  eosTokenIds: [tokenizer.eosTokenId!],
  padTokenId: model.config.pad_token_id!,
  sampleRows: 2,
};

const means = (metrics: MetricResult[]) => Object.fromEntries(metrics.map((m) => [m.name, m.mean]));

describe('user-defined generation metrics from the base model to a fine-tuned checkpoint', () => {
  it('json_valid, json_schema_valid and exact_match rise from 0 on held-out prompts after a short LoRA SFT run', async () => {
    const base = await createLogitsModel(model.config, model.weights, { runtime });
    const baseline = await runGenerationEval(base, heldOut, compileMetrics(specs), evalOptions);
    await base.session.release();

    const trainer = await LlamaTrainer.create({
      config: model.config,
      weights: model.weights,
      method: { kind: 'lora', lora: { r: 8, alpha: 16, dropout: 0, targetModules: 'all-linear' } },
      schedule: { type: 'constant', baseLr: 3e-2, warmupSteps: 0, totalSteps: 40 },
      seed: 1,
      runtime,
    });
    const batch = collateBatch(trainExamples.map((e) => [tokenizePromptCompletion(tokenizer, e)]), { padId: model.config.pad_token_id! });
    const checkpoints: Record<number, Record<string, number | null>> = {};
    let tunedSample = '';
    for (let step = 1; step <= 40; step++) {
      await trainer.trainStep([batch]);
      if (step % 20 !== 0) continue;
      const tuned = await createLogitsModel(model.config, model.weights, { runtime, adapter: trainer.loraAdapter() });
      const result = await runGenerationEval(tuned, heldOut, compileMetrics(specs), evalOptions);
      await tuned.session.release();
      checkpoints[step] = means(result.metrics);
      if (step === 40) {
        expect(result.samples).toHaveLength(2);
        expect(result.samples[0]).toMatchObject({ prompt: heldOut[0]!.prompt, reference: ANSWER, scores: expect.objectContaining({ json_valid: expect.any(Number) }) });
        expect(result.generations).toHaveLength(heldOut.length);
        tunedSample = result.samples[0]!.generation;
      }
    }
    await trainer.close();

    const before = means(baseline.metrics);
    const after = checkpoints[40]!;
    process.stdout.write(`held-out generation metrics (base → step 20 → step 40):\n${Object.keys(before).map((k) => `  ${k}: ${before[k]} → ${checkpoints[20]![k]} → ${after[k]}`).join('\n')}\n`);
    process.stdout.write(`base sample: ${JSON.stringify(baseline.samples[0]!.generation)}; tuned: ${JSON.stringify(tunedSample)}\n`);
    for (const name of ['exact_match', 'json_valid', 'json_schema_valid', 'contains', 'regex_match']) {
      expect(before[name]).toBe(0);
      expect(after[name]).toBeGreaterThanOrEqual(0.75);
    }
    expect(after.short).toBe(1);
    expect(baseline.metrics.find((m) => m.name === 'exact_match')).toMatchObject({ scored: heldOut.length, skipped: 0 });
  });
});
