// Comment threads: create on a span or an item, reply, edit, delete, resolve and reopen. Every
// change goes to everyone in the resume as the socket.io `comment` event and raises the
// notifications it implies; who may do what is checked by the routes.
import * as Y from 'yjs';
import type { CommentRow } from '../../db/comments.ts';
import type { Role, Store } from '../../db/types.ts';
import type { Anchor } from '../../collab/index.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import type { Notifier, NotificationKind } from '../notifications/service.ts';
import type { Realtime } from '../realtime/index.ts';
import { anchorState, checkAnchor, excerpt, storedAnchor, type AnchorState } from './anchor-input.ts';

export interface CoachingDeps {
  store: Store;
  collab: { readDocument(resumeId: string): Promise<Y.Doc> };
  realtime: Pick<Realtime, 'toResume'>;
  notifications: Notifier;
}

export type CommentAction = 'created' | 'replied' | 'edited' | 'resolved' | 'reopened' | 'deleted';

export function publicComment(row: CommentRow) {
  return {
    id: row.id,
    threadId: row.threadId,
    author: row.author,
    body: row.body,
    mentions: row.mentions,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    edited: row.updatedAt.getTime() - row.createdAt.getTime() > 1000,
  };
}

/** A thread as the API and the `comment` event carry it; `state` only where the document was read. */
export function publicThread(rows: readonly CommentRow[], state?: AnchorState) {
  const [root, ...replies] = rows;
  if (!root) throw new Error('a thread needs its root');
  return {
    ...publicComment(root),
    resumeId: root.resumeId,
    anchor: storedAnchor(root.anchor),
    resolved: root.resolvedAt ? { at: root.resolvedAt.toISOString(), by: root.resolvedBy } : null,
    replies: replies.map(publicComment),
    ...(state ? { state } : {}),
  };
}

export class CommentsService {
  constructor(private readonly deps: CoachingDeps) {}

  /** Every thread in creation order, each with its anchor's state in the current document. */
  async list(resumeId: string) {
    const [rows, doc] = await Promise.all([this.deps.store.comments.list(resumeId), this.deps.collab.readDocument(resumeId)]);
    try {
      const threads = new Map<string, CommentRow[]>();
      for (const row of rows) {
        const key = row.threadId ?? row.id;
        const thread = threads.get(key) ?? [];
        if (row.threadId === null) thread.unshift(row);
        else thread.push(row);
        threads.set(key, thread);
      }
      return [...threads.values()].filter((t) => t[0]?.threadId === null).map((t) => publicThread(t, anchorState(doc, storedAnchor(t[0]?.anchor))));
    } finally {
      doc.destroy();
    }
  }

  async createThread(resumeId: string, userId: string, input: { anchor: Anchor; body: string; mentions: readonly string[] }) {
    const members = await this.members(resumeId, input.mentions);
    const doc = await this.deps.collab.readDocument(resumeId);
    let state: AnchorState;
    try {
      checkAnchor(doc, input.anchor);
      state = anchorState(doc, input.anchor);
    } finally {
      doc.destroy();
    }
    const root = await this.deps.store.comments.create({ resumeId, threadId: null, authorId: userId, body: input.body, mentions: input.mentions, anchor: input.anchor });
    const thread = publicThread([root], state);
    this.announce(resumeId, 'created', thread);
    const owner = [...members.entries()].find(([, role]) => role === 'owner')?.[0];
    await this.tell(resumeId, userId, members, {
      mentioned: input.mentions,
      others: owner ? [owner] : [],
      kind: 'comment',
      data: { threadId: root.id, commentId: root.id, excerpt: excerpt(input.body) },
    });
    return thread;
  }

  async reply(resumeId: string, userId: string, rootId: string, input: { body: string; mentions: readonly string[] }) {
    const members = await this.members(resumeId, input.mentions);
    const before = await this.threadOf(resumeId, rootId);
    const reply = await this.deps.store.comments.create({ resumeId, threadId: rootId, authorId: userId, body: input.body, mentions: input.mentions, anchor: null });
    const thread = publicThread([...before, reply]);
    this.announce(resumeId, 'replied', thread);
    await this.tell(resumeId, userId, members, {
      mentioned: input.mentions,
      others: participants(before),
      kind: 'reply',
      data: { threadId: rootId, commentId: reply.id, excerpt: excerpt(input.body) },
    });
    return { reply: publicComment(reply), thread };
  }

