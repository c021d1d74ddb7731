import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseSupervisedJsonl, readSupervisedJsonl } from '../../src/loop/read-examples-jsonl';

const chat = { messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello', weight: 1 }] };

describe('reading supervised JSONL', () => {
  it('reads chat and prompt/completion lines, skipping blank lines', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'jsonl-')), 'train.jsonl');
    writeFileSync(file, `${JSON.stringify(chat)}\n\n${JSON.stringify({ prompt: 'a', completion: 'b' })}\n`);
    expect(await readSupervisedJsonl(file)).toEqual([chat, { prompt: 'a', completion: 'b' }]);
  });

  it('names the file and line of a line that is not JSON', () => {
    expect(() => parseSupervisedJsonl(`${JSON.stringify(chat)}\n{"messages": [\n`, 'train.jsonl')).toThrow(/^train\.jsonl:2: not valid JSON/);
  });

  it('names the line and field of an example with the wrong shape', () => {
    const bad = { messages: [{ role: 'user', content: 'hi' }, { content: 'no role' }] };
    expect(() => parseSupervisedJsonl(`${JSON.stringify(chat)}\n${JSON.stringify(chat)}\n${JSON.stringify(bad)}`, 'd.jsonl')).toThrow(/^d\.jsonl:3: messages\.1\.role: /);
    expect(() => parseSupervisedJsonl('{"text": "x"}', 'd.jsonl')).toThrow(/^d\.jsonl:1: expected \{"messages"/);
    expect(() => parseSupervisedJsonl('{"prompt": "x"}', 'd.jsonl')).toThrow(/^d\.jsonl:1: completion: /);
    expect(() => parseSupervisedJsonl('[1]', 'd.jsonl')).toThrow(/^d\.jsonl:1: expected a JSON object/);
  });

  it('refuses missing and empty files', async () => {
    await expect(readSupervisedJsonl('/no/such/file.jsonl')).rejects.toThrow('/no/such/file.jsonl: no such file');
    expect(() => parseSupervisedJsonl('\n\n', 'e.jsonl')).toThrow('e.jsonl: no examples');
  });
});
