// The Database seam on PGlite, the embedded default: one in-process Postgres in a data folder,
// so the replica is the primary and every query and transaction takes its turn on one connection.
import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, Sql } from './types.ts';

export async function openPglite(dir: string): Promise<Database> {
  await mkdir(dir, { recursive: true });
  const pglite = await PGlite.create(dir);
  const primary: Sql = {
    query: (text, params) => run(pglite, text, params),
    // PGlite's own transaction holds its mutex, so other queries wait instead of joining it.
    transaction: (fn) => pglite.transaction((tx) => fn(txSql(tx))),
  };
  return {
    primary,
    replica: primary,
    kind: 'pglite',
    async ping() {
      await pglite.query('SELECT 1');
    },
    async close() {
      if (!pglite.closed) await pglite.close();
    },
  };
}

function txSql(tx: Transaction): Sql {
  const sql: Sql = {
    query: (text, params) => run(tx, text, params),
    // Nested calls join the surrounding transaction.
    transaction: (fn) => fn(sql),
  };
  return sql;
}

/** Like node-postgres: with parameters one extended-protocol statement, without them the simple
 *  protocol, which may carry several statements (migrations); the last one's rows are returned. */
async function run<R>(target: PGlite | Transaction, text: string, params?: readonly unknown[]): Promise<R[]> {
  if (params && params.length > 0) return (await target.query<R>(text, [...params])).rows;
  const results = await target.exec(text);
  const rows: unknown[] = results.at(-1)?.rows ?? [];
  return rows.filter(isRow<R>);
}

/** Rows are as untyped here as node-postgres gives them; the caller's R names their columns. */
function isRow<R>(row: unknown): row is R {
  return typeof row === 'object' && row !== null;
}
