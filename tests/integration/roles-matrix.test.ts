// Every role against every action, through a real server: REST routes, the live document
// (/collab with the stock y-websocket client) and socket.io room joins. Members whose role does not
// allow an action get 403, strangers 404 (they learn nothing), anonymous callers 401; allowed
// calls succeed. Access changes apply to live connections at once and to the next REST call.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fieldText, getJobDescriptionText, getItems, spanAnchor, type FieldRef, type SpanAnchor } from '../../collab/index.ts';
import { acceptInvite, api, createResume, invite, signup, type TestUser } from '../harness/api.ts';
import { connect, destroyClients, until, upgradeAnswer } from '../harness/collab.ts';
import { closeSockets, joinRoom, nextEvent, socketFor } from '../harness/realtime.ts';
import { startServer, type TestServer } from '../harness/server.ts';

type MemberRole = 'owner' | 'editor' | 'commenter' | 'viewer';
type Who = MemberRole | 'stranger' | 'anonymous';
const MEMBERS: MemberRole[] = ['owner', 'editor', 'commenter', 'viewer'];
const EVERYONE: Who[] = [...MEMBERS, 'stranger', 'anonymous'];
const READ_ONLY = 'read-only: viewers and commenters cannot edit';

interface Fixture {
  id: string;
  /** A span of the summary ("hard problems"), as a client anchors it. */
  anchor: SpanAnchor;
  /** The work item's id, for per-item actions. */
  workId: string;
  /** A thread the owner started, and a version the owner saved. */
  threadId: string;
  versionId: string;
  /** A viewer no actor is, for actions on "another member". */
  extra: TestUser;
  /** An open invitation link of the resume. */
  invitationId: string;
}

interface Action {
  name: string;
  /** Roles that may do it; the others get 403, strangers 404, anonymous 401. */
  allowed: readonly MemberRole[];
  /** A fresh resume for each caller: the action changes or removes something. */
  fresh?: boolean;
  /** Exceptions to the rule above, by caller. */
  expect?: Partial<Record<Who, number>>;
  /** Makes what the caller acts on, as the owner or the commenter, before each call. */
  prepare?: (f: Fixture) => Promise<void>;
  run(f: Fixture, cookie: string | undefined): Promise<number>;
}

let server: TestServer;
const people = {} as Record<Exclude<Who, 'anonymous'>, TestUser> & { extra: TestUser };

const SUMMARY = 'Product engineer who likes hard problems.';

async function fixture(): Promise<Fixture> {
  const { id } = await createResume(server, people.owner.cookie, {
    title: 'Matrix resume',
    jsonResume: { basics: { name: 'Ana Ruiz', summary: SUMMARY }, work: [{ name: 'Acme', position: 'Engineer' }] },
  });
  for (const role of ['editor', 'commenter', 'viewer'] as const) {
    await acceptInvite(server, people[role].cookie, await invite(server, people.owner.cookie, id, role));
  }
  await acceptInvite(server, people.extra.cookie, await invite(server, people.owner.cookie, id, 'viewer'));
  const link = await api(server, 'POST', `/api/resumes/${id}/invitations`, { cookie: people.owner.cookie, body: { role: 'viewer' } });
  const client = connect(server, id, { cookie: people.owner.cookie });
  await client.synced();
  const ref: FieldRef = { list: 'basics', itemId: 'basics', field: 'summary' };
  const text = fieldText(client.doc, ref);
  if (!text) throw new Error('no summary');
  const anchor = spanAnchor(text, ref, SUMMARY.indexOf('hard problems'), 'hard problems'.length);
  const workId = getItems(client.doc, 'work')[0]?.id ?? '';
  client.destroy();
  const thread = await api(server, 'POST', `/api/resumes/${id}/comments`, {
    cookie: people.owner.cookie,
    body: { anchor: { kind: 'item', list: 'work', itemId: workId }, body: 'Add numbers here.' },
  });
  const version = await api(server, 'POST', `/api/resumes/${id}/versions`, { cookie: people.owner.cookie, body: { name: 'Start' } });
  return {
    id,
    anchor,
    workId,
    threadId: (thread.body as { id: string }).id,
    versionId: (version.body as { id: string }).id,
    extra: people.extra,
    invitationId: (link.body as { id: string }).id,
  };
}

