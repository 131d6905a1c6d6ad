// Protocol fuzzing against a real server process: random, truncated and mutated /collab and
// socket.io frames from a signed-in member while honest stock clients edit. `npm run fuzz` runs longer.
import * as prng from 'lib0/prng';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { addItem, getJobDescriptionText } from '../../collab/index.ts';
import { createResume, memberWithRole, signup, type TestUser } from '../harness/api.ts';
import { connect, destroyClients, metric, rawSocket, until, view, type Client, type RawSocket } from '../harness/collab.ts';
import { collabCorpus, fuzzSettings, mutateFrame, mutateText, socketIoCorpus, type Rng } from '../harness/fuzz.ts';
import { closeSockets, joinRoom, socketFor } from '../harness/realtime.ts';
import { startServer, type TestServer } from '../harness/server.ts';

const settings = fuzzSettings({ iterations: 300, budgetMs: 8_000 });
const MiB = 1024 * 1024;
/** Growth of the node's resident memory the fuzzing may cause (its own frames are at most 1 MiB each). */
const RSS_BOUND = 160 * MiB;
console.log(`protocol fuzz: seed ${settings.seed} (replay with FUZZ_SEED=${settings.seed}), ${settings.iterations} frames per channel, ${settings.budgetMs} ms budget`);

let server: TestServer;
let owner: TestUser;
let mallory: TestUser;
let bobUser: TestUser;
let resumeId: string;
beforeAll(async () => {
  server = await startServer();
  owner = await signup(server);
  resumeId = (await createResume(server, owner.cookie)).id;
  mallory = await memberWithRole(server, owner.cookie, resumeId, 'editor');
  bobUser = await memberWithRole(server, owner.cookie, resumeId, 'editor');
}, 180_000); // three sign-ups (argon2) and a node start on a busy machine
afterEach(() => {
  destroyClients();
  closeSockets();
});
afterAll(async () => {
  await server.close();
});

/** Retries a /metrics read: a pooled keep-alive socket may meet the node's idle timeout. */
async function rss(): Promise<number> {
  const read = () => metric(server, 'process_resident_memory_bytes');
  return read().catch(read);
}

/** Sends frames from a raw socket that reconnects whenever the node closes it; counts the close codes. */
async function bombard(rng: Rng, url: string, next: (rng: Rng) => Uint8Array | string, between: (i: number) => void) {
  const closes = new Map<number, number>();
  let socket: RawSocket | null = null;
  const started = Date.now();
  let sent = 0;
  for (; sent < settings.iterations && Date.now() - started < settings.budgetMs; sent += 1) {
    if (!socket || socket.ws.readyState !== WebSocket.OPEN) {
      if (socket) socket.ws.terminate();
      socket = await rawSocket(url, { headers: { cookie: mallory.cookie } });
      void socket.closed.then(({ code }) => closes.set(code, (closes.get(code) ?? 0) + 1));
    }
    const ws = socket.ws;
    ws.send(next(rng));
    between(sent);
    // A ping after the frame: its pong (or the close) says the node has dealt with the frame, so
    // the next one goes to a connection the node still reads.
    await new Promise<void>((resolve) => {
      const done = () => {
        ws.off('pong', done);
        ws.off('close', done);
        resolve();
      };
      ws.on('pong', done);
      ws.on('close', done);
      ws.ping();
    });
  }
  socket?.ws.terminate();
  return { sent, closes: Object.fromEntries(closes) };
}

describe('protocol fuzz', () => {
  it('/collab: mutated frames never hurt the node or honest clients, who converge on exactly what they wrote', { timeout: settings.budgetMs + 90_000 }, async () => {
    const rng = prng.create(settings.seed);
    const corpus = collabCorpus(rng);
    const alice = connect(server, resumeId, { cookie: owner.cookie });
    const bob = connect(server, resumeId, { cookie: bobUser.cookie });
    await Promise.all([alice.synced(), bob.synced()]);
    const before = await rss();
    let written = '';
    const items: string[] = [];
    const honest = (i: number) => {
      if (i % 10 !== 0) return;
      const word = `w${i} `;
      getJobDescriptionText(alice.doc).insert(written.length, word);
      written += word;
      addItem(bob.doc, 'work', { name: `item ${i}` });
      items.push(`item ${i}`);
    };
    const result = await bombard(rng, `${server.wsUrl}/collab/${resumeId}`, (r) => mutateFrame(r, corpus), honest);
    const grown = (await rss()) - before;
    console.log(`/collab fuzz: ${result.sent} frames, closes by code ${JSON.stringify(result.closes)}, RSS +${(grown / MiB).toFixed(1)} MiB`);

    const expected = { jobDescription: written, work: items };
    const late: Client = connect(server, resumeId, { cookie: owner.cookie });
    await late.synced();
    await until(() => {
      for (const client of [alice, bob, late]) expect(view(client.doc)).toEqual(expected);
    }, 30_000);
    expect(alice.closes).toEqual([]);
    expect(bob.closes).toEqual([]);
    expect(grown).toBeLessThan(RSS_BOUND);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('socket.io: mutated packets never hurt the node, and an honest socket still joins', { timeout: settings.budgetMs + 60_000 }, async () => {
    const rng = prng.create(settings.seed + 1);
    const corpus = socketIoCorpus(resumeId);
    const honest = await socketFor(server, owner.cookie);
    expect(await joinRoom(honest, resumeId)).toMatchObject({ ok: true });
    const before = await rss();
    const packet = (r: Rng): Uint8Array | string => {
      const text = mutateText(r, corpus);
      return prng.bool(r) ? text : new TextEncoder().encode(text); // binary frames too
    };
    const result = await bombard(rng, `${server.wsUrl}/socket.io/?EIO=4&transport=websocket`, packet, () => undefined);
    const grown = (await rss()) - before;
    console.log(`socket.io fuzz: ${result.sent} packets, closes by code ${JSON.stringify(result.closes)}, RSS +${(grown / MiB).toFixed(1)} MiB`);

    expect(honest.connected).toBe(true);
    expect(await joinRoom(honest, resumeId)).toMatchObject({ ok: true });
    const fresh = await socketFor(server, bobUser.cookie);
    expect(await joinRoom(fresh, resumeId)).toMatchObject({ ok: true });
    expect(grown).toBeLessThan(RSS_BOUND);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });
});
