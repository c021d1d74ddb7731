import { ConfigError, loadApiConfig, loadWorkerConfig } from '../src';

describe('configuration', () => {
  it('applies local defaults when only the admin token is set', () => {
    const config = loadApiConfig({ ADMIN_TOKEN: 'a'.repeat(32) });
    expect(config.PORT).toBe(8080);
    expect(config.DATABASE_URL).toMatch(/^postgresql:\/\//);
    expect(config.S3_FORCE_PATH_STYLE).toBe(true);
  });

  it('names every bad variable in one error, never printing secrets', () => {
    let error: unknown;
    try {
      loadApiConfig({ ADMIN_TOKEN: 'short-secret', PORT: 'eighty', DATABASE_URL: 'not a url' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('ADMIN_TOKEN: must be at least 32 characters');
    expect(message).toContain('PORT:');
    expect(message).toContain('DATABASE_URL:');
    expect(message).not.toContain('short-secret');
  });

  it('parses worker classes and concurrency', () => {
    const config = loadWorkerConfig({ WORKER_CLASSES: 'default, gpu-80gb', WORKER_CONCURRENCY_TRAINING: '2' });
    expect(config.WORKER_CLASSES).toEqual(['default', 'gpu-80gb']);
    expect(config.WORKER_CONCURRENCY_TRAINING).toBe(2);
  });

  it('parses webhook settings: allowed hosts as hostnames, IPs and CIDRs, fractional retry seconds, and names a bad entry', () => {
    const config = loadWorkerConfig({ WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1, hooks.internal,10.0.0.0/8', WEBHOOK_RETRY_BASE_SECONDS: '0.2' });
    expect(config.WEBHOOK_ALLOW_HTTP).toBe(true);
    expect([...config.WEBHOOK_ALLOWED_HOSTS.hostnames]).toEqual(['hooks.internal']);
    expect(config.WEBHOOK_ALLOWED_HOSTS.cidrs).toHaveLength(2);
    expect(config.WEBHOOK_RETRY_BASE_SECONDS).toBe(0.2);
    const defaults = loadWorkerConfig({});
    expect(defaults).toMatchObject({ WEBHOOK_ALLOW_HTTP: false, WEBHOOK_TIMEOUT_MS: 15_000, WEBHOOK_RETRY_WINDOW_SECONDS: 72 * 3600 });
    expect(defaults.WEBHOOK_ALLOWED_HOSTS.cidrs).toEqual([]);
    expect(() => loadApiConfig({ ADMIN_TOKEN: 'a'.repeat(32), WEBHOOK_ALLOWED_HOSTS: '10.0.0.0/99' })).toThrow(/WEBHOOK_ALLOWED_HOSTS: Invalid CIDR/);
  });
});
