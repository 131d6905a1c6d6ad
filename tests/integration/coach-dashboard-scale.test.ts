// The coach dashboard with 200 shared resumes (20 clients with 10 each, analyses, comment threads
// and suggestions), seeded through the data layer while the server is stopped, then asked for
// through the real server: every figure must be right, and the time of ~30 requests is printed
// (p50/p95) for the closing note. Timing is reported, not asserted: this machine is shared.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResumeDoc } from '../../collab/index.ts';
import { openStore } from '../../db/index.ts';
import { api, signup, type TestUser } from '../harness/api.ts';
import { startServer, type TestServer } from '../harness/server.ts';

const CLIENTS = 20;
const PER_CLIENT = 10;
const RESUMES = CLIENTS * PER_CLIENT;
const ANALYSES = 12; // more than the sparkline's 10
const REQUESTS = 30;

interface Row {
  id: string;
  title: string;
  role: string;
  owner: { id: string; username: string };
  lastEdit: { at: string; by: { id: string; username: string } | null };
  score: number | null;
  scores: number[];
  openComments: number;
  waitingSuggestions: number;
  presence: unknown[];
}

/** What resume number i was seeded with. */
const expected = (i: number) => {
  const analysed = i % 10 !== 0;
  const scores = analysed ? Array.from({ length: ANALYSES }, (_, k) => (i * 7 + k * 5) % 101).slice(-10) : [];
  return {
    title: `Resume ${String(i).padStart(3, '0')}`,
    role: (['commenter', 'editor', 'viewer'] as const)[i % 3],
    scores,
    score: scores.at(-1) ?? null,
    openComments: i % 4,
    waitingSuggestions: i % 3,
    editedByOwner: i % 2 === 0,
  };
};

let server: TestServer;
let coach: TestUser;
const indexOf = new Map<string, number>();
const ownerNames: string[] = [];

beforeAll(async () => {
  server = await startServer();
  coach = await signup(server, `coach_${Date.now().toString(36)}`);
  await server.stop();
  const store = await openStore({ databaseUrl: server.databaseUrl, dataDir: server.dataDir });
  try {
    const sql = store.db.primary;
    const snapshot = Y.encodeStateAsUpdate(createResumeDoc());
    const owners = [];
    for (let c = 0; c < CLIENTS; c += 1) {
      const username = `client_${String(c).padStart(2, '0')}_${Date.now().toString(36)}`;
      ownerNames.push(username);
      owners.push(await store.users.create({ email: `${username}@example.com`, username, passwordHash: 'seeded' }));
    }
    const ids: string[] = [];
    for (let i = 0; i < RESUMES; i += 1) {
      const owner = owners[i % CLIENTS];
      if (!owner) throw new Error('no owner');
      const row = await store.resumes.create({ ownerId: owner.id, title: expected(i).title, snapshot });
      ids.push(row.id);
      indexOf.set(row.id, i);
    }
    const n = ids.map((_, i) => i);
    await sql.query(
      `INSERT INTO resume_members (resume_id, user_id, role)
       SELECT id, $2, role FROM unnest($1::uuid[], $3::text[]) AS v(id, role)`,
      [ids, coach.user.id, n.map((i) => expected(i).role)],
    );
    // Distinct activity times (resume i was active i minutes ago); every even one edited by its owner.
    await sql.query(
      `UPDATE resumes r SET updated_at = now() - v.i * interval '1 minute',
              last_edited_by = CASE WHEN v.i % 2 = 0 THEN r.owner_id END
         FROM unnest($1::uuid[], $2::int[]) AS v(id, i) WHERE r.id = v.id`,
      [ids, n],
    );
    await sql.query(
      `INSERT INTO analyses (resume_id, trigger, content_hash, score, report, provider, status, analyzer_version, created_at)
       SELECT v.id, 'auto', 'seeded', (v.i * 7 + k * 5) % 101, '{}'::jsonb, 'offline', 'offline', 'seeded',
              now() - ($3 - k) * interval '1 minute'
         FROM unnest($1::uuid[], $2::int[]) AS v(id, i), generate_series(0, $3 - 1) AS k
        WHERE v.i % 10 <> 0`,
      [ids, n, ANALYSES],
    );
    const anchor = JSON.stringify({ kind: 'item', section: 'work', itemId: 'seeded' });
    // Open threads (i % 4), each with a reply; one resolved thread per resume that does not count.
    await sql.query(
      `INSERT INTO comments (resume_id, author_id, body, anchor)
       SELECT v.id, $3, 'Open thread', $4::jsonb FROM unnest($1::uuid[], $2::int[]) AS v(id, i), generate_series(1, v.i % 4)`,
      [ids, n, coach.user.id, anchor],
    );
    await sql.query(
      `INSERT INTO comments (resume_id, author_id, body, thread_id)
       SELECT resume_id, author_id, 'A reply', id FROM comments WHERE thread_id IS NULL`,
    );
    await sql.query(
      `INSERT INTO comments (resume_id, author_id, body, anchor, resolved_at, resolved_by)
       SELECT id, $2, 'Resolved thread', $3::jsonb, now(), $2 FROM unnest($1::uuid[]) AS id`,
      [ids, coach.user.id, anchor],
    );
    // Waiting suggestions (i % 3) and two decided ones per resume that do not count.
    await sql.query(
      `INSERT INTO suggestions (resume_id, author_id, anchor, original, replacement, status)
       SELECT v.id, $3, $4::jsonb, 'Did things', 'Shipped things', s
         FROM unnest($1::uuid[], $2::int[]) AS v(id, i),
              LATERAL (SELECT 'pending' AS s FROM generate_series(1, v.i % 3)
                       UNION ALL SELECT 'accepted' UNION ALL SELECT 'rejected') AS t`,
      [ids, n, coach.user.id, anchor],
    );
  } finally {
    await store.db.close();
  }
  await server.restart();
}, 120_000);
afterAll(() => server.close());

