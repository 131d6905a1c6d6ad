// Nodes dying and restarting under people who keep typing: a SIGKILL of the node nginx pins the
// resume to, and a rolling SIGTERM of every node. Every character typed must end up in every
// client and in Postgres. And a killed node's editors' cursors leave the other nodes' editors.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createResume, signup, type TestUser } from '../harness/api.ts';
import { startTyping, storedJobDescription, type Nginx } from '../harness/cluster.ts';
import { useCluster } from '../harness/use-cluster.ts';
import { connect, metric, until, view, type Client } from '../harness/collab.ts';
import type { TestServer } from '../harness/server.ts';

/** The nodes' AWARENESS_TIMEOUT_MS: short, so the dead node's presence test takes seconds, not 30. */
const AWARENESS_TIMEOUT_MS = 2000;

const shared = useCluster({ nodes: 3, env: { AWARENESS_TIMEOUT_MS: String(AWARENESS_TIMEOUT_MS) } });
const node = (i: number): TestServer => shared.node(i);
let nginx: Nginx;
let owner: TestUser;

beforeAll(async () => {
  if (!shared.cluster.nginx) throw new Error('the cluster runs nginx');
  nginx = shared.cluster.nginx;
  owner = await signup(nginx);
});

/** The node holding the clients that came through nginx (it pins a resume to one node). */
async function pinnedNode(expectedSockets: number): Promise<TestServer> {
  let pinned: TestServer | undefined;
  await until(async () => {
    // A node that is down has no sockets.
    const counts = await Promise.all(shared.cluster.nodes.map((n) => metric(n, 'collab_sockets').catch(() => 0)));
    pinned = shared.cluster.nodes[counts.indexOf(expectedSockets)];
    expect(pinned).toBeDefined();
  });
  if (!pinned) throw new Error('no pinned node');
  return pinned;
}

/** Every token is in every client's document, and in Postgres once the nodes have written it. */
async function expectEverywhere(clients: Client[], typed: string[], resumeId: string): Promise<void> {
  await until(() => {
    for (const client of clients) {
      const text = view(client.doc).jobDescription;
      for (const token of typed) expect(text).toContain(token);
    }
  }, 20_000);
  const first = clients[0];
  if (first) for (const client of clients) expect(view(client.doc)).toEqual(view(first.doc));
  await vi.waitFor(
    async () => {
      const stored = await storedJobDescription(shared.cluster.databaseUrl, resumeId);
      for (const token of typed) expect(stored).toContain(token);
    },
    { timeout: 20_000, interval: 250 },
  );
}

/** Resolves once every typist has typed `more` further tokens (with the fault in between). */
const typedMore = (typists: Array<{ typed: string[] }>, more: number) => {
  const marks = typists.map((t) => t.typed.length);
  return until(() => typists.forEach((t, i) => expect(t.typed.length).toBeGreaterThanOrEqual((marks[i] ?? 0) + more)));
};

describe('node failures behind nginx', () => {
  it('loses nothing when the node a resume is pinned to is killed while its editors type', async () => {
    const { id } = await createResume(nginx, owner.cookie);
    const clients = [connect(nginx, id, { cookie: owner.cookie }), connect(nginx, id, { cookie: owner.cookie })];
    await Promise.all(clients.map((c) => c.synced()));
    const pinned = await pinnedNode(2);
    const typists = clients.map((client, i) => startTyping(client, `k${i}`));
    await typedMore(typists, 10);

    const exit = await pinned.stop('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    // The stock clients reconnect by themselves; nginx sends them to a live node.
    await until(() => {
      for (const client of clients) expect(client.closes.length).toBeGreaterThan(0);
    });
    await until(() => {
      for (const client of clients) expect(client.provider.wsconnected && client.provider.synced).toBe(true);
    }, 15_000);
    const survivor = await pinnedNode(2);
    expect(survivor).not.toBe(pinned);
    await typedMore(typists, 10);
    const typed = typists.flatMap((t) => t.stop());

    await expectEverywhere(clients, typed, id);
    await pinned.restart();
  });

  it('loses nothing while every node is restarted in turn with SIGTERM', async () => {
    const { id } = await createResume(nginx, owner.cookie);
    const clients = [connect(nginx, id, { cookie: owner.cookie }), connect(nginx, id, { cookie: owner.cookie })];
    await Promise.all(clients.map((c) => c.synced()));
    const typists = clients.map((client, i) => startTyping(client, `r${i}`));
    await typedMore(typists, 5);

    for (const n of shared.cluster.nodes) {
      const exit = await n.stop('SIGTERM');
      expect(exit.code).toBe(0); // drained: every edit flushed before exiting
      await n.restart();
      await until(() => {
        for (const client of clients) expect(client.provider.wsconnected && client.provider.synced).toBe(true);
      }, 15_000);
      await typedMore(typists, 5);
    }
    const typed = typists.flatMap((t) => t.stop());
    // Draining closes sockets with 1012 (service restart), which the stock client retries.
    expect(clients.flatMap((c) => c.closes.map((close) => close.code))).toContain(1012);

    await expectEverywhere(clients, typed, id);
  });
});

describe('presence of a node that dies', () => {
  // Last in the file: the killed node stays down.
  it('removes the cursors of a SIGKILLed node’s editors from editors on other nodes within the awareness timeout', async () => {
    const { id } = await createResume(nginx, owner.cookie);
    const [doomed, survivor] = [node(0), node(1)];
    const alice = connect(doomed, id, { cookie: owner.cookie });
    const bob = connect(survivor, id, { cookie: owner.cookie });
    await Promise.all([alice.synced(), bob.synced()]);
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice', color: '#cc3333' });
    const aliceId = alice.doc.clientID;
    // The name in presence is the session's, whatever the client says.
    const shown = { user: { name: owner.user.username, color: '#cc3333' } };
    await until(() => expect(bob.provider.awareness.getStates().get(aliceId)).toMatchObject(shown));

    // While her node lives it keeps vouching for her: her cursor outlasts the timeout (there is no
    // event for "nothing happened", so this one waits).
    await new Promise((resolve) => setTimeout(resolve, 2.5 * AWARENESS_TIMEOUT_MS));
    expect(bob.provider.awareness.getStates().has(aliceId)).toBe(true);

    expect((await doomed.stop('SIGKILL')).signal).toBe('SIGKILL');
    const killedAt = Date.now();
    await until(() => expect(bob.provider.awareness.getStates().has(aliceId)).toBe(false), 3 * AWARENESS_TIMEOUT_MS);
    // The timeout, plus at most one sweep period (a third of it), plus delivery.
    expect(Date.now() - killedAt).toBeLessThan(AWARENESS_TIMEOUT_MS * (4 / 3) + 500);
  });
});
