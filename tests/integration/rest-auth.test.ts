// Accounts over the real HTTP API: sign up, log in, log out, me, and the login limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signup } from '../harness/api.ts';
import { startServer, type TestServer } from '../harness/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe('auth', () => {
  it('signs up with an HttpOnly SameSite=Lax session cookie and knows who I am', async () => {
    const res = await api(server, 'POST', '/api/auth/signup', {
      body: { email: 'Maya@Example.com', username: 'maya', password: 'correct horse' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ user: { email: 'maya@example.com', username: 'maya' } });
    expect(JSON.stringify(res.body)).not.toContain('password');
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('sid=')) ?? '';
    expect(setCookie).toMatch(/httponly/i);
    expect(setCookie).toMatch(/samesite=lax/i);
    const cookie = setCookie.split(';')[0] ?? '';
    const me = await api(server, 'GET', '/api/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { username: 'maya' } });
  });

  it('refuses a second account with the same email or username, in any case', async () => {
    await signup(server, 'coach_lee');
    const sameEmail = await api(server, 'POST', '/api/auth/signup', {
      body: { email: 'COACH_LEE@example.com', username: 'someone_else', password: 'plum-harbor-quietly-7' },
    });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body).toMatchObject({ error: { code: 'conflict' } });
    // The answer does not confirm in words that this email has an account.
    expect(JSON.stringify(sameEmail.body)).not.toMatch(/email|coach_lee@/i);
    const sameName = await api(server, 'POST', '/api/auth/signup', {
      body: { email: 'other@example.com', username: 'Coach_Lee', password: 'plum-harbor-quietly-7' },
    });
    expect(sameName.status).toBe(409);
    expect(sameName.body).toMatchObject({ error: { details: { field: 'username' } } });
  });

  it('logs in with the right password only, and logs out for good', async () => {
    const u = await signup(server);
    const wrong = await api(server, 'POST', '/api/auth/login', { body: { email: u.user.email, password: 'nope-nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: { code: 'invalid_credentials' } });
    const unknown = await api(server, 'POST', '/api/auth/login', { body: { email: 'ghost@example.com', password: 'whatever1' } });
    expect(unknown.status).toBe(401);
    const ok = await api(server, 'POST', '/api/auth/login', { body: { email: u.user.email.toUpperCase(), password: u.password } });
    expect(ok.status).toBe(200);
    const cookie = (ok.headers.getSetCookie().find((c) => c.startsWith('sid=')) ?? '').split(';')[0] ?? '';
    expect((await api(server, 'GET', '/api/me', { cookie })).status).toBe(200);
    expect((await api(server, 'POST', '/api/auth/logout', { cookie })).status).toBe(204);
    const after = await api(server, 'GET', '/api/me', { cookie });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  // The slowdown that replaced the 15-minute lockout is in rest-accounts-hardening.test.ts.
});
