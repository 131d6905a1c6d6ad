// Roles as stored in resume_members.role: read back into the Role type, and ranked by ROLES'
// order (owner strongest) so that accepting an invitation never downgrades a member.
import { ROLES, type Role } from './types.ts';

export function toRole(value: string): Role {
  const role = ROLES.find((r) => r === value);
  if (!role) throw new Error(`unknown role in database: ${value}`);
  return role;
}

/** True when a grants at least what b grants. */
export function atLeast(a: Role, b: Role): boolean {
  return ROLES.indexOf(a) <= ROLES.indexOf(b);
}
