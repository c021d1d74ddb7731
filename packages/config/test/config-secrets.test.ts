import { ConfigError, loadApiConfig } from '../src';

describe('an invalid configuration never prints credentials', () => {
  it('masks the password of a bad DATABASE_URL or REDIS_URL but still names the variable', () => {
    let error: unknown;
    try {
      loadApiConfig({ ADMIN_TOKEN: 'a'.repeat(32), DATABASE_URL: 'postgresql://admin:hunter2#/x@db.internal:5432/x', REDIS_URL: 'redis://:r3dis pass@cache:port', PORT: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('REDIS_URL');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('r3dis pass');
  });
});
