// Operations: health, readiness, metrics, config validation at start, and the client served
// under / with deep links.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../harness/api.ts';
import { startServer, type TestServer } from '../harness/server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe('operations', () => {
  it('answers /healthz and /readyz', async () => {
    expect(await api(server, 'GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await api(server, 'GET', '/readyz')).toMatchObject({ status: 200, body: { status: 'ready', checks: { database: 'ok' } } });
  });

  it('exposes Prometheus metrics for HTTP, sockets, rooms and the event loop', async () => {
    await api(server, 'GET', '/healthz');
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    for (const name of ['http_request_duration_seconds', 'collab_sockets', 'collab_rooms', 'collab_update_rows_written_total', 'nodejs_eventloop_lag_p99_seconds']) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/healthz"/);
  });

  it('logs JSON lines carrying the node id and the request id', async () => {
    const res = await fetch(`${server.url}/api/me`, { headers: { 'x-request-id': 'trace-me-123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-me-123');
    const lines = server.logs().filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.node === `test-${server.port}`)).toBe(true);
  });

  it('serves the client at / and for deep links, and the API still answers JSON', async () => {
    const home = await fetch(`${server.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<div id="app">');
    const deep = await fetch(`${server.url}/resumes/123`);
    expect(deep.status).toBe(200);
    expect(deep.headers.get('content-type')).toMatch(/text\/html/);
  });

  it.each([
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://nope'],
    ['LOG_LEVEL', 'loud'],
    ['REDIS_URL', 'localhost:6379'],
  ])('refuses to start with an invalid %s, naming it in one line', async (name, value) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: server.dataDir, [name]: value },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
  });
});
