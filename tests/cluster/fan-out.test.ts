// Three real nodes on one Postgres and one Redis, behind real nginx: what editors on different
// nodes see of each other — document edits, cursors, and application events over socket.io.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addItem, getJobDescriptionText } from '../../collab/index.ts';
import { api, createResume, memberWithRole, signup, type TestUser } from '../harness/api.ts';
import { startNginx } from '../harness/cluster.ts';
import { useCluster } from '../harness/use-cluster.ts';
import { connect, metric, series, until, view } from '../harness/collab.ts';
import { joinRoom, socketFor as socketIo } from '../harness/realtime.ts';
import { freePort, type TestServer } from '../harness/server.ts';

const shared = useCluster({ nodes: 3 });
const node = (i: number): TestServer => shared.node(i);
let owner: TestUser;

beforeAll(async () => {
  owner = await signup(node(0));
});

describe('a cluster of three nodes', () => {
  it('reports Redis among its readiness checks on every node', async () => {
    for (const n of shared.cluster.nodes) {
      const res = await api(n, 'GET', '/readyz');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ checks: { database: 'ok', redis: 'ok' } });
    }
  });

  it('converges when editors on three different nodes type at once', async () => {
    const { id } = await createResume(node(0), owner.cookie);
    const editors = shared.cluster.nodes.map((n) => connect(n, id, { cookie: owner.cookie }));
    await Promise.all(editors.map((e) => e.synced()));

    editors.forEach((editor, i) => {
      for (let k = 0; k < 15; k += 1) getJobDescriptionText(editor.doc).insert(0, `[${i}:${k}]`);
      addItem(editor.doc, 'work', { name: `Employer ${i}` });
    });

    const typed = editors.flatMap((_, i) => Array.from({ length: 15 }, (_k, k) => `[${i}:${k}]`));
    const [first, ...rest] = editors.map((e) => e.doc);
    if (!first) throw new Error('no editor');
    await until(() => {
      for (const doc of rest) expect(view(doc)).toEqual(view(first));
      expect(view(first).jobDescription).toHaveLength(typed.join('').length);
    });
    expect([...view(first).work].sort()).toEqual(['Employer 0', 'Employer 1', 'Employer 2']);
    for (const token of typed) expect(view(first).jobDescription).toContain(token);
  });

  it('publishes each local update once on the bus', async () => {
    const { id } = await createResume(node(0), owner.cookie);
    const a = connect(node(0), id, { cookie: owner.cookie });
    const b = connect(node(1), id, { cookie: owner.cookie });
    await Promise.all([a.synced(), b.synced()]);
    const updatesBefore = await busUpdates(node(0));
    for (let k = 0; k < 20; k += 1) getJobDescriptionText(a.doc).insert(k, 'x');
    await until(() => expect(view(b.doc).jobDescription).toBe('x'.repeat(20)));
    // 20 keystrokes, 20 update messages from node 0 (the stock client sends one per transaction).
    expect((await busUpdates(node(0))) - updatesBefore).toBe(20);
  });

  it('gives editors through nginx the same document as editors connected to a node directly', async () => {
    const nginx = shared.cluster.nginx;
    if (!nginx) throw new Error('the cluster runs nginx');
    const { id } = await createResume(nginx, owner.cookie);
    const viaNginx = [connect(nginx, id, { cookie: owner.cookie }), connect(nginx, id, { cookie: owner.cookie })];
    const direct = shared.cluster.nodes.map((n) => connect(n, id, { cookie: owner.cookie }));
    const all = [...viaNginx, ...direct];
    await Promise.all(all.map((c) => c.synced()));

    all.forEach((client, i) => getJobDescriptionText(client.doc).insert(0, `<${i}>`));
    await until(() => {
      for (const client of all) expect(view(client.doc).jobDescription).toHaveLength(all.length * 3);
      for (const client of all) expect(view(client.doc)).toEqual(view(viaNginx[0]?.doc ?? client.doc));
    });

    // nginx pins a resume's editors to one node: only one node has sockets from the proxy.
    const socketsPerNode = await Promise.all(shared.cluster.nodes.map((n) => metric(n, 'collab_sockets')));
    expect(socketsPerNode.sort()).toEqual([1, 1, 3]);
  });

  it('shows an editor’s cursor to editors on other nodes, and removes it when they leave', async () => {
    const { id } = await createResume(node(0), owner.cookie);
    const alice = connect(node(0), id, { cookie: owner.cookie });
    const bob = connect(node(2), id, { cookie: owner.cookie });
    await Promise.all([alice.synced(), bob.synced()]);

    alice.provider.awareness.setLocalStateField('user', { name: 'Alice', color: '#cc3333' });
    const aliceId = alice.doc.clientID;
    // The name in presence is the session's, whatever the client says.
    const shown = { user: { name: owner.user.username, color: '#cc3333' } };
    await until(() => expect(bob.provider.awareness.getStates().get(aliceId)).toMatchObject(shown));

    alice.destroy();
    await until(() => expect(bob.provider.awareness.getStates().has(aliceId)).toBe(false), 5000);
  });

  it('tells a socket.io client on one node about an analysis requested on another', async () => {
    const { id } = await createResume(node(0), owner.cookie);
    const coach = await memberWithRole(node(0), owner.cookie, id, 'commenter');
    const editor = connect(node(0), id, { cookie: owner.cookie });
    await editor.synced();
    getJobDescriptionText(editor.doc).insert(0, 'Senior TypeScript engineer: Node.js, PostgreSQL, Redis, Kubernetes.');

    const socket = await socketIo(node(2), coach.cookie);
    expect(await socket.emitWithAck('join', id)).toMatchObject({ ok: true, role: 'commenter' });
    const heard = new Promise<{ resumeId: string; analysis: { score: number } }>((resolve) => socket.once('analysis', resolve));

    const res = await api(node(1), 'POST', `/api/resumes/${id}/analysis`, { cookie: owner.cookie });
    expect(res.status).toBe(201);
    const event = await heard;
    expect(event.resumeId).toBe(id);
    expect(event.analysis.score).toBeGreaterThanOrEqual(0);
  });
});

