// Accounts as an attacker would try them: weak passwords, guessing logins, logging out while
// sockets stay open, and coming back through the link a removed member joined with.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { acceptInvite, api, collabToken, createResume, signup, type TestUser } from '../harness/api.ts';
import { destroyClients, rawSocket, until, upgradeAnswer } from '../harness/collab.ts';
import { closeSockets, joinRoom, socketFor } from '../harness/realtime.ts';
import { startServer, type TestServer } from '../harness/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => {
  destroyClients();
  closeSockets();
});
afterAll(async () => {
  await server.close();
});

const login = (email: string, password: string, from: string) =>
  api(server, 'POST', '/api/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': from } });

const cookieOf = (headers: Headers) => (headers.getSetCookie().find((c) => c.startsWith('sid=')) ?? '').split(';')[0] ?? '';

describe('passwords', () => {
  it.each(['password', '12345678', 'qwertyuiop'])('refuses "%s" with a message the signup page can show, creating nothing', async (password) => {
    const name = `weak_${randomBytes(3).toString('hex')}`;
    const res = await api(server, 'POST', '/api/auth/signup', { body: { email: `${name}@example.com`, username: name, password } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'validation_failed', details: { fields: [{ path: 'password' }] } } });
    expect((res.body as { error: { message: string } }).error.message).toMatch(/^password: this password is too easy to guess/);
    // Nothing was created: the same email and username sign up with a strong password.
    const strong = await api(server, 'POST', '/api/auth/signup', {
      body: { email: `${name}@example.com`, username: name, password: 'violet-anchor-marmalade-42' },
    });
    expect(strong.status).toBe(201);
  });
});

describe('failed logins', () => {
  it('slow down per account with a growing Retry-After, and the owner gets in once it passes', async () => {
    const u = await signup(server);
    // Five failures from five addresses: the account's own count, not an address's.
    for (let i = 0; i < 5; i++) expect((await login(u.user.email, `wrong-${i}`, `10.1.0.${i}`)).status).toBe(401);
    const waiting = await login(u.user.email, u.password, '10.1.1.1');
    expect(waiting.status).toBe(429);
    expect(waiting.headers.get('retry-after')).toBe('1');
    expect(waiting.body).toMatchObject({ error: { code: 'rate_limited' } });

    // After the wait, a sixth failure doubles it.
    await until(async () => expect((await login(u.user.email, 'wrong-6', '10.1.0.6')).status).toBe(401));
    const longer = await login(u.user.email, u.password, '10.1.1.2');
    expect(longer.status).toBe(429);
    expect(longer.headers.get('retry-after')).toBe('2');

    // Seconds, not a 15-minute lockout: the right password works as soon as the wait is over.
    await until(async () => expect((await login(u.user.email, u.password, '10.1.1.3')).status).toBe(200));
  });

  it('slow down per address across accounts', async () => {
    for (let i = 0; i < 20; i++) expect((await login(`nobody${i}@example.com`, 'whatever1', '192.0.2.77')).status).toBe(401);
    const res = await login('nobody-else@example.com', 'whatever1', '192.0.2.77');
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not slowed.
    expect((await login('nobody-else@example.com', 'whatever1', '192.0.2.78')).status).toBe(401);
  });
});

