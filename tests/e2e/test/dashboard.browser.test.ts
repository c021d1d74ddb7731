/// <reference lib="dom" />
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startApi } from '../../../apps/api/test/support/harness';
import { chatJsonl } from '../../../apps/api/test/support/multipart';
import { registerDemoModel } from '@whetstone/services';
import { openPage, screenshot, tabTo, unlabelledControls } from './support/browser';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';
import { startWorkerProcess, type WorkerProcess } from './support/worker-process';

// Debian's chromium (scripts/lib.sh ensure_chromium); playwright-core never downloads a browser.
const CHROMIUM = '/usr/bin/chromium';
const artifacts = process.env.WHETSTONE_ARTIFACTS_DIR ?? resolve(__dirname, '../artifacts');
// The README's screenshots: WHETSTONE_SCREENSHOTS_DIR=docs/screenshots refreshes them.
const shots = process.env.WHETSTONE_SCREENSHOTS_DIR ? resolve(process.env.WHETSTONE_SCREENSHOTS_DIR) : artifacts;
const prefix = `whetstone-e2e-browser-${process.pid}`;
// Webhooks to a receiver on 127.0.0.1; one failed attempt ends a delivery, so replay has work to do.
const webhookEnv = { WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' };
const NAV = ['Files', 'Jobs', 'Models', 'Webhooks', 'Usage', 'Team & keys'];
const PASSWORD = 'correct horse battery staple';
const workerEnv = { QUEUE_PREFIX: prefix, TRAINER_THREADS: '1', WEBHOOK_RELAY_INTERVAL_MS: '100', WEBHOOK_RETRY_MAX_ATTEMPTS: '1', ...webhookEnv };
let api: Awaited<ReturnType<typeof startApi>>;
let worker: WorkerProcess;
let receiver: WebhookReceiver;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  api = await startApi({ QUEUE_PREFIX: prefix, ...webhookEnv });
  await registerDemoModel(api.deps);
  await api.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  worker = await startWorkerProcess(workerEnv);
  receiver = await startWebhookReceiver();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
});
afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await worker?.stop();
  await api?.close();
});

/** Signs up with the keyboard alone: Tab to each control, type, Enter to submit. */
async function signUpWithKeyboard(page: Page, email: string): Promise<void> {
  await page.goto(`${baseUrl}/dashboard/`);
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await tabTo(page, /^New here\? Create an account$/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Create an account' }).waitFor();
  await page.locator('body').focus();
  await tabTo(page, /^Email$/);
  await page.keyboard.type(email);
  await tabTo(page, /^Password$/);
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Create an organization' }).waitFor();
}

async function createOrganization(page: Page, name: string): Promise<void> {
  await page.getByLabel('Organization name').fill(name);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await page.getByRole('heading', { name: 'Files', exact: true }).waitFor();
}

/** Visits every page of the main navigation; each must render with labelled controls. */
async function visitEveryPage(page: Page): Promise<void> {
  for (const name of NAV) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    expect({ page: name, unlabelled: await unlabelledControls(page) }).toEqual({ page: name, unlabelled: [] });
  }
}