describe('automatic analysis in a cluster', () => {
  it('stores and announces one analysis per burst when editors on two nodes type into one resume', async () => {
    const { id } = await createResume(node(0), owner.cookie);
    const watcher = await socketIo(node(2), owner.cookie);
    expect(await joinRoom(watcher, id)).toMatchObject({ ok: true });
    const announced: string[] = [];
    watcher.on('analysis', (event: { resumeId: string; analysis: { id: string } }) => {
      if (event.resumeId === id) announced.push(event.analysis.id);
    });
    const editors = [connect(node(0), id, { cookie: owner.cookie }), connect(node(1), id, { cookie: owner.cookie })];
    await Promise.all(editors.map((e) => e.synced()));
    // Earlier tests' resumes run analyses on these nodes too: let them finish, then count from here.
    const autoRuns = (n: TestServer, outcome?: string) =>
      series(n, 'analysis_runs_total', outcome ? { trigger: 'auto', outcome } : { trigger: 'auto' });
    const two = [node(0), node(1)];
    await until(async () => {
      for (const n of two) expect(await metric(n, 'analysis_pending')).toBe(0);
    }, 15_000);
    const runsBefore = await Promise.all(two.map((n) => autoRuns(n)));
    const storedBefore = await Promise.all(two.map((n) => autoRuns(n, 'offline')));
    const words = ['TypeScript', 'PostgreSQL', 'Redis', 'Kubernetes', 'Node.js', 'GraphQL'];
    for (const word of words) {
      editors.forEach((editor, i) => getJobDescriptionText(editor.doc).insert(0, `${word}${i} `));
      await new Promise((resolve) => setTimeout(resolve, 50)); // a burst of keystrokes, not one transaction
    }
    await until(() => expect(announced).toHaveLength(1), 15_000);
    // Both nodes applied the burst and ran their timer: one analysed it, the other found the lock
    // taken or the content already analysed. Nothing is pending on either afterwards.
    await until(async () => {
      for (const [i, n] of two.entries()) {
        expect((await autoRuns(n)) - (runsBefore[i] ?? 0)).toBe(1);
        expect(await metric(n, 'analysis_pending')).toBe(0);
      }
    }, 15_000);
    const stored = await Promise.all(two.map(async (n, i) => (await autoRuns(n, 'offline')) - (storedBefore[i] ?? 0)));
    expect(stored.reduce((a, b) => a + b, 0)).toBe(1);
    const latest = await api(node(2), 'GET', `/api/resumes/${id}/analysis`, { cookie: owner.cookie });
    expect(latest.status).toBe(200);
    expect(latest.body).toMatchObject({ id: announced[0], trigger: 'auto', history: [expect.objectContaining({ trigger: 'auto' })] });
    expect(announced).toHaveLength(1);
  });
});

describe('nginx in front of the cluster', () => {
  it('serves the hashed client build itself, gzipped and cached for a year, and routes around a node that is down', async () => {
    const build = await mkdtemp(path.join(os.tmpdir(), 'resume-build-'));
    await mkdir(path.join(build, 'assets'));
    const script = `export const skills = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `skill ${i}`))};\n`;
    await writeFile(path.join(build, 'assets', 'index-3f9a1c.js'), script);
    // The first upstream is a port nothing listens on: a node that died.
    const down = { port: await freePort() };
    const proxy = await startNginx([down, node(0), node(1)], { staticDir: build });
    try {
      const asset = await fetch(`${proxy.url}/assets/index-3f9a1c.js`, { headers: { 'accept-encoding': 'gzip' } });
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(asset.headers.get('content-encoding')).toBe('gzip');
      expect(asset.headers.get('content-type')).toContain('javascript');
      expect(await asset.text()).toBe(script); // fetch inflates it again

      // Round robin meets the dead node on some requests; every one still gets its answer.
      for (let i = 0; i < 6; i += 1) {
        const me = await api(proxy, 'GET', '/api/me', { cookie: owner.cookie });
        expect(me.status).toBe(200);
        expect(me.body).toMatchObject({ user: { id: owner.user.id } });
      }
      // Whatever is not in the build goes to the nodes.
      expect(await api(proxy, 'GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
    } finally {
      await proxy.close();
      await rm(build, { recursive: true, force: true });
    }
  });
});

async function busUpdates(n: TestServer): Promise<number> {
  const text = await (await fetch(`${n.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('bus_messages_total{') && l.includes('direction="out"') && l.includes('kind="update"'));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
