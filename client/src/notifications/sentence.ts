// A notification as a sentence a person reads ("Maya commented on Product Designer"), the short
// quote it carries, and where clicking it leads. Pure, so tests use it.
import type { AppNotification } from './api.ts';

export interface NotificationText {
  sentence: string;
  /** A few words of the comment or suggestion, when there are any. */
  quote: string | null;
  /** The resume to open; null when there is nothing I may open (my access was removed). */
  href: string | null;
}

const ROLE_WORDS: Record<string, string> = { editor: 'editor', commenter: 'commenter', viewer: 'viewer' };

export function notificationText(n: AppNotification): NotificationText {
  const who = n.actor?.username ?? 'Someone';
  const title = n.resume?.title.trim() || 'a resume';
  const role = typeof n.data.role === 'string' ? ROLE_WORDS[n.data.role] : undefined;
  const sentence = ((): string => {
    switch (n.kind) {
      case 'comment':
        return `${who} commented on ${title}`;
      case 'reply':
        return `${who} replied to a comment on ${title}`;
      case 'mention':
        return `${who} mentioned you on ${title}`;
      case 'suggestion':
        return `${who} suggested a change to ${title}`;
      case 'suggestion_accepted':
        return `${who} accepted your suggestion on ${title}`;
      case 'suggestion_rejected':
        return `${who} declined your suggestion on ${title}`;
      case 'access_granted':
        return role ? `You were given ${role} access to ${title}` : `You were given access to ${title}`;
      case 'access_removed':
        return `Your access to ${title} was removed`;
      case 'member_joined':
        return role ? `${who} joined ${title} as ${role === 'editor' ? 'an' : 'a'} ${role}` : `${who} joined ${title}`;
      case 'member_left':
        return `${who} left ${title}`;
      case 'access_requested':
        return `${who} asked for edit access to ${title}`;
      default:
        return `${who} made a change to ${title}`;
    }
  })();
  const excerpt = typeof n.data.excerpt === 'string' ? n.data.excerpt.trim() : '';
  return {
    sentence,
    quote: excerpt || null,
    // A request for edit access opens the resume's Share dialog, where the owner changes the role.
    href: !n.resume || n.kind === 'access_removed' ? null : n.kind === 'access_requested' ? `/resumes/${n.resume.id}?share=1` : `/resumes/${n.resume.id}`,
  };
}
