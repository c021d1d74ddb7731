import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { splitHeldOut } from '@whetstone/datasets';
import { parseSupervisedJsonl } from '@whetstone/trainer';
import { readExamples, readSplitExamples, supervisedExample, TrainingDataError } from '../src/training/read-examples';

const repo = resolve(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'ws-read-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const chat = (i: number) => JSON.stringify({ messages: [{ role: 'user', content: `question ${i}` }, { role: 'assistant', content: `answer ${i}` }] });

describe('reading a training file as a stream', () => {
  it('reads the same examples, and makes the same held-out split, as reading the whole text did', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => chat(i % 40));
    const text = `\uFEFF${lines[0]}\r\n\n  ${lines.slice(1, 25).join('\n')}\n   \n${lines.slice(25).join('\r\n')}\n`;
    const path = join(dir, 'small.jsonl');
    writeFileSync(path, text);

    expect(await readExamples(path, 'file-small', supervisedExample)).toEqual(parseSupervisedJsonl(text.replace(/^\uFEFF/, ''), 'file-small'));

    // What the worker did before: trimmed non-blank lines keyed by a short SHA-1, split by index.
    const all = text.replace(/^\uFEFF/, '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const keys = all.map((l) => createHash('sha1').update(l).digest('hex').slice(0, 16));
    const expected = splitHeldOut(keys, { seed: 11, fraction: 0.2 });
    const split = await readSplitExamples(path, 'file-small', supervisedExample, { seed: 11, fraction: 0.2 });
    expect(split.train).toEqual(expected.train.map((i) => JSON.parse(all[i]!)));
    expect(split.validation).toEqual(expected.validation.map((i) => JSON.parse(all[i]!)));
  });

  it('names the file and line of a bad example', async () => {
    const path = join(dir, 'bad.jsonl');
    writeFileSync(path, `${chat(1)}\n\n{"messages": 3}\n`);
    const read = readExamples(path, 'file-bad', supervisedExample);
    await expect(read).rejects.toBeInstanceOf(TrainingDataError);
    await expect(read).rejects.toThrow(/^file-bad:3: /);
  });

  it('holds one line in memory, not the file: a 192 MB file loads in a 64 MB heap', () => {
    // Lines of 1 MiB that parse to small examples (JSON whitespace between tokens), so what the
    // loader keeps is tiny and only the way it reads decides whether it fits.
    const path = join(dir, 'big.jsonl');
    const fd = openSync(path, 'w');
    const padding = ' '.repeat(1 << 20);
    for (let i = 0; i < 192; i++) writeSync(fd, `${chat(i).slice(0, -1)}${padding}}\n`);
    closeSync(fd);

    const child = spawnSync(process.execPath, [join(repo, 'node_modules/tsx/dist/cli.mjs'), join(__dirname, 'support/read-training-file.ts'), path], {
      cwd: repo,
      env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=64' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(child.stderr).not.toMatch(/heap out of memory/);
    expect(child.status).toBe(0);
    const counts = JSON.parse(child.stdout) as { train: number; validation: number };
    expect(counts.train + counts.validation).toBe(192);
    expect(counts.validation).toBeGreaterThan(0);
  }, 180_000);
});
