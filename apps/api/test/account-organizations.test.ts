import { BrowserSession } from './support/browser-session';
import { processedFile } from './support/fixtures';
import { startApi } from './support/harness';
import { chatJsonl } from './support/multipart';

let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi({ WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
});
afterAll(async () => {
  await api.close();
});

/** An owner with an organization, and a second user invited into it with `role`. */
async function ownerAndInvitee(role: 'member' | 'viewer') {
  const owner = await new BrowserSession(api.app).signUp();
  await owner.createOrganization('team');
  const invitee = await new BrowserSession(api.app).signUp();
  const invite = await owner.request('POST', `/account/v1/organizations/${owner.orgId}/invitations`, { email: invitee.email, role });
  expect(invite.statusCode).toBe(200);
  const accepted = await invitee.request('POST', '/account/v1/invitations/accept', { token: invite.json().token });
  expect(accepted.statusCode).toBe(200);
  expect(accepted.json()).toMatchObject({ organization: { id: owner.orgId }, role });
  invitee.orgId = owner.orgId;
  return { owner, invitee, invitationId: invite.json().id as string };
}

const sessionHeaders = (s: BrowserSession) => ({ cookie: `whetstone_session=${s.cookie}`, 'x-csrf-token': s.csrf, 'whetstone-organization': s.orgId });

