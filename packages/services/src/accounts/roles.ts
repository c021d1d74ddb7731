import { PermissionError } from '@whetstone/common';

export const ROLES = ['owner', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What each role may do. Viewers read; members also create, cancel and delete resources;
 * owners also manage members, invitations and API keys.
 */
const RANK: Record<Role, number> = { viewer: 0, member: 1, owner: 2 };

export function hasRole(role: Role, atLeast: Role): boolean {
  return RANK[role] >= RANK[atLeast];
}

export function requireRole(role: Role, atLeast: Role, action: string): void {
  if (!hasRole(role, atLeast)) {
    throw new PermissionError(`Your role (${role}) cannot ${action}; it needs ${atLeast} or above.`, 'insufficient_role');
  }
}