/** A fresh pending suggestion of the commenter's on the fixture (each caller acts on its own). */
async function pendingSuggestion(f: Fixture): Promise<string> {
  const res = await api(server, 'POST', `/api/resumes/${f.id}/suggestions`, {
    cookie: people.commenter.cookie,
    body: { source: 'person', anchor: f.anchor, replacement: 'hard, ambiguous problems' },
  });
  if (res.status !== 201) throw new Error(`suggestion failed: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { id: string }).id;
}

/** A fresh open thread of the owner's on the fixture. */
async function openThread(f: Fixture): Promise<string> {
  const res = await api(server, 'POST', `/api/resumes/${f.id}/comments`, {
    cookie: people.owner.cookie,
    body: { anchor: { kind: 'item', list: 'work', itemId: f.workId }, body: 'A thread.' },
  });
  return (res.body as { id: string }).id;
}

const call =
  (method: string, path: (f: Fixture) => string, body?: unknown) =>
  async (f: Fixture, cookie: string | undefined): Promise<number> =>
    (await api(server, method, path(f), { cookie, body })).status;

const ACTIONS: Action[] = [
  { name: 'read the resume', allowed: MEMBERS, run: call('GET', (f) => `/api/resumes/${f.id}`) },
  { name: 'export JSON Resume', allowed: MEMBERS, run: call('GET', (f) => `/api/resumes/${f.id}/json`) },
  { name: 'export PDF', allowed: MEMBERS, run: call('GET', (f) => `/api/resumes/${f.id}/pdf`) },
  { name: 'export Markdown', allowed: MEMBERS, run: call('GET', (f) => `/api/resumes/${f.id}/export.md`) },
  { name: 'export plain text', allowed: MEMBERS, run: call('GET', (f) => `/api/resumes/${f.id}/export.txt`) },
  { name: 'count printed pages', allowed: MEMBERS, run: call('GET', (f) => `/api/resumes/${f.id}/pages`) },
  { name: 'publish a public link', allowed: ['owner'], run: call('POST', (f) => `/api/resumes/${f.id}/public-link`) },
  { name: 'see the public link and its counts', allowed: ['owner'], run: call('GET', (f) => `/api/resumes/${f.id}/public-link`) },
  { name: 'turn the public link off', allowed: ['owner'], fresh: true, run: call('DELETE', (f) => `/api/resumes/${f.id}/public-link`) },
  { name: 'get a collab token', allowed: MEMBERS, run: call('POST', (f) => `/api/resumes/${f.id}/collab-token`) },
  { name: 'ask for an analysis', allowed: MEMBERS, run: call('POST', (f) => `/api/resumes/${f.id}/analysis`) },
  // (after the one above, so there is an analysis to read)
  { name: 'read the latest analysis', allowed: MEMBERS, run: call('GET', (f) => `/api/resumes/${f.id}/analysis`) },
  { name: 'rename', allowed: ['owner', 'editor'], run: call('PATCH', (f) => `/api/resumes/${f.id}`, { title: 'Renamed' }) },
  { name: 'invite by link', allowed: ['owner'], run: call('POST', (f) => `/api/resumes/${f.id}/invitations`, { role: 'commenter' }) },
  { name: 'list open links', allowed: ['owner'], run: call('GET', (f) => `/api/resumes/${f.id}/invitations`) },
  { name: 'revoke a link', allowed: ['owner'], fresh: true, run: call('DELETE', (f) => `/api/resumes/${f.id}/invitations/${f.invitationId}`) },
  {
    name: "change another member's role",
    allowed: ['owner'],
    fresh: true,
    run: call('PATCH', (f) => `/api/resumes/${f.id}/members/${f.extra.user.id}`, { role: 'commenter' }),
  },
  { name: 'remove another member', allowed: ['owner'], fresh: true, run: call('DELETE', (f) => `/api/resumes/${f.id}/members/${f.extra.user.id}`) },
  {
    name: 'leave the resume',
    allowed: ['editor', 'commenter', 'viewer'],
    fresh: true,
    // The owner cannot leave their own resume: there is no such membership to remove.
    expect: { owner: 404 },
    run: async (f, cookie) => {
      const me = await api(server, 'GET', '/api/me', { cookie });
      const id = me.status === 200 ? (me.body as { user: { id: string } }).user.id : people.extra.user.id;
      return (await api(server, 'DELETE', `/api/resumes/${f.id}/members/${id}`, { cookie })).status;
    },
  },
  { name: 'delete the resume', allowed: ['owner'], fresh: true, run: call('DELETE', (f) => `/api/resumes/${f.id}`) },

  // Coaching: comments and suggestions.
  { name: 'read comments', allowed: MEMBERS, run: call('GET', (f) => `/api/resumes/${f.id}/comments`) },
  {
    name: 'comment on an item',
    allowed: ['owner', 'editor', 'commenter'],
    run: (f, cookie) => call('POST', () => `/api/resumes/${f.id}/comments`, { anchor: { kind: 'item', list: 'work', itemId: f.workId }, body: 'Why?' })(f, cookie),
  },
  {
    name: 'comment on a span',
    allowed: ['owner', 'editor', 'commenter'],
    run: (f, cookie) => call('POST', () => `/api/resumes/${f.id}/comments`, { anchor: f.anchor, body: 'Which ones?' })(f, cookie),
  },
  { name: 'reply to a thread', allowed: ['owner', 'editor', 'commenter'], run: call('POST', (f) => `/api/resumes/${f.id}/comments/${f.threadId}/replies`, { body: 'Agreed.' }) },
  {
    name: 'resolve a thread',
    allowed: ['owner', 'editor', 'commenter'],
    run: async (f, cookie) => call('POST', (x) => `/api/resumes/${x.id}/comments/${threadIds.get(f)}/resolve`)(f, cookie),
    prepare: async (f) => void threadIds.set(f, await openThread(f)),
  },
  // Only a comment's author edits it; the author or the owner deletes it (this one is the owner's).
  { name: "edit the owner's comment", allowed: ['owner'], run: call('PATCH', (f) => `/api/resumes/${f.id}/comments/${f.threadId}`, { body: 'Add numbers, please.' }) },
  {
    name: "delete the owner's thread",
    allowed: ['owner'],
    run: async (f, cookie) => call('DELETE', (x) => `/api/resumes/${x.id}/comments/${threadIds.get(f)}`)(f, cookie),
    prepare: async (f) => void threadIds.set(f, await openThread(f)),
  },
  { name: 'read suggestions', allowed: MEMBERS, run: call('GET', (f) => `/api/resumes/${f.id}/suggestions`) },
  {
    name: 'suggest a replacement',
    allowed: ['owner', 'editor', 'commenter'],
    run: (f, cookie) => call('POST', () => `/api/resumes/${f.id}/suggestions`, { source: 'person', anchor: f.anchor, replacement: 'tough problems' })(f, cookie),
  },
  {
    name: 'accept a suggestion',
    allowed: ['owner', 'editor'],
    fresh: true,
    run: async (f, cookie) => call('POST', (x) => `/api/resumes/${x.id}/suggestions/${suggestionIds.get(f)}/accept`)(f, cookie),
    prepare: async (f) => void suggestionIds.set(f, await pendingSuggestion(f)),
  },
  {
    name: 'reject a suggestion',
    // The commenter wrote it: rejecting their own is withdrawing it.
    allowed: ['owner', 'editor', 'commenter'],
    run: async (f, cookie) => call('POST', (x) => `/api/resumes/${x.id}/suggestions/${suggestionIds.get(f)}/reject`)(f, cookie),
    prepare: async (f) => void suggestionIds.set(f, await pendingSuggestion(f)),
  },
  {
    name: 'accept all of an item',
    allowed: ['owner', 'editor'],
    fresh: true,
    run: (f, cookie) => call('POST', () => `/api/resumes/${f.id}/suggestions/accept-all`, { list: 'basics', itemId: 'basics' })(f, cookie),
    prepare: async (f) => void (await pendingSuggestion(f)),
  },
  {
    name: 'reject all of an item',
    allowed: ['owner', 'editor'],
    run: (f, cookie) => call('POST', () => `/api/resumes/${f.id}/suggestions/reject-all`, { list: 'basics', itemId: 'basics' })(f, cookie),
    prepare: async (f) => void (await pendingSuggestion(f)),
  },

  // Versions and the activity log.
  { name: 'list versions', allowed: MEMBERS, run: call('GET', (f) => `/api/resumes/${f.id}/versions`) },
  { name: 'view a version', allowed: MEMBERS, run: call('GET', (f) => `/api/resumes/${f.id}/versions/${f.versionId}`) },
  { name: 'compare a version with now', allowed: MEMBERS, run: call('GET', (f) => `/api/resumes/${f.id}/versions/compare?from=${f.versionId}&to=current`) },
  { name: 'save a named version', allowed: ['owner', 'editor'], run: call('POST', (f) => `/api/resumes/${f.id}/versions`, { name: 'Checkpoint' }) },
  // The content still equals the version: restoring changes nothing visible and may repeat.
  { name: 'restore a version', allowed: ['owner', 'editor'], run: call('POST', (f) => `/api/resumes/${f.id}/versions/${f.versionId}/restore`) },
  { name: 'read the activity log', allowed: ['owner'], run: call('GET', (f) => `/api/resumes/${f.id}/activity`) },
];

/** Targets made per caller by `prepare` (a thread to resolve, a suggestion to decide). */
const threadIds = new Map<Fixture, string>();
const suggestionIds = new Map<Fixture, string>();

function expected(action: Action, who: Who): number | 'ok' {
  const special = action.expect?.[who];
  if (special !== undefined) return special;
  if (who === 'anonymous') return 401;
  if (who === 'stranger') return 404;
  return action.allowed.includes(who) ? 'ok' : 403;
}

const cookieOf = (who: Who) => (who === 'anonymous' ? undefined : people[who].cookie);

beforeAll(async () => {
  server = await startServer();
  for (const who of [...MEMBERS, 'stranger', 'extra'] as const) people[who] = await signup(server);
});
afterEach(() => {
  destroyClients();
  closeSockets();
});
afterAll(async () => {
  await server.close();
});

describe('role × action over REST', () => {
  let shared: Fixture;
  beforeAll(async () => {
    shared = await fixture();
  });

  it.each(ACTIONS.map((a) => [a.name, a] as const))('%s', async (_name, action) => {
    const got: Record<string, number | 'ok'> = {};
    for (const who of EVERYONE) {
      const f = action.fresh ? await fixture() : shared;
      await action.prepare?.(f);
      const status = await action.run(f, cookieOf(who));
      got[who] = status >= 200 && status < 300 ? 'ok' : status;
    }
    const want = Object.fromEntries(EVERYONE.map((who) => [who, expected(action, who)]));
    expect(got).toEqual(want);
  });
});

describe('role × action on the live document (/collab, stock y-websocket)', () => {
  it('lets every member read, only owners and editors write, and refuses strangers and anonymous callers', async () => {
    const f = await fixture();
    const owner = connect(server, f.id, { cookie: people.owner.cookie });
    await owner.synced();
    getJobDescriptionText(owner.doc).insert(0, 'Base.');
    for (const role of ['editor', 'commenter', 'viewer'] as const) {
      const client = connect(server, f.id, { cookie: people[role].cookie });
      await until(() => expect(getJobDescriptionText(client.doc).toString()).toContain('Base.'));
      getJobDescriptionText(client.doc).insert(0, `[${role}]`);
      if (role === 'editor') {
        await until(() => expect(getJobDescriptionText(owner.doc).toString()).toContain('[editor]'));
        expect(client.denied).toEqual([]);
      } else {
        await until(() => expect(client.denied).toEqual([READ_ONLY]));
      }
    }
    // A newcomer's copy holds exactly the writes that were allowed.
    const probe = connect(server, f.id, { cookie: people.owner.cookie });
    await probe.synced();
    expect(getJobDescriptionText(probe.doc).toString()).toBe('[editor]Base.');
    expect((await upgradeAnswer(`${server.wsUrl}/collab/${f.id}`, { cookie: people.stranger.cookie })).status).toBe(403);
    expect((await upgradeAnswer(`${server.wsUrl}/collab/${f.id}`)).status).toBe(401);
  });
});

describe('role × action on socket.io rooms', () => {
  it('lets every member join the resume room with their role and refuses strangers and anonymous sockets', async () => {
    const f = await fixture();
    for (const role of MEMBERS) {
      const socket = await socketFor(server, people[role].cookie);
      expect(await joinRoom(socket, f.id)).toEqual({ ok: true, role });
    }
    const stranger = await socketFor(server, people.stranger.cookie);
    expect(await joinRoom(stranger, f.id)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await expect(socketFor(server, 'sid=forged')).rejects.toThrow(/sign in first/);
  });
});

describe('access changes on live connections', () => {
  it('revocation closes the live socket within a second, takes the member out of the room, and the next REST call is refused', async () => {
    const f = await fixture();
    const editor = connect(server, f.id, { cookie: people.editor.cookie });
    await editor.synced();
    const socket = await socketFor(server, people.editor.cookie);
    expect(await joinRoom(socket, f.id)).toMatchObject({ ok: true });
    const owner = await socketFor(server, people.owner.cookie);
    await joinRoom(owner, f.id);
    const closed = new Promise<{ code: number; at: number }>((resolve) =>
      editor.provider.once('closed', (event: { code: number }) => resolve({ code: event.code, at: performance.now() })),
    );
    const told = nextEvent<{ userId: string; role: string | null }>(socket, 'membership');

    const started = performance.now();
    const removed = await api(server, 'DELETE', `/api/resumes/${f.id}/members/${people.editor.user.id}`, { cookie: people.owner.cookie });
    expect(removed.status).toBe(200);
    const { code, at } = await closed;
    expect(code).toBe(4403);
    console.log(`revocation → socket closed: ${(at - started).toFixed(1)} ms`);
    expect(await told).toEqual({ resumeId: f.id, userId: people.editor.user.id, role: null });
    expect((await api(server, 'GET', `/api/resumes/${f.id}`, { cookie: people.editor.cookie })).status).toBe(404);

    // Out of the room: a later event there does not reach the removed member's socket.
    let heard = 0;
    socket.on('membership', () => (heard += 1));
    const ownerHeard = nextEvent<{ userId: string }>(owner, 'membership', (m) => m.userId === people.viewer.user.id);
    await api(server, 'PATCH', `/api/resumes/${f.id}/members/${people.viewer.user.id}`, { cookie: people.owner.cookie, body: { role: 'editor' } });
    await ownerHeard;
    expect(heard).toBe(0);
  });

  it('a downgrade turns the live socket read-only at once and the next REST call is refused; an upgrade lets a live socket write', async () => {
    const f = await fixture();
    const owner = connect(server, f.id, { cookie: people.owner.cookie });
    const editor = connect(server, f.id, { cookie: people.editor.cookie });
    await Promise.all([owner.synced(), editor.synced()]);
    const patch = (role: string) =>
      api(server, 'PATCH', `/api/resumes/${f.id}/members/${people.editor.user.id}`, { cookie: people.owner.cookie, body: { role } });
    expect((await patch('viewer')).status).toBe(200);
    expect((await api(server, 'PATCH', `/api/resumes/${f.id}`, { cookie: people.editor.cookie, body: { title: 'Mine now' } })).status).toBe(403);
    getJobDescriptionText(editor.doc).insert(0, 'blocked ');
    await until(() => expect(editor.denied).toEqual([READ_ONLY]));

    // A viewer's live socket upgraded to editor writes at once (it made no refused edits, whose
    // missing clocks would hold its later updates back until it resyncs).
    const viewer = connect(server, f.id, { cookie: people.viewer.cookie });
    await viewer.synced();
    expect(
      (await api(server, 'PATCH', `/api/resumes/${f.id}/members/${people.viewer.user.id}`, { cookie: people.owner.cookie, body: { role: 'editor' } }))
        .status,
    ).toBe(200);
    getJobDescriptionText(viewer.doc).insert(0, 'allowed ');
    await until(() => expect(getJobDescriptionText(owner.doc).toString()).toBe('allowed '));
    expect(viewer.denied).toEqual([]);
    expect((await api(server, 'PATCH', `/api/resumes/${f.id}`, { cookie: people.viewer.cookie, body: { title: 'Renamed' } })).status).toBe(200);
  });
});
