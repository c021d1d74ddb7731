import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { createDb } from '@whetstone/db';
import { ObjectStore, objectKeys } from '@whetstone/storage';
import { newId } from '@whetstone/common';
import { createOrganization, markFileValidationFailed, validateStoredFile } from '../../src';

const db = createDb({ databaseUrl: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:55432/whetstone_test' });
const store = new ObjectStore({
  endpoint: process.env.S3_ENDPOINT ?? 'http://127.0.0.1:54569',
  region: 'us-east-1',
  bucket: process.env.S3_BUCKET ?? 'whetstone',
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
  forcePathStyle: true,
});
const orgIds: string[] = [];

afterAll(async () => {
  await db.organization.deleteMany({ where: { id: { in: orgIds } } });
  store.close();
  await db.$disconnect();
});

const chatLine = JSON.stringify({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] });

async function freshOrg(): Promise<string> {
  const org = await createOrganization(db, { name: 'hostile-files' });
  orgIds.push(org.id);
  return org.id;
}

/** Stores `content` as a fresh tenant's file and validates it the way the worker does. */
async function validate(content: Buffer) {
  const orgId = await freshOrg();
  const id = newId('file');
  const key = objectKeys.file(orgId, id);
  await store.putBytes(key, content);
  await db.file.create({
    data: { id, organizationId: orgId, filename: 'train.jsonl', purpose: 'fine-tune', bytes: content.length, storageKey: key, status: 'uploaded' },
  });
  const outcome = await validateStoredFile({ db, store }, { orgId, fileId: id });
  const row = await db.file.findUniqueOrThrow({ where: { id } });
  const event = await db.outboxEvent.findFirst({ where: { organizationId: orgId } });
  return { outcome, row, event };
}

/** Files that once made the report unstorable (Postgres rejects \u0000 in text and jsonb). */
const hostile: Array<[string, Buffer]> = [
  ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${chatLine}\n`, 'utf16le')])],
  ['UTF-16LE without BOM', Buffer.from(`${chatLine}\n${chatLine}\n`, 'utf16le')],
  ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(`${chatLine}\n`, 'utf16le').swap16()])],
  ['Latin-1 text', Buffer.from(`${chatLine.replace('hello', 'caf\u00e9')}\n`, 'latin1')],
  ['raw NUL bytes in a line', Buffer.concat([Buffer.from('{"messages":"'), Buffer.alloc(64), Buffer.from('"}\n')])],
  ['escaped \\u0000 in an unknown field name', Buffer.from(`{"a\\u0000b":1}\n`)],
  ['lone surrogate escape', Buffer.from('{"prompt":"\\ud800","completion":"c"}\n')],
  ['gzip uploaded as JSONL', gzipSync(Buffer.from(`${chatLine}\n`.repeat(50)))],
];

/** A chat row whose assistant content nests `depth` arrays deep. */
const nested = (depth: number) => `{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":${'['.repeat(depth)}${']'.repeat(depth)}}]}\n`;

/** Stores a stream as a fresh tenant's file (never whole in memory) and validates it. */
async function validateStream(bytes: number, content: () => Readable) {
  const orgId = await freshOrg();
  const id = newId('file');
  const key = objectKeys.file(orgId, id);
  await store.putStream(key, content());
  await db.file.create({
    data: { id, organizationId: orgId, filename: 'train.jsonl', purpose: 'fine-tune', bytes, storageKey: key, status: 'uploaded' },
  });
  const outcome = await validateStoredFile({ db, store }, { orgId, fileId: id });
  const row = await db.file.findUniqueOrThrow({ where: { id } });
  return { outcome, row };
}

describe('validating hostile uploads always reaches a terminal state', () => {
  it('a file that is one 100 MB line ends error with line_too_long, read as a stream', async () => {
    const chunk = Buffer.alloc(1 << 20, 0x61);
    const lines = () =>
      Readable.from(
        (function* () {
          yield Buffer.from('{"messages":"');
          for (let i = 0; i < 100; i++) yield chunk;
          yield Buffer.from('"}\n');
        })(),
      );
    const { outcome, row } = await validateStream(100 * (1 << 20) + 16, lines);
    expect(outcome.status).toBe('error');
    expect(row.status).toBe('error');
    expect(JSON.stringify(row.validationReport)).toContain('line_too_long');
  }, 120_000);

  it('deeply nested JSON (100k levels) next to valid lines ends error naming the line, without crashing the validator', async () => {
    const { outcome, row } = await validate(Buffer.from(`${chatLine}\n${nested(100_000)}${chatLine}\n`));
    expect(outcome.status).toBe('error');
    expect(row.status).toBe('error');
    const report = row.validationReport as { errors: { items: Array<{ line: number; code: string }> } };
    expect(report.errors.items).toEqual(expect.arrayContaining([expect.objectContaining({ line: 2 })]));
  });

  it.each(hostile)('%s ends in status error with a stored report and a file.error event', async (_name, content) => {
    const { outcome, row, event } = await validate(content);
    expect(outcome.status).toBe('error');
    expect(row.status).toBe('error');
    expect(row.statusDetails).toBeTruthy();
    expect(row.statusDetails).not.toContain('\u0000');
    expect(JSON.stringify(row.validationReport)).not.toContain('\\u0000');
    expect(event?.type).toBe('file.error');
  });

  it('a valid file next to them is still processed', async () => {
    const { outcome, row } = await validate(Buffer.from(`${chatLine}\n`.repeat(20)));
    expect(outcome.status).toBe('processed');
    expect(row.status).toBe('processed');
  });

  it('a validation that fails for good is marked error with a stable code, once', async () => {
    const orgId = await freshOrg();
    const id = newId('file');
    await db.file.create({
      data: { id, organizationId: orgId, filename: 'x.jsonl', purpose: 'fine-tune', bytes: 1, storageKey: objectKeys.file(orgId, id), status: 'validating' },
    });
    expect(await markFileValidationFailed(db, { orgId, fileId: id, code: 'validation_internal_error' })).toBe(true);
    expect(await markFileValidationFailed(db, { orgId, fileId: id, code: 'validation_internal_error' })).toBe(false);
    const row = await db.file.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('error');
    expect(row.statusDetails).toContain('validation_internal_error');
    const events = await db.outboxEvent.findMany({ where: { organizationId: orgId } });
    expect(events.map((e) => [e.type, (e.payload as { data: { code?: string } }).data.code])).toEqual([['file.error', 'validation_internal_error']]);
  });
});
