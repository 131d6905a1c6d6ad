// Opening a store brings the schema up to date exactly once: reopening changes nothing, nodes
// starting together on one Postgres do not race, and PGlite keeps its data across restarts.
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../db/index.ts';
import { readMigrations } from '../../db/migrate.ts';
import { createTestStorage, testBackends, type TestStorage } from '../harness/postgres.ts';

/** A logger that remembers which messages it saw. */
function recordingLog() {
  const messages: string[] = [];
  return { messages, info: (_o: object, msg: string) => void messages.push(msg), warn: (_o: object, msg: string) => void messages.push(msg) };
}

async function appliedVersions(store: Store): Promise<string[]> {
  const rows = await store.db.primary.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((r) => r.version);
}

describe.each(testBackends())('migrations on %s', (backend) => {
  let storage: TestStorage | undefined;
  const open: Store[] = [];

  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.db.close()));
    await storage?.cleanup();
    storage = undefined;
  });

  it('applies every migration file once and nothing on reopen', async () => {
    storage = await createTestStorage(backend, { empty: true });
    const versions = (await readMigrations()).map((m) => m.version);
    expect(versions[0]).toBe('001_init');

    const firstLog = recordingLog();
    const first = await openStore(storage.options, firstLog);
    open.push(first);
    expect(first.db.kind).toBe(backend);
    expect(await appliedVersions(first)).toEqual(versions);
    expect(firstLog.messages).toContain('database migrated');
    const user = await first.users.create({ email: 'keep@example.com', username: 'keeper', passwordHash: 'h' });
    await first.db.close();
    open.pop();

    const againLog = recordingLog();
    const again = await openStore(storage.options, againLog);
    open.push(again);
    expect(againLog.messages).not.toContain('database migrated');
    expect(await appliedVersions(again)).toEqual(versions);
    // The data outlives the restart, on disk for PGlite.
    expect(await again.users.findById(user.id)).toEqual(user);
    await expect(again.db.ping()).resolves.toBeUndefined();
  });

  if (backend === 'postgres') {
    it('lets three nodes start at once on a fresh database without racing', async () => {
      storage = await createTestStorage(backend);
      const options = storage.options;
      const logs = [recordingLog(), recordingLog(), recordingLog()];
      const stores = await Promise.all(logs.map((log) => openStore(options, log)));
      open.push(...stores);

      const migratedBy = logs.filter((log) => log.messages.includes('database migrated'));
      expect(migratedBy).toHaveLength(1);
      const versions = (await readMigrations()).map((m) => m.version);
      for (const store of stores) expect(await appliedVersions(store)).toEqual(versions);
      // Every node can work on the schema right away.
      const users = await Promise.all(
        stores.map((s, i) => s.users.create({ email: `n${i}@example.com`, username: `node${i}`, passwordHash: 'h' })),
      );
      expect(new Set(users.map((u) => u.id)).size).toBe(3);
    });

    it('reads from the replica URL when one is given', async () => {
      storage = await createTestStorage(backend);
      const { databaseUrl } = storage.options;
      const store = await openStore({ ...storage.options, databaseReadUrl: databaseUrl });
      open.push(store);
      expect(store.db.replica).not.toBe(store.db.primary);
      const owner = await store.users.create({ email: 'r@example.com', username: 'reader', passwordHash: 'h' });
      await store.resumes.create({ ownerId: owner.id, title: 'CV', snapshot: new Uint8Array([0, 0]) });
      expect((await store.resumes.listFor(owner.id)).owned).toHaveLength(1);
    });
  }
});
