// Bad input over the real HTTP API: each request gets the right status and a clear error, and
// nothing a user owns changes.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../db/index.ts';
import { api, collabToken, createResume, signup, type TestUser } from '../harness/api.ts';
import { upgradeAnswer } from '../harness/collab.ts';
import { startServer, type TestServer } from '../harness/server.ts';

const source = JSON.parse(
  readFileSync(new URL('../fixtures/resumes/complete-resume.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

let server: TestServer;
let owner: TestUser;
let stranger: TestUser;
let resumeId: string;

/** Everything a user would notice about the owner's data. */
async function ownerView() {
  const list = await api(server, 'GET', '/api/resumes', { cookie: owner.cookie });
  const meta = await api(server, 'GET', `/api/resumes/${resumeId}`, { cookie: owner.cookie });
  const json = await api(server, 'GET', `/api/resumes/${resumeId}/json`, { cookie: owner.cookie });
  const strangerList = await api(server, 'GET', '/api/resumes', { cookie: stranger.cookie });
  return { list: list.body, meta: meta.body, json: json.body, strangerList: strangerList.body };
}

beforeAll(async () => {
  server = await startServer();
  owner = await signup(server);
  stranger = await signup(server);
  resumeId = (await createResume(server, owner.cookie, { title: 'Original', jsonResume: source })).id;
});
afterAll(async () => {
  await server.close();
});

type Case = {
  name: string;
  method: string;
  path: () => string;
  as?: () => TestUser | { cookie: string };
  body?: unknown;
  rawBody?: string;
  status: number;
  code: string;
};

const big = 'x'.repeat(1024 * 1024 + 10);
const cases: Case[] = [
  { name: 'signup without fields', method: 'POST', path: () => '/api/auth/signup', body: {}, status: 400, code: 'validation_failed' },
  { name: 'signup with wrong types', method: 'POST', path: () => '/api/auth/signup', body: { email: 5, username: ['a'], password: true }, status: 400, code: 'validation_failed' },
  { name: 'signup with a short password', method: 'POST', path: () => '/api/auth/signup', body: { email: 'a@example.com', username: 'abc', password: 'short' }, status: 400, code: 'validation_failed' },
  { name: 'signup with a password everyone guesses', method: 'POST', path: () => '/api/auth/signup', body: { email: 'c@example.com', username: 'abcd', password: 'password1' }, status: 400, code: 'validation_failed' },
  { name: 'signup with SQL in the username', method: 'POST', path: () => '/api/auth/signup', body: { email: 'b@example.com', username: "x' OR '1'='1", password: 'long enough' }, status: 400, code: 'validation_failed' },
  { name: 'login with SQL as the email', method: 'POST', path: () => '/api/auth/login', body: { email: "' OR 1=1 --", password: 'x' }, status: 400, code: 'validation_failed' },
  { name: 'invalid JSON', method: 'POST', path: () => '/api/resumes', as: () => owner, rawBody: '{"title": "oops",', status: 400, code: 'invalid_json' },
  { name: 'a body over 1 MiB', method: 'POST', path: () => '/api/resumes', as: () => owner, body: { title: 'big', jsonResume: { basics: { summary: big } } }, status: 413, code: 'payload_too_large' },
  { name: 'a title that is a number', method: 'POST', path: () => '/api/resumes', as: () => owner, body: { title: 123 }, status: 400, code: 'validation_failed' },
  { name: 'an empty title', method: 'POST', path: () => '/api/resumes', as: () => owner, body: { title: '   ' }, status: 400, code: 'validation_failed' },
  { name: 'an unknown template', method: 'POST', path: () => '/api/resumes', as: () => owner, body: { title: 't', template: 'nope' }, status: 400, code: 'validation_failed' },
  { name: 'a JSON Resume that is a string', method: 'POST', path: () => '/api/resumes', as: () => owner, body: { title: 't', jsonResume: 'resume' }, status: 400, code: 'validation_failed' },
  { name: 'a JSON Resume whose work is not a list', method: 'POST', path: () => '/api/resumes', as: () => owner, body: { title: 't', jsonResume: { work: 'lots' } }, status: 400, code: 'validation_failed' },
  { name: 'rename with no title', method: 'PATCH', path: () => `/api/resumes/${resumeId}`, as: () => owner, body: { name: 'x' }, status: 400, code: 'validation_failed' },
  { name: 'an unknown resume id', method: 'GET', path: () => `/api/resumes/${randomUUID()}`, as: () => owner, status: 404, code: 'not_found' },
  { name: 'a resume id that is not an id', method: 'GET', path: () => "/api/resumes/1'%20OR%20'1'='1", as: () => owner, status: 404, code: 'not_found' },
  { name: "another user's resume", method: 'GET', path: () => `/api/resumes/${resumeId}`, as: () => stranger, status: 404, code: 'not_found' },
  { name: "another user's resume as JSON", method: 'GET', path: () => `/api/resumes/${resumeId}/json`, as: () => stranger, status: 404, code: 'not_found' },
  { name: "renaming another user's resume", method: 'PATCH', path: () => `/api/resumes/${resumeId}`, as: () => stranger, body: { title: 'mine now' }, status: 404, code: 'not_found' },
  { name: "deleting another user's resume", method: 'DELETE', path: () => `/api/resumes/${resumeId}`, as: () => stranger, status: 404, code: 'not_found' },
  { name: "a collab token for another user's resume", method: 'POST', path: () => `/api/resumes/${resumeId}/collab-token`, as: () => stranger, status: 404, code: 'not_found' },
  { name: "inviting to another user's resume", method: 'POST', path: () => `/api/resumes/${resumeId}/invitations`, as: () => stranger, body: { role: 'editor' }, status: 404, code: 'not_found' },
  { name: 'an invitation with an owner role', method: 'POST', path: () => `/api/resumes/${resumeId}/invitations`, as: () => owner, body: { role: 'owner' }, status: 400, code: 'validation_failed' },
  { name: 'a forged invitation token', method: 'POST', path: () => `/api/invitations/${randomBytes(32).toString('base64url')}/accept`, as: () => stranger, status: 404, code: 'not_found' },
  { name: 'a forged session cookie', method: 'GET', path: () => '/api/resumes', as: () => ({ cookie: `sid=${randomBytes(32).toString('base64url')}` }), status: 401, code: 'unauthenticated' },
  { name: 'a malformed session cookie', method: 'POST', path: () => '/api/resumes', as: () => ({ cookie: "sid='; DROP TABLE sessions; --" }), body: { title: 't' }, status: 401, code: 'unauthenticated' },
  { name: 'no session at all', method: 'GET', path: () => `/api/resumes/${resumeId}`, status: 401, code: 'unauthenticated' },
  { name: 'an unknown endpoint', method: 'GET', path: () => '/api/nothing-here', as: () => owner, status: 404, code: 'not_found' },
];

describe('bad input', () => {
  it.each(cases)('$name → $status $code, nothing changes', async (c) => {
    const before = await ownerView();
    const res = await api(server, c.method, c.path(), { cookie: c.as?.().cookie, body: c.body, rawBody: c.rawBody });
    expect(res.status).toBe(c.status);
    const error = (res.body as { error: { code: string; message: string } }).error;
    expect(error.code).toBe(c.code);
    expect(error.message.length).toBeGreaterThan(3);
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+|node_modules|stack/i);
    expect(await ownerView()).toEqual(before);
  });

  it('stores SQL-looking text literally and every table survives', async () => {
    const title = "Robert'); DROP TABLE resumes; --";
    const { id } = await createResume(server, owner.cookie, { title });
    const got = await api(server, 'GET', `/api/resumes/${id}`, { cookie: owner.cookie });
    expect(got.body).toMatchObject({ title });
    expect((await api(server, 'GET', `/api/resumes/${resumeId}`, { cookie: owner.cookie })).status).toBe(200);
  });

  it('refuses expired sessions and expired collab tokens, over REST and on /collab', async () => {
    const user = await signup(server);
    const { id } = await createResume(server, user.cookie);
    const token = await collabToken(server, user.cookie, id);
    // Age the session and the token in the database itself, as time would.
    await server.stop();
    const store = await openStore({ databaseUrl: server.databaseUrl, dataDir: server.dataDir });
    await store.db.primary.query("UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = $1", [user.user.id]);
    await store.db.primary.query("UPDATE collab_tokens SET expires_at = now() - interval '1 minute' WHERE user_id = $1", [user.user.id]);
    await store.db.close();
    await server.restart();

    const me = await api(server, 'GET', '/api/me', { cookie: user.cookie });
    expect(me.status).toBe(401);
    expect((await upgradeAnswer(`${server.wsUrl}/collab/${id}?token=${token}`)).status).toBe(401);
    expect((await upgradeAnswer(`${server.wsUrl}/collab/${id}`, { cookie: user.cookie })).status).toBe(401);
    expect((await upgradeAnswer(`${server.wsUrl}/collab/${id}?token=${randomBytes(32).toString('base64url')}`)).status).toBe(401);
    // The owner's own resume is untouched by all of this.
    expect((await api(server, 'GET', `/api/resumes/${resumeId}/json`, { cookie: owner.cookie })).body).toEqual(source);
  });
});
