import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { unwrap } from '@whetstone/client';
import { contextOf } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { bytes, emit, table, time } from '../output';
import { Progress } from '../progress';

/** A fine-tuned model's name ends with the job that made it: ft:<base>:<org>:<suffix>:<job id>. */
export function jobIdOf(id: string): string {
  if (id.startsWith('ftjob-')) return id;
  const last = id.startsWith('ft:') ? id.split(':').pop() : undefined;
  if (last?.startsWith('ftjob-')) return last;
  throw new CliError(`${id} is neither a fine-tuned model name (ft:...) nor a job id (ftjob-...)`, EXIT.usage);
}

export function modelsCommand(program: Command): void {
  const models = program.command('models').description('Models: list, download');

  models
    .command('list')
    .description('Models you can fine-tune')
    .action(async (_options, command: Command) => {
      const ctx = contextOf(command);
      const list = unwrap(await ctx.client.GET('/v1/models'));
      emit(ctx.json, list, () =>
        table([
          ['ID', 'KIND', 'OWNED_BY', 'ARCHITECTURE', 'PARAMETERS', 'LINEAGE', 'CREATED'],
          // A fine-tuned model's lineage: its base model, then each model or checkpoint it continued.
          ...list.data.map((m) => [m.id, m.kind, m.owned_by, m.kind === 'base' ? m.architecture : `(${m.parent})`, m.kind === 'base' ? String(m.parameter_count) : '-', m.kind === 'base' ? '-' : m.lineage.join(' > '), time(m.created)]),
        ]),
      );
    });

  models
    .command('download <id>')
    .description('Download a fine-tuned model (adapter or full weights) by model name or job id')
    .requiredOption('--out <dir>', 'folder to write the files into')
    .action(async (id: string, options: { out: string }, command: Command) => {
      const ctx = contextOf(command);
      const jobId = jobIdOf(id);
      const result = unwrap(await ctx.client.GET('/v1/fine_tuning/jobs/{fine_tuning_job_id}/result', { params: { path: { fine_tuning_job_id: jobId } } }));
      const out = resolve(options.out);
      const total = result.files.reduce((n, f) => n + f.bytes, 0);
      const bar = new Progress('download', total, bytes);
      let done = 0;
      const written: string[] = [];
      for (const file of result.files) {
        const target = resolve(out, file.name);
        if (!target.startsWith(out + sep)) throw new CliError(`refusing to write ${file.name} outside ${out}`, EXIT.failure);
        mkdirSync(dirname(target), { recursive: true });
        const response = await fetch(file.url);
        if (!response.ok || !response.body) throw new CliError(`download of ${file.name} failed: HTTP ${response.status}`, EXIT.failure);
        const counted = Readable.fromWeb(response.body as never).on('data', (chunk: Buffer) => {
          done += chunk.length;
          bar.update(done);
        });
        await pipeline(counted, createWriteStream(target));
        written.push(join(options.out, file.name));
      }
      bar.stop();
      emit(ctx.json, { fine_tuned_model: result.fine_tuned_model, kind: result.kind, out, files: result.files.map((f) => ({ name: f.name, bytes: f.bytes })) }, () =>
        `${result.fine_tuned_model} (${result.kind}) → ${out}\n${written.map((w) => `  ${w}`).join('\n')}`,
      );
    });
}
