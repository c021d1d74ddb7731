import { randomUUID } from 'node:crypto';
import { BrowserSession } from './support/browser-session';
import { startApi } from './support/harness';

let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_IP: '5' });
});
afterAll(async () => {
  await api.close();
});

const login = (email: string, password: string, ip = '10.9.9.9') =>
  api.app.inject({ method: 'POST', url: '/account/v1/login', remoteAddress: ip, payload: { email, password } });

describe('signing up and in', () => {
  it('stores an Argon2id hash and sets an httpOnly, Secure, SameSite=Strict session cookie', async () => {
    const user = new BrowserSession(api.app);
    const res = await api.app.inject({ method: 'POST', url: '/account/v1/signup', payload: { email: user.email.toUpperCase(), password: user.password } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'whetstone_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    expect(res.json()).toMatchObject({ object: 'session', user: { email: user.email }, organizations: [], csrf_token: expect.any(String) });
    const row = await api.deps.db.user.findUniqueOrThrow({ where: { email: user.email } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain(user.password);
  });

  it('refuses short passwords and a second account for the same email', async () => {
    const user = await new BrowserSession(api.app).signUp();
    const again = await api.app.inject({ method: 'POST', url: '/account/v1/signup', payload: { email: user.email, password: 'another long password' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('email_taken');
    const short = await api.app.inject({ method: 'POST', url: '/account/v1/signup', payload: { email: `s-${randomUUID()}@example.com`, password: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().error).toMatchObject({ code: 'password_too_short', param: 'password' });
  });

  it('answers a wrong password and an unknown email with the same body', async () => {
    const user = await new BrowserSession(api.app).signUp();
    const wrong = await login(user.email, 'not the password at all', '10.1.1.1');
    const unknown = await login(`nobody-${randomUUID()}@example.com`, 'not the password at all', '10.1.1.2');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    // The same body but for the request's own id (error.request_id, also in x-request-id).
    const withoutRequestId = (body: { error: Record<string, unknown> }) => ({ error: { ...body.error, request_id: undefined } });
    expect(withoutRequestId(wrong.json())).toEqual(withoutRequestId(unknown.json()));
    expect(wrong.json().error.request_id).toBe(wrong.headers['x-request-id']);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    const ok = await login(user.email, user.password, '10.1.1.3');
    expect(ok.statusCode).toBe(200);
  });

  it('rate limits failed logins per account, even from many IPs, and per IP across accounts', async () => {
    const user = await new BrowserSession(api.app).signUp();
    for (let i = 0; i < 3; i++) expect((await login(user.email, 'wrong password!!', `10.2.0.${i + 1}`)).statusCode).toBe(401);
    const limited = await login(user.email, user.password, '10.2.0.50'); // right password, but locked out
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('login_rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    const ip = `10.3.${Math.floor(Math.random() * 250)}.7`;
    for (let i = 0; i < 5; i++) await login(`guess-${i}-${randomUUID()}@example.com`, 'wrong password!!', ip);
    const other = await new BrowserSession(api.app).signUp();
    expect((await login(other.email, other.password, ip)).statusCode).toBe(429);
    expect((await login(other.email, other.password, '10.3.255.1')).statusCode).toBe(200);
  });

  it('rate limits sign-ups per IP (429 signup_rate_limited with Retry-After), other IPs unaffected', async () => {
    const limited = await startApi({ SIGNUP_MAX_PER_IP: '3' });
    try {
      const ip = `10.4.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
      const signup = (from: string, password = 'correct horse battery staple') =>
        limited.app.inject({ method: 'POST', url: '/account/v1/signup', remoteAddress: from, payload: { email: `s-${randomUUID()}@example.com`, password } });
      // Failed attempts count too: each costs a password hash.
      expect((await signup(ip, 'short')).statusCode).toBe(400);
      for (let i = 0; i < 2; i++) expect((await signup(ip)).statusCode).toBe(200);
      const refused = await signup(ip);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error).toMatchObject({ code: 'signup_rate_limited', type: 'rate_limit_error' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.cookies.find((c) => c.name === 'whetstone_session')).toBeUndefined();
      expect((await signup('10.4.255.254')).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('signs out: the cookie stops working', async () => {
    const user = await new BrowserSession(api.app).signUp();
    expect((await user.request('GET', '/account/v1/session')).statusCode).toBe(200);
    expect((await user.request('POST', '/account/v1/logout')).statusCode).toBe(204);
    const after = await user.request('GET', '/account/v1/session');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('session_expired');
  });
});

describe('CSRF protection', () => {
  it('refuses a state change without the x-csrf-token header, on account and tenant routes', async () => {
    const user = await new BrowserSession(api.app).signUp();
    await user.createOrganization();
    for (const url of ['/account/v1/organizations', '/v1/webhook_endpoints']) {
      const res = await api.app.inject({
        method: 'POST',
        url,
        headers: { cookie: `whetstone_session=${user.cookie}`, 'whetstone-organization': user.orgId },
        payload: { name: 'x', url: 'https://example.com/hook' },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('csrf_token_invalid');
    }
    const forged = await user.request('POST', '/account/v1/organizations', { name: 'x' }, { 'x-csrf-token': 'forged' });
    expect(forged.statusCode).toBe(403);
    // Reads need no token.
    const read = await api.app.inject({ method: 'GET', url: '/v1/files', headers: { cookie: `whetstone_session=${user.cookie}`, 'whetstone-organization': user.orgId } });
    expect(read.statusCode).toBe(200);
  });
});
