// Test storage on the real local Postgres: each caller gets a fresh, randomly named database (or an
// empty PGlite folder) and removes it afterwards, so test files never see each other's rows.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freshPgliteDataDir } from './pglite-template.ts';
import type { StoreOptions } from '../../db/types.ts';

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const START_HINT = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export type TestBackend = 'pglite' | 'postgres';

/** The storage backends a db test runs against: both, unless the vitest project (TEST_DB in
 *  vitest.config.ts) names one, so that no backend is tested twice. */
export function testBackends(): TestBackend[] {
  const only = process.env.TEST_DB;
  return only === 'pglite' || only === 'postgres' ? [only] : ['pglite', 'postgres'];
}

export interface TestStorage {
  /** What openStore takes: a fresh database URL (postgres) or a data folder (pglite). */
  options: StoreOptions;
  /** Removes the database or the folder; close every store on it first. */
  cleanup(): Promise<void>;
}

/** A fresh place to open a store on: a new database for postgres; for pglite a copy of the
 *  migrated template, or with `{ empty: true }` an empty folder (initdb and migrations run). */
export async function createTestStorage(backend: TestBackend, opts: { empty?: boolean } = {}): Promise<TestStorage> {
  const dataDir =
    backend === 'pglite' && !opts.empty ? await freshPgliteDataDir() : await mkdtemp(join(tmpdir(), 'resume-test-'));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  if (backend === 'pglite') return { options: { dataDir }, cleanup: removeDir };
  const database = await createTestDatabase().catch(async (err: unknown) => {
    await removeDir();
    throw err;
  });
  return {
    options: { dataDir, databaseUrl: database.url },
    async cleanup() {
      await Promise.all([database.drop(), removeDir()]);
    },
  };
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(
      `Postgres is unreachable at ${redact(adminUrl)} (${why}); start it with \`${START_HINT}\` or set TEST_POSTGRES_URL.`,
      { cause: err },
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new empty database on the server at adminUrl (default: TEST_POSTGRES_URL, else local). */
export async function createTestDatabase(
  adminUrl = process.env.TEST_POSTGRES_URL ?? DEFAULT_ADMIN_URL,
): Promise<TestDatabase> {
  const name = `resume_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdmin(adminUrl, async (admin) => {
        // FORCE terminates the connections a test left open (pools that were not closed).
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}

function redact(raw: string): string {
  const url = new URL(raw);
  if (url.password) url.password = '***';
  return url.toString();
}
