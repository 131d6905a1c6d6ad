// Asking the owner for edit access through a real server: viewers and commenters may ask, the
// owner hears it live as a notification; editors and the owner may not, strangers learn nothing,
// and a second ask within the hour is refused with Retry-After.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, createResume, memberWithRole, signup, type TestUser } from '../harness/api.ts';
import { closeSockets, nextEvent, socketFor } from '../harness/realtime.ts';
import { startServer, type TestServer } from '../harness/server.ts';

let server: TestServer;
let owner: TestUser;
let resumeId: string;

beforeAll(async () => {
  server = await startServer();
  owner = await signup(server);
  ({ id: resumeId } = await createResume(server, owner.cookie, { title: 'Data analyst' }));
});
afterEach(() => closeSockets());
afterAll(() => server.close());

const ask = (user: TestUser, id = resumeId) => api(server, 'POST', `/api/resumes/${id}/access-requests`, { cookie: user.cookie });

describe('requests for edit access', () => {
  it('reach the owner as a notification from a viewer, once an hour', async () => {
    const viewer = await memberWithRole(server, owner.cookie, resumeId, 'viewer');
    const live = await socketFor(server, owner.cookie);
    const heard = nextEvent<{ notification: { kind: string; resume: { id: string }; actor: { id: string }; data: { role: string } }; unread: number }>(live, 'notification');
    const res = await ask(viewer);
    expect(res.status).toBe(202);
    const { notification } = await heard;
    expect(notification).toMatchObject({ kind: 'access_requested', resume: { id: resumeId }, actor: { id: viewer.user.id }, data: { role: 'viewer' } });

    const again = await ask(viewer);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(3000);
    const list = await api(server, 'GET', '/api/notifications', { cookie: owner.cookie });
    const kinds = (list.body as { notifications: { kind: string }[] }).notifications.map((n) => n.kind);
    expect(kinds.filter((k) => k === 'access_requested')).toHaveLength(1);
  });

  it('may come from a commenter, not from an editor or the owner', async () => {
    const commenter = await memberWithRole(server, owner.cookie, resumeId, 'commenter');
    expect((await ask(commenter)).status).toBe(202);
    const editor = await memberWithRole(server, owner.cookie, resumeId, 'editor');
    expect((await ask(editor)).status).toBe(403);
    expect((await ask(owner)).status).toBe(403);
  });

  it('answers a stranger and a resume that does not exist alike: 404', async () => {
    const stranger = await signup(server);
    expect((await ask(stranger)).status).toBe(404);
    expect((await ask(stranger, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const anonymous = await api(server, 'POST', `/api/resumes/${resumeId}/access-requests`);
    expect(anonymous.status).toBe(401);
  });
});
