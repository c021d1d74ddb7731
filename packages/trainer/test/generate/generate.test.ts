/** @jest-environment ./test/support/ort-environment.js */
import { mulberry32 } from '../../src/data/seeded-random';
import { generate } from '../../src/generate/generate';
import { createLogitsModel } from '../../src/generate/logits-model';
import { greedyToken, topPToken } from '../../src/generate/sampling';
import { initLoraAdapter } from '../../src/model/lora';
import { tinyLlamaConfig, tinyLlamaWeights } from '../model/tiny-llama';
import { referenceLogits } from '../model/reference-llama';

const config = tinyLlamaConfig();
const weights = tinyLlamaWeights(config, 41);
const runtime = { intraOpNumThreads: 1, interOpNumThreads: 1 };
const prompts = [[1, 5, 7], [3], [2, 9, 4, 11, 6]];
const base = { maxNewTokens: 4, eosTokenIds: [], padTokenId: 0 };

/** Greedy continuation computed with the independent reference implementation. */
function referenceGreedy(prompt: number[], n: number): number[] {
  const seq = [...prompt];
  for (let i = 0; i < n; i++) {
    const logits = referenceLogits(config, weights, [seq], [seq.map(() => 1)])[0]!;
    seq.push(greedyToken(logits[seq.length - 1]!));
  }
  return seq.slice(prompt.length);
}

describe('sampling', () => {
  it('greedy takes the first maximum', () => {
    expect(greedyToken([0.1, 2, 2, -1])).toBe(1);
  });

  it('top-p keeps the smallest set reaching p and samples it in proportion', () => {
    const logits = [Math.log(0.5), Math.log(0.3), Math.log(0.2)];
    const random = mulberry32(3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[topPToken(logits, 0.75, 1, random)]!++;
    expect(counts[2]).toBe(0);
    expect(counts[0]! / 4000).toBeCloseTo(0.625, 1);
    expect(topPToken(logits, 1e-9, 1, random)).toBe(0);
  });
});

describe('generate', () => {
  it('greedy decoding matches the reference model and does not depend on batch padding', async () => {
    const model = await createLogitsModel(config, weights, { runtime });
    const batched = await generate(model, prompts, { ...base, sampling: { kind: 'greedy' } });
    prompts.forEach((p, i) => {
      expect(batched[i]!.tokens).toEqual(referenceGreedy(p, 4));
      expect(batched[i]!.finishReason).toBe('length');
    });
    await model.session.release();
  });

  it('stops a row at an end-of-sequence token without including it', async () => {
    const model = await createLogitsModel(config, weights, { runtime });
    const [first] = referenceGreedy(prompts[0]!, 1);
    const [result] = await generate(model, [prompts[0]!], { ...base, eosTokenIds: [first!], sampling: { kind: 'greedy' } });
    expect(result).toEqual({ tokens: [], finishReason: 'stop' });
    await model.session.release();
  });

  it('top-p sampling is reproducible from its seed and per prompt', async () => {
    const adapter = initLoraAdapter(config, weights, { r: 2, alpha: 4, dropout: 0, targetModules: ['q_proj'] }, 1);
    const model = await createLogitsModel(config, weights, { runtime, adapter });
    const sampling = { kind: 'top-p' as const, topP: 0.9, temperature: 1.5, seed: 77 };
    const a = await generate(model, prompts, { ...base, maxNewTokens: 6, sampling });
    const b = await generate(model, prompts, { ...base, maxNewTokens: 6, sampling });
    expect(b).toEqual(a);
    const alone = await generate(model, [prompts[0]!, prompts[1]!], { ...base, maxNewTokens: 6, sampling });
    expect(alone[1]).toEqual(a[1]);
    const other = await generate(model, prompts, { ...base, maxNewTokens: 6, sampling: { ...sampling, seed: 78 } });
    expect(other).not.toEqual(a);
    await model.session.release();
  });
});
