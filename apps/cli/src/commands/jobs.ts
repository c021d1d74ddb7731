import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { unwrap, type Schemas } from '@whetstone/client';
import { contextOf } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { emit, table, time } from '../output';
import { watchJob } from './jobs-watch';

type CreateBody = Schemas['CreateFineTuningJobRequestInput'];

interface CreateFlags {
  spec?: string;
  model?: string;
  file?: string;
  validationFile?: string;
  method: 'lora' | 'full' | 'dpo';
  epochs?: string;
  batchSize?: string;
  learningRateMultiplier?: string;
  loraR?: string;
  beta?: string;
  suffix?: string;
  seed?: string;
  dryRun?: boolean;
}

const numberOrAuto = (value: string | undefined) => (value === undefined ? undefined : value === 'auto' ? 'auto' : Number(value));

function readSpec(path: string): Record<string, unknown> {
  try {
    const spec = parseYaml(readFileSync(path, 'utf8')) as unknown;
    if (!spec || typeof spec !== 'object' || Array.isArray(spec)) throw new Error('the spec must be a mapping (the request body)');
    return spec as Record<string, unknown>;
  } catch (err) {
    throw new CliError(`Cannot read the spec ${path}: ${(err as Error).message}`, EXIT.usage);
  }
}

/** The request body from --spec (YAML or JSON, the API's own shape) and/or flags; flags win. */
export function jobRequestFrom(flags: CreateFlags): CreateBody {
  const body: Record<string, unknown> = flags.spec ? readSpec(flags.spec) : {};
  if (flags.model) body.model = flags.model;
  if (flags.file) body.training_file = flags.file;
  if (flags.validationFile) body.validation_file = flags.validationFile;
  if (flags.suffix) body.suffix = flags.suffix;
  if (flags.seed) body.seed = Number(flags.seed);
  const hyperparameters = Object.fromEntries(
    Object.entries({
      n_epochs: numberOrAuto(flags.epochs),
      batch_size: numberOrAuto(flags.batchSize),
      learning_rate_multiplier: numberOrAuto(flags.learningRateMultiplier),
      ...(flags.method === 'dpo' ? { beta: numberOrAuto(flags.beta) } : {}),
    }).filter(([, v]) => v !== undefined),
  );
  if (!flags.spec || flags.method !== 'lora' || Object.keys(hyperparameters).length > 0) {
    const type = flags.method === 'dpo' ? 'dpo' : 'supervised';
    body.method = { type, [type]: { hyperparameters } };
  }
  if (flags.method === 'full') body.training_type = { type: 'full' };
  else if (flags.loraR) body.training_type = { type: 'lora', r: Number(flags.loraR) };
  if (!body.model || !body.training_file) throw new CliError('A job needs --model and --file (or a --spec that names them).', EXIT.usage);
  return body as CreateBody;
}

function jobLine(job: Schemas['FineTuningJob']): string {
  const progress = job.progress as { step?: number; total_steps?: number } | null;
  const steps = progress?.total_steps ? `${progress.step ?? 0}/${progress.total_steps}` : '-';
  return [job.id, job.status, job.model, job.method?.type ?? '-', job.training_type.type, steps, job.parent_model ?? '-', time(job.created_at)].join('\t');
}

export function jobsCommand(program: Command): void {
  const jobs = program.command('jobs').description('Fine-tuning jobs: create, list, watch');

  jobs
    .command('create')
    .description('Create a fine-tuning job from flags or --spec job.yaml')
    .option('--spec <file>', 'YAML or JSON file with the request body (POST /v1/fine_tuning/jobs)')
    .option('--model <model>', 'base model (e.g. whetstone/tiny-llama), or a fine-tuned model (ft:…) or checkpoint (ft:…:ckpt-step-N) to continue from')
    .option('--file <file_id>', 'training file id')
    .option('--validation-file <file_id>', 'validation file id')
    .option('--method <method>', 'lora | full | dpo (DPO trains a LoRA adapter)', 'lora')
    .option('--epochs <n>', 'n_epochs (number or auto)')
    .option('--batch-size <n>', 'batch_size (number or auto)')
    .option('--learning-rate-multiplier <x>', 'learning_rate_multiplier (number or auto)')
    .option('--lora-r <r>', 'LoRA rank')
    .option('--beta <beta>', 'DPO beta')
    .option('--suffix <suffix>', 'suffix of the fine-tuned model name')
    .option('--seed <seed>', 'random seed')
    .option('--dry-run', 'resolve hyperparameters and estimate tokens, time and cost without creating the job')
    .action(async (flags: CreateFlags, command: Command) => {
      if (!['lora', 'full', 'dpo'].includes(flags.method)) throw new CliError('--method is lora, full or dpo', EXIT.usage);
      const ctx = contextOf(command);
      const body = jobRequestFrom(flags);
      const result = unwrap(await ctx.client.POST('/v1/fine_tuning/jobs', { body, params: { query: flags.dryRun ? { dry_run: 'true' } : {} } }));
      emit(ctx.json, result, () => {
        const estimates = result.object === 'fine_tuning.job' ? (result.spec as { estimates?: unknown }).estimates : result.estimates;
        const head = result.object === 'fine_tuning.job' ? `${result.id}  ${result.status}` : 'dry run (nothing created)';
        const lineage = result.parent_model ? `\ncontinues from ${result.parent_model} (${(result.spec as { training_type?: { type: string } }).training_type?.type ?? '?'})` : '';
        return `${head}${lineage}\nestimates: ${JSON.stringify(estimates)}`;
      });
    });

  jobs
    .command('list')
    .description('List jobs, newest first')
    .option('--status <status>', 'only jobs in this status')
    .option('--limit <n>', 'how many', '20')
    .action(async (options: { status?: string; limit: string }, command: Command) => {
      const ctx = contextOf(command);
      const query = { limit: Number(options.limit), ...(options.status ? { status: options.status } : {}) };
      const list = unwrap(await ctx.client.GET('/v1/fine_tuning/jobs', { params: { query: query as { limit: number; status?: Schemas['FineTuningJob']['status'] } } }));
      emit(ctx.json, list, () => table([['ID', 'STATUS', 'MODEL', 'METHOD', 'TYPE', 'STEPS', 'CONTINUES_FROM', 'CREATED'], ...list.data.map((j) => jobLine(j).split('\t'))]));
    });

  jobs
    .command('watch <job_id>')
    .description('Follow a job live (step, losses, tokens/s, ETA); exits 5 when it fails or is cancelled')
    .action(async (jobId: string, _options, command: Command) => {
      const ctx = contextOf(command);
      const status = await watchJob(ctx.client, jobId, ctx.json);
      if (status !== 'succeeded') throw new CliError(`job ${jobId} ${status}`, EXIT.workFailed);
    });
}
