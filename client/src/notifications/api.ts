// Notifications over REST, and their shape as the server sends them (list and live event).
import { request } from '../lib/api.ts';

export interface AppNotification {
  id: string;
  /** comment, reply, mention, suggestion, suggestion_accepted, suggestion_rejected, access_granted,
   *  access_removed, member_joined, member_left, access_requested — others may come; they read as a generic sentence. */
  kind: string;
  resume: { id: string; title: string } | null;
  actor: { id: string; username: string } | null;
  data: Record<string, unknown>;
  read: boolean;
  createdAt: string;
}

export interface NotificationPage {
  notifications: AppNotification[];
  unread: number;
  /** Pass as `before` for the next (older) page; null at the end. */
  next: string | null;
}

export const notificationsApi = {
  list: (before?: string) =>
    request<NotificationPage>('GET', `/api/notifications?limit=20${before ? `&before=${encodeURIComponent(before)}` : ''}`),
  /** These ones, or every unread one. */
  markRead: (ids?: string[]) => request<{ updated: number; unread: number }>('POST', '/api/notifications/read', ids ? { ids } : {}),
};
