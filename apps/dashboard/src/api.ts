import { createWhetstoneClient, unwrap, type Schemas } from '@whetstone/client';

/**
 * One typed client for the whole app. The session cookie travels by itself (same origin); the
 * organization header and the CSRF token come from the signed-in state.
 */
const auth = { organizationId: undefined as string | undefined, csrfToken: undefined as string | undefined };

export const client = createWhetstoneClient({
  baseUrl: window.location.origin,
  organizationId: () => auth.organizationId,
  csrfToken: () => auth.csrfToken,
});

export function setAuth(next: { organizationId?: string; csrfToken?: string }): void {
  Object.assign(auth, next);
}

export const currentOrganization = () => auth.organizationId;
export const currentCsrf = () => auth.csrfToken;

export { unwrap };
export type { Schemas };
export type Session = Schemas['Session'];
export type Role = Schemas['MemberRole'];
