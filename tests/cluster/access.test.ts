// Access changes across nodes: the owner's REST call lands on one node while the member's live
// sockets are on others. Revocation closes them within a second, a downgrade makes them read-only
// at once, and socket.io rooms follow — through the bus channel every node holds.
import { beforeAll, describe, expect, it } from 'vitest';
import os from 'node:os';
import { getJobDescriptionText } from '../../collab/index.ts';
import { openStore } from '../../db/index.ts';
import { api, createResume, memberWithRole, signup, type TestUser } from '../harness/api.ts';
import { useCluster } from '../harness/use-cluster.ts';
import { connect, until } from '../harness/collab.ts';
import { joinRoom, nextEvent, socketFor } from '../harness/realtime.ts';
import type { TestServer } from '../harness/server.ts';

const READ_ONLY = 'read-only: viewers and commenters cannot edit';

const shared = useCluster({ nodes: 2, nginx: false });
const node = (i: number): TestServer => shared.node(i);
let owner: TestUser;

beforeAll(async () => {
  owner = await signup(node(0));
});

describe('access changes across nodes', () => {
  it('a revocation made on one node closes the member’s socket on another within a second', async () => {
    const { id } = await createResume(node(0), owner.cookie);
    const coach = await memberWithRole(node(0), owner.cookie, id, 'editor');
    const live = connect(node(1), id, { cookie: coach.cookie });
    await live.synced();
    const socket = await socketFor(node(1), coach.cookie);
    expect(await joinRoom(socket, id)).toMatchObject({ ok: true });
    const closed = new Promise<number>((resolve) => live.provider.once('closed', () => resolve(performance.now())));
    const told = nextEvent<{ role: string | null }>(socket, 'membership');

    const started = performance.now();
    expect((await api(node(0), 'DELETE', `/api/resumes/${id}/members/${coach.user.id}`, { cookie: owner.cookie })).status).toBe(200);
    const closedAt = await closed;
    console.log(`revocation on node 0 → socket on node 1 closed: ${(closedAt - started).toFixed(1)} ms`);
    expect(closedAt - started).toBeLessThan(1000);
    expect(await told).toMatchObject({ resumeId: id, role: null });
    expect((await api(node(1), 'GET', `/api/resumes/${id}`, { cookie: coach.cookie })).status).toBe(404);
  });

  it('a downgrade made on one node makes the member’s socket on another read-only at once', async () => {
    const { id } = await createResume(node(0), owner.cookie);
    const coach = await memberWithRole(node(0), owner.cookie, id, 'editor');
    const ownerClient = connect(node(0), id, { cookie: owner.cookie });
    const coachClient = connect(node(1), id, { cookie: coach.cookie });
    await Promise.all([ownerClient.synced(), coachClient.synced()]);
    getJobDescriptionText(coachClient.doc).insert(0, 'before ');
    await until(() => expect(getJobDescriptionText(ownerClient.doc).toString()).toBe('before '));

    const patched = await api(node(0), 'PATCH', `/api/resumes/${id}/members/${coach.user.id}`, { cookie: owner.cookie, body: { role: 'commenter' } });
    expect(patched.status).toBe(200);
    getJobDescriptionText(coachClient.doc).insert(7, 'after');
    await until(() => expect(coachClient.denied).toEqual([READ_ONLY]));
    expect(getJobDescriptionText(ownerClient.doc).toString()).toBe('before ');
  });

  it('a removal whose message never reached a node still closes its sockets at the next sweep (every 10 s)', async () => {
    const { id } = await createResume(node(0), owner.cookie);
    const coach = await memberWithRole(node(0), owner.cookie, id, 'editor');
    const live = connect(node(1), id, { cookie: coach.cookie });
    await live.synced();
    const closed = new Promise<{ code: number }>((resolve) => live.provider.once('closed', resolve));
    // Straight in the database: no node hears of it, as when the bus lost the message.
    const store = await openStore({ databaseUrl: shared.cluster.databaseUrl, dataDir: os.tmpdir() });
    try {
      expect(await store.members.remove(id, coach.user.id)).not.toBeNull();
    } finally {
      await store.db.close();
    }
    expect(await closed).toMatchObject({ code: 4403 });
  });
});
