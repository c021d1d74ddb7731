import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadTokenizer, renderChat } from '@whetstone/tokenizer';
import { loadModelFolder, writeTinyModelFolder } from '../../src/io';
import { useTempDir } from './helpers/temp-dir';

const tempDir = useTempDir('tiny-model');

async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(dir)).sort();
  return new Map(await Promise.all(names.map(async (name) => [name, await readFile(path.join(dir, name))] as const)));
}

describe('tiny test model', () => {
  it('is byte-identical for the same seed and differs only in weights for another seed', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map((name) => path.join(tempDir(), name));
    await writeTinyModelFolder(a!, { seed: 7 });
    await writeTinyModelFolder(b!, { seed: 7 });
    await writeTinyModelFolder(c!, { seed: 8 });
    const [filesA, filesB, filesC] = await Promise.all([filesOf(a!), filesOf(b!), filesOf(c!)]);
    expect([...filesA.keys()]).toEqual(['config.json', 'generation_config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json']);
    for (const [name, bytes] of filesA) expect(bytes.equals(filesB.get(name)!)).toBe(true);
    for (const [name, bytes] of filesA) expect(bytes.equals(filesC.get(name)!)).toBe(name !== 'model.safetensors');
  });

  it('is a valid Llama folder: requested sizes, tied embeddings, N(0, 0.02) matrices, unit norms', async () => {
    await writeTinyModelFolder(tempDir(), { seed: 1 });
    const { config, weights, tokenizerDir } = await loadModelFolder(tempDir());
    expect(config).toMatchObject({
      vocab_size: 384,
      hidden_size: 64,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      intermediate_size: 128,
      max_position_embeddings: 256,
      rope_theta: 10000,
      tie_word_embeddings: true,
    });
    expect(weights.has('lm_head.weight')).toBe(false);
    expect(weights.get('model.layers.1.self_attn.k_proj.weight')!.shape).toEqual([32, 64]); // 2 kv heads × head_dim 16

    const embed = weights.get('model.embed_tokens.weight')!.data as Float32Array; // 24,576 samples
    const mean = embed.reduce((s, x) => s + x, 0) / embed.length;
    const std = Math.sqrt(embed.reduce((s, x) => s + (x - mean) ** 2, 0) / embed.length);
    expect(Math.abs(mean)).toBeLessThan(0.001);
    expect(Math.abs(std - 0.02)).toBeLessThan(0.0005);
    expect(new Set(weights.get('model.norm.weight')!.data as Float32Array)).toEqual(new Set([1]));

    const tokenizer = await loadTokenizer(tokenizerDir!);
    expect(tokenizer.vocabSize).toBe(config.vocab_size);
    expect(tokenizer.eosTokenId).toBe(config.eos_token_id);
    expect(renderChat(tokenizer, [{ role: 'user', content: 'Hi' }], { addGenerationPrompt: true })).toBe(
      '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
    );
  });

  it('can be made from the command line with custom sizes', async () => {
    const script = path.resolve(__dirname, '../../scripts/make-tiny-model.ts');
    const tsx = require.resolve('tsx/cli');
    const out = path.join(tempDir(), 'cli');
    await mkdir(out);
    await promisify(execFile)(process.execPath, [tsx, script, '--out', out, '--seed', '3', '--hidden', '32', '--layers', '1', '--untied']);
    const { config, weights } = await loadModelFolder(out);
    expect(config).toMatchObject({ hidden_size: 32, num_hidden_layers: 1, tie_word_embeddings: false });
    expect(weights.get('lm_head.weight')!.shape).toEqual([384, 32]);
  });
});
