// Every route × every kind of bad input: a 400 with a JSON error (never a 500), and nothing a user
// owns changes. The routes are the node's own list (its `routes` debug line), so new ones are covered.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createResume, signup, type TestUser } from '../harness/api.ts';
import { startServer, type TestServer } from '../harness/server.ts';

const source = JSON.parse(
  readFileSync(new URL('../fixtures/resumes/complete-resume.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

let server: TestServer;
let owner: TestUser;
let resumeId: string;
let routes: Array<{ method: string; path: string }> = [];

/** Everything a user would notice about the owner's data. */
async function ownerView() {
  const get = async (path: string) => (await api(server, 'GET', path, { cookie: owner.cookie })).body;
  return {
    list: await get('/api/resumes'),
    meta: await get(`/api/resumes/${resumeId}`),
    json: await get(`/api/resumes/${resumeId}/json`),
    versions: await get(`/api/resumes/${resumeId}/versions`),
    comments: await get(`/api/resumes/${resumeId}/comments`),
    invitations: await get(`/api/resumes/${resumeId}/invitations`),
    publicLink: await get(`/api/resumes/${resumeId}/public-link`),
    notifications: await get('/api/notifications'),
    me: await get('/api/me'),
  };
}

beforeAll(async () => {
  server = await startServer({ env: { LOG_LEVEL: 'debug' } });
  owner = await signup(server);
  resumeId = (await createResume(server, owner.cookie, { title: 'Original', jsonResume: source })).id;
  const line = server.logs().find((l) => l.includes('"msg":"routes"'));
  if (!line) throw new Error('the node did not log its routes');
  routes = (JSON.parse(line) as { routes: string[] }).routes.map((r) => {
    const [method = '', path = ''] = r.split(' ');
    return { method, path };
  });
});
afterAll(async () => {
  await server.close();
});

/** The route's path with its parameters filled in: the owner's resume, a well-formed token, ids;
 *  or `bad` in every one of them. */
function fill(path: string, bad?: string): string {
  return path.replace(/:(\w+)/g, (_m, name: string) =>
    bad ?? (name === 'id' ? resumeId : name === 'token' ? randomBytes(32).toString('base64url') : randomUUID()),
  );
}

let deep: unknown = 'leaf';
for (let i = 0; i < 64; i++) deep = [deep];

type Attempt = { path: string; rawBody?: string };
const hasBody = (method: string) => method === 'POST' || method === 'PUT' || method === 'PATCH';

/** Each kind of bad input, as it applies to one route (null: not applicable to its method). */
const kinds: Array<{ name: string; attempt: (route: { method: string; path: string }) => Attempt | null }> = [
  { name: 'a NUL byte in the query', attempt: (r) => ({ path: `${fill(r.path)}?q=a%00b` }) },
  { name: 'a NUL byte in a path parameter', attempt: (r) => (r.path.includes(':') ? { path: fill(r.path, 'a%00b') } : null) },
  { name: 'a path parameter that is not UTF-8 (a lone surrogate)', attempt: (r) => (r.path.includes(':') ? { path: fill(r.path, '%ED%A0%80') } : null) },
  {
    name: 'a NUL byte in body text',
    attempt: (r) => (hasBody(r.method) ? { path: fill(r.path), rawBody: '{"title":"a\\u0000b","name":"a\\u0000b","body":"a\\u0000b","email":"a\\u0000@example.com"}' } : null),
  },
  { name: 'a lone surrogate in body text', attempt: (r) => (hasBody(r.method) ? { path: fill(r.path), rawBody: '{"title":"half \\ud83d","name":"\\udc00","body":"x\\ud800"}' } : null) },
  { name: 'JSON nested 64 deep', attempt: (r) => (hasBody(r.method) ? { path: fill(r.path), rawBody: JSON.stringify({ title: 'deep', body: deep }) } : null) },
];

describe('every route × every bad input', () => {
  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes).toContainEqual({ method: 'POST', path: '/api/resumes' });
    expect(routes).toContainEqual({ method: 'GET', path: '/api/resumes/:id/export.md' });
  });

  it.each(kinds)('$name → 400 with a JSON error on every route, and nothing changes', async (kind) => {
    const before = await ownerView();
    const wrong: string[] = [];
    for (const route of routes) {
      const attempt = kind.attempt(route);
      if (!attempt) continue;
      const res = await api(server, route.method, attempt.path, { cookie: owner.cookie, rawBody: attempt.rawBody });
      const error = (res.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
      const leaks = /at .*\.ts:\d+|node_modules|stack/i.test(JSON.stringify(res.body));
      if (res.status !== 400 || error?.code !== 'validation_failed' || typeof error.message !== 'string' || leaks) {
        wrong.push(`${route.method} ${route.path}: ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await ownerView()).toEqual(before);
  });
});

describe('dates and integers past what the database holds', () => {
  const cases: Array<{ name: string; method: string; path: () => string; body?: unknown }> = [
    { name: 'a notifications cursor in year 0000', method: 'GET', path: () => '/api/notifications?before=0000-01-01T00:00:00Z' },
    { name: 'a notifications cursor in year 10000', method: 'GET', path: () => '/api/notifications?before=%2B010000-01-01T00:00:00Z' },
    { name: 'a page size past any integer', method: 'GET', path: () => '/api/notifications?limit=99999999999999999999' },
    { name: 'a versions page size of 1e400', method: 'GET', path: () => `/api/resumes/${resumeId}/versions?limit=1e400` },
    { name: 'an activity cursor past bigint', method: 'GET', path: () => `/api/resumes/${resumeId}/activity?before=9999999999999999999` },
    { name: 'an invitation lasting 1e20 hours', method: 'POST', path: () => `/api/resumes/${resumeId}/invitations`, body: { role: 'viewer', expiresInHours: 1e20 } },
    { name: 'an invitation with 2^53 uses', method: 'POST', path: () => `/api/resumes/${resumeId}/invitations`, body: { role: 'viewer', maxUses: 2 ** 53 } },
    { name: 'an invitation with 1.5 uses', method: 'POST', path: () => `/api/resumes/${resumeId}/invitations`, body: { role: 'viewer', maxUses: 1.5 } },
  ];
  it.each(cases)('$name → 400, nothing changes', async (c) => {
    const before = await ownerView();
    const res = await api(server, c.method, c.path(), { cookie: owner.cookie, body: c.body });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'validation_failed' } });
    expect(await ownerView()).toEqual(before);
  });
});