describe('organizations, members and roles', () => {
  it('an owner creates API keys shown once, listed by their last four characters, usable and revocable', async () => {
    const owner = await new BrowserSession(api.app).signUp();
    await owner.createOrganization();
    const created = await owner.request('POST', `/account/v1/organizations/${owner.orgId}/api_keys`, { name: 'ci' });
    expect(created.statusCode).toBe(200);
    const { key, id } = created.json();
    const listed = (await owner.request('GET', `/account/v1/organizations/${owner.orgId}/api_keys`)).json();
    expect(listed.data).toEqual([expect.objectContaining({ id, name: 'ci', last4: key.slice(-4) })]);
    expect(JSON.stringify(listed)).not.toContain(key);
    const asKey = await api.app.inject({ method: 'GET', url: '/v1/organization', headers: { authorization: `Bearer ${key}` } });
    expect(asKey.json().id).toBe(owner.orgId);
    expect((await owner.request('DELETE', `/account/v1/organizations/${owner.orgId}/api_keys/${id}`)).json().revoked_at).not.toBeNull();
    expect((await api.app.inject({ method: 'GET', url: '/v1/organization', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(401);
  });

  it('a viewer reads but cannot create, cancel or delete anything', async () => {
    const { owner, invitee: viewer } = await ownerAndInvitee('viewer');
    const fileId = await processedFile(api.app, api.deps, { orgId: owner.orgId, headers: sessionHeaders(owner) }, chatJsonl(12));
    expect((await viewer.request('GET', `/v1/files/${fileId}`)).statusCode).toBe(200);
    for (const [method, url, body] of [
      ['DELETE', `/v1/files/${fileId}`, undefined],
      ['POST', '/v1/fine_tuning/jobs', { model: 'whetstone/tiny-llama', training_file: fileId }],
      ['POST', '/v1/fine_tuning/jobs/ftjob-01J0000000000000000000000/cancel', undefined],
      ['POST', '/v1/webhook_endpoints', { url: 'https://example.com/hook' }],
      ['POST', `/account/v1/organizations/${owner.orgId}/api_keys`, { name: 'x' }],
      ['POST', `/account/v1/organizations/${owner.orgId}/invitations`, { email: 'x@example.com' }],
    ] as const) {
      const res = await viewer.request(method, url, body);
      expect({ url, status: res.statusCode, code: res.json().error.code }).toEqual({ url, status: 403, code: 'insufficient_role' });
    }
  });

  it('a member creates and deletes resources but cannot manage members or keys', async () => {
    const { owner, invitee: member } = await ownerAndInvitee('member');
    const hook = await member.request('POST', '/v1/webhook_endpoints', { url: 'http://127.0.0.1:9/hook' });
    expect(hook.statusCode).toBe(200);
    expect((await member.request('DELETE', `/v1/webhook_endpoints/${hook.json().id}`)).statusCode).toBe(200);
    const members = (await member.request('GET', `/account/v1/organizations/${owner.orgId}/members`)).json().data;
    expect(members.map((m: { role: string }) => m.role).sort()).toEqual(['member', 'owner']);
    const ownerMember = members.find((m: { role: string }) => m.role === 'owner');
    for (const [method, url, body] of [
      ['PATCH', `/account/v1/organizations/${owner.orgId}/members/${ownerMember.id}`, { role: 'viewer' }],
      ['DELETE', `/account/v1/organizations/${owner.orgId}/members/${ownerMember.id}`, undefined],
      ['GET', `/account/v1/organizations/${owner.orgId}/invitations`, undefined],
      ['POST', `/account/v1/organizations/${owner.orgId}/api_keys`, { name: 'x' }],
    ] as const) {
      expect((await member.request(method, url, body)).statusCode).toBe(403);
    }
  });

  it('an owner changes roles and removes members, but the last owner stays', async () => {
    const { owner, invitee } = await ownerAndInvitee('viewer');
    const members = (await owner.request('GET', `/account/v1/organizations/${owner.orgId}/members`)).json().data;
    const mine = members.find((m: { email: string }) => m.email === owner.email);
    const theirs = members.find((m: { email: string }) => m.email === invitee.email);
    expect((await owner.request('PATCH', `/account/v1/organizations/${owner.orgId}/members/${mine.id}`, { role: 'member' })).json().error.code).toBe('last_owner');
    expect((await owner.request('PATCH', `/account/v1/organizations/${owner.orgId}/members/${theirs.id}`, { role: 'member' })).json().role).toBe('member');
    expect((await owner.request('DELETE', `/account/v1/organizations/${owner.orgId}/members/${theirs.id}`)).statusCode).toBe(200);
    expect((await invitee.request('GET', '/v1/files')).statusCode).toBe(404);
  });

  it('an invitation works once, only for its email address, and not after it is revoked', async () => {
    const owner = await new BrowserSession(api.app).signUp();
    await owner.createOrganization();
    const stranger = await new BrowserSession(api.app).signUp();
    const invite = (await owner.request('POST', `/account/v1/organizations/${owner.orgId}/invitations`, { email: 'someone-else@example.com' })).json();
    expect((await stranger.request('POST', '/account/v1/invitations/accept', { token: invite.token })).json().error.code).toBe('invitation_email_mismatch');
    const second = await new BrowserSession(api.app).signUp();
    const invite2 = (await owner.request('POST', `/account/v1/organizations/${owner.orgId}/invitations`, { email: second.email })).json();
    await owner.request('DELETE', `/account/v1/organizations/${owner.orgId}/invitations/${invite2.id}`);
    expect((await second.request('POST', '/account/v1/invitations/accept', { token: invite2.token })).statusCode).toBe(404);
    const listed = (await owner.request('GET', `/account/v1/organizations/${owner.orgId}/invitations`)).json().data;
    expect(listed.map((i: { status: string }) => i.status).sort()).toEqual(['pending', 'revoked']);
    expect(JSON.stringify(listed)).not.toContain(invite.token);
  });
});

describe('another organization answers 404 on every dashboard route', () => {
  it('account routes and tenant routes, through a session', async () => {
    const mallory = await new BrowserSession(api.app).signUp();
    await mallory.createOrganization('mallory');
    const { owner: victim, invitationId } = await ownerAndInvitee('viewer');
    const victimOrg = victim.orgId;
    const members = (await victim.request('GET', `/account/v1/organizations/${victimOrg}/members`)).json().data;
    const keyId = (await victim.request('POST', `/account/v1/organizations/${victimOrg}/api_keys`, { name: 'k' })).json().id;
    const fileId = await processedFile(api.app, api.deps, { orgId: victimOrg, headers: sessionHeaders(victim) }, chatJsonl(12));

    const accountRoutes = [
      ['GET', `/account/v1/organizations/${victimOrg}/members`, undefined],
      ['PATCH', `/account/v1/organizations/${victimOrg}/members/${members[0].id}`, { role: 'viewer' }],
      ['DELETE', `/account/v1/organizations/${victimOrg}/members/${members[0].id}`, undefined],
      ['GET', `/account/v1/organizations/${victimOrg}/invitations`, undefined],
      ['POST', `/account/v1/organizations/${victimOrg}/invitations`, { email: 'x@example.com' }],
      ['DELETE', `/account/v1/organizations/${victimOrg}/invitations/${invitationId}`, undefined],
      ['GET', `/account/v1/organizations/${victimOrg}/api_keys`, undefined],
      ['POST', `/account/v1/organizations/${victimOrg}/api_keys`, { name: 'x' }],
      ['DELETE', `/account/v1/organizations/${victimOrg}/api_keys/${keyId}`, undefined],
    ] as const;
    for (const [method, url, body] of accountRoutes) {
      const res = await mallory.request(method, url, body);
      expect({ url, method, status: res.statusCode }).toEqual({ url, method, status: 404 });
    }
    // Mallory's own organization's ids resolve, and an id of the victim's in her organization's scope is missing.
    for (const [method, url] of [
      ['DELETE', `/account/v1/organizations/${mallory.orgId}/members/${members[0].id}`],
      ['DELETE', `/account/v1/organizations/${mallory.orgId}/api_keys/${keyId}`],
      ['DELETE', `/account/v1/organizations/${mallory.orgId}/invitations/${invitationId}`],
      ['GET', `/v1/files/${fileId}`],
      ['DELETE', `/v1/files/${fileId}`],
    ] as const) {
      expect({ url, status: (await mallory.request(method, url)).statusCode }).toEqual({ url, status: 404 });
    }
    // Naming the victim's organization in the header is 404 too.
    const asVictim = await mallory.request('GET', '/v1/files', undefined, { 'whetstone-organization': victimOrg });
    expect(asVictim.statusCode).toBe(404);
    expect((await api.deps.db.apiKey.findUniqueOrThrow({ where: { id: keyId } })).revokedAt).toBeNull();
    expect((await api.deps.db.file.findUniqueOrThrow({ where: { id: fileId } })).deletedAt).toBeNull();
  });
});
