// The Database seam on node-postgres: a pool for the primary, an optional second pool for the
// read replica, transactions on one checked-out client, bytea handed back as plain Uint8Array.
import pg from 'pg';
import { readsGoToPrimary } from './consistency.ts';
import type { Database, Sql } from './types.ts';
import type { DbLog } from './log.ts';

export interface PostgresOptions {
  url: string;
  readUrl?: string | undefined;
  log: DbLog;
}

export async function openPostgres(opts: PostgresOptions): Promise<Database> {
  const primaryPool = makePool(opts.url, 'primary', opts.log);
  const replicaPool = opts.readUrl ? makePool(opts.readUrl, 'replica', opts.log) : primaryPool;
  const primary = poolSql(primaryPool.pool, opts.log);
  const replica = replicaPool === primaryPool ? primary : unlessOnPrimary(poolSql(replicaPool.pool, opts.log), primary);
  const database: Database = {
    primary,
    replica,
    kind: 'postgres',
    async ping() {
      await primaryPool.pool.query('SELECT 1');
      if (replicaPool !== primaryPool) await replicaPool.pool.query('SELECT 1');
    },
    async close() {
      await Promise.all([primaryPool.end(), replicaPool === primaryPool ? undefined : replicaPool.end()]);
    },
  };
  try {
    await database.ping();
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}

interface OpenPool {
  pool: pg.Pool;
  /** Unlike pool.end() alone, resolves once every connection has said goodbye, so that after
   *  close() the server holds no session of ours (a prompt DROP DATABASE, a clean exit). */
  end(): Promise<void>;
}

function makePool(url: string, role: 'primary' | 'replica', log: DbLog): OpenPool {
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // An idle client whose server went away emits here; without a listener Node would crash.
  pool.on('error', (err) => log.warn({ err, role }, 'postgres idle client error'));
  let open = 0;
  let onDrained: (() => void) | undefined;
  pool.on('connect', () => {
    open += 1;
  });
  pool.on('remove', () => {
    open -= 1;
    if (open === 0) onDrained?.();
  });
  return {
    pool,
    async end() {
      const drained = new Promise<void>((resolve) => {
        if (open === 0) return resolve();
        onDrained = resolve;
        setTimeout(resolve, 5000).unref();
      });
      await pool.end();
      await drained;
    },
  };
}

function poolSql(pool: pg.Pool, log: DbLog): Sql {
  return {
    async query(text, params) {
      return rowsOf(await pool.query(text, params ? [...params] : undefined));
    },
    async transaction(fn) {
      const client = await pool.connect();
      // A checked-out client has no pool listener; a dropped connection must not crash us.
      const onError = (err: Error) => log.warn({ err }, 'postgres client error during transaction');
      client.on('error', onError);
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const value = await fn(clientSql(client));
        const commit = await client.query('COMMIT');
        // Postgres answers COMMIT of an aborted transaction with ROLLBACK, not an error.
        if (commit.command === 'ROLLBACK') throw new Error('transaction was aborted and rolled back');
        return value;
      } catch (err) {
        await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
          broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
        });
        throw err;
      } finally {
        client.removeListener('error', onError);
        // Passing an error destroys the connection instead of returning it to the pool.
        client.release(broken);
      }
    },
  };
}

/** The replica, except inside onPrimary (a person reading back what they just wrote). */
function unlessOnPrimary(replica: Sql, primary: Sql): Sql {
  const pick = () => (readsGoToPrimary() ? primary : replica);
  return {
    query: <R extends object>(text: string, params?: readonly unknown[]) => pick().query<R>(text, params),
    transaction: <T>(fn: (tx: Sql) => Promise<T>) => pick().transaction(fn),
  };
}

function clientSql(client: pg.PoolClient): Sql {
  const sql: Sql = {
    async query(text, params) {
      return rowsOf(await client.query(text, params ? [...params] : undefined));
    },
    // Nested calls join the surrounding transaction.
    transaction: (fn) => fn(sql),
  };
  return sql;
}

/** Without parameters pg uses the simple protocol, which may run several statements and then
 *  answers with one result each; like PGlite we return the last one's rows. */
function rowsOf<R extends pg.QueryResultRow>(result: pg.QueryResult<R> | Array<pg.QueryResult<R>>): R[] {
  const last = Array.isArray(result) ? result.at(-1) : result;
  return normalizeRows(last?.rows ?? []);
}

/** pg hands bytea back as Buffer; callers get plain Uint8Array like PGlite gives them. */
function normalizeRows<R>(rows: R[]): R[] {
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) continue;
    for (const [key, value] of Object.entries(row)) {
      // A copy, not a view: small Buffers share Node's pooled slab with unrelated bytes.
      if (Buffer.isBuffer(value)) Reflect.set(row, key, new Uint8Array(value));
    }
  }
  return rows;
}
