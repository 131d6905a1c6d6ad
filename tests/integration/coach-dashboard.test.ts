// The coach dashboard through a real server: what a coach sees of the resumes shared with them
// (role, owner, last edit and by whom after a stock y-websocket client types, who is in it now,
// open comment threads and waiting suggestions made through the real routes), live over
// socket.io (`watch`, `presence`, `edited`, `comment`, `suggestion`), and that owners and
// strangers see nothing of it.
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fieldText, getItems, getJobDescriptionText, spanAnchor } from '../../collab/index.ts';
import { api, createResume, memberWithRole, signup, type TestUser } from '../harness/api.ts';
import { connect, destroyClients, until } from '../harness/collab.ts';
import { closeSockets, joinRoom, nextEvent, socketFor } from '../harness/realtime.ts';
import { startServer, type TestServer } from '../harness/server.ts';

interface Row {
  id: string;
  title: string;
  role: string;
  owner: { id: string; username: string };
  lastEdit: { at: string; by: { id: string; username: string } | null };
  score: number | null;
  scores: number[];
  openComments: number;
  waitingSuggestions: number;
  presence: Array<{ id: string; username: string }>;
}
interface Presence {
  resumeId: string;
  users: Array<{ id: string; username: string }>;
}
interface Edited {
  resumeId: string;
  by: { id: string; username: string } | null;
  at: string;
}

let server: TestServer;
let owner: TestUser;
let coach: TestUser;
let stranger: TestUser;
let resumeId: string;

beforeAll(async () => {
  server = await startServer();
  [owner, stranger] = await Promise.all([signup(server, `maya_${Date.now().toString(36)}`), signup(server)]);
  ({ id: resumeId } = await createResume(server, owner.cookie, { title: 'Product Designer' }));
  coach = await memberWithRole(server, owner.cookie, resumeId, 'commenter');
});
afterEach(() => {
  destroyClients();
  closeSockets();
});
afterAll(() => server.close());

async function dashboard(user: TestUser, query = ''): Promise<Row[]> {
  const res = await api(server, 'GET', `/api/coach/dashboard${query}`, { cookie: user.cookie });
  expect(res.status).toBe(200);
  return (res.body as { resumes: Row[] }).resumes;
}

const watch = (socket: Socket) => socket.emitWithAck('watch') as Promise<{ ok: boolean; resumeIds: string[] }>;

