/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startApi } from '../../../apps/api/test/support/harness';
import { chatJsonl } from '../../../apps/api/test/support/multipart';
import { registerDemoModel } from '@whetstone/services';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process';

// Debian's chromium (scripts/lib.sh ensure_chromium); playwright-core never downloads a browser.
const CHROMIUM = '/usr/bin/chromium';
const artifacts = process.env.WHETSTONE_ARTIFACTS_DIR ?? resolve(__dirname, '../artifacts');
const prefix = `whetstone-e2e-browser-${process.pid}`;
let api: Awaited<ReturnType<typeof startApi>>;
let worker: WorkerProcess;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: prefix });
  await registerDemoModel(api.deps);
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  worker = await startWorkerProcess({ QUEUE_PREFIX: prefix, TRAINER_THREADS: '1' });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await api?.close();
});

/** A page that records console errors and uncaught exceptions. */
async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('pageerror', (err) => errors.push(err.message));
  return { page, errors };
}

async function signUp(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/dashboard/`);
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Create an organization' }).waitFor();
}

describe('the dashboard in a real browser, against the API and a real worker', () => {
  it('sign up, upload, train LoRA with a live curve, download the adapter; an invited viewer cannot cancel', async () => {
    const { page, errors } = await openPage();
    const password = 'correct horse battery staple';
    await signUp(page, `owner-${randomUUID()}@example.com`, password);
    // The signed-out session probe answers 401 before sign-in, which Chromium logs; count from here.
    errors.length = 0;

    await page.getByLabel('Organization name').fill('Acme Labs');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'Files', exact: true }).waitFor();

    await page.getByLabel(/JSONL file/).setInputFiles({ name: 'train.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(chatJsonl(40)) });
    await page.getByRole('row', { name: /train\.jsonl.*processed/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: 'train.jsonl' }).click();
    await page.getByTestId('examples').filter({ hasText: '40' }).waitFor();
    await page.getByRole('heading', { name: 'Errors (0)' }).waitFor();

    await page.getByRole('link', { name: 'Jobs', exact: true }).click();
    await page.getByRole('link', { name: 'New job' }).click();
    await page.getByLabel('Training file').selectOption({ label: 'train.jsonl (40 examples, chat)' });
    await page.getByLabel(/^Epochs/).fill('3');
    await page.getByLabel(/^Batch size/).fill('4');
    await page.getByRole('button', { name: 'Estimate (dry run)' }).click();
    await page.getByTestId('estimate').getByText('total steps').waitFor();
    // A marker on the window: if it survives to the end, the page never reloaded.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await page.getByRole('button', { name: 'Start training' }).click();
    await page.getByRole('heading', { name: /^ftjob-/ }).waitFor();
    const jobId = (await page.getByRole('heading', { name: /^ftjob-/ }).textContent())!;

    // Points arrive over the SSE stream while the page stays open: record the counts we see.
    const chart = page.getByTestId('chart-Loss');
    const seen = new Set<number>();
    for (let i = 0; i < 600; i++) {
      seen.add(Number(await chart.getAttribute('data-points')));
      if (await page.getByRole('list', { name: 'Downloads' }).isVisible()) break;
      await page.waitForTimeout(100);
    }
    const row = await api.deps.db.fineTuningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(row.status).toBe('succeeded');
    const totalSteps = (row.progress as { total_steps: number }).total_steps;
    const finalCount = Number(await chart.getAttribute('data-points'));
    expect(finalCount).toBeGreaterThanOrEqual(totalSteps);
    expect(seen.size).toBeGreaterThan(1); // the curve grew while we watched, not in one load
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    await page.getByText('The job has successfully completed').waitFor();

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'job-page.png'), fullPage: true });

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download adapter_model.safetensors' }).click();
    const file = await download;
    const saved = join(artifacts, 'adapter_model.safetensors');
    await file.saveAs(saved);
    expect(file.suggestedFilename()).toBe('adapter_model.safetensors');

    await page.getByRole('link', { name: 'Models', exact: true }).click();
    await page.getByRole('list', { name: 'Fine-tuned from whetstone/tiny-llama' }).getByRole('link', { name: jobId }).waitFor();

    // Invite a viewer, who signs up in another browser context and joins with the token.
    await page.getByRole('link', { name: 'Team & keys' }).click();
    const viewerEmail = `viewer-${randomUUID()}@example.com`;
    await page.getByLabel('Email').fill(viewerEmail);
    await page.getByLabel('Role for the invitation').selectOption('viewer');
    await page.getByRole('button', { name: 'Invite' }).click();
    const token = (await page.getByTestId('shown-once').textContent())!;
    expect(errors).toEqual([]);

    const viewer = await openPage();
    await signUp(viewer.page, viewerEmail, password);
    viewer.errors.length = 0;
    await viewer.page.getByLabel('Invitation token').fill(token);
    await viewer.page.getByRole('button', { name: 'Accept invitation' }).click();
    await viewer.page.getByTestId('role').filter({ hasText: 'viewer' }).waitFor();
    await viewer.page.goto(`${baseUrl}/dashboard/jobs/${jobId}`);
    await viewer.page.getByRole('heading', { name: jobId }).waitFor();
    await expect(viewer.page.getByRole('button', { name: 'Cancel' }).isDisabled()).resolves.toBe(true);
    await viewer.page.getByText('Your role (viewer) can view jobs but not change them.').waitFor();
    // And the API refuses it too, whatever the page shows.
    const refused = await viewer.page.evaluate(async (id) => {
      const session = await (await fetch('/account/v1/session')).json();
      const res = await fetch(`/v1/fine_tuning/jobs/${id}/cancel`, {
        method: 'POST',
        headers: { 'x-csrf-token': session.csrf_token, 'whetstone-organization': session.organizations[0].organization.id },
      });
      return { status: res.status, code: (await res.json()).error.code };
    }, jobId);
    expect(refused).toEqual({ status: 403, code: 'insufficient_role' });
    expect(viewer.errors.filter((e) => !e.includes('403'))).toEqual([]);
  });
});
