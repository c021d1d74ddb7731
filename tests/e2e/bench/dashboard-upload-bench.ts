/// <reference lib="dom" />
/**
 * A multi-hundred-MB dataset uploaded through the dashboard in a real Chromium: the Files page's
 * own upload path (XMLHttpRequest with progress events → POST /v1/files → S3), then validation
 * by a real worker, until the page shows the file processed. Prints the upload rate, how many
 * distinct progress-bar values the page showed, the time to "processed", and the peak memory of
 * the API (this process) and of the worker, so streaming regressions show up as numbers.
 *
 * Needs the local services and a migrated database (`npm start`, or `npm run services -- up &&
 * npm run migrate`) and Debian's chromium.
 *
 *   npm run bench:upload -w @whetstone/e2e-tests              # 300 MB
 *   BENCH_UPLOAD_MB=500 npm run bench:upload -w @whetstone/e2e-tests
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';
import { registerDemoModel } from '@whetstone/services';
import { startApi } from '../../../apps/api/test/support/harness';
import { startWorkerProcess } from '../test/support/worker-process';

const MB = 1_000_000;
const targetBytes = Number(process.env.BENCH_UPLOAD_MB ?? 300) * MB;
const CHROMIUM = '/usr/bin/chromium';

/** Writes chat examples of varied length until the file reaches `bytes`. */
async function writeDataset(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let lines = 0;
  const filler = 'The quick brown fox jumps over the lazy dog while the model learns to answer briefly. ';
  while (written < bytes) {
    const line = `${JSON.stringify({
      messages: [
        { role: 'system', content: 'You answer arithmetic questions.' },
        { role: 'user', content: `Question ${lines}: what is ${lines} plus ${lines % 97}? ${filler.repeat(1 + (lines % 5))}` },
        { role: 'assistant', content: `${lines + (lines % 97)}` },
      ],
    })}\n`;
    if (!out.write(line)) await once(out, 'drain');
    written += Buffer.byteLength(line);
    lines++;
  }
  out.end();
  await once(out, 'finish');
  return lines;
}

/** Resident set size (bytes) of a process group: the worker's tsx wrapper and the worker itself. */
function groupRss(pgid: number): number {
  try {
    const out = execFileSync('ps', ['-o', 'rss=', '-g', String(pgid)], { encoding: 'utf8' });
    return out.split('\n').reduce((sum, kb) => sum + (Number(kb.trim()) || 0) * 1024, 0);
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'whetstone-upload-bench-'));
  const path = join(dir, 'large.jsonl');
  const lines = await writeDataset(path, targetBytes);
  const size = statSync(path).size;
  const prefix = `whetstone-bench-upload-${process.pid}`;
  const api = await startApi({ QUEUE_PREFIX: prefix });
  await registerDemoModel(api.deps);
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  const worker = await startWorkerProcess({ QUEUE_PREFIX: prefix, WORKER_QUEUES: 'datasets' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  const peak = { api: 0, worker: 0 };
  const sampler = setInterval(() => {
    peak.api = Math.max(peak.api, process.memoryUsage().rss);
    peak.worker = Math.max(peak.worker, groupRss(worker.child.pid!));
  }, 200);
  try {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${baseUrl}/dashboard/`);
    await page.getByRole('button', { name: 'New here? Create an account' }).click();
    await page.getByLabel('Email').fill(`bench-${randomUUID()}@example.com`);
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByLabel('Organization name').fill('Upload bench');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'Files', exact: true }).waitFor();

    const before = { api: process.memoryUsage().rss, worker: groupRss(worker.child.pid!) };
    const started = Date.now();
    await page.getByLabel(/JSONL file/).setInputFiles(path);
    // The progress bar, sampled until it goes away (the upload's answer arrived).
    const progress = page.locator('progress');
    const values = new Set<string>();
    await progress.waitFor({ timeout: 30_000 });
    for (;;) {
      const value = await progress.getAttribute('value', { timeout: 1000 }).catch(() => null);
      if (value === null) break;
      values.add(value);
      await page.waitForTimeout(100);
    }
    const uploadSeconds = (Date.now() - started) / 1000;
    await page.getByRole('row', { name: /large\.jsonl.*(processed|error)/ }).waitFor({ timeout: 30 * 60_000 });
    const totalSeconds = (Date.now() - started) / 1000;
    const status = (await page.getByRole('row', { name: /large\.jsonl/ }).textContent()) ?? '';
    const row = await api.deps.db.file.findFirstOrThrow({ where: { filename: 'large.jsonl' }, orderBy: { createdAt: 'desc' } });
    console.log(
      JSON.stringify(
        {
          file_mb: +(size / MB).toFixed(1),
          lines,
          status: row.status,
          page_row: status.replace(/\s+/g, ' ').slice(0, 160),
          stored_bytes: Number(row.bytes),
          upload_seconds: +uploadSeconds.toFixed(1),
          upload_mb_per_s: +(size / MB / uploadSeconds).toFixed(1),
          progress_values_seen: values.size,
          upload_to_processed_seconds: +totalSeconds.toFixed(1),
          validation_seconds: +(totalSeconds - uploadSeconds).toFixed(1),
          // This process holds the API and Playwright's driver; "before" is its size just before the upload.
          api_rss_before_upload_mb: Math.round(before.api / MB),
          api_peak_rss_mb: Math.round(peak.api / MB),
          worker_rss_before_upload_mb: Math.round(before.worker / MB),
          worker_peak_rss_mb: Math.round(peak.worker / MB),
          page_errors: errors,
          load_average: loadavg().map((l) => +l.toFixed(2)),
        },
        null,
        2,
      ),
    );
    if (row.status !== 'processed' || Number(row.bytes) !== size) process.exitCode = 1;
  } finally {
    clearInterval(sampler);
    await browser.close();
    await worker.stop();
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
