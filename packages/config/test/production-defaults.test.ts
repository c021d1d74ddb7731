import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ConfigError, loadApiConfig, loadWorkerConfig } from '../src';

const strong = () => randomBytes(24).toString('hex');
/** A production environment with nothing left at a published default. */
const productionEnv = () => ({
  NODE_ENV: 'production',
  ADMIN_TOKEN: strong(),
  DATABASE_URL: `postgresql://whetstone:${strong()}@db.internal:5432/whetstone`,
  S3_ACCESS_KEY_ID: strong(),
  S3_SECRET_ACCESS_KEY: strong(),
  WEBHOOK_SECRET_KEYS: `prod1:${randomBytes(32).toString('base64')}`,
});

function problems(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

describe('production refuses credentials published in this repository', () => {
  it('accepts a production environment with its own credentials', () => {
    expect(problems(() => loadApiConfig(productionEnv()))).toBe('');
    expect(problems(() => loadWorkerConfig(productionEnv()))).toBe('');
  });

  it.each([
    ['S3_ACCESS_KEY_ID', 'minioadmin'],
    ['S3_SECRET_ACCESS_KEY', 'minioadmin'],
    ['S3_SECRET_ACCESS_KEY', 'S3RVER'],
    ['ADMIN_TOKEN', 'change-me-change-me-change-me-change-me'],
    ['DATABASE_URL', 'postgresql://postgres:postgres@postgres:5432/whetstone'],
    ['WEBHOOK_SECRET_KEYS', undefined],
  ])('refuses %s=%s in production, naming it and not echoing it', (name, value) => {
    const env: Record<string, string | undefined> = { ...productionEnv(), [name]: value };
    const message = problems(() => loadApiConfig(env));
    expect(message).toContain(name);
    expect(message).toMatch(/production refuses/);
    if (value && name !== 'DATABASE_URL') expect(message).not.toContain(value);
    if (name !== 'ADMIN_TOKEN') expect(problems(() => loadWorkerConfig(env))).toContain(name);
  });

  it('lets development and tests run on the defaults', () => {
    expect(problems(() => loadApiConfig({ ADMIN_TOKEN: strong() }))).toBe('');
    expect(problems(() => loadWorkerConfig({ NODE_ENV: 'test' }))).toBe('');
  });

  it('the API and the worker exit at boot (EX_CONFIG) in production with a default credential, before touching any service', () => {
    const root = path.resolve(__dirname, '../../..');
    const env = { ...process.env, ...productionEnv(), S3_SECRET_ACCESS_KEY: 'minioadmin', LOG_LEVEL: 'silent' };
    for (const entry of ['apps/api/src/server.ts', 'apps/worker/src/main.ts']) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, entry)], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
      expect({ entry, status: run.status }).toEqual({ entry, status: 78 });
      expect(run.stderr).toContain('S3_SECRET_ACCESS_KEY');
      expect(run.stderr).not.toContain('minioadmin');
    }
  });

  it('docker-compose.yml ships no credential: each one must be set (${VAR:?...}) and the services run in production mode', () => {
    const compose = readFileSync(path.resolve(__dirname, '../../../docker-compose.yml'), 'utf8');
    const credentialLines = compose.split('\n').filter((line) => /^\s+[A-Z0-9_]*(PASSWORD|SECRET|TOKEN|ACCESS_KEY|_KEYS|ROOT_USER)[A-Z0-9_]*:/.test(line));
    expect(credentialLines.length).toBeGreaterThanOrEqual(8);
    for (const line of credentialLines) expect(line).toMatch(/\$\{[A-Z0-9_]+:\?/);
    expect(compose).toMatch(/DATABASE_URL: postgresql:\/\/postgres:\$\{POSTGRES_PASSWORD:\?/);
    expect(compose).toMatch(/NODE_ENV: production/);
    expect(compose).not.toMatch(/minioadmin|change-me|POSTGRES_PASSWORD: postgres/);
  });
});
