// Postgres as operators run it: a read replica (DATABASE_READ_URL) taking the list, score and
// history reads, while a person still reads back what they just wrote; and a backup with pg_dump
// restored into a fresh database that a new node serves unchanged.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getJobDescriptionText } from '../../collab/index.ts';
import { api, createResume, memberWithRole, signup } from '../harness/api.ts';
import { storedJobDescription } from '../harness/cluster.ts';
import { connect, destroyClients } from '../harness/collab.ts';
import { createTestDatabase, type TestDatabase } from '../harness/postgres.ts';
import { startServer, type TestServer } from '../harness/server.ts';
import { startTcpProxy, type TcpProxy } from '../harness/tcp-proxy.ts';

const run = promisify(execFile);

let database: TestDatabase;
/** The "replica": a counting proxy to the same database, so every byte a query sends is seen. */
let replica: TcpProxy;
/** A node with no replica, where people write. */
let writer: TestServer;
/** A node with DATABASE_READ_URL pointing at the proxy. */
let reader: TestServer;

beforeAll(async () => {
  database = await createTestDatabase();
  const target = new URL(database.url);
  replica = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  writer = await startServer({ databaseUrl: database.url });
  reader = await startServer({ databaseUrl: database.url, env: { DATABASE_READ_URL: replica.via(database.url) } });
});
afterEach(destroyClients);
afterAll(async () => {
  await Promise.all([writer?.close(), reader?.close()]);
  await replica?.close();
  await database?.drop();
});

/** Whether the request sent anything to the replica. */
async function readsReplica<T>(request: () => Promise<T>): Promise<{ result: T; replica: boolean }> {
  const before = replica.bytesFromClients;
  const result = await request();
  return { result, replica: replica.bytesFromClients > before };
}

describe('read replica', () => {
  it('serves resume lists, scores and analysis history from DATABASE_READ_URL', async () => {
    const person = await signup(writer);
    const { id } = await createResume(writer, person.cookie, { title: 'Written on the primary' });
    expect((await api(writer, 'POST', `/api/resumes/${id}/analysis`, { cookie: person.cookie })).status).toBe(201);

    // They wrote nothing through `reader`, so its reads go to the replica.
    const list = await readsReplica(() => api(reader, 'GET', '/api/resumes', { cookie: person.cookie }));
    expect(list.replica).toBe(true);
    expect(list.result.body).toMatchObject({ owned: [{ id, title: 'Written on the primary', score: expect.any(Number) }] });

    const analysis = await readsReplica(() => api(reader, 'GET', `/api/resumes/${id}/analysis`, { cookie: person.cookie }));
    expect(analysis.replica).toBe(true);
    expect(analysis.result.body).toMatchObject({ history: [{ trigger: 'explicit' }] });
  });

  it('reads a person’s own writes from the primary right after they write', async () => {
    const person = await signup(reader);
    const bystander = await signup(writer);
    const { id } = await createResume(reader, person.cookie, { title: 'Just created' });

    const list = await readsReplica(() => api(reader, 'GET', '/api/resumes', { cookie: person.cookie }));
    expect(list.result.body).toMatchObject({ owned: [{ id, title: 'Just created' }] });
    expect(list.replica).toBe(false);
    // Someone who wrote nothing lately still reads from the replica.
    expect((await readsReplica(() => api(reader, 'GET', '/api/resumes', { cookie: bystander.cookie }))).replica).toBe(true);
  });
});

describe('backup and restore', () => {
  it('restores a pg_dump into a fresh database that a new node serves with the same resumes and members', async () => {
    const owner = await signup(writer);
    const { id } = await createResume(writer, owner.cookie, {
      title: 'Backed up',
      jsonResume: { basics: { name: 'Ada Lovelace', label: 'Engineer' }, work: [{ name: 'Analytical Engines', highlights: ['Wrote the first program'] }] },
    });
    const coach = await memberWithRole(writer, owner.cookie, id, 'commenter');
    const editor = connect(writer, id, { cookie: owner.cookie });
    await editor.synced();
    getJobDescriptionText(editor.doc).insert(0, 'Typed live before the backup');
    await vi.waitFor(async () => expect(await storedJobDescription(database.url, id)).toBe('Typed live before the backup'), { timeout: 10_000 });

    // What docs/OPERATIONS.md tells operators to run, against a live cluster.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'resume-backup-'));
    const dump = path.join(dir, 'resume.dump');
    const restored = await createTestDatabase();
    let node: TestServer | undefined;
    try {
      await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${dump}`, database.url]);
      await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${restored.url}`, dump]);
      expect(await storedJobDescription(restored.url, id)).toBe('Typed live before the backup');
      node = await startServer({ databaseUrl: restored.url });

      for (const who of [owner, coach]) {
        const [before, after] = await Promise.all([writer, node].map((n) => api(n, 'GET', `/api/resumes/${id}/json`, { cookie: who.cookie })));
        expect(after?.status).toBe(200);
        expect(after?.body).toEqual(before?.body);
      }
      const [before, after] = await Promise.all([writer, node].map((n) => api(n, 'GET', `/api/resumes/${id}`, { cookie: owner.cookie })));
      expect(after?.body).toMatchObject({ title: 'Backed up', members: (before?.body as { members: unknown[] }).members });
      expect((after?.body as { members: unknown[] }).members).toHaveLength(2);
      // Accounts came back too: the password still signs in.
      const login = await api(node, 'POST', '/api/auth/login', { body: { email: owner.user.email, password: owner.password } });
      expect(login.status).toBe(200);
    } finally {
      await node?.close();
      await restored.drop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
