// The coach dashboard's live data across two real nodes on one Redis and one Postgres: who has a
// resume open (a stock client on one node, the coach's socket.io on the other), the last edit
// and by whom (the node that relays an edit does not overwrite it), and a killed node's people
// dropping out of presence within the TTL.
import { beforeAll, describe, expect, it } from 'vitest';
import { getJobDescriptionText } from '../../collab/index.ts';
import { api, createResume, memberWithRole, signup, type TestUser } from '../harness/api.ts';
import { useCluster } from '../harness/use-cluster.ts';
import { connect, metric, until } from '../harness/collab.ts';
import { nextEvent, socketFor } from '../harness/realtime.ts';
import type { TestServer } from '../harness/server.ts';

/** The nodes' presence TTL (AWARENESS_TIMEOUT_MS): short, so a dead node's people go in seconds. */
const TTL_MS = 2000;

interface Presence {
  resumeId: string;
  users: Array<{ id: string; username: string }>;
}
interface Row {
  id: string;
  lastEdit: { by: { id: string } | null };
  presence: Array<{ id: string; username: string }>;
}

const shared = useCluster({ nodes: 2, nginx: false, env: { AWARENESS_TIMEOUT_MS: String(TTL_MS) } });
const node = (i: number): TestServer => shared.node(i);
let owner: TestUser;

beforeAll(async () => {
  owner = await signup(node(0));
});

async function row(server: TestServer, user: TestUser, resumeId: string): Promise<Row | undefined> {
  const res = await api(server, 'GET', '/api/coach/dashboard', { cookie: user.cookie });
  return (res.body as { resumes: Row[] }).resumes.find((r) => r.id === resumeId);
}

const person = (u: TestUser) => ({ id: u.user.id, username: u.user.username });
const byName = (a: { username: string }, b: { username: string }) => a.username.localeCompare(b.username);

describe('presence and last edit across nodes', () => {
  it('shows who is in a resume on any node, keeps the last editor, and forgets a dead node’s people', async () => {
    const { id } = await createResume(node(0), owner.cookie, { title: 'Across nodes' });
    const coach = await memberWithRole(node(0), owner.cookie, id, 'commenter');
    const editor = await memberWithRole(node(0), owner.cookie, id, 'editor');
    const live = await socketFor(node(1), coach.cookie);
    expect(await live.emitWithAck('watch')).toEqual({ ok: true, resumeIds: [id] });

    // The editor works on node 0, the owner on node 1: the coach (node 1) sees both.
    const both = nextEvent<Presence>(live, 'presence', (p) => p.resumeId === id && p.users.length === 2);
    const editing = connect(node(0), id, { cookie: editor.cookie });
    const owning = connect(node(1), id, { cookie: owner.cookie });
    await Promise.all([editing.synced(), owning.synced()]);
    const everyone = [person(editor), person(owner)].sort(byName);
    expect((await both).users).toEqual(everyone);
    expect((await row(node(1), coach, id))?.presence).toEqual(everyone);
    expect((await row(node(0), coach, id))?.presence).toEqual(everyone);

    // The editor types on node 0; node 1 applies and stores the relayed update too, without
    // claiming it for anyone: the last editor stays the editor.
    const rowsOnNode1 = await metric(node(1), 'collab_update_rows_written_total');
    const told = nextEvent<{ resumeId: string; by: { id: string } | null }>(live, 'edited', (e) => e.resumeId === id);
    getJobDescriptionText(editing.doc).insert(0, 'Typed on node 0. ');
    expect((await told).by?.id).toBe(editor.user.id);
    await until(async () => expect(await metric(node(1), 'collab_update_rows_written_total')).toBeGreaterThan(rowsOnNode1));
    expect((await row(node(1), coach, id))?.lastEdit.by?.id).toBe(editor.user.id);

    // Node 0 dies without a word: within the TTL its editor leaves everyone's presence.
    const alone = nextEvent<Presence>(live, 'presence', (p) => p.resumeId === id && p.users.length === 1);
    const killed = Date.now();
    await node(0).stop('SIGKILL');
    expect((await alone).users).toEqual([person(owner)]);
    expect(Date.now() - killed).toBeLessThan(TTL_MS * 3);
    expect((await row(node(1), coach, id))?.presence).toEqual([person(owner)]);
  });
});