describe('logout', () => {
  it("closes that session's /collab and socket.io sockets and invalidates its collab tokens, and only that session's", async () => {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie);
    const token = await collabToken(server, owner.cookie, id);
    const unusedToken = await collabToken(server, owner.cookie, id);
    const byCookie = await rawSocket(`${server.wsUrl}/collab/${id}`, { headers: { cookie: owner.cookie } });
    const byToken = await rawSocket(`${server.wsUrl}/collab/${id}?token=${token}`);
    const events = await socketFor(server, owner.cookie);
    expect(await joinRoom(events, id)).toMatchObject({ ok: true });
    const eventsGone = new Promise<string>((resolve) => events.once('disconnect', resolve));

    // The same person signed in elsewhere (another browser) is not logged out.
    const other = await login(owner.user.email, owner.password, '10.2.0.1');
    const otherCookie = cookieOf(other.headers);
    const otherSocket = await rawSocket(`${server.wsUrl}/collab/${id}`, { headers: { cookie: otherCookie } });
    const otherEvents = await socketFor(server, otherCookie);

    expect((await api(server, 'POST', '/api/auth/logout', { cookie: owner.cookie })).status).toBe(204);
    expect(await byCookie.closed).toMatchObject({ code: 4401 });
    expect(await byToken.closed).toMatchObject({ code: 4401 });
    expect(await eventsGone).toBe('io server disconnect');
    expect((await upgradeAnswer(`${server.wsUrl}/collab/${id}?token=${unusedToken}`)).status).toBe(401);

    expect(otherSocket.ws.readyState).toBe(otherSocket.ws.OPEN);
    expect(otherEvents.connected).toBe(true);
    expect(await joinRoom(otherEvents, id)).toMatchObject({ ok: true });
  });
});

describe('removing a member', () => {
  async function sharedThroughOpenLink(): Promise<{ owner: TestUser; member: TestUser; id: string; linkId: string; token: string }> {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie);
    const link = await api(server, 'POST', `/api/resumes/${id}/invitations`, { cookie: owner.cookie, body: { role: 'editor', maxUses: null } });
    const { id: linkId, token } = link.body as { id: string; token: string };
    const member = await signup(server);
    await acceptInvite(server, member.cookie, token);
    return { owner, member, id, linkId, token };
  }

  it('revokes the open link they came in through, says so, and the link no longer lets them back', async () => {
    const { owner, member, id, linkId, token } = await sharedThroughOpenLink();
    const removed = await api(server, 'DELETE', `/api/resumes/${id}/members/${member.user.id}`, { cookie: owner.cookie });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ userId: member.user.id, revokedInvitation: linkId });
    const links = await api(server, 'GET', `/api/resumes/${id}/invitations`, { cookie: owner.cookie });
    expect((links.body as Array<{ id: string }>).map((l) => l.id)).not.toContain(linkId);
    const again = await api(server, 'POST', `/api/invitations/${token}/accept`, { cookie: member.cookie });
    expect(again.status).toBe(404);
    expect((await api(server, 'GET', `/api/resumes/${id}`, { cookie: member.cookie })).status).toBe(404);
  });

  it('leaves the link open when the member leaves on their own', async () => {
    const { owner, member, id, linkId } = await sharedThroughOpenLink();
    const left = await api(server, 'DELETE', `/api/resumes/${id}/members/${member.user.id}`, { cookie: member.cookie });
    expect(left.body).toEqual({ userId: member.user.id, revokedInvitation: null });
    const links = await api(server, 'GET', `/api/resumes/${id}/invitations`, { cookie: owner.cookie });
    expect((links.body as Array<{ id: string }>).map((l) => l.id)).toContain(linkId);
  });
});

describe('signup conflicts', () => {
  it('name a taken username but do not confirm a taken email', async () => {
    const first = await signup(server);
    const sameEmail = await api(server, 'POST', '/api/auth/signup', {
      body: { email: first.user.email, username: `u_${randomBytes(3).toString('hex')}`, password: 'violet-anchor-marmalade-42' },
    });
    expect(sameEmail.status).toBe(409);
    expect(JSON.stringify(sameEmail.body)).not.toMatch(/email|already registered/i);
    const sameName = await api(server, 'POST', '/api/auth/signup', {
      body: { email: `${randomBytes(3).toString('hex')}@example.com`, username: first.user.username, password: 'violet-anchor-marmalade-42' },
    });
    expect(sameName.status).toBe(409);
    expect(sameName.body).toMatchObject({ error: { message: 'that username is taken', details: { field: 'username' } } });
  });
});
