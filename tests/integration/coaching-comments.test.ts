// Comment threads through a real server: create on a span or an item, reply, mention, edit,
// delete, resolve and reopen; the anchor follows concurrent typing by stock y-websocket clients
// and a deleted span leaves its thread detached; events and notifications reach members live and
// never a stranger; bad input is refused with clear errors and changes nothing.
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fieldText, getItems, spanAnchor, type FieldRef, type SpanAnchor } from '../../collab/index.ts';
import { acceptInvite, api, createResume, invite, signup, type TestUser } from '../harness/api.ts';
import { connect, destroyClients, until } from '../harness/collab.ts';
import { closeSockets, joinRoom, nextEvent, socketFor } from '../harness/realtime.ts';
import { startServer, type TestServer } from '../harness/server.ts';

const BULLET = 'Led a team of four engineers shipping the checkout';

interface Thread {
  id: string;
  body: string;
  author: { id: string; username: string } | null;
  mentions: string[];
  anchor: { kind: string; quote?: string } | null;
  resolved: { at: string; by: { id: string } | null } | null;
  replies: Array<{ id: string; body: string; author: { id: string } | null }>;
  state?: { attached: boolean; currentText?: string; index?: number; reason?: string };
}
interface CommentEvent {
  resumeId: string;
  action: string;
  comment: { id: string; threadId?: string | null; replies?: unknown[] };
}
interface NotificationEvent {
  notification: { kind: string; resume: { id: string } | null; actor: { id: string } | null; data: Record<string, unknown> };
  unread: number;
}

let server: TestServer;
// People are signed up once; each test shares its own resumes with them.
let owner: TestUser;
let coach: TestUser;
let viewer: TestUser;
let editor: TestUser;
let stranger: TestUser;
beforeAll(async () => {
  server = await startServer();
  [owner, coach, viewer, editor, stranger] = await Promise.all([signup(server), signup(server), signup(server), signup(server), signup(server)]);
});
afterEach(() => {
  destroyClients();
  closeSockets();
});
afterAll(async () => {
  await server.close();
});

const share = async (id: string, user: TestUser, role: 'editor' | 'commenter' | 'viewer') =>
  acceptInvite(server, user.cookie, await invite(server, owner.cookie, id, role));

/** The owner's resume with one job and its bullet, shared with the coach (commenter), the viewer and the editor. */
async function coachedResume() {
  const { id } = await createResume(server, owner.cookie, {
    title: 'Coached',
    jsonResume: { basics: { name: 'Ana Ruiz', summary: 'Product engineer.' }, work: [{ name: 'Acme', position: 'Engineer', highlights: [BULLET] }] },
  });
  await Promise.all([share(id, coach, 'commenter'), share(id, viewer, 'viewer'), share(id, editor, 'editor')]);
  const client = connect(server, id, { cookie: coach.cookie });
  await client.synced();
  const workId = getItems(client.doc, 'work')[0]?.id ?? '';
  const bullet: FieldRef = { list: 'work', itemId: workId, field: 'highlights.0' };
  return { id, doc: client.doc, workId, bullet };
}

function anchorOn(doc: Y.Doc, ref: FieldRef, quote: string): SpanAnchor {
  const text = fieldText(doc, ref);
  const at = text?.toString().indexOf(quote) ?? -1;
  if (!text || at < 0) throw new Error(`"${quote}" is not in ${ref.field}`);
  return spanAnchor(text, ref, at, quote.length);
}

const threads = async (cookie: string, id: string) => {
  const res = await api(server, 'GET', `/api/resumes/${id}/comments`, { cookie });
  expect(res.status).toBe(200);
  return (res.body as { threads: Thread[] }).threads;
};

async function joined(user: TestUser, id: string): Promise<Socket> {
  const socket = await socketFor(server, user.cookie);
  expect(await joinRoom(socket, id)).toMatchObject({ ok: true });
  return socket;
}

