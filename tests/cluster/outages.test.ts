// Redis going away and coming back while people type on different nodes, Postgres cut off for 20 s
// (its port behind a TCP proxy the test controls), and a node added to a running cluster (nginx
// re-rendered and reloaded) while people type.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getJobDescriptionText } from '../../collab/index.ts';
import { api, createResume, signup, type TestUser } from '../harness/api.ts';
import { startTyping, storedJobDescription } from '../harness/cluster.ts';
import { useCluster } from '../harness/use-cluster.ts';
import { connect, metric, until, view, type Client } from '../harness/collab.ts';
import { joinRoom, nextEvent, socketFor } from '../harness/realtime.ts';
import type { TestServer } from '../harness/server.ts';

const shared = useCluster({ nodes: 3, databaseProxy: true });
const node = (i: number): TestServer => shared.node(i);
let owner: TestUser;

beforeAll(async () => {
  owner = await signup(node(0));
});

const typedMore = (typists: Array<{ typed: string[] }>, more: number) => {
  const marks = typists.map((t) => t.typed.length);
  return until(() => typists.forEach((t, i) => expect(t.typed.length).toBeGreaterThanOrEqual((marks[i] ?? 0) + more)));
};

async function expectEverywhere(clients: Client[], typed: string[], resumeId: string, timeout: number): Promise<void> {
  await until(() => {
    for (const client of clients) {
      const text = view(client.doc).jobDescription;
      for (const token of typed) expect(text).toContain(token);
    }
  }, timeout);
  await vi.waitFor(
    async () => {
      const stored = await storedJobDescription(shared.cluster.databaseUrl, resumeId);
      for (const token of typed) expect(stored).toContain(token);
    },
    { timeout: 20_000, interval: 250 },
  );
}

describe('Redis outage', () => {
  it('keeps editing within each node, reports it on /readyz, and converges within 20 s of Redis returning', async () => {
    const { id } = await createResume(node(0), owner.cookie);
    const clients = [connect(node(0), id, { cookie: owner.cookie }), connect(node(1), id, { cookie: owner.cookie }), connect(node(1), id, { cookie: owner.cookie })];
    await Promise.all(clients.map((c) => c.synced()));
    const typists = clients.map((client, i) => startTyping(client, `t${i}`));
    await typedMore(typists, 5);

    await shared.cluster.redis.stop();
    await until(async () => {
      const res = await api(node(0), 'GET', '/readyz');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ checks: { database: 'ok', redis: 'unreachable' } });
    });
    // Editors on the same node still see each other while the nodes cannot talk.
    getTextMark(clients[1], 'same-node-mark');
    await until(() => expect(view(must(clients[2]).doc).jobDescription).toContain('same-node-mark'));
    await typedMore(typists, 10);

    await shared.cluster.redis.start();
    const back = Date.now();
    await typedMore(typists, 5);
    const typed = [...typists.flatMap((t) => t.stop()), 'same-node-mark'];
    await expectEverywhere(clients, typed, id, 20_000);
    expect(Date.now() - back).toBeLessThan(20_000);
    await until(async () => expect((await api(node(0), 'GET', '/readyz')).status).toBe(200));
  });
});

describe('socket.io across a Redis restart', () => {
  it('delivers an event raised on one node to a client on another once Redis is back', async () => {
    const { id } = await createResume(node(0), owner.cookie);
    const socket = await socketFor(node(2), owner.cookie);
    expect(await joinRoom(socket, id)).toMatchObject({ ok: true });

    await shared.cluster.redis.stop();
    await shared.cluster.redis.start();
    await until(async () => {
      for (const n of [node(1), node(2)]) expect((await api(n, 'GET', '/readyz')).status).toBe(200);
    }, 15_000);
    // Pub/sub is at most once: an event raised before the adapter's subscriber is back is lost by
    // design. So raise one a second until the client on node 2 hears one (ten at most: the limit).
    const heard = nextEvent<{ resumeId: string }>(socket, 'analysis', (event) => event.resumeId === id);
    let received = false;
    void heard.then(() => (received = true));
    await vi.waitFor(
      async () => {
        if (!received) expect((await api(node(1), 'POST', `/api/resumes/${id}/analysis`, { cookie: owner.cookie })).status).toBe(201);
        expect(received).toBe(true);
      },
      { timeout: 9_000, interval: 1000 },
    );
    expect(await heard).toMatchObject({ resumeId: id, analysis: { trigger: 'explicit' } });
  });
});

