import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { client, setAuth, unwrap, type Role, type Session } from './api';

interface SessionState {
  session: Session | null;
  loading: boolean;
  orgId: string | undefined;
  role: Role | undefined;
  adopt(session: Session): void;
  selectOrganization(orgId: string): void;
  refresh(): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);
const ORG_KEY = 'whetstone.organization';

/** The signed-in user (from GET /account/v1/session), their CSRF token and the chosen organization. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [loading, setLoading] = useState(true);
  const [orgId, setOrgId] = useState<string | undefined>(() => window.localStorage.getItem(ORG_KEY) ?? undefined);

  const adopt = (next: Session) => {
    const chosen = next.organizations.find((m) => m.organization.id === orgId)?.organization.id ?? next.organizations[0]?.organization.id;
    setAuth({ csrfToken: next.csrf_token, organizationId: chosen });
    setSession(next);
    setOrgId(chosen);
  };
  const selectOrganization = (id: string) => {
    window.localStorage.setItem(ORG_KEY, id);
    setAuth({ organizationId: id });
    setOrgId(id);
  };
  const refresh = async () => {
    const { data, response } = await client.GET('/account/v1/session');
    if (response.ok && data) adopt(data);
    else setSession(null);
  };
  const signOut = async () => {
    unwrap(await client.POST('/account/v1/logout'));
    setAuth({ csrfToken: undefined, organizationId: undefined });
    setSession(null);
  };

  useEffect(() => {
    refresh().finally(() => setLoading(false));
  }, []);

  const role = session?.organizations.find((m) => m.organization.id === orgId)?.role;
  return (
    <SessionContext.Provider value={{ session, loading, orgId, role, adopt, selectOrganization, refresh, signOut }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** Whether the current role may create, cancel or delete (members and owners). */
export const canWrite = (role: Role | undefined) => role === 'owner' || role === 'member';
export const isOwner = (role: Role | undefined) => role === 'owner';
