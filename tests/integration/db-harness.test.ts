// The test harness and openStore say clearly when Postgres is not there, instead of hanging or
// failing somewhere later with a socket error.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../db/index.ts';
import { createTestDatabase } from '../harness/postgres.ts';

// Port 1 on loopback: nothing listens there, so the connection is refused at once.
const NOWHERE = 'postgres://postgres@127.0.0.1:1/postgres';

describe('when Postgres is unreachable', () => {
  it('createTestDatabase names what it tried and how to start Postgres', async () => {
    const err = await createTestDatabase(NOWHERE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String(err)).toContain('127.0.0.1:1');
    expect(String(err)).toContain('pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start');
  });

  it('openStore rejects instead of starting without a database', async () => {
    await expect(openStore({ databaseUrl: NOWHERE, dataDir: '/nonexistent' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
