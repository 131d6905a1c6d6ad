// Error reporting: a node with SENTRY_DSN reports a failing request to a Sentry-compatible
// endpoint on loopback with its node, user and resume ids and none of the resume's content; a node
// without it reports nothing and tells the browser app there is nothing to load.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createResume, signup, type TestUser } from '../harness/api.ts';
import { startSentryServer, type SentryServer } from '../harness/sentry-server.ts';
import { startServer, type TestServer } from '../harness/server.ts';

const SECRET = { name: 'Philippa Quenneville-Oduya', employer: 'Zanzibar Kite Works', title: 'Resume for the lighthouse job' };

let sentry: SentryServer;
let reporting: TestServer;
let quiet: TestServer;
let owner: TestUser;

beforeAll(async () => {
  sentry = await startSentryServer();
  reporting = await startServer({ env: { SENTRY_DSN: sentry.dsn } });
  if (!reporting.databaseUrl) throw new Error('the cluster project runs on Postgres');
  quiet = await startServer({ databaseUrl: reporting.databaseUrl });
  owner = await signup(reporting);
});
afterAll(async () => {
  await quiet?.close();
  await reporting?.close();
  await sentry?.close();
});

/** A resume whose stored document has a corrupt update row: reading it fails on the server. */
async function brokenResume(): Promise<string> {
  const { id } = await createResume(reporting, owner.cookie, {
    title: SECRET.title,
    jsonResume: { basics: { name: SECRET.name }, work: [{ name: SECRET.employer }] },
  });
  const client = new pg.Client({ connectionString: reporting.databaseUrl });
  await client.connect();
  try {
    await client.query('INSERT INTO resume_updates (resume_id, data) VALUES ($1, $2)', [id, Buffer.from([0xff, 0xff])]);
  } finally {
    await client.end();
  }
  return id;
}

describe('error reporting with SENTRY_DSN', () => {
  it('reports a server error in a route with the node, user and resume ids and no resume content', async () => {
    expect(await api(reporting, 'GET', '/api/config')).toMatchObject({ status: 200, body: { sentryDsn: sentry.dsn } });
    const id = await brokenResume();
    const res = await api(reporting, 'GET', `/api/resumes/${id}/json`, { cookie: owner.cookie });
    expect(res).toMatchObject({ status: 500, body: { error: { code: 'internal_error' } } });

    const event = await sentry.event((e) => e.tags?.resume === id);
    expect(event.tags).toMatchObject({ node: `test-${reporting.port}`, resume: id, route: '/api/resumes/:id/json' });
    expect(event.user).toEqual({ id: owner.user.id });
    expect(event.exception?.values?.length).toBeGreaterThan(0);
    expect(event.request).toBeUndefined();
    const sent = sentry.items.map((item) => item.raw).join('\n');
    for (const text of [SECRET.name, SECRET.employer, SECRET.title, owner.user.email]) expect(sent).not.toContain(text);
  });
});

describe('without SENTRY_DSN', () => {
  it('sends nothing and hands the browser app no DSN', async () => {
    expect(await api(quiet, 'GET', '/api/config')).toMatchObject({ status: 200, body: { sentryDsn: null, node: `test-${quiet.port}` } });
    const id = await brokenResume();
    expect((await api(quiet, 'GET', `/api/resumes/${id}/json`, { cookie: owner.cookie })).status).toBe(500);
    // The same failure on the reporting node arrives; by then nothing from the quiet one has.
    expect((await api(reporting, 'GET', `/api/resumes/${id}/json`, { cookie: owner.cookie })).status).toBe(500);
    await sentry.event((e) => e.tags?.resume === id);
    const fromQuiet = sentry.items.filter((item) => item.raw.includes(`test-${quiet.port}`));
    expect(fromQuiet).toEqual([]);
    expect(quiet.logs().join('\n')).not.toContain('error reporting to Sentry is on');
    expect(reporting.logs().join('\n')).toContain('error reporting to Sentry is on');
  });
});
