import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { randomUUID } from 'node:crypto';

/**
 * A dashboard user as the API sees a browser: the session cookie, the CSRF token from the
 * session response, and the organization header, over `inject`.
 */
export class BrowserSession {
  cookie = '';
  csrf = '';
  orgId = '';
  readonly ip = `10.${rand()}.${rand()}.${rand()}`;

  constructor(
    private readonly app: FastifyInstance,
    readonly email = `user-${randomUUID()}@example.com`,
    readonly password = 'correct horse battery staple',
  ) {}

  async signUp(): Promise<this> {
    this.adopt(await this.app.inject({ method: 'POST', url: '/account/v1/signup', remoteAddress: this.ip, payload: { email: this.email, password: this.password } }));
    return this;
  }

  async createOrganization(name = 'acme'): Promise<string> {
    const res = await this.request('POST', '/account/v1/organizations', { name });
    if (res.statusCode !== 200) throw new Error(res.body);
    this.orgId = res.json().organization.id;
    return this.orgId;
  }

  adopt(res: LightMyRequestResponse): LightMyRequestResponse {
    if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
    const set = res.cookies.find((c) => c.name === 'whetstone_session');
    if (set) this.cookie = set.value;
    this.csrf = res.json().csrf_token;
    return res;
  }

  request(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, extra: Record<string, string> = {}) {
    const headers: Record<string, string> = { cookie: `whetstone_session=${this.cookie}`, 'x-csrf-token': this.csrf };
    if (this.orgId) headers['whetstone-organization'] = this.orgId;
    Object.assign(headers, extra);
    return this.app.inject({ method, url, headers, remoteAddress: this.ip, ...(payload === undefined ? {} : { payload: payload as object }) });
  }
}

const rand = () => Math.floor(Math.random() * 254) + 1;
