import { useState, type FormEvent } from 'react';
import { client, unwrap, type Role, type Schemas } from '../api';
import { ErrorBanner, Section, useAction, useLoad, when } from '../components/common';
import { DataTable, type Column } from '../components/DataTable';
import { isOwner, useSession } from '../session';

/** Members and roles, invitations and API keys. Owners manage; others see members and key names. */
export function Team() {
  const { orgId, role } = useSession();
  const org = { params: { path: { org_id: orgId! } } };
  const owner = isOwner(role);
  const members = useLoad(async () => unwrap(await client.GET('/account/v1/organizations/{org_id}/members', org)), [orgId]);
  const keys = useLoad(async () => unwrap(await client.GET('/account/v1/organizations/{org_id}/api_keys', org)), [orgId]);
  const invitations = useLoad(async () => (owner ? unwrap(await client.GET('/account/v1/organizations/{org_id}/invitations', org)) : null), [orgId, owner]);
  const [email, setEmail] = useState('');
  const [inviteRole, setInviteRole] = useState<Role>('viewer');
  const [keyName, setKeyName] = useState('');
  const [shown, setShown] = useState<{ label: string; value: string } | null>(null);

  const invite = useAction(async () => {
    const created = unwrap(await client.POST('/account/v1/organizations/{org_id}/invitations', { ...org, body: { email, role: inviteRole } }));
    setShown({ label: `Invitation token for ${created.email} (shown once; they accept it after signing in)`, value: created.token });
    setEmail('');
    invitations.reload();
  });
  const createKey = useAction(async () => {
    const created = unwrap(await client.POST('/account/v1/organizations/{org_id}/api_keys', { ...org, body: { name: keyName || 'default' } }));
    setShown({ label: `API key ${created.name} (shown once: copy it now)`, value: created.key });
    setKeyName('');
    keys.reload();
  });
  const manage = useAction(async (kind: 'revoke-key' | 'remove-member' | 'revoke-invitation' | 'role', id: string, next?: Role) => {
    if (kind === 'revoke-key') unwrap(await client.DELETE('/account/v1/organizations/{org_id}/api_keys/{key_id}', { params: { path: { org_id: orgId!, key_id: id } } }));
    if (kind === 'remove-member') unwrap(await client.DELETE('/account/v1/organizations/{org_id}/members/{member_id}', { params: { path: { org_id: orgId!, member_id: id } } }));
    if (kind === 'revoke-invitation') unwrap(await client.DELETE('/account/v1/organizations/{org_id}/invitations/{invitation_id}', { params: { path: { org_id: orgId!, invitation_id: id } } }));
    if (kind === 'role') unwrap(await client.PATCH('/account/v1/organizations/{org_id}/members/{member_id}', { params: { path: { org_id: orgId!, member_id: id } }, body: { role: next! } }));
    members.reload();
    keys.reload();
    invitations.reload();
  });
  const onInvite = (e: FormEvent) => {
    e.preventDefault();
    void invite.run();
  };
  const onKey = (e: FormEvent) => {
    e.preventDefault();
    void createKey.run();
  };

  const memberColumns: Column<Schemas['Member']>[] = [
    {
      header: 'Member',
      cell: (m) => (
        <>
          {m.name ?? m.email} <div className="id">{m.email}</div>
        </>
      ),
    },
    {
      header: 'Role',
      cell: (m) =>
        owner ? (
          <select aria-label={`Role of ${m.email}`} value={m.role} onChange={(e) => void manage.run('role', m.id, e.target.value as Role)}>
            <option value="owner">owner</option>
            <option value="member">member</option>
            <option value="viewer">viewer</option>
          </select>
        ) : (
          m.role
        ),
    },
    { header: 'Since', cell: (m) => when(m.created_at) },
    {
      header: null,
      cell: (m) =>
        owner && (
          <button type="button" className="danger" onClick={() => void manage.run('remove-member', m.id)}>
            Remove
          </button>
        ),
    },
  ];
  const keyColumns: Column<Schemas['ApiKey']>[] = [
    { header: 'Name', cell: (k) => k.name },
    { header: 'Key', cell: (k) => <code>sk-…{k.last4}</code> },
    { header: 'Created', cell: (k) => when(k.created_at) },
    { header: 'Last used', cell: (k) => (k.revoked_at ? `revoked ${when(k.revoked_at)}` : when(k.last_used_at)) },
    {
      header: null,
      cell: (k) =>
        owner &&
        !k.revoked_at && (
          <button type="button" className="danger" onClick={() => void manage.run('revoke-key', k.id)}>
            Revoke
          </button>
        ),
    },
  ];

  return (
    <>
      <h1>Team and API keys</h1>
      {shown && (
        <p role="status" className="secret">
          {shown.label}: <code data-testid="shown-once">{shown.value}</code>
        </p>
      )}
      <ErrorBanner error={manage.error} />
      <Section title="Members">
        <ErrorBanner error={members.error} />
        <DataTable label="Members" columns={memberColumns} rows={members.data?.data} rowKey={(m) => m.id} />
      </Section>
      {owner && (
        <Section title="Invite someone">
          <form onSubmit={onInvite}>
            <label>
              Email
              <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
            </label>
            <label>
              Role
              <select aria-label="Role for the invitation" value={inviteRole} onChange={(e) => setInviteRole(e.target.value as Role)}>
                <option value="viewer">viewer (read only)</option>
                <option value="member">member (create, cancel, delete)</option>
                <option value="owner">owner (also members and keys)</option>
              </select>
            </label>
            <button type="submit" disabled={invite.pending}>
              Invite
            </button>
          </form>
          <ErrorBanner error={invite.error} />
          <ul aria-label="Invitations">
            {invitations.data?.data.map((i) => (
              <li key={i.id}>
                {i.email} as {i.role}: {i.status}{' '}
                {i.status === 'pending' && (
                  <button type="button" onClick={() => void manage.run('revoke-invitation', i.id)}>
                    Revoke
                  </button>
                )}
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Section title="API keys">
        {owner && (
          <form onSubmit={onKey}>
            <label>
              Key name
              <input value={keyName} onChange={(e) => setKeyName(e.target.value)} placeholder="ci" />
            </label>
            <button type="submit" disabled={createKey.pending}>
              Create API key
            </button>
          </form>
        )}
        <ErrorBanner error={keys.error ?? createKey.error} />
        <DataTable label="API keys" columns={keyColumns} rows={keys.data?.data} rowKey={(k) => k.id} />
      </Section>
    </>
  );
}
