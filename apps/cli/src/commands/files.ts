import type { Command } from 'commander';
import { unwrap, type Schemas, type WhetstoneClient } from '@whetstone/client';
import { contextOf } from '../context';
import { CliError, EXIT } from '../exit-codes';
import { bytes, emit, table, time } from '../output';
import { Progress } from '../progress';
import { uploadFile } from '../upload';

const POLL_MS = 500;
const FIRST_ERRORS = 5;

async function waitForValidation(client: WhetstoneClient, fileId: string, json: boolean): Promise<Schemas['File']> {
  let last = '';
  const started = Date.now();
  for (;;) {
    const file = unwrap(await client.GET('/v1/files/{file_id}', { params: { path: { file_id: fileId } } }));
    if (file.status !== last && !json) process.stderr.write(`validation: ${file.status} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    last = file.status;
    if (file.status === 'processed' || file.status === 'error') return file;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function summary(file: Schemas['File'], report: Schemas['FileValidation']['report']): string {
  const v = file.validation;
  const lines = [`${file.id}  ${file.filename}  ${bytes(file.bytes)}  ${file.status}${file.format ? `  format=${file.format}` : ''}`];
  if (v) {
    lines.push(`examples: ${v.examples}   tokens: ${v.total_tokens ?? '-'}   trained tokens/epoch: ${v.trained_tokens_per_epoch ?? '-'}`);
    if (v.warning_codes.length) lines.push(`warnings: ${v.warning_codes.join(', ')}`);
  }
  const errors = report?.errors;
  if (errors && errors.total > 0) {
    lines.push(`errors: ${errors.total}${errors.total > FIRST_ERRORS ? ` (first ${FIRST_ERRORS})` : ''}`);
    for (const e of errors.items.slice(0, FIRST_ERRORS)) {
      lines.push(`  line ${e.line ?? '-'}${e.pointer ? ` ${e.pointer}` : ''}: ${e.code}: ${e.message}`);
    }
  }
  return lines.join('\n');
}

export function filesCommand(program: Command): void {
  const files = program.command('files').description('Datasets: upload, list');

  files
    .command('upload <file>')
    .description('Upload a JSONL dataset, wait for validation, print the report summary')
    .option('--purpose <purpose>', 'file purpose', 'fine-tune')
    .option('--no-wait', 'return after the upload, without waiting for validation')
    .action(async (path: string, options: { purpose: string; wait: boolean }, command: Command) => {
      const ctx = contextOf(command);
      let bar: Progress | undefined;
      const uploaded = await uploadFile(ctx, path, options.purpose, (sent, total) => {
        bar ??= new Progress('upload', total, bytes);
        bar.update(sent);
      });
      bar?.stop();
      if (!options.wait) return emit(ctx.json, uploaded, () => `${uploaded.id}  uploaded, validation ${uploaded.status}`);
      const file = await waitForValidation(ctx.client, uploaded.id, ctx.json);
      const validation = unwrap(await ctx.client.GET('/v1/files/{file_id}/validation', { params: { path: { file_id: file.id } } }));
      emit(ctx.json, { file, validation }, () => summary(file, validation.report));
      if (file.status === 'error') throw new CliError(`${file.id} did not validate`, EXIT.workFailed);
    });

  files
    .command('list')
    .description('List files, newest first')
    .option('--limit <n>', 'how many', '20')
    .action(async (options: { limit: string }, command: Command) => {
      const ctx = contextOf(command);
      const list = unwrap(await ctx.client.GET('/v1/files', { params: { query: { limit: Number(options.limit) } } }));
      emit(ctx.json, list, () =>
        table([['ID', 'FILENAME', 'BYTES', 'STATUS', 'CREATED'], ...list.data.map((f) => [f.id, f.filename, bytes(f.bytes), f.status, time(f.created_at)])]),
      );
    });
}
