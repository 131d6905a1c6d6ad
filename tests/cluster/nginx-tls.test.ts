// The whole path over https: a certificate made here, the nginx config render.mjs prints with TLS,
// and a real node behind it with PUBLIC_URL=https://… and the default TRUSTED_PROXIES (loopback).
// Signup and login work with a Secure cookie; the edge's headers, limits and errors hold.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt, ROOT } from '../browser/browser.ts';
import { api } from '../harness/api.ts';
import { startCluster, startNginx, type Cluster, type Nginx } from '../harness/cluster.ts';
import { until } from '../harness/collab.ts';
import { freePort, type TestServer } from '../harness/server.ts';

const run = promisify(execFile);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let dir: string;
let ca: Buffer;
let cluster: Cluster;
let nginx: Nginx;
let node: TestServer;

/** An https request trusting only the test's own certificate. */
function request(method: string, urlPath: string, opts: { headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(`${nginx.url}${urlPath}`, { method, ca, headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const cookieOf = (answer: Answer) => [answer.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('sid=')) ?? '';

beforeAll(async () => {
  ensureClientBuilt();
  dir = await mkdtemp(path.join(os.tmpdir(), 'resume-tls-'));
  const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
  await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert]);
  ca = await readFile(cert);
  const port = await freePort();
  cluster = await startCluster({ nodes: 1, nginx: false, env: { PUBLIC_URL: `https://127.0.0.1:${port}` } });
  node = cluster.nodes[0] as TestServer;
  nginx = await startNginx(cluster.nodes, { port, tls: { cert, key }, staticDir: path.join(ROOT, 'dist', 'client') });
});
afterAll(async () => {
  await nginx?.close();
  await cluster?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('https through nginx', () => {
  it('signs up and logs in with a Secure cookie, and the own origin may change things while another may not', async () => {
    const signup = await request('POST', '/api/auth/signup', json({ email: 'tls@example.com', username: 'tls_user', password: 'a long passphrase 42' }));
    expect(signup.status, signup.body).toBe(201);
    expect(cookieOf(signup)).toMatch(/; secure/i);
    expect(cookieOf(signup)).toMatch(/; httponly/i);
    expect(signup.headers['strict-transport-security']).toBe('max-age=31536000');

    const login = await request('POST', '/api/auth/login', json({ email: 'tls@example.com', password: 'a long passphrase 42' }));
    expect(login.status, login.body).toBe(200);
    expect(cookieOf(login)).toMatch(/; secure/i);
    const cookie = cookieOf(login).split(';')[0] ?? '';
    const me = await request('GET', '/api/me', { headers: { cookie } });
    expect(JSON.parse(me.body)).toMatchObject({ user: { email: 'tls@example.com' } });

    const create = (origin: string) =>
      request('POST', '/api/resumes', { headers: { cookie, origin, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Over TLS' }) });
    expect((await create(nginx.url)).status).toBe(201);
    expect((await create(`http://127.0.0.1:${nginx.port}`)).status).toBe(403);
  });

  it('a signup that could not set its Secure cookie (plain http, bypassing the proxy) leaves no account', async () => {
    const direct = await api(node, 'POST', '/api/auth/signup', { body: { email: 'direct@example.com', username: 'direct_user', password: 'a long passphrase 42' } });
    expect(direct.status).toBe(403);
    expect(direct.body).toMatchObject({ error: { code: 'forbidden' } });
    const proper = await request('POST', '/api/auth/signup', json({ email: 'direct@example.com', username: 'direct_user', password: 'a long passphrase 42' }));
    expect(proper.status, proper.body).toBe(201);
  });
});

describe('the edge', () => {
  it('sends the security headers and HSTS on pages, API answers, build files and its own 404s', async () => {
    const page = await request('GET', '/resumes/deep-link');
    const asset = /\/assets\/[^"]+\.js/.exec(page.body)?.[0] ?? '';
    expect(asset).not.toBe('');
    const answers = [page, await request('GET', '/api/me'), await request('GET', asset)];
    const metrics = await Promise.all(['/metrics', '/metrics/', '/metrics/x', '/metrics?x=1'].map((p) => request('GET', p)));
    expect(answers.map((a) => a.status)).toEqual([200, 401, 200]);
    expect(metrics.map((a) => a.status)).toEqual([404, 404, 404, 404]);
    for (const answer of [...answers, ...metrics]) {
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
      expect(answer.headers['strict-transport-security']).toBe('max-age=31536000');
      expect(answer.body).not.toContain('nodejs_eventloop');
    }
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' wss://127.0.0.1:${nginx.port}`);
  });

  it('passes bodies up to the PDF import limit to the node and answers larger ones with JSON 413', async () => {
    const pdf = { 'content-type': 'application/pdf' };
    const threeMiB = await request('POST', '/api/resumes/import-pdf', { headers: pdf, body: Buffer.alloc(3 * 1024 * 1024, 1) });
    expect(threeMiB.status).toBe(401); // the node's answer: sign in first
    expect(JSON.parse(threeMiB.body)).toMatchObject({ error: { code: 'unauthenticated' } });
    const sixMiB = await request('POST', '/api/resumes/import-pdf', { headers: pdf, body: Buffer.alloc(6 * 1024 * 1024, 1) });
    expect(sixMiB.status).toBe(413);
    expect(sixMiB.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(sixMiB.body)).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('writes no token into its access log', async () => {
    const token = 'A'.repeat(20) + 'b'.repeat(23);
    await request('GET', `/api/public/${token}`);
    await request('GET', `/invite/${token}`);
    await request('GET', `/collab/8d3c1e9e-5b6f-4f0e-9a57-3f4c2f7f2a10?token=${token}`);
    await request('GET', '/healthz?marker=done');
    let log = '';
    await until(async () => {
      log = await nginx.accessLog();
      expect(log).toContain('/healthz');
    }, 10_000);
    expect(log).toContain('/api/public/[redacted]');
    expect(log).toContain('/invite/[redacted]');
    expect(log).not.toContain(token);
  });

  it('answers JSON under /api when no node answers', async () => {
    await node.stop();
    const answer = await request('GET', '/api/me');
    expect(answer.status).toBe(502);
    expect(answer.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'unavailable' } });
  });
});
