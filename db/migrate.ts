// Schema migrations: the plain SQL files in db/migrations, applied in name order at start, all
// in one transaction under an advisory lock so that nodes starting together never race.
import { readdir, readFile } from 'node:fs/promises';
import type { Sql } from './types.ts';
import type { DbLog } from './log.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
/** Any fixed number works; every process that migrates must use the same one. */
const MIGRATION_LOCK = 726_578_931;

export interface Migration {
  version: string;
  sql: string;
}

export async function readMigrations(): Promise<Migration[]> {
  const names = (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith('.sql')).sort();
  return Promise.all(
    names.map(async (name) => ({
      version: name.replace(/\.sql$/, ''),
      sql: await readFile(new URL(name, MIGRATIONS_DIR), 'utf8'),
    })),
  );
}

/** Applies the migrations this database lacks; returns their versions. */
export async function migrate(sql: Sql, log: DbLog, migrations?: Migration[]): Promise<string[]> {
  const all = migrations ?? (await readMigrations());
  const applied = await sql.transaction(async (tx) => {
    // Taken before anything else so the table creation below cannot race either.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set((await tx.query<{ version: string }>('SELECT version FROM schema_migrations')).map((r) => r.version));
    const pending = all.filter((m) => !done.has(m.version));
    for (const m of pending) {
      // No parameters: the simple protocol, so one file may hold many statements.
      await tx.query(m.sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
    }
    return pending.map((m) => m.version);
  });
  if (applied.length > 0) log.info({ versions: applied }, 'database migrated');
  return applied;
}
