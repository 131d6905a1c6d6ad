// Who may do what to a resume. A stranger learns nothing: no membership answers 404, exactly
// as a resume that does not exist; a member without the right answers 403.
import type { Role, Store } from '../../db/types.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { isUuid } from '../http/validate.ts';

export const CAN = {
  read: ['owner', 'editor', 'commenter', 'viewer'],
  /** Comments, replies, resolving and suggestions (the coach's role and up). */
  comment: ['owner', 'editor', 'commenter'],
  edit: ['owner', 'editor'],
  manage: ['owner'],
} as const satisfies Record<string, readonly Role[]>;

export async function requireRole(
  store: Store,
  resumeId: string,
  userId: string,
  allowed: readonly Role[],
): Promise<Role> {
  if (!isUuid(resumeId)) throw notFound('resume');
  const role = await store.resumes.roleOf(resumeId, userId);
  if (!role) throw notFound('resume');
  if (!allowed.includes(role)) {
    throw forbidden(`your role (${role}) does not allow this; it needs ${allowed.join(' or ')}`);
  }
  return role;
}

export function invalidId(what: string): AppError {
  return new AppError(404, 'not_found', `${what} not found`);
}
