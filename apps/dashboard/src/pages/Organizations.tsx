import { useState, type FormEvent } from 'react';
import { client, unwrap } from '../api';
import { ErrorBanner, Section, useAction } from '../components/common';
import { useRoute } from '../router';
import { useSession } from '../session';

/** Create an organization (you become its owner) or join one with an invitation token. */
export function Organizations() {
  const { refresh, selectOrganization, session, signOut } = useSession();
  const { navigate } = useRoute();
  const [name, setName] = useState('');
  const [token, setToken] = useState('');
  const create = useAction(async () => {
    const created = unwrap(await client.POST('/account/v1/organizations', { body: { name } }));
    await refresh();
    selectOrganization(created.organization.id);
    navigate('/files');
  });
  const accept = useAction(async () => {
    const joined = unwrap(await client.POST('/account/v1/invitations/accept', { body: { token } }));
    await refresh();
    selectOrganization(joined.organization.id);
    navigate('/files');
  });
  const onCreate = (e: FormEvent) => {
    e.preventDefault();
    void create.run();
  };
  const onAccept = (e: FormEvent) => {
    e.preventDefault();
    void accept.run();
  };
  return (
    <div className="narrow" id="main">
      <p>
        Signed in as {session?.user.email}.{' '}
        <button type="button" className="link" onClick={() => void signOut()}>
          Sign out
        </button>
      </p>
      <Section title="Create an organization">
        <form onSubmit={onCreate}>
          <label>
            Organization name
            <input required value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <ErrorBanner error={create.error} />
          <button type="submit" disabled={create.pending}>
            Create organization
          </button>
        </form>
      </Section>
      <Section title="Join with an invitation">
        <form onSubmit={onAccept}>
          <label>
            Invitation token
            <input required value={token} onChange={(e) => setToken(e.target.value)} />
          </label>
          <ErrorBanner error={accept.error} />
          <button type="submit" disabled={accept.pending}>
            Accept invitation
          </button>
        </form>
      </Section>
    </div>
  );
}
