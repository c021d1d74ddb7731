import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { PRESETS } from './presets';

export interface PresetBenchOptions {
  preset: string;
  /** Rows to run (default: every row of the preset). */
  rows?: string[];
  steps: number;
  threads: number;
  /** auto (each row's budget decides), on or off. */
  recompute: string;
  /** The trainer's optimizerThreads: auto, 1 or 2. */
  optimizerThreads: string;
}

interface RowResult {
  row: string;
  tokens: number;
  recompute: boolean;
  budgetBytes: number;
  firstStepSeconds: number;
  stepSeconds: number;
  graphSeconds: number;
  flops: number;
  matmulPeak: number;
  /** The best probe run before the steps, between them and after them (matmulPeak is the best of the three). */
  matmulPeaks: { before: number; betweenSteps: number; after: number };
  peakRssBytes: number;
  predictedBytes: number;
}

/** Runs one row in a child process (its own peak RSS) and returns its `ROW` line. */
function runRow(options: PresetBenchOptions, row: string): Promise<RowResult> {
  const script = path.join(__dirname, 'run-preset-row.ts');
  const args = ['--import', 'tsx', '--expose-gc', script, '--preset', options.preset, '--row', row, '--steps', String(options.steps), '--threads', String(options.threads), '--recompute', options.recompute, '--optimizer-threads', options.optimizerThreads];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith('ROW '));
      if (code !== 0 || !line) reject(new Error(`row '${row}' exited with ${signal ?? code}${line ? '' : ' and no result'}`));
      else resolve(JSON.parse(line.slice(4)) as RowResult);
    });
  });
}

const gb = (bytes: number) => (bytes / 1e9).toFixed(2);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

/** Every row of a preset, one child process each, then one table. */
export async function runPresetBench(options: PresetBenchOptions): Promise<void> {
  const preset = PRESETS[options.preset];
  if (!preset) throw new Error(`unknown preset '${options.preset}' (known: ${Object.keys(PRESETS).join(', ')})`);
  const rows = options.rows ?? preset.rows.map((r) => r.name);
  const c = preset.config;
  process.stdout.write(
    `preset ${options.preset}: ${c.model_type}, hidden ${c.hidden_size}, ${c.num_hidden_layers} layers, ${c.num_attention_heads} heads (${c.num_key_value_heads} kv), ` +
      `intermediate ${c.intermediate_size}, vocab ${c.vocab_size}; LoRA r=8 on all linear layers\n` +
      `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${gb(os.totalmem())} GB, intra-op threads ${options.threads || 'one per core'}, load average ${load()}\n` +
      `each row in its own process: the first step, then the fastest of ${options.steps} more\n\n`,
  );
  const header = ['row', 'tokens', 'recompute', 'first step s', 'step ms', 'graph ms', 'tokens/s', 'GFLOP/s', 'graph % peak', 'step % peak', 'peak RSS GB', 'predicted GB', 'pred/meas', 'budget GB'];
  const widths = [12, 6, 9, 12, 8, 8, 8, 8, 12, 11, 11, 12, 9, 9];
  const lines: string[] = [];
  for (const row of rows) {
    const r = await runRow(options, row);
    const graphRate = r.flops / r.graphSeconds;
    const stepRate = r.flops / r.stepSeconds;
    const line = pad(
      [
        row,
        String(r.tokens),
        r.recompute ? 'yes' : 'no',
        r.firstStepSeconds.toFixed(1),
        (r.stepSeconds * 1e3).toFixed(0),
        (r.graphSeconds * 1e3).toFixed(0),
        (r.tokens / r.stepSeconds).toFixed(0),
        (stepRate / 1e9).toFixed(1),
        `${((100 * graphRate) / r.matmulPeak).toFixed(0)} % of ${(r.matmulPeak / 1e9).toFixed(0)}`,
        `${((100 * stepRate) / r.matmulPeak).toFixed(0)} %`,
        gb(r.peakRssBytes),
        gb(r.predictedBytes),
        (r.predictedBytes / r.peakRssBytes).toFixed(2),
        gb(r.budgetBytes),
      ],
      widths,
    );
    lines.push(line);
    const probes = [r.matmulPeaks.before, r.matmulPeaks.betweenSteps, r.matmulPeaks.after].map((p) => (p / 1e9).toFixed(0)).join(' / ');
    process.stdout.write(`${line}   (load ${load()}; MatMul peak before / between / after the steps: ${probes} GFLOP/s)\n`);
  }
  process.stdout.write(`\n${pad(header, widths)}\n${lines.join('\n')}\n`);
  process.stdout.write(
    `\nGFLOP/s: matmul FLOPs of forward + backward (bench/step-flops.ts) over the whole trainer step. graph % peak / step % peak: the same ` +
      `FLOPs over the training graph's time / the whole step's, against the best 1024³/2048³ MatMul run of the same process ` +
      `(probed before, between and after its steps). peak RSS: the process's VmHWM from the trainer's creation on (the probes are released and the mark reset first). ` +
      `predicted: predictTrainingMemory. recompute: per-layer activation recomputation, on when the ` +
      `memory model says the step would not fit the row's budget without it (--recompute auto). Load average at the end: ${load()}\n`,
  );
}
