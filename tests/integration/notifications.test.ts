// Notifications through a real server: raised by a real action (the owner changes a member's
// role), pushed live over socket.io with the unread count, listed newest first with paging,
// marked read one by one or all at once (my other tabs hear it), and private to their recipient.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, createResume, memberWithRole, signup, type TestUser } from '../harness/api.ts';
import { closeSockets, nextEvent, socketFor } from '../harness/realtime.ts';
import { startServer, type TestServer } from '../harness/server.ts';

interface Note {
  id: string;
  kind: string;
  resume: { id: string; title: string } | null;
  actor: { id: string; username: string } | null;
  data: Record<string, unknown>;
  read: boolean;
  createdAt: string;
}
interface Page {
  notifications: Note[];
  unread: number;
  next: string | null;
}

let server: TestServer;
let owner: TestUser;
let coach: TestUser;
let stranger: TestUser;
let resumeId: string;

beforeAll(async () => {
  server = await startServer();
  [owner, stranger] = await Promise.all([signup(server), signup(server)]);
  ({ id: resumeId } = await createResume(server, owner.cookie, { title: 'Product Designer' }));
  coach = await memberWithRole(server, owner.cookie, resumeId, 'commenter');
});
afterEach(() => closeSockets());
afterAll(() => server.close());

async function list(user: TestUser, query = ''): Promise<Page> {
  const res = await api(server, 'GET', `/api/notifications${query}`, { cookie: user.cookie });
  expect(res.status).toBe(200);
  return res.body as Page;
}

const setRole = (role: string) =>
  api(server, 'PATCH', `/api/resumes/${resumeId}/members/${coach.user.id}`, { cookie: owner.cookie, body: { role } });

describe('notifications', () => {
  it('arrive live with the unread count, and are listed newest first with paging', async () => {
    expect(await list(coach)).toEqual({ notifications: [], unread: 0, next: null });
    const live = await socketFor(server, coach.cookie);
    const first = nextEvent<{ notification: Note; unread: number }>(live, 'notification');
    expect((await setRole('editor')).status).toBe(200);
    const event = await first;
    expect(event.unread).toBe(1);
    expect(event.notification).toMatchObject({
      kind: 'access_granted',
      resume: { id: resumeId, title: 'Product Designer' },
      actor: { id: owner.user.id, username: owner.user.username },
      data: { role: 'editor' },
      read: false,
    });

    const second = nextEvent<{ notification: Note; unread: number }>(live, 'notification');
    expect((await setRole('viewer')).status).toBe(200);
    expect((await second).unread).toBe(2);

    const all = await list(coach);
    expect(all.unread).toBe(2);
    expect(all.next).toBeNull();
    expect(all.notifications.map((n) => n.data.role)).toEqual(['viewer', 'editor']);
    const page1 = await list(coach, '?limit=1');
    expect(page1.notifications.map((n) => n.data.role)).toEqual(['viewer']);
    expect(page1.next).toEqual(expect.any(String));
    const page2 = await list(coach, `?limit=1&before=${encodeURIComponent(page1.next ?? '')}`);
    expect(page2.notifications.map((n) => n.data.role)).toEqual(['editor']);

    // The actor hears nothing of their own action; a stranger sees nothing of anyone's.
    expect((await list(owner)).notifications.filter((n) => n.kind === 'access_granted')).toEqual([]);
    expect(await list(stranger)).toEqual({ notifications: [], unread: 0, next: null });
  });

  it('are marked read one by one or all at once, and my other tabs hear it', async () => {
    const { notifications } = await list(coach);
    expect(notifications.length).toBeGreaterThanOrEqual(2);
    const [newest] = notifications;
    if (!newest) throw new Error('no notification');
    const otherTab = await socketFor(server, coach.cookie);

    // A stranger cannot mark mine.
    expect((await api(server, 'POST', '/api/notifications/read', { cookie: stranger.cookie, body: { ids: [newest.id] } })).body).toEqual({
      updated: 0,
      unread: 0,
    });

    const heard = nextEvent<{ ids: string[] | null; unread: number }>(otherTab, 'notification:read');
    const one = await api(server, 'POST', '/api/notifications/read', { cookie: coach.cookie, body: { ids: [newest.id] } });
    expect(one.body).toEqual({ updated: 1, unread: notifications.length - 1 });
    expect(await heard).toEqual({ ids: [newest.id], unread: notifications.length - 1 });
    expect((await list(coach)).notifications[0]).toMatchObject({ id: newest.id, read: true });

    const heardAll = nextEvent<{ ids: string[] | null; unread: number }>(otherTab, 'notification:read');
    const rest = await api(server, 'POST', '/api/notifications/read', { cookie: coach.cookie, body: {} });
    expect(rest.body).toEqual({ updated: notifications.length - 1, unread: 0 });
    expect(await heardAll).toEqual({ ids: null, unread: 0 });
    expect((await list(coach)).notifications.every((n) => n.read)).toBe(true);
    expect((await api(server, 'POST', '/api/notifications/read', { cookie: coach.cookie, body: {} })).body).toEqual({ updated: 0, unread: 0 });
  });

  it('refuses bad input with a clear error', async () => {
    for (const query of ['?limit=0', '?limit=101', '?limit=x', '?before=yesterday']) {
      const res = await api(server, 'GET', `/api/notifications${query}`, { cookie: coach.cookie });
      expect(res.status, query).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'validation_failed' } });
    }
    for (const body of [{ ids: [] }, { ids: ['not-an-id'] }, { ids: 'all' }]) {
      const res = await api(server, 'POST', '/api/notifications/read', { cookie: coach.cookie, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body).toMatchObject({ error: { code: 'validation_failed' } });
    }
    expect((await api(server, 'GET', '/api/notifications')).status).toBe(401);
    expect((await api(server, 'POST', '/api/notifications/read', { body: {} })).status).toBe(401);
  });
});
