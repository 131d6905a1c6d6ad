// What each role may do, in the words every page uses (share dialog, the editor's badge, the
// invite page): a commenter "can comment and suggest", never "view only".
import type { Role } from './api.ts';

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  editor: 'Can edit',
  commenter: 'Can comment and suggest',
  viewer: 'View only',
};

export const roleLabel = (role: string): string => (role in ROLE_LABELS ? ROLE_LABELS[role as Role] : role);
