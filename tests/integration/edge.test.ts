// A real node at its edge: security headers on every kind of response, another origin refused
// on REST, /collab and socket.io while clients without Origin keep working, tokens absent from
// its logs, and PUBLIC_URL demanded at start in distributed mode.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { acceptInvite, api, collabToken, createResume, invite, signup, type TestUser } from '../harness/api.ts';
import { connect, destroyClients, openProvider, synced, until, upgradeAnswer } from '../harness/collab.ts';
import { startServer, type TestServer } from '../harness/server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FOREIGN = 'http://127.0.0.1:1';

let server: TestServer;
let owner: TestUser;
beforeAll(async () => {
  server = await startServer({ env: { LOG_LEVEL: 'debug' } });
  owner = await signup(server);
});
afterEach(() => destroyClients());
afterAll(async () => {
  await server.close();
});

const resumeCount = async () => ((await api(server, 'GET', '/api/resumes', { cookie: owner.cookie })).body as { owned: unknown[] }).owned.length;

describe('security headers', () => {
  it('are on pages, API answers, errors and socket.io polling, with a CSP that allows no inline script', async () => {
    const responses = await Promise.all([
      fetch(`${server.url}/`),
      fetch(`${server.url}/api/me`),
      fetch(`${server.url}/api/no-such-thing`),
      fetch(`${server.url}/api/resumes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }),
      fetch(`${server.url}/socket.io/?EIO=4&transport=polling`),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 401, 404, 400, 200]);
    for (const res of responses) {
      const csp = res.headers.get('content-security-policy') ?? '';
      const script = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
      expect(script.trim()).toBe("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain(`connect-src 'self' ${server.wsUrl}`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('strict-transport-security')).toBeNull(); // plain http
    }
  });

  it('add HSTS when a trusted proxy (loopback by default) says the request came over https', async () => {
    const res = await fetch(`${server.url}/api/me`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });
});

describe('TRUSTED_PROXIES', () => {
  it('when loopback is not named, a loopback peer’s X-Forwarded-Proto is ignored and an https node refuses its API calls', async () => {
    const node = await startServer({ env: { TRUSTED_PROXIES: '192.0.2.1', PUBLIC_URL: 'https://resumes.example.com' } });
    try {
      const res = await api(node, 'POST', '/api/auth/signup', {
        body: { email: 'proxied@example.com', username: 'proxied', password: 'a long passphrase 42' },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.getSetCookie()).toEqual([]);
    } finally {
      await node.close();
    }
  }, 120_000); // a second server starts in the test
});

describe('a request from another origin', () => {
  it('is refused with 403 on every state-changing REST method, and nothing changes', async () => {
    const { id } = await createResume(server, owner.cookie, { title: 'Mine' });
    const count = await resumeCount();
    const attempts = [
      api(server, 'POST', '/api/resumes', { cookie: owner.cookie, body: { title: 'Forged' }, headers: { origin: FOREIGN } }),
      api(server, 'PATCH', `/api/resumes/${id}`, { cookie: owner.cookie, body: { title: 'Forged' }, headers: { origin: FOREIGN } }),
      api(server, 'DELETE', `/api/resumes/${id}`, { cookie: owner.cookie, headers: { origin: FOREIGN } }),
      // A browser that sends no Origin but says another site made the request.
      api(server, 'POST', '/api/resumes', { cookie: owner.cookie, body: { title: 'Forged' }, headers: { 'sec-fetch-site': 'same-site' } }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'forbidden' } });
    }
    expect(await resumeCount()).toBe(count);
    const mine = await api(server, 'GET', `/api/resumes/${id}`, { cookie: owner.cookie });
    expect(mine.body).toMatchObject({ title: 'Mine' });
  });

  it('works from the app\u2019s own origin and from clients that send no Origin (curl, servers)', async () => {
    const own = await api(server, 'POST', '/api/resumes', { cookie: owner.cookie, body: { title: 'Own page' }, headers: { origin: server.url, 'sec-fetch-site': 'same-origin' } });
    expect(own.status).toBe(201);
    expect((await api(server, 'POST', '/api/resumes', { cookie: owner.cookie, body: { title: 'curl' } })).status).toBe(201);
  });

  it('cannot open /collab, with a cookie or a token, while the stock Node client (no Origin) still syncs', async () => {
    const { id } = await createResume(server, owner.cookie, { title: 'Collab' });
    const url = `${server.wsUrl}/collab/${id}`;
    expect((await upgradeAnswer(url, { cookie: owner.cookie, origin: FOREIGN })).status).toBe(403);
    const token = await collabToken(server, owner.cookie, id);
    expect((await upgradeAnswer(`${url}?token=${token}`, { origin: FOREIGN })).status).toBe(403);
    const doc = new Y.Doc();
    await synced(openProvider(server, id, doc, { token }));
    await connect(server, id, { cookie: owner.cookie }).synced();
  });

  it('cannot complete a socket.io handshake, by polling or by websocket', async () => {
    const polling = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: { cookie: owner.cookie, origin: FOREIGN } });
    expect(polling.status).toBe(403);
    expect((await upgradeAnswer(`${server.wsUrl}/socket.io/?EIO=4&transport=websocket`, { cookie: owner.cookie, origin: FOREIGN })).status).toBe(403);
    const socket = io(server.url, { transports: ['websocket'], extraHeaders: { cookie: owner.cookie, origin: FOREIGN }, reconnection: false });
    const refused = await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(false));
      socket.once('connect_error', () => resolve(true));
    });
    socket.close();
    expect(refused).toBe(true);
  });
});

describe('logs', () => {
  it('never contain collab, invitation or public-link tokens', async () => {
    const member = await signup(server);
    const { id } = await createResume(server, owner.cookie, { title: 'Logged' });
    const invitation = await invite(server, owner.cookie, id, 'viewer');
    await acceptInvite(server, member.cookie, invitation);
    const link = await api(server, 'POST', `/api/resumes/${id}/public-link`, { cookie: owner.cookie });
    const publicToken = /\/p\/([A-Za-z0-9_-]+)/.exec(JSON.stringify(link.body))?.[1] ?? '';
    expect(publicToken).not.toBe('');
    await api(server, 'GET', `/api/public/${publicToken}`);
    await fetch(`${server.url}/p/${publicToken}`);
    await fetch(`${server.url}/invite/${invitation}`);
    await fetch(`${server.url}/login?next=${encodeURIComponent(`/invite/${invitation}`)}`);
    const token = await collabToken(server, owner.cookie, id);
    await synced(openProvider(server, id, new Y.Doc(), { token }));
    // A refused one too: a token for another resume.
    const other = await createResume(server, owner.cookie, { title: 'Other' });
    expect((await upgradeAnswer(`${server.wsUrl}/collab/${other.id}?token=${token}`)).status).toBe(403);
    // Everything before it is logged once the last request's line has come through the pipe.
    const marker = `marker-${Date.now()}`;
    await fetch(`${server.url}/api/me`, { headers: { 'x-request-id': marker } });
    await until(() => expect(server.logs().join('\n')).toContain(marker));
    const logs = server.logs().join('\n');
    expect(logs).toContain('/api/invitations/[redacted]/accept');
    for (const secret of [invitation, publicToken, token]) expect(logs).not.toContain(secret);
  });
});

describe('starting in distributed mode', () => {
  it('refuses to start without PUBLIC_URL, saying so in one line', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: server.dataDir, REDIS_URL: 'redis://127.0.0.1:1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PUBLIC_URL');
  });
});