describe('the coach dashboard with 200 shared resumes', () => {
  it('answers every figure right for every resume, grouped by 20 clients', async () => {
    const res = await api(server, 'GET', '/api/coach/dashboard', { cookie: coach.cookie });
    expect(res.status).toBe(200);
    const rows = (res.body as { resumes: Row[] }).resumes;
    expect(rows).toHaveLength(RESUMES);
    // Latest activity first: resume 0 was active most recently.
    expect(rows.map((r) => indexOf.get(r.id))).toEqual(Array.from({ length: RESUMES }, (_, i) => i));
    const clients = new Map<string, number>();
    for (const row of rows) {
      const i = indexOf.get(row.id);
      if (i === undefined) throw new Error(`unknown resume ${row.id}`);
      const want = expected(i);
      expect(row.owner.username).toBe(ownerNames[i % CLIENTS]);
      expect({
        title: row.title,
        role: row.role,
        scores: row.scores,
        score: row.score,
        openComments: row.openComments,
        waitingSuggestions: row.waitingSuggestions,
        editedByOwner: row.lastEdit.by?.id === row.owner.id,
      }).toEqual(want);
      expect(row.presence).toEqual([]);
      clients.set(row.owner.id, (clients.get(row.owner.id) ?? 0) + 1);
    }
    expect([...clients.values()]).toEqual(Array(CLIENTS).fill(PER_CLIENT));
    expect((await api(server, 'GET', '/api/coach/summary', { cookie: coach.cookie })).body).toEqual({ resumes: RESUMES, clients: CLIENTS });
  });

  it(`answers ${REQUESTS} dashboard requests (timing printed for the closing note)`, async () => {
    const times: number[] = [];
    for (let k = 0; k < REQUESTS + 2; k += 1) {
      const started = performance.now();
      const res = await api(server, 'GET', '/api/coach/dashboard', { cookie: coach.cookie });
      const ms = performance.now() - started;
      expect(res.status).toBe(200);
      expect((res.body as { resumes: Row[] }).resumes).toHaveLength(RESUMES);
      if (k >= 2) times.push(ms); // the first two warm the caches and the query plan
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? NaN;
    console.log(
      `coach dashboard, ${RESUMES} shared resumes on ${server.backend}: p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms over ${REQUESTS} requests`,
    );
  });
});
