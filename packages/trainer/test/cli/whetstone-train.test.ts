import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadLoraAdapter } from '../../src/io/lora/load-lora-adapter';
import { taskExample, taskWords, writeTaskModel } from '../learning/upper-case-task';

const MAIN = path.resolve(__dirname, '../../src/cli/main.ts');
const BIN = path.resolve(__dirname, '../../src/cli/bin.cjs');
const TSX = require.resolve('tsx/cli');

let work: string;
let modelDir: string;
let trainFile: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'whetstone-cli-'));
  modelDir = path.join(work, 'model');
  await writeTaskModel(modelDir);
  trainFile = path.join(work, 'train.jsonl');
  const lines = taskWords(30, 5).map((w) => JSON.stringify(taskExample(w)));
  lines.push(JSON.stringify({ prompt: 'Say hi', completion: ' hi' })); // prompt/completion lines mix with chat ones
  writeFileSync(trainFile, lines.join('\n') + '\n');
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as a user would, in a child process (not a TTY: plain log lines). */
function cli(args: string[], entry: 'tsx' | 'bin' = 'tsx'): Promise<Run> {
  const argv = entry === 'tsx' ? [TSX, MAIN, ...args] : [BIN, ...args];
  return new Promise((resolve) => {
    execFile(process.execPath, argv, { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('whetstone-train', () => {
  it('trains a LoRA adapter end to end: log lines, JSONL metrics, a PEFT folder', async () => {
    const output = path.join(work, 'adapter');
    const metricsFile = path.join(work, 'metrics.jsonl');
    const run = await cli([
      '--model', modelDir, '--train', trainFile, '--output', output, '--validation-split', '0.2',
      '--max-steps', '4', '--batch-size', '4', '--grad-accum', '2', '--eval-every', '2',
      '--lora-r', '4', '--lora-alpha', '8', '--target-modules', 'q_proj,v_proj', '--learning-rate', '1e-2',
      '--schedule', 'cosine', '--warmup-steps', '1', '--seed', '7', '--threads', '1', '--metrics-file', metricsFile,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^25 training examples .* 6 validation examples/m);
    expect(run.stdout).toMatch(/^step 4\/4 epoch [\d.]+ loss [\d.]+ .* eta 0s$/m);
    expect(run.stdout).toMatch(/^validation at step 2: valid_loss /m);
    expect(run.stdout).toContain(`wrote adapter_config.json, adapter_model.safetensors to ${output}`);

    const records = readFileSync(metricsFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const steps = records.filter((r) => r.type === 'step');
    expect(steps.map((r) => r.step)).toEqual([1, 2, 3, 4]);
    expect(Object.keys(steps[0]!).sort()).toEqual(
      ['type', 'step', 'total_steps', 'epoch', 'train_loss', 'train_mean_token_accuracy', 'learning_rate', 'grad_norm', 'tokens_per_second', 'trained_tokens', 'elapsed_seconds', 'eta_seconds'].sort(),
    );
    expect(records.filter((r) => r.type === 'validation').map((r) => r.step)).toEqual([2, 4]);
    expect(records.at(-1)).toMatchObject({ type: 'end', status: 'completed', step: 4, output });

    const adapter = await loadLoraAdapter(output);
    expect(adapter.config).toMatchObject({ r: 4, lora_alpha: 8, target_modules: ['q_proj', 'v_proj'], base_model_name_or_path: modelDir });
    expect(adapter.modules.size).toBe(4); // 2 layers × 2 modules
  }, 90_000);

  it('fine-tunes every weight through the package bin and writes a loadable model folder', async () => {
    const output = path.join(work, 'full');
    const run = await cli(['--model', modelDir, '--train', trainFile, '--output', output, '--method', 'full', '--max-steps', '1', '--no-clip', '--threads', '1'], 'bin');
    expect(run.code).toBe(0);
    for (const file of ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'generation_config.json']) {
      expect(existsSync(path.join(output, file))).toBe(true);
    }
  }, 90_000);

  it('names the file and line of a bad JSONL line', async () => {
    const bad = path.join(work, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify(taskExample('a-b-c'))}\n${JSON.stringify(taskExample('b-c-d'))}\n{"messages": [oops]}\n`);
    const run = await cli(['--model', modelDir, '--train', bad, '--output', path.join(work, 'never')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`whetstone-train: ${bad}:3: not valid JSON`);
    expect(existsSync(path.join(work, 'never'))).toBe(false);
  }, 60_000);

  it('explains missing files and invalid options', async () => {
    const missingModel = await cli(['--model', path.join(work, 'nope'), '--train', trainFile, '--output', path.join(work, 'o')]);
    expect(missingModel.code).toBe(1);
    expect(missingModel.stderr).toContain(`--model ${path.join(work, 'nope')}: no such folder`);

    const missingTrain = await cli(['--model', modelDir, '--train', path.join(work, 'none.jsonl'), '--output', path.join(work, 'o')]);
    expect(missingTrain.stderr).toContain(`--train ${path.join(work, 'none.jsonl')}: no such file`);

    const badRank = await cli(['--model', modelDir, '--train', trainFile, '--output', path.join(work, 'o'), '--lora-r', '0']);
    expect(badRank.code).toBe(1);
    expect(badRank.stderr).toMatch(/option '--lora-r <n>' argument '0' is invalid\. expected an integer >= 1/);

    const badModules = await cli(['--model', modelDir, '--train', trainFile, '--output', path.join(work, 'o'), '--target-modules', 'q_proj,lm_head']);
    expect(badModules.code).toBe(1);
    expect(badModules.stderr).toMatch(/lora\.targetModules: expected 'all-linear' or a non-empty list of q_proj/);
  }, 90_000);
});
