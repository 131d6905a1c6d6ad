// Per-person quotas on what costs storage or CPU, on a node configured with small ones: each is
// hit, answered 429 with Retry-After, and nothing is created past it.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, createResume, type TestUser } from '../harness/api.ts';
import { closeSockets, socketFor } from '../harness/realtime.ts';
import { startServer, type TestServer } from '../harness/server.ts';

const QUOTA = 2;
let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    env: {
      QUOTA_SIGNUPS_PER_HOUR: String(QUOTA),
      QUOTA_SESSIONS_PER_HOUR: String(QUOTA),
      QUOTA_RESUMES_PER_HOUR: String(QUOTA),
      QUOTA_COLLAB_TOKENS_PER_MINUTE: String(QUOTA),
      QUOTA_VERSIONS_PER_HOUR: String(QUOTA),
      QUOTA_JOINS_PER_SECOND: String(QUOTA),
      QUOTA_PDF_EXPORTS_PER_MINUTE: String(QUOTA),
    },
  });
});
afterEach(() => closeSockets());
afterAll(async () => {
  await server.close();
});

let addresses = 0;
/** Each person signs up from an address of their own (nginx's X-Forwarded-For), so only the
 *  signup test meets the per-address signup quota. */
async function signupFrom(
  address = `203.0.113.${++addresses}`,
  username = `q_${randomBytes(4).toString('hex')}`,
): Promise<{ status: number; user?: TestUser; body: unknown; headers: Headers }> {
  const password = `pw-${randomBytes(12).toString('base64url')}`;
  const res = await api(server, 'POST', '/api/auth/signup', {
    body: { email: `${username}@example.com`, username, password },
    headers: { 'x-forwarded-for': address },
  });
  const cookie = (res.headers.getSetCookie().find((c) => c.startsWith('sid=')) ?? '').split(';')[0] ?? '';
  const user = res.status === 201 ? { cookie, password, user: (res.body as { user: TestUser['user'] }).user } : undefined;
  return { status: res.status, user, body: res.body, headers: res.headers };
}

async function person(): Promise<TestUser> {
  const { user } = await signupFrom();
  if (!user) throw new Error('signup failed');
  return user;
}

function expect429(res: { status: number; body: unknown; headers: Headers }) {
  expect(res.status).toBe(429);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(res.body).toMatchObject({ error: { code: 'rate_limited' } });
}

describe('quotas', () => {
  it('signups per address', async () => {
    for (let i = 0; i < QUOTA; i++) expect((await signupFrom('198.51.100.9')).status).toBe(201);
    const refused = await signupFrom('198.51.100.9', 'q_refused');
    expect429(refused);
    expect(refused.headers.getSetCookie()).toEqual([]);
    // No account was made: the same email and username still sign up, from another address.
    expect((await signupFrom('198.51.100.10', 'q_refused')).status).toBe(201);
  });

  it('sessions (sign-ins) per person', async () => {
    const u = await person();
    const signIn = () => api(server, 'POST', '/api/auth/login', { body: { email: u.user.email, password: u.password } });
    for (let i = 0; i < QUOTA; i++) expect((await signIn()).status).toBe(200);
    const refused = await signIn();
    expect429(refused);
    expect(refused.headers.getSetCookie()).toEqual([]);
  });

  it('resumes per person', async () => {
    const u = await person();
    for (let i = 0; i < QUOTA; i++) await createResume(server, u.cookie, { title: `R${i}` });
    expect429(await api(server, 'POST', '/api/resumes', { cookie: u.cookie, body: { title: 'one too many' } }));
    const list = await api(server, 'GET', '/api/resumes', { cookie: u.cookie });
    expect((list.body as { owned: Array<{ title: string }> }).owned.map((r) => r.title).sort()).toEqual(['R0', 'R1']);
    // Someone else still creates theirs: the quota is per person.
    const other = await person();
    await createResume(server, other.cookie);
  });

  it('collab tokens per person', async () => {
    const u = await person();
    const { id } = await createResume(server, u.cookie);
    const token = () => api(server, 'POST', `/api/resumes/${id}/collab-token`, { cookie: u.cookie });
    for (let i = 0; i < QUOTA; i++) expect((await token()).body).toMatchObject({ token: expect.any(String) });
    const refused = await token();
    expect429(refused);
    expect(JSON.stringify(refused.body)).not.toContain('"token"');
  });

  it('named versions per person', async () => {
    const u = await person();
    const { id } = await createResume(server, u.cookie);
    const save = (name: string) => api(server, 'POST', `/api/resumes/${id}/versions`, { cookie: u.cookie, body: { name } });
    for (let i = 0; i < QUOTA; i++) expect((await save(`v${i}`)).status).toBe(201);
    expect429(await save('one too many'));
    const list = await api(server, 'GET', `/api/resumes/${id}/versions`, { cookie: u.cookie });
    expect(JSON.stringify(list.body)).not.toContain('one too many');
  });

  it('PDF exports per person', async () => {
    const u = await person();
    const { id } = await createResume(server, u.cookie);
    for (let i = 0; i < QUOTA; i++) expect((await api(server, 'GET', `/api/resumes/${id}/pdf`, { cookie: u.cookie })).status).toBe(200);
    expect429(await api(server, 'GET', `/api/resumes/${id}/pdf`, { cookie: u.cookie }));
    const activity = await api(server, 'GET', `/api/resumes/${id}/activity`, { cookie: u.cookie });
    expect(JSON.stringify(activity.body).match(/"exported"/g)).toHaveLength(QUOTA);
  });

  it('socket.io joins per person per second', async () => {
    const u = await person();
    const { id } = await createResume(server, u.cookie);
    const socket = await socketFor(server, u.cookie);
    // Sent together, so all fall within one second.
    const answers = (await Promise.all([id, id, id].map((r) => socket.emitWithAck('join', r)))) as Array<{ ok: boolean }>;
    expect(answers.filter((a) => a.ok)).toHaveLength(QUOTA);
    const refused = answers.find((a) => !a.ok);
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfterSeconds: 1 } });
  });
});