  /** Only the author edits; newly mentioned people hear about it. */
  async edit(resumeId: string, userId: string, id: string, input: { body: string; mentions: readonly string[] }) {
    const members = await this.members(resumeId, input.mentions);
    const current = await this.comment(resumeId, id);
    if (current.author?.id !== userId) throw forbidden('only its author may edit a comment');
    const edited = await this.deps.store.comments.edit(resumeId, id, input);
    if (!edited) throw notFound('comment');
    const rootId = edited.threadId ?? edited.id;
    const thread = publicThread(await this.threadOf(resumeId, rootId));
    this.announce(resumeId, 'edited', thread);
    const added = input.mentions.filter((m) => !current.mentions.includes(m));
    await this.tell(resumeId, userId, members, { mentioned: added, others: [], kind: 'reply', data: { threadId: rootId, commentId: id, excerpt: excerpt(input.body) } });
    return thread;
  }

  /** The author deletes their own; the owner deletes any. A root takes its replies with it. */
  async delete(resumeId: string, userId: string, role: Role, id: string): Promise<void> {
    const current = await this.comment(resumeId, id);
    if (current.author?.id !== userId && role !== 'owner') throw forbidden('only its author or the resume’s owner may delete a comment');
    if (!(await this.deps.store.comments.delete(resumeId, id))) throw notFound('comment');
    this.deps.realtime.toResume(resumeId, 'comment', { resumeId, action: 'deleted', comment: { id, threadId: current.threadId } });
  }

  async setResolved(resumeId: string, userId: string, rootId: string, resolved: boolean) {
    const current = await this.comment(resumeId, rootId);
    if (current.threadId !== null) throw new AppError(400, 'bad_request', 'resolve or reopen the thread, not a reply');
    if ((current.resolvedAt !== null) === resolved) {
      throw new AppError(409, 'conflict', resolved ? 'this thread is already resolved' : 'this thread is already open');
    }
    const root = await this.deps.store.comments.setResolved(resumeId, rootId, resolved ? userId : null);
    if (!root) throw notFound('comment');
    const thread = publicThread(await this.threadOf(resumeId, rootId));
    this.announce(resumeId, resolved ? 'resolved' : 'reopened', thread);
    return thread;
  }

  private announce(resumeId: string, action: CommentAction, thread: ReturnType<typeof publicThread>): void {
    this.deps.realtime.toResume(resumeId, 'comment', { resumeId, action, comment: thread });
  }

  private async comment(resumeId: string, id: string): Promise<CommentRow> {
    const row = await this.deps.store.comments.get(resumeId, id);
    if (!row) throw notFound('comment');
    return row;
  }

  private async threadOf(resumeId: string, rootId: string): Promise<CommentRow[]> {
    const rows = await this.deps.store.comments.thread(resumeId, rootId);
    if (rows.length === 0) throw notFound('comment thread');
    return rows;
  }

  /** The resume's members and roles; a 400 when a mention names someone who is not one. */
  private async members(resumeId: string, mentions: readonly string[]): Promise<Map<string, Role>> {
    const members = new Map((await this.deps.store.members.list(resumeId)).map((m) => [m.userId, m.role] as const));
    const strangers = mentions.filter((id) => !members.has(id));
    if (strangers.length > 0) {
      const message = `${strangers.join(', ')} ${strangers.length === 1 ? 'is not a member' : 'are not members'} of this resume`;
      throw new AppError(400, 'validation_failed', `mentions: ${message}`, { fields: [{ path: 'mentions', message }] });
    }
    return members;
  }

  /** Mentioned members hear `mention`; the others (still members, not mentioned) hear `kind`. */
  private async tell(
    resumeId: string,
    actorId: string,
    members: Map<string, Role>,
    what: { mentioned: readonly string[]; others: readonly string[]; kind: NotificationKind; data: Record<string, unknown> },
  ): Promise<void> {
    const mentioned = what.mentioned.filter((id) => members.has(id));
    const others = what.others.filter((id) => members.has(id) && !mentioned.includes(id));
    await Promise.all([
      this.deps.notifications.notify({ userIds: mentioned, kind: 'mention', resumeId, actorId, data: what.data }),
      this.deps.notifications.notify({ userIds: others, kind: what.kind, resumeId, actorId, data: what.data }),
    ]);
  }
}

/** Everyone who wrote in the thread. */
function participants(rows: readonly CommentRow[]): string[] {
  return [...new Set(rows.flatMap((r) => (r.author ? [r.author.id] : [])))];
}
