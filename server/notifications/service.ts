// Notifications in the app: stored per recipient and pushed live to their sockets (every node,
// through socket.io's adapter) with the new unread count. The actor is never notified of their
// own action. Raising one never fails the action that caused it: a failure is logged.
import type { NotificationRow, Store } from '../../db/types.ts';
import type { Logger } from '../log.ts';
import type { Realtime } from '../realtime/index.ts';

export type NotificationKind =
  | 'comment'
  | 'reply'
  | 'mention'
  | 'suggestion'
  | 'suggestion_accepted'
  | 'suggestion_rejected'
  | 'access_granted'
  | 'access_removed'
  | 'member_joined'
  | 'member_left'
  | 'access_requested';

export interface NotifyInput {
  userIds: readonly string[];
  kind: NotificationKind;
  resumeId: string | null;
  actorId: string | null;
  /** Small, for the list's sentence (e.g. a comment's first words, a role); never resume content beyond that. */
  data?: Record<string, unknown>;
}

export interface Notifier {
  notify(input: NotifyInput): Promise<void>;
}

export class NotificationService implements Notifier {
  private readonly log: Logger;

  constructor(
    private readonly deps: { store: Store; realtime: Pick<Realtime, 'toUser'>; log: Logger },
  ) {
    this.log = deps.log.child({ component: 'notifications' });
  }

  async notify(input: NotifyInput): Promise<void> {
    const userIds = [...new Set(input.userIds)].filter((id) => id !== input.actorId);
    if (userIds.length === 0) return;
    try {
      const rows = await this.deps.store.notifications.create({ ...input, userIds });
      await Promise.all(rows.map((row) => this.push(row)));
    } catch (err) {
      this.log.error({ err, kind: input.kind, resume: input.resumeId, actor: input.actorId }, 'could not raise a notification');
    }
  }

  private async push(row: NotificationRow): Promise<void> {
    const unread = await this.deps.store.notifications.unreadCount(row.userId);
    this.deps.realtime.toUser(row.userId, 'notification', { notification: serializeNotification(row), unread });
  }
}

export function serializeNotification(row: NotificationRow) {
  return {
    id: row.id,
    kind: row.kind,
    resume: row.resume,
    actor: row.actor,
    data: row.data,
    read: row.readAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}