describe('comment threads', () => {
  it('are created on a span, answered, and reach the members live while a stranger hears nothing', async () => {
    const { id, doc, bullet } = await coachedResume();
    const [ownerSocket, viewerSocket, strangerSocket] = await Promise.all([joined(owner, id), joined(viewer, id), socketFor(server, stranger.cookie)]);
    expect(await joinRoom(strangerSocket, id)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const heardByStranger: unknown[] = [];
    strangerSocket.onAny((event: string, payload: unknown) => heardByStranger.push([event, payload]));

    const created = nextEvent<CommentEvent>(ownerSocket, 'comment', (e) => e.resumeId === id && e.action === 'created');
    const seenByViewer = nextEvent<CommentEvent>(viewerSocket, 'comment', (e) => e.action === 'created');
    const ownerNotified = nextEvent<NotificationEvent>(ownerSocket, 'notification', (e) => e.notification.kind === 'comment');
    const res = await api(server, 'POST', `/api/resumes/${id}/comments`, {
      cookie: coach.cookie,
      body: { anchor: anchorOn(doc, bullet, 'four engineers'), body: 'Name the result: what did the checkout gain?' },
    });
    expect(res.status).toBe(201);
    const thread = res.body as Thread;
    expect(thread).toMatchObject({
      body: 'Name the result: what did the checkout gain?',
      author: { id: coach.user.id, username: coach.user.username },
      anchor: { kind: 'span', quote: 'four engineers' },
      resolved: null,
      replies: [],
      state: { attached: true, currentText: 'four engineers', index: BULLET.indexOf('four') },
    });
    expect((await created).comment.id).toBe(thread.id);
    expect((await seenByViewer).comment.id).toBe(thread.id);
    expect((await ownerNotified).notification).toMatchObject({ resume: { id }, actor: { id: coach.user.id }, data: { threadId: thread.id } });

    // The owner answers and mentions the coach; the coach hears a mention (not also a reply).
    const coachSocket = await socketFor(server, coach.cookie);
    const mentioned = nextEvent<NotificationEvent>(coachSocket, 'notification');
    const replied = nextEvent<CommentEvent>(viewerSocket, 'comment', (e) => e.action === 'replied');
    const reply = await api(server, 'POST', `/api/resumes/${id}/comments/${thread.id}/replies`, {
      cookie: owner.cookie,
      body: { body: `@${coach.user.username} it cut abandoned carts by a third`, mentions: [coach.user.id] },
    });
    expect(reply.status).toBe(201);
    expect((await mentioned).notification).toMatchObject({ kind: 'mention', actor: { id: owner.user.id }, data: { threadId: thread.id } });
    expect((await replied).comment).toMatchObject({ id: thread.id, replies: [{ body: `@${coach.user.username} it cut abandoned carts by a third` }] });

    const [listed] = await threads(viewer.cookie, id);
    expect(listed).toMatchObject({ id: thread.id, replies: [{ author: { id: owner.user.id } }] });

    // A round trip on the stranger's socket after the members heard everything: it heard nothing.
    await joinRoom(strangerSocket, id);
    expect(heardByStranger).toEqual([]);
  });

  it('are resolved and reopened by commenters and up, not by viewers, who still read them', async () => {
    const { id, workId } = await coachedResume();
    const res = await api(server, 'POST', `/api/resumes/${id}/comments`, {
      cookie: owner.cookie,
      body: { anchor: { kind: 'item', list: 'work', itemId: workId }, body: 'Is this job still relevant?' },
    });
    expect(res.status).toBe(201);
    const thread = res.body as Thread;
    expect(thread.state).toEqual({ attached: true, kind: 'item' });

    const viewerSocket = await joined(viewer, id);
    const resolvedEvent = nextEvent<CommentEvent>(viewerSocket, 'comment', (e) => e.action === 'resolved');
    const resolve = await api(server, 'POST', `/api/resumes/${id}/comments/${thread.id}/resolve`, { cookie: coach.cookie });
    expect(resolve.status).toBe(200);
    expect(resolve.body).toMatchObject({ resolved: { by: { id: coach.user.id } } });
    expect((await resolvedEvent).comment.id).toBe(thread.id);
    expect((await api(server, 'POST', `/api/resumes/${id}/comments/${thread.id}/resolve`, { cookie: owner.cookie })).status).toBe(409);

    const byViewer = await api(server, 'POST', `/api/resumes/${id}/comments/${thread.id}/reopen`, { cookie: viewer.cookie });
    expect(byViewer.status).toBe(403);
    expect((await api(server, 'POST', `/api/resumes/${id}/comments`, { cookie: viewer.cookie, body: { anchor: { kind: 'item', list: 'work', itemId: workId }, body: 'hi' } })).status).toBe(403);

    const reopen = await api(server, 'POST', `/api/resumes/${id}/comments/${thread.id}/reopen`, { cookie: owner.cookie });
    expect(reopen.status).toBe(200);
    expect(reopen.body).toMatchObject({ resolved: null });
    expect((await threads(viewer.cookie, id)).map((t) => t.resolved)).toEqual([null]);
  });

  it('are edited only by their author and deleted by their author or the owner', async () => {
    const { id, workId } = await coachedResume();
    const post = async (user: TestUser) =>
      (await api(server, 'POST', `/api/resumes/${id}/comments`, { cookie: user.cookie, body: { anchor: { kind: 'item', list: 'work', itemId: workId }, body: 'first words' } })).body as Thread;
    const coachThread = await post(coach);
    const editorThread = await post(editor);

    const byOwner = await api(server, 'PATCH', `/api/resumes/${id}/comments/${coachThread.id}`, { cookie: owner.cookie, body: { body: 'rewritten' } });
    expect(byOwner.status).toBe(403);
    const edited = await api(server, 'PATCH', `/api/resumes/${id}/comments/${coachThread.id}`, {
      cookie: coach.cookie,
      body: { body: 'better words', mentions: [editor.user.id] },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ body: 'better words', mentions: [editor.user.id] });

    expect((await api(server, 'DELETE', `/api/resumes/${id}/comments/${editorThread.id}`, { cookie: coach.cookie })).status).toBe(403);
    expect((await api(server, 'DELETE', `/api/resumes/${id}/comments/${editorThread.id}`, { cookie: owner.cookie })).status).toBe(204);
    const reply = (await api(server, 'POST', `/api/resumes/${id}/comments/${coachThread.id}/replies`, { cookie: editor.cookie, body: { body: 'noted' } })).body as {
      reply: { id: string };
    };
    expect((await api(server, 'DELETE', `/api/resumes/${id}/comments/${reply.reply.id}`, { cookie: editor.cookie })).status).toBe(204);
    const left = await threads(coach.cookie, id);
    expect(left.map((t) => [t.id, t.body, t.replies.length])).toEqual([[coachThread.id, 'better words', 0]]);
    expect((await api(server, 'DELETE', `/api/resumes/${id}/comments/${coachThread.id}`, { cookie: coach.cookie })).status).toBe(204);
    expect(await threads(coach.cookie, id)).toEqual([]);
  });
});

describe('comment anchors', () => {
  it('follow concurrent typing around and inside the span by two stock clients', async () => {
    const { id, doc, bullet } = await coachedResume();
    const res = await api(server, 'POST', `/api/resumes/${id}/comments`, {
      cookie: coach.cookie,
      body: { anchor: anchorOn(doc, bullet, 'four engineers'), body: 'How many exactly?' },
    });
    const thread = res.body as Thread;
    const [a, b] = [connect(server, id, { cookie: owner.cookie }), connect(server, id, { cookie: editor.cookie })];
    await Promise.all([a.synced(), b.synced()]);
    const ta = fieldText(a.doc, bullet);
    const tb = fieldText(b.doc, bullet);
    if (!ta || !tb) throw new Error('the bullet is missing');
    // Both type at once, from the same state: before and after the span, and inside it.
    ta.insert(0, 'Hired and ');
    ta.insert(ta.length, ' rewrite');
    tb.insert(BULLET.indexOf('engineers'), 'senior ');
    tb.delete(0, 'Led'.length);
    tb.insert(0, 'Grew');
    const expected = 'Hired and Grew a team of four senior engineers shipping the checkout rewrite';
    await until(() => {
      expect(ta.toString()).toBe(expected);
      expect(tb.toString()).toBe(expected);
    });
    await until(async () => {
      const [now] = await threads(owner.cookie, id);
      expect(now?.state).toMatchObject({ attached: true, currentText: 'four senior engineers', index: expected.indexOf('four') });
    });
    // Deleting the span's words leaves the thread in place, detached.
    ta.delete(expected.indexOf('four'), 'four senior engineers '.length);
    await until(async () => {
      const [now] = await threads(owner.cookie, id);
      expect(now).toMatchObject({ id: thread.id, body: 'How many exactly?', state: { attached: false, reason: 'deleted' } });
    });
  });
});

describe('bad comment input', () => {
  it('is refused with a clear error and changes nothing', async () => {
    const { id, doc, bullet, workId } = await coachedResume();
    const other = await coachedResume();
    const anchor = anchorOn(doc, bullet, 'four engineers');
    const post = (body: unknown, cookie = coach.cookie, resumeId = id) => api(server, 'POST', `/api/resumes/${resumeId}/comments`, { cookie, body });
    const otherThread = (await post({ anchor: { kind: 'item', list: 'work', itemId: other.workId }, body: 'elsewhere' }, coach.cookie, other.id)).body as Thread;

    const cases: Array<[string, Awaited<ReturnType<typeof api>>, number, RegExp]> = [
      ['stranger', await post({ anchor, body: 'hi' }, stranger.cookie), 404, /resume not found/],
      ['unknown resume', await post({ anchor, body: 'hi' }, coach.cookie, '00000000-0000-4000-8000-000000000000'), 404, /resume not found/],
      ['empty body', await post({ anchor, body: '   ' }), 400, /^body: must not be empty/],
      ['oversized body', await post({ anchor, body: 'x'.repeat(5001) }), 400, /^body: at most 5000 characters/],
      ['unknown field', await post({ anchor, body: 'hi', extra: 1 }), 400, /extra|Unrecognized/i],
      ['mention of a stranger', await post({ anchor, body: 'hi', mentions: [stranger.user.id] }), 400, /^mentions: .* is not a member/],
      ['quote that does not match', await post({ anchor: { ...anchor, quote: 'five engineers' }, body: 'hi' }), 400, /^anchor: the quoted text is not what the field reads/],
      ['positions from another resume', await post({ anchor: { ...anchorOn(other.doc, other.bullet, 'four engineers'), itemId: workId }, body: 'hi' }), 400, /^anchor: /],
      ['garbage positions', await post({ anchor: { ...anchor, start: 'not base64!' }, body: 'hi' }), 400, /^anchor\.start: must be an encoded Yjs relative position/],
      ['unknown item', await post({ anchor: { kind: 'item', list: 'work', itemId: 'nope' }, body: 'hi' }), 400, /^anchor: there is no work item "nope"/],
      ['unknown list', await post({ anchor: { kind: 'item', list: 'hobbies', itemId: workId }, body: 'hi' }), 400, /^anchor\.list: /],
      ['unknown field path', await post({ anchor: { ...anchor, field: 'highlights.7' }, body: 'hi' }), 400, /^anchor: the item has no text field "highlights.7"/],
      ['reply to another resume’s thread', await api(server, 'POST', `/api/resumes/${id}/comments/${otherThread.id}/replies`, { cookie: coach.cookie, body: { body: 'hi' } }), 404, /comment thread not found/],
      ['resolve another resume’s thread', await api(server, 'POST', `/api/resumes/${id}/comments/${otherThread.id}/resolve`, { cookie: coach.cookie }), 404, /comment not found/],
      ['delete another resume’s comment', await api(server, 'DELETE', `/api/resumes/${id}/comments/${otherThread.id}`, { cookie: owner.cookie }), 404, /comment not found/],
      ['malformed comment id', await api(server, 'PATCH', `/api/resumes/${id}/comments/not-an-id`, { cookie: coach.cookie, body: { body: 'hi' } }), 404, /comment not found/],
    ];
    for (const [name, res, status, message] of cases) {
      expect({ name, status: res.status }).toEqual({ name, status });
      const error = (res.body as { error: { code: string; message: string } }).error;
      expect({ name, message: error.message }).toEqual({ name, message: expect.stringMatching(message) });
    }
    expect(await threads(owner.cookie, id)).toEqual([]);
    expect((await threads(owner.cookie, other.id)).map((t) => [t.id, t.replies.length, t.resolved])).toEqual([[otherThread.id, 0, null]]);
  });
});