describe('the coach dashboard', () => {
  it('lists the resumes shared with me, with my role and their owner, and nothing before anyone worked on them', async () => {
    const rows = await dashboard(coach);
    expect(rows).toEqual([
      {
        id: resumeId,
        title: 'Product Designer',
        role: 'commenter',
        owner: { id: owner.user.id, username: owner.user.username },
        lastEdit: { at: expect.any(String), by: null },
        score: null,
        scores: [],
        openComments: 0,
        waitingSuggestions: 0,
        presence: [],
      },
    ]);
    expect(await dashboard(coach, `?resume=${resumeId}`)).toEqual(rows);
  });

  it('shows owners nothing of their own resumes, and strangers nothing at all', async () => {
    expect(await dashboard(owner)).toEqual([]);
    expect(await dashboard(stranger)).toEqual([]);
    expect(await dashboard(stranger, `?resume=${resumeId}`)).toEqual([]);
    expect((await api(server, 'GET', '/api/coach/summary', { cookie: stranger.cookie })).body).toEqual({ resumes: 0, clients: 0 });
    expect((await api(server, 'GET', '/api/coach/summary', { cookie: coach.cookie })).body).toEqual({ resumes: 1, clients: 1 });
    expect((await api(server, 'GET', '/api/coach/dashboard')).status).toBe(401);
    const bad = await api(server, 'GET', '/api/coach/dashboard?resume=nope', { cookie: coach.cookie });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'validation_failed' } });

    // socket.io: `watch` joins only resumes shared with the caller.
    const theirs = await socketFor(server, stranger.cookie);
    expect(await watch(theirs)).toEqual({ ok: true, resumeIds: [] });
    expect(await joinRoom(theirs, resumeId)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('shows who has the resume open, live, when a stock client connects and leaves', async () => {
    const live = await socketFor(server, coach.cookie);
    expect(await watch(live)).toEqual({ ok: true, resumeIds: [resumeId] });
    const outsider = await socketFor(server, stranger.cookie);
    await watch(outsider);
    const overheard: unknown[] = [];
    outsider.on('presence', (p: unknown) => overheard.push(p));

    const arrived = nextEvent<Presence>(live, 'presence', (p) => p.resumeId === resumeId && p.users.length > 0);
    const client = connect(server, resumeId, { cookie: owner.cookie });
    await client.synced();
    expect((await arrived).users).toEqual([{ id: owner.user.id, username: owner.user.username }]);
    expect((await dashboard(coach))[0]?.presence).toEqual([{ id: owner.user.id, username: owner.user.username }]);

    // A second socket of the same person is still one person; they are gone when the last leaves.
    const second = connect(server, resumeId, { cookie: owner.cookie });
    await second.synced();
    second.destroy();
    const gone = nextEvent<Presence>(live, 'presence', (p) => p.resumeId === resumeId && p.users.length === 0);
    client.destroy();
    await gone;
    expect((await dashboard(coach))[0]?.presence).toEqual([]);
    // The stranger's socket heard nothing (its ack comes after anything sent to it before).
    await watch(outsider);
    expect(overheard).toEqual([]);
  });

  it('records the last edit and who made it, and tells it live', async () => {
    const live = await socketFor(server, coach.cookie);
    await watch(live);
    const told = nextEvent<Edited>(live, 'edited', (e) => e.resumeId === resumeId);
    const client = connect(server, resumeId, { cookie: owner.cookie });
    await client.synced();
    const before = Date.now();
    getJobDescriptionText(client.doc).insert(0, 'Senior product designer, fintech.');
    const edited = await told;
    expect(edited.by).toEqual({ id: owner.user.id, username: owner.user.username });
    expect(new Date(edited.at).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const [row] = await dashboard(coach);
    expect(row?.lastEdit.by).toEqual({ id: owner.user.id, username: owner.user.username });
    expect(new Date(row?.lastEdit.at ?? 0).getTime()).toBeGreaterThanOrEqual(before - 1000);

    // The last writer wins: an editor types after the owner.
    const editor = await memberWithRole(server, owner.cookie, resumeId, 'editor');
    const theirs = connect(server, resumeId, { cookie: editor.cookie });
    await theirs.synced();
    getJobDescriptionText(theirs.doc).insert(0, 'Remote. ');
    // The event for this one waits for the end of the 5 s window; the stored row does not.
    await until(async () => expect((await dashboard(coach))[0]?.lastEdit.by?.id).toBe(editor.user.id));

    // A commenter's refused edit changes nothing.
    const mine = connect(server, resumeId, { cookie: coach.cookie });
    await mine.synced();
    getJobDescriptionText(mine.doc).insert(0, 'Nope. ');
    await until(() => expect(mine.denied.length).toBeGreaterThan(0));
    expect((await dashboard(coach))[0]?.lastEdit.by?.id).toBe(editor.user.id);
  });

  it('counts open comment threads and waiting suggestions as people work, and tells the watchers', async () => {
    const { id } = await createResume(server, owner.cookie, {
      title: 'Counted',
      jsonResume: { basics: { summary: 'Designer who ships.' }, work: [{ name: 'Acme', highlights: ['Led a redesign'] }] },
    });
    const reviewer = await memberWithRole(server, owner.cookie, id, 'commenter');
    const live = await socketFor(server, reviewer.cookie);
    await watch(live);
    const client = connect(server, id, { cookie: owner.cookie });
    await client.synced();
    const itemId = getItems(client.doc, 'work')[0]?.id ?? '';
    const count = async () => {
      const [row] = await dashboard(reviewer, `?resume=${id}`);
      return { openComments: row?.openComments, waitingSuggestions: row?.waitingSuggestions };
    };
    const post = async (path: string, user: TestUser, body: unknown = {}) => {
      const res = await api(server, 'POST', `/api/resumes/${id}${path}`, { cookie: user.cookie, body });
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      return res.body as { id: string };
    };

    const told = nextEvent<{ resumeId: string }>(live, 'comment', (e) => e.resumeId === id);
    const first = await post('/comments', reviewer, { anchor: { kind: 'item', list: 'work', itemId }, body: 'Quantify this.' });
    await told;
    await post(`/comments/${first.id}/replies`, owner, { body: 'Will do.' });
    await post('/comments', reviewer, { anchor: { kind: 'item', list: 'work', itemId }, body: 'And the dates?' });
    const summary = { list: 'basics' as const, itemId: 'basics', field: 'summary' };
    const text = fieldText(client.doc, summary);
    if (!text) throw new Error('no summary');
    const anchor = spanAnchor(text, summary, 0, 'Designer'.length);
    const suggested = nextEvent<{ resumeId: string }>(live, 'suggestion', (e) => e.resumeId === id);
    const suggestion = await post('/suggestions', reviewer, { anchor, replacement: 'Product designer' });
    await suggested;
    expect(await count()).toEqual({ openComments: 2, waitingSuggestions: 1 });

    await post(`/comments/${first.id}/resolve`, reviewer);
    await post(`/suggestions/${suggestion.id}/reject`, owner);
    expect(await count()).toEqual({ openComments: 1, waitingSuggestions: 0 });
  });
});