describe('Postgres outage', () => {
  it('keeps editing while Postgres is unreachable for 20 s, reports it on /readyz, and stores every character once it returns', async () => {
    const proxy = shared.cluster.databaseProxy;
    if (!proxy) throw new Error('the cluster reaches Postgres through the proxy');
    const { id } = await createResume(node(0), owner.cookie);
    const clients = [connect(node(0), id, { cookie: owner.cookie }), connect(node(0), id, { cookie: owner.cookie }), connect(node(1), id, { cookie: owner.cookie })];
    await Promise.all(clients.map((c) => c.synced()));
    // A person's pace, so 20 s of typing stays a few hundred tokens to check.
    const typists = clients.map((client, i) => startTyping(client, `p${i}`, 80));
    await typedMore(typists, 5);

    proxy.cut();
    const cutAt = Date.now();
    const marks = typists.map((t) => t.typed.length);
    await until(async () => {
      for (const n of [node(0), node(1)]) {
        const res = await api(n, 'GET', '/readyz');
        expect(res.status).toBe(503);
        expect(res.body).toMatchObject({ checks: { database: 'unreachable', redis: 'ok' } });
      }
    });
    // Editing goes on: every client keeps seeing every other client's typing, across nodes too.
    await typedMore(typists, 10);
    const sinceCut = typists.flatMap((t, i) => t.typed.slice(marks[i]));
    await until(() => {
      for (const client of clients) for (const token of sinceCut) expect(view(client.doc).jobDescription).toContain(token);
    });
    // The outage lasts 20 s whatever the machine's speed; people type all along.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, cutAt + 20_000 - Date.now())));
    const stored = await storedJobDescription(shared.cluster.databaseUrl, id);
    for (const token of sinceCut) expect(stored).not.toContain(token); // the cut was real
    expect(await metric(node(0), 'collab_persistence_failures_total')).toBeGreaterThan(0);

    proxy.restore();
    await typedMore(typists, 5);
    const typed = typists.flatMap((t) => t.stop());
    await expectEverywhere(clients, typed, id, 20_000);
    for (const n of shared.cluster.nodes) {
      expect((await api(n, 'GET', '/healthz')).status).toBe(200); // no node crashed
      await until(async () => expect((await api(n, 'GET', '/readyz')).status).toBe(200));
      expect(n.logs().join('\n')).not.toContain('unhandled rejection');
    }
  });
});

describe('adding a node', () => {
  it('loses nothing when a fourth node joins and nginx reloads while people type', async () => {
    const nginx = shared.cluster.nginx;
    if (!nginx) throw new Error('the cluster runs nginx');
    const { id } = await createResume(nginx, owner.cookie);
    const early = [connect(nginx, id, { cookie: owner.cookie }), connect(node(2), id, { cookie: owner.cookie })];
    await Promise.all(early.map((c) => c.synced()));
    const typists = early.map((client, i) => startTyping(client, `a${i}`));
    await typedMore(typists, 5);

    const fourth = await shared.cluster.addNode();
    await nginx.reload(shared.cluster.nodes);
    const late = [connect(nginx, id, { cookie: owner.cookie }), connect(fourth, id, { cookie: owner.cookie })];
    await Promise.all(late.map((c) => c.synced()));
    typists.push(...late.map((client, i) => startTyping(client, `b${i}`)));
    await typedMore(typists, 5);
    const typed = typists.flatMap((t) => t.stop());

    await expectEverywhere([...early, ...late], typed, id, 10_000);
    // Requests still work through the reloaded balancer.
    expect((await api(nginx, 'GET', '/api/me', { cookie: owner.cookie })).status).toBe(200);
  });
});

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing');
  return value;
}

function getTextMark(client: Client | undefined, mark: string): void {
  const text = getJobDescriptionText(must(client).doc);
  text.insert(text.length, mark);
}