describe('the dashboard in a real browser, against the API and a real worker', () => {
  it('sign up by keyboard, upload, train LoRA with a live curve and a base-vs-tuned evaluation, download adapter and checkpoint; an invited viewer cannot cancel', async () => {
    const { page, errors } = await openPage(browser);
    await signUpWithKeyboard(page, `owner-${randomUUID()}@example.com`);
    // The signed-out session probe answers 401 before sign-in, which Chromium logs; count from here.
    errors.length = 0;
    await createOrganization(page, 'Acme Labs');

    await page.getByLabel(/JSONL file/).setInputFiles({ name: 'train.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(chatJsonl(40)) });
    await page.getByRole('row', { name: /train\.jsonl.*processed/ }).waitFor({ timeout: 60_000 });
    await screenshot(page, shots, 'files');
    await page.getByRole('link', { name: 'train.jsonl' }).click();
    await page.getByTestId('examples').filter({ hasText: '40' }).waitFor();
    await page.getByRole('heading', { name: 'Errors (0)' }).waitFor();

    await page.getByRole('link', { name: 'Jobs', exact: true }).click();
    await page.getByRole('link', { name: 'New job' }).click();
    await page.getByRole('heading', { name: 'New fine-tuning job' }).waitFor();
    expect(await unlabelledControls(page)).toEqual([]);
    // The form by keyboard: every control is reachable with Tab, in reading order.
    await page.getByLabel('Training file').selectOption({ label: 'train.jsonl (40 examples, chat)' });
    for (const [name, value] of [
      [/^Epochs/, '3'],
      [/^Batch size/, '4'],
    ] as const) {
      await tabTo(page, name);
      await page.keyboard.press('Control+A');
      await page.keyboard.type(value);
    }
    await tabTo(page, /^Exact match with the reference answer$/);
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Exact match with the reference answer').isChecked()).toBe(true);
    await tabTo(page, /^Estimate \(dry run\)$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('estimate').getByText('total steps').waitFor();
    await screenshot(page, shots, 'new-job-dry-run');
    // A marker on the window: if it survives to the end, the page never reloaded.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    // No worker while the job page opens: the tiny model trains in well under a second, so with a
    // worker running the job could finish before the page first draws, and the curve would arrive
    // in one load. The job waits in the queue with an empty chart until the worker comes back.
    await worker.stop();
    await page.getByRole('button', { name: 'Start training' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^ftjob-/ }).waitFor();
    const jobId = (await page.getByRole('heading', { name: /^ftjob-/ }).textContent())!;
    const chart = page.getByTestId('chart-Loss');
    expect(await chart.getAttribute('data-points')).toBe('0');
    worker = await startWorkerProcess(workerEnv);

    // Points arrive over the SSE stream while the page stays open: record the counts we see.
    const seen = new Set<number>([0]);
    for (let i = 0; i < 1200; i++) {
      seen.add(Number(await chart.getAttribute('data-points')));
      if (await page.getByRole('list', { name: 'Downloads' }).isVisible()) break;
      await page.waitForTimeout(100);
    }
    const row = await api.deps.db.fineTuningJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(row.status).toBe('succeeded');
    const totalSteps = (row.progress as { total_steps: number }).total_steps;
    const finalCount = Number(await chart.getAttribute('data-points'));
    expect(finalCount).toBeGreaterThanOrEqual(totalSteps);
    expect(seen.size).toBeGreaterThan(1); // the curve grew from empty while we watched, without a reload
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    await page.getByText('The job has successfully completed').waitFor();

    // Evaluation: the base model and the tuned one side by side, as the API recorded them.
    const evaluation = page.getByRole('table', { name: 'Evaluation: base vs tuned' });
    await evaluation.waitFor();
    const headers = await evaluation.getByRole('columnheader').allTextContents();
    expect(headers[0]).toBe('Metric');
    expect(headers[1]).toBe('Base model');
    expect(headers.at(-2)).toBe('Tuned (final)');
    const stored = await api.deps.db.evaluation.findMany({ where: { jobId } });
    const final = (stored.find((e) => e.stage === 'final')!.metrics as { name: string; passed: number; scored: number }[]).find((m) => m.name === 'exact_match')!;
    await evaluation.getByRole('row', { name: /exact_match/ }).getByText(`(${final.passed}/${final.scored})`).last().waitFor();
    // Attempts history: one attempt, from step 0 to the last, completed.
    await page.getByRole('table', { name: 'Attempts history' }).getByRole('row', { name: new RegExp(`0 → ${totalSteps} .*completed`) }).waitFor();

    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'job-page.png'), fullPage: true });
    await screenshot(page, shots, 'job');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download adapter_model.safetensors' }).click();
    const file = await download;
    await file.saveAs(join(artifacts, 'adapter_model.safetensors'));
    expect(file.suggestedFilename()).toBe('adapter_model.safetensors');

    // A checkpoint's files: the tensors downloaded match the digest in its manifest.
    const checkpoint = await api.deps.db.checkpoint.findFirstOrThrow({ where: { jobId }, orderBy: { step: 'desc' } });
    await page.getByRole('button', { name: `Download step ${checkpoint.step}` }).click();
    const files = page.getByRole('list', { name: `Files of the step ${checkpoint.step} checkpoint` });
    const tensors = page.waitForEvent('download');
    await files.getByRole('link', { name: 'trainable.safetensors' }).click();
    const tensorsFile = await tensors;
    expect(tensorsFile.suggestedFilename()).toBe(`step-${checkpoint.step}-trainable.safetensors`);
    await tensorsFile.saveAs(join(artifacts, 'checkpoint-trainable.safetensors'));
    const manifestUrl = await files.getByRole('link', { name: 'checkpoint.json' }).getAttribute('href');
    const manifest = await (await fetch(manifestUrl!)).json();
    expect(createHash('sha256').update(readFileSync(join(artifacts, 'checkpoint-trainable.safetensors'))).digest('hex')).toBe(manifest.files.trainable.sha256);

    // "Use as model": the new-job form opens with the checkpoint as its model (a warm start, keeping
    // the parent's LoRA shape); a dry run accepts it and names the parent. Nothing is created.
    const checkpointModel = `${row.fineTunedModel}:ckpt-step-${checkpoint.step}`;
    await page.getByRole('button', { name: `Use the step ${checkpoint.step} checkpoint as model` }).click();
    await page.getByRole('heading', { name: 'New fine-tuning job' }).waitFor();
    await expect(page.getByLabel(/^Model/).inputValue()).resolves.toBe(checkpointModel);
    await page.getByText("Continues from this model's weights on its base model").waitFor();
    expect(await page.getByLabel(/^LoRA rank/).count()).toBe(0);
    await page.getByLabel('Training file').selectOption({ label: 'train.jsonl (40 examples, chat)' });
    await page.getByRole('button', { name: 'Estimate (dry run)' }).click();
    await page.getByTestId('estimate').getByText('total steps').waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: jobId }).waitFor();

    await page.getByRole('link', { name: 'Jobs', exact: true }).click();
    await page.getByRole('row', { name: new RegExp(`${jobId}.*succeeded`) }).waitFor();
    await screenshot(page, shots, 'jobs');

    await page.getByRole('link', { name: 'Models', exact: true }).click();
    await page.getByRole('list', { name: 'Fine-tuned from whetstone/tiny-llama' }).getByRole('link', { name: jobId }).waitFor();

    // Usage: the tokens this job trained against the monthly quota, storage, jobs against limits.
    await page.getByRole('link', { name: 'Usage', exact: true }).click();
    const usage = await page.evaluate(async () => {
      const session = await (await fetch('/account/v1/session')).json();
      const res = await fetch('/v1/organization/usage', { headers: { 'whetstone-organization': session.organizations[0].organization.id } });
      return res.json();
    });
    const tokens = usage.trained_tokens as number;
    expect(tokens).toBeGreaterThan(0);
    await page.getByText(`Trained tokens: ${tokens.toLocaleString('en-US')} of 1,000,000,000`).waitFor();
    // Storage counts the upload, the checkpoints, the adapter and the results file (KB to a few MB).
    await page.getByText(/^Storage: [\d.]+ (KB|MB) of 107\.4 GB/).waitFor();
    await page.getByText('Running jobs: 0 of 2').waitFor();
    await page.getByText('Queued jobs: 0 of 100').waitFor();
    await screenshot(page, shots, 'usage');

    await visitEveryPage(page);

    // Invite a viewer, who signs up in another browser context and joins with the token.
    await page.getByRole('link', { name: 'Team & keys' }).click();
    const viewerEmail = `viewer-${randomUUID()}@example.com`;
    await page.getByLabel('Email').fill(viewerEmail);
    await page.getByLabel('Role for the invitation').selectOption('viewer');
    await page.getByRole('button', { name: 'Invite' }).click();
    const token = (await page.getByTestId('shown-once').textContent())!;
    expect(errors).toEqual([]);

    const viewer = await openPage(browser);
    await signUpWithKeyboard(viewer.page, viewerEmail);
    viewer.errors.length = 0;
    await viewer.page.getByLabel('Invitation token').fill(token);
    await viewer.page.getByRole('button', { name: 'Accept invitation' }).click();
    await viewer.page.getByTestId('role').filter({ hasText: 'viewer' }).waitFor();
    await viewer.page.goto(`${baseUrl}/dashboard/jobs/${jobId}`);
    await viewer.page.getByRole('heading', { name: jobId }).waitFor();
    await expect(viewer.page.getByRole('button', { name: 'Cancel' }).isDisabled()).resolves.toBe(true);
    await viewer.page.getByText('Your role (viewer) can view jobs but not change them.').waitFor();
    await visitEveryPage(viewer.page);
    expect(viewer.errors).toEqual([]);
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
  });

  it('webhooks: add an endpoint, send a test event, see the failed delivery and its response code, replay it, rotate the secret; a file report with errors', async () => {
    const { page, errors } = await openPage(browser);
    await signUpWithKeyboard(page, `hooks-${randomUUID()}@example.com`);
    errors.length = 0;
    await createOrganization(page, 'Hooks Inc');

    // A dataset with errors: the report lists line, field, reason and fix.
    const bad = `${chatJsonl(3)}\n{"messages": "nope"}\nnot json at all\n`;
    await page.getByLabel(/JSONL file/).setInputFiles({ name: 'broken.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(bad) });
    await page.getByRole('row', { name: /broken\.jsonl.*error/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: 'broken.jsonl' }).click();
    await page.getByRole('heading', { name: /^Errors \([1-9]/ }).waitFor();
    await page.getByRole('table', { name: 'Validation errors' }).getByRole('row', { name: /^5 / }).waitFor();
    await screenshot(page, shots, 'file-report');

    await page.getByRole('link', { name: 'Webhooks', exact: true }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
    receiver.respondWith((_req, res) => {
      res.statusCode = 500;
      res.end('receiver down');
    });
    await page.getByLabel('HTTPS URL').fill(receiver.url);
    await page.getByLabel('HTTPS URL').press('Enter');
    const firstSecret = (await page.getByRole('status').filter({ hasText: 'Signing secret' }).locator('code').textContent())!;
    expect(firstSecret).toMatch(/^whsec_/);

    const endpoint = page.getByRole('region', { name: receiver.url });
    const deliveries = endpoint.getByRole('table', { name: `Deliveries to ${receiver.url}` });
    await endpoint.getByRole('button', { name: 'Send test event' }).click();
    // The page refreshes a pending delivery by itself until it settles.
    await deliveries.getByRole('row', { name: /webhook\.test failed 1 500/ }).waitFor({ timeout: 30_000 });
    expect(receiver.requests.filter((r) => r.body.includes('"webhook.test"'))).toHaveLength(1);

    receiver.respondWith((_req, res) => res.end('ok'));
    await deliveries.getByRole('button', { name: /^Replay webhook\.test delivery / }).click();
    await deliveries.getByRole('row', { name: /webhook\.test succeeded 2 200/ }).waitFor({ timeout: 30_000 });
    const sent = receiver.requests.filter((r) => r.body.includes('"webhook.test"'));
    expect(sent).toHaveLength(2);
    expect(sent[1]!.id).toBe(sent[0]!.id); // a replay is the same event: receivers deduplicate on webhook-id

    await endpoint.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('status').filter({ hasText: 'Signing secret' }).locator('code').filter({ hasNotText: firstSecret }).waitFor();
    await screenshot(page, shots, 'webhooks');

    await visitEveryPage(page);
    expect(errors).toEqual([]);
  });
});

