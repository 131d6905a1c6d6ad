// Accounts across nodes: a logout on one node closes that session's sockets on another, and the
// quotas and login slowdown are counted in Redis, so switching nodes gains nothing.
import { describe, expect, it } from 'vitest';
import { api, collabToken, createResume, signup } from '../harness/api.ts';
import { rawSocket } from '../harness/collab.ts';
import { joinRoom, socketFor } from '../harness/realtime.ts';
import type { TestServer } from '../harness/server.ts';
import { useCluster } from '../harness/use-cluster.ts';

const shared = useCluster({ nodes: 2, nginx: false, env: { QUOTA_RESUMES_PER_HOUR: '2' } });
const node = (i: number): TestServer => shared.node(i);

describe('accounts across nodes', () => {
  it("a logout on one node closes the session's /collab and socket.io sockets on the other", async () => {
    const owner = await signup(node(0));
    const { id } = await createResume(node(0), owner.cookie);
    const token = await collabToken(node(0), owner.cookie, id);
    const byCookie = await rawSocket(`${node(1).wsUrl}/collab/${id}`, { headers: { cookie: owner.cookie } });
    const byToken = await rawSocket(`${node(1).wsUrl}/collab/${id}?token=${token}`);
    const events = await socketFor(node(1), owner.cookie);
    expect(await joinRoom(events, id)).toMatchObject({ ok: true });
    const eventsGone = new Promise<string>((resolve) => events.once('disconnect', resolve));

    expect((await api(node(0), 'POST', '/api/auth/logout', { cookie: owner.cookie })).status).toBe(204);
    expect(await byCookie.closed).toMatchObject({ code: 4401 });
    expect(await byToken.closed).toMatchObject({ code: 4401 });
    expect(await eventsGone).toBe('io server disconnect');
  });

  it('counts a quota across nodes', async () => {
    const person = await signup(node(0));
    await createResume(node(0), person.cookie, { title: 'on node 0' });
    await createResume(node(1), person.cookie, { title: 'on node 1' });
    const refused = await api(node(0), 'POST', '/api/resumes', { cookie: person.cookie, body: { title: 'one too many' } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const list = await api(node(1), 'GET', '/api/resumes', { cookie: person.cookie });
    expect((list.body as { owned: unknown[] }).owned).toHaveLength(2);
  });

  it('slows failed logins down across nodes', async () => {
    const person = await signup(node(0));
    for (let i = 0; i < 5; i++) {
      const wrong = await api(node(i % 2), 'POST', '/api/auth/login', { body: { email: person.user.email, password: `wrong-${i}` } });
      expect(wrong.status).toBe(401);
    }
    const waiting = await api(node(1), 'POST', '/api/auth/login', { body: { email: person.user.email, password: person.password } });
    expect(waiting.status).toBe(429);
    expect(waiting.headers.get('retry-after')).toBe('1');
  });
});
