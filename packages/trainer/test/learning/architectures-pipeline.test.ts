/** @jest-environment ./test/support/ort-environment.js */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadTokenizer, type LoadedTokenizer } from '@whetstone/tokenizer';
import { createLogitsModel } from '../../src/generate/logits-model';
import { generate } from '../../src/generate/generate';
import { loadLoraAdapter } from '../../src/io/lora/load-lora-adapter';
import { loadModelFolder, type LoadedModelFolder } from '../../src/io/model-folder/load-model-folder';
import { expectedWeightShapes } from '../../src/io/model-folder/llama-weight-layout';
import { decodeSafetensors } from '../../src/io/safetensors';
import { writeTinyModelFolder } from '../../src/io/tiny-model';
import { runSupervisedTraining } from '../../src/loop/run-supervised-training';
import { parseSftHyperparameters } from '../../src/loop/sft-hyperparameters';
import { saveTrainedModel } from '../../src/loop/trained-model';
import { SUPPORTED_MODEL_TYPES, CAUSAL_LM_CLASS } from '../../src/model/architecture';
import { parsePreferenceHyperparameters } from '../../src/preference-loop/preference-hyperparameters';
import { runPreferenceTraining } from '../../src/preference-loop/run-preference-training';

/**
 * Every supported architecture through the whole engine on a tiny model: LoRA and full SFT, DPO,
 * generation with the trained adapter, and both exports read back (PEFT names and shapes; a full
 * Hugging Face folder that reloads with the same class, config and every tensor).
 */
const RUNTIME = { intraOpNumThreads: 1, interOpNumThreads: 1 };
const LETTERS = 'abcdefghjkmn';
const chat = (i: number) => {
  const word = `${LETTERS[i % 12]}-${LETTERS[(i * 5) % 12]}`;
  return { messages: [{ role: 'user' as const, content: word }, { role: 'assistant' as const, content: word.toUpperCase() }] };
};
const train = Array.from({ length: 8 }, (_, i) => chat(i));
const pairs = Array.from({ length: 4 }, (_, i) => ({ prompt: `say ${LETTERS[i]}`, chosen: LETTERS[i]!.toUpperCase(), rejected: LETTERS[i + 1]! }));
const lora = { r: 4, alpha: 8, dropout: 0 };

describe.each(SUPPORTED_MODEL_TYPES)('%s: train, generate and export', (modelType) => {
  let dir: string;
  let model: LoadedModelFolder;
  let tokenizer: LoadedTokenizer;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), `whetstone-arch-${modelType}-`));
    await writeTinyModelFolder(dir, { seed: 11, modelType, hiddenSize: 32, intermediateSize: 48, numLayers: 1, numHeads: 2, numKvHeads: 1, initStd: 0.1 });
    model = await loadModelFolder(dir);
    tokenizer = await loadTokenizer(dir);
  });

  const sft = (method: 'lora' | 'full') =>
    runSupervisedTraining({
      config: model.config,
      weights: model.weights,
      tokenizer,
      trainExamples: train,
      hyperparameters: parseSftHyperparameters({ method, lora, learningRate: 1e-2, batchSize: 4, maxSteps: 2, seed: 1 }),
      runtime: RUNTIME,
    });

  it('LoRA SFT: the adapter is PEFT-shaped for this layout and generation runs with it', async () => {
    const result = await sft('lora');
    expect(result.status).toBe('completed');
    expect(Number.isFinite(result.lastStep!.loss)).toBe(true);
    const out = mkdtempSync(path.join(tmpdir(), 'whetstone-arch-adapter-'));
    await saveTrainedModel(out, result.model);

    const shapes = expectedWeightShapes(model.config);
    const expected = new Map<string, number[]>();
    for (const [name, [outF, inF]] of shapes) {
      const m = /^(model\.layers\.\d+\.(?:self_attn|mlp)\.(?:q|k|v|o|gate|up|down)_proj)\.weight$/.exec(name);
      if (!m) continue;
      expected.set(`base_model.model.${m[1]}.lora_A.weight`, [lora.r, inF!]);
      expected.set(`base_model.model.${m[1]}.lora_B.weight`, [outF!, lora.r]);
    }
    const saved = decodeSafetensors(readFileSync(path.join(out, 'adapter_model.safetensors'))).tensors;
    expect(new Map([...saved].map(([n, t]) => [n, t.shape]))).toEqual(expected);
    const config = JSON.parse(readFileSync(path.join(out, 'adapter_config.json'), 'utf8'));
    expect(config).toMatchObject({ peft_type: 'LORA', task_type: 'CAUSAL_LM', r: lora.r, bias: 'none' });

    const adapter = await loadLoraAdapter(out);
    const logits = await createLogitsModel(model.config, model.weights, { adapter, runtime: RUNTIME });
    const prompt = tokenizer.encode('a-b', { addSpecialTokens: true });
    const [generation] = await generate(logits, [prompt], { maxNewTokens: 3, eosTokenIds: [], padTokenId: model.config.pad_token_id!, sampling: { kind: 'greedy' } });
    await logits.session.release();
    expect(generation!.tokens).toHaveLength(3);
  });

  it('full SFT: every tensor (biases and q/k norms included) trains and the saved folder reloads as the same architecture', async () => {
    const result = await sft('full');
    if (result.model.kind !== 'full') throw new Error('expected full weights');
    for (const [name, before] of model.weights) {
      expect({ name, changed: result.model.weights.get(name)!.data.some((v, i) => v !== before.data[i]) }).toEqual({ name, changed: true });
    }
    const out = mkdtempSync(path.join(tmpdir(), 'whetstone-arch-full-'));
    await saveTrainedModel(out, result.model, dir);
    const saved = JSON.parse(readFileSync(path.join(out, 'config.json'), 'utf8'));
    expect(saved).toMatchObject({ model_type: modelType, architectures: [CAUSAL_LM_CLASS[modelType]] });
    for (const field of ['head_dim', 'sliding_window', 'tie_word_embeddings'] as const) expect(saved[field]).toEqual(model.config[field]);
    const reloaded = await loadModelFolder(out);
    expect(reloaded.weights).toEqual(result.model.weights);
  });

  it.each(['lora', 'full'] as const)('DPO (%s) runs two steps with finite losses and delivers its kind of model', async (method) => {
    const result = await runPreferenceTraining({
      config: model.config,
      weights: model.weights,
      tokenizer,
      trainExamples: pairs,
      hyperparameters: parsePreferenceHyperparameters({ method, lora, learningRate: 1e-3, batchSize: 2, maxSteps: 2, seed: 1, beta: 0.1 }),
      runtime: RUNTIME,
    });
    expect(result.status).toBe('completed');
    expect(result.position.step).toBe(2);
    expect(Number.isFinite(result.lastStep!.loss)).toBe(true);
    expect(result.model.kind).toBe(method);
  });
});
