// ResumeRooms and UpdateLog over a real PGlite store, driven by socketless connections: one load per
// resume, unload flushes and compacts, a failed load writes nothing, group commit, retries, the bus.
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { openStore, type Role, type Store, type UpdateLogRepo } from '../../db/index.ts';
import { InProcessBus, InProcessHub } from '../../server/bus/index.ts';
import { ResumeRooms, RoomLoadError, UpdateLog, type CollabConnection, type ResumeRoom } from '../../server/collab/index.ts';
import { encodeUpdate } from '../../server/collab/protocol.ts';
import { createMetrics, type Metrics } from '../../server/metrics.ts';
import { createTestStorage, type TestStorage } from '../harness/postgres.ts';

class FakeConnection implements CollabConnection {
  readonly sent: Uint8Array[] = [];
  closed: { code: number; reason: string } | null = null;
  constructor(
    readonly userId: string,
    public role: Role = 'owner',
  ) {}
  send(bytes: Uint8Array): void {
    this.sent.push(bytes);
  }
  close(code: number, reason: string): void {
    this.closed ??= { code, reason };
  }
}

/** Appends `text` to the room's summary as a client would: one Yjs update frame from that connection. */
function typeText(room: ResumeRoom, connection: CollabConnection, text: string): void {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(room.doc));
  const before = Y.encodeStateVector(replica);
  const summary = replica.getText('summary');
  summary.insert(summary.length, text);
  room.receive(connection, encodeUpdate(Y.encodeStateAsUpdate(replica, before)));
}

const summaryOf = (doc: Y.Doc): string => doc.getText('summary').toString();
const counter = async (metric: Metrics['persistedRows']): Promise<number> => (await metric.get()).values[0]?.value ?? 0;

let storage: TestStorage;
let store: Store;
let ownerId: string;
const log = pino({ level: 'silent' });
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  storage = await createTestStorage('pglite');
  store = await openStore(storage.options);
  ownerId = (await store.users.create({ email: 'owner@example.com', username: 'owner', passwordHash: 'h' })).id;
}, 60_000);

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await store.db.close();
  await storage.cleanup();
});

const newResume = async (): Promise<string> =>
  (await store.resumes.create({ ownerId, title: 'CV', snapshot: Y.encodeStateAsUpdate(new Y.Doc()) })).id;

/** A node's collab side without sockets. `updateLog` overrides wrap the real store (fault injection). */
function node(opts: { updateLog?: Partial<UpdateLogRepo>; hub?: InProcessHub; nodeId?: string; compactAfterRows?: number } = {}) {
  const metrics = createMetrics(opts.nodeId ?? 'unit');
  const nodeStore: Store = { ...store, updateLog: { ...store.updateLog, ...opts.updateLog } };
  const updateLog = new UpdateLog({
    store: nodeStore,
    log,
    metrics,
    retryMs: { min: 10, max: 40 },
    compactAfterRows: opts.compactAfterRows,
  });
  const bus = new InProcessBus(opts.nodeId ?? 'unit', opts.hub);
  const rooms = new ResumeRooms({ store: nodeStore, bus, log, metrics, updateLog, maxDocumentBytes: 4 * 1024 * 1024 });
  cleanups.push(async () => {
    await rooms.unloadAll();
    updateLog.close();
    await updateLog.settled();
    await bus.close();
  });
  return { metrics, updateLog, rooms };
}

async function rowsOf(resumeId: string): Promise<number> {
  const [row] = await store.db.primary.query<{ n: number }>('SELECT count(*)::int AS n FROM resume_updates WHERE resume_id = $1', [resumeId]);
  return row?.n ?? 0;
}

async function storedSummary(resumeId: string): Promise<string> {
  const { snapshot, updates } = await store.updateLog.load(resumeId);
  const doc = new Y.Doc();
  for (const part of snapshot ? [snapshot, ...updates] : updates) Y.applyUpdate(doc, part);
  return summaryOf(doc);
}

describe('ResumeRooms', () => {
  it('loads a resume once for connections that arrive together', async () => {
    const load = vi.fn(store.updateLog.load);
    const { rooms, metrics } = node({ updateLog: { load } });
    const id = await newResume();
    const joined = await Promise.all([1, 2, 3].map((n) => rooms.join(id, new FakeConnection(`u${n}`))));
    expect(new Set(joined).size).toBe(1);
    expect(joined[0]?.size).toBe(3);
    expect(load).toHaveBeenCalledTimes(1);
    expect((await metrics.rooms.get()).values[0]?.value).toBe(1);
  });

  it('flushes and compacts when the last connection leaves; a connection arriving meanwhile loads the flushed document', async () => {
    const { rooms, metrics } = node();
    const id = await newResume();
    const alice = new FakeConnection('alice');
    const first = await rooms.join(id, alice);
    typeText(first, alice, 'Led a team of five');
    rooms.leave(first, alice); // unload starts: nothing written yet

    const second = await rooms.join(id, new FakeConnection('bob'));
    expect(second).not.toBe(first);
    expect(summaryOf(second.doc)).toBe('Led a team of five');
    const stored = await store.updateLog.load(id);
    expect(stored.updates).toEqual([]); // folded into the snapshot
    expect(await storedSummary(id)).toBe('Led a team of five');
    expect(await counter(metrics.compactions)).toBe(1);
    expect(rooms.count).toBe(1);
  });

  it('never creates, nor writes, a room whose stored document cannot be read', async () => {
    const { rooms, metrics } = node();
    const id = await newResume();
    await store.db.primary.query('INSERT INTO resume_updates (resume_id, data) VALUES ($1, $2)', [id, new Uint8Array([0xff, 0xff])]);

    const attempts = await Promise.allSettled([rooms.join(id, new FakeConnection('a')), rooms.join(id, new FakeConnection('b'))]);
    for (const attempt of attempts) {
      expect(attempt.status).toBe('rejected');
      if (attempt.status === 'rejected') expect(attempt.reason).toBeInstanceOf(RoomLoadError);
    }
    expect(rooms.count).toBe(0);
    expect(rooms.get(id)).toBeUndefined();
    expect(await counter(metrics.persistedRows)).toBe(0);
    expect(await rowsOf(id)).toBe(1); // only the corrupt row: nothing was written over it

    await store.db.primary.query('DELETE FROM resume_updates WHERE resume_id = $1', [id]);
    const room = await rooms.join(id, new FakeConnection('a'));
    expect(rooms.get(id)).toBe(room); // a later attempt loads afresh
  });

  it('drops the queued writes of a deleted resume and unloads its room without writing', async () => {
    const { rooms, updateLog } = node();
    const id = await newResume();
    const alice = new FakeConnection('alice');
    const room = await rooms.join(id, alice);
    typeText(room, alice, 'draft');
    rooms.discard(id);
    rooms.leave(room, alice);
    await rooms.unloadAll();
    await updateLog.flush();
    expect(await rowsOf(id)).toBe(0);
    expect(await storedSummary(id)).toBe('');
  });

  it('keeps an edit whose write failed at unload: the next load and readDocument include it', async () => {
    let storeDown = true;
    const append: UpdateLogRepo['append'] = async (rows) => {
      if (storeDown) throw new Error('connection refused');
      await store.updateLog.append(rows);
    };
    const { rooms, metrics } = node({ updateLog: { append } });
    const id = await newResume();
    const alice = new FakeConnection('alice');
    const first = await rooms.join(id, alice);
    typeText(first, alice, 'not yet written');
    rooms.leave(first, alice);
    await rooms.unloadAll();
    expect(rooms.count).toBe(0);
    expect(summaryOf(await rooms.readDocument(id))).toBe('not yet written');
    const second = await rooms.join(id, new FakeConnection('bob'));
    expect(summaryOf(second.doc)).toBe('not yet written');

    storeDown = false;
    await vi.waitFor(async () => expect(await counter(metrics.persistedRows)).toBe(1), { timeout: 5000, interval: 20 });
    expect(await storedSummary(id)).toBe('not yet written');
  });

  it('reads a copy of the live document while loaded, else the stored one', async () => {
    const { rooms } = node();
    const id = await newResume();
    const alice = new FakeConnection('alice');
    const room = await rooms.join(id, alice);
    typeText(room, alice, 'live');
    const copy = await rooms.readDocument(id);
    expect(summaryOf(copy)).toBe('live');
    expect(copy).not.toBe(room.doc);

    const other = await newResume();
    expect(summaryOf(await rooms.readDocument(other))).toBe('');
  });
});

describe('UpdateLog', () => {
  it('writes every resume edited within the window in one append, one merged row per resume', async () => {
    const append = vi.fn(store.updateLog.append);
    const { rooms, updateLog, metrics } = node({ updateLog: { append } });
    const [a, b] = [await newResume(), await newResume()];
    const alice = new FakeConnection('alice');
    const roomA = await rooms.join(a, alice);
    const roomB = await rooms.join(b, alice);
    for (const word of ['one ', 'two ', 'three']) typeText(roomA, alice, word);
    typeText(roomB, alice, 'other');
    await updateLog.flush();

    expect(append).toHaveBeenCalledTimes(1);
    expect(append.mock.calls[0]?.[0].map((r) => r.resumeId).sort()).toEqual([a, b].sort());
    expect(await counter(metrics.persistedRows)).toBe(2);
    expect(await storedSummary(a)).toBe('one two three');
    expect((await metrics.persistenceLag.get()).values.find((v) => v.metricName?.endsWith('_count'))?.value).toBe(4);
  });

  it('keeps updates queued through failed writes and retries until the store answers', async () => {
    let failures = 2;
    const append: UpdateLogRepo['append'] = async (rows) => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('connection reset');
      }
      await store.updateLog.append(rows);
    };
    const { rooms, metrics } = node({ updateLog: { append } });
    const id = await newResume();
    const alice = new FakeConnection('alice');
    const room = await rooms.join(id, alice);
    typeText(room, alice, 'survives an outage');

    await vi.waitFor(async () => expect(await counter(metrics.persistedRows)).toBe(1), { timeout: 5000, interval: 20 });
    expect(await counter(metrics.persistenceFailures)).toBe(2);
    expect(await storedSummary(id)).toBe('survives an outage');
  });

  it('compacts a resume after enough rows, off the edit path', async () => {
    const { rooms, updateLog, metrics } = node({ compactAfterRows: 3 });
    const id = await newResume();
    const alice = new FakeConnection('alice');
    const room = await rooms.join(id, alice);
    for (const word of ['a', 'b', 'c']) {
      typeText(room, alice, word);
      await updateLog.flush();
    }
    await updateLog.settled();
    expect(await counter(metrics.compactions)).toBe(1);
    expect((await store.updateLog.load(id)).updates).toEqual([]);
    expect(await storedSummary(id)).toBe('abc');
  });
});

describe('the bus between nodes', () => {
  it('passes a node’s edits to the other node’s connections, and each node persists what it applied', async () => {
    const hub = new InProcessHub();
    const one = node({ hub, nodeId: 'one' });
    const two = node({ hub, nodeId: 'two' });
    const id = await newResume();
    const alice = new FakeConnection('alice');
    const bob = new FakeConnection('bob');
    const roomOne = await one.rooms.join(id, alice);
    const roomTwo = await two.rooms.join(id, bob);
    bob.sent.length = 0;

    typeText(roomOne, alice, 'from node one');
    await vi.waitFor(() => expect(summaryOf(roomTwo.doc)).toBe('from node one'), { timeout: 2000, interval: 5 });
    expect(bob.sent).toHaveLength(1); // the update, once
    expect(alice.sent.some((m) => m[0] === 0 && m[1] === 2)).toBe(false); // never echoed to its author

    await Promise.all([one.updateLog.flush(), two.updateLog.flush()]);
    expect(await rowsOf(id)).toBe(2); // a harmless double: Yjs updates are idempotent
    expect(await storedSummary(id)).toBe('from node one');
  });

  it('gives a node that loads a resume what another node holds but could not write yet', async () => {
    const hub = new InProcessHub();
    // Node one's database writes fail: its edits live only in its memory (and keep being retried).
    const one = node({ hub, nodeId: 'one', updateLog: { append: async () => Promise.reject(new Error('database down')) } });
    const two = node({ hub, nodeId: 'two' });
    const id = await newResume();
    const alice = new FakeConnection('alice');
    const roomOne = await one.rooms.join(id, alice);
    typeText(roomOne, alice, 'only in node one');

    const bob = new FakeConnection('bob');
    const roomTwo = await two.rooms.join(id, bob);
    // The load waited for node one's answer: bob's very first view already has the text.
    expect(summaryOf(roomTwo.doc)).toBe('only in node one');
    one.updateLog.close();
  });

  it('heals both ways after messages were lost: each side gets what the other lacks', async () => {
    const hub = new InProcessHub();
    const one = node({ hub, nodeId: 'one' });
    const two = node({ hub, nodeId: 'two' });
    const id = await newResume();
    const alice = new FakeConnection('alice');
    const bob = new FakeConnection('bob');
    const roomOne = await one.rooms.join(id, alice);
    const roomTwo = await two.rooms.join(id, bob);
    // Edits made while the bus dropped everything: applied locally, never delivered.
    const deliver = hub.deliver.bind(hub);
    hub.deliver = () => undefined;
    typeText(roomOne, alice, 'A');
    typeText(roomTwo, bob, 'B');
    await new Promise((resolve) => setImmediate(resolve));
    hub.deliver = deliver;
    expect([summaryOf(roomOne.doc), summaryOf(roomTwo.doc)]).toEqual(['A', 'B']);

    await roomOne.requestSync(); // what a reconnect or the periodic exchange does
    await vi.waitFor(() => {
      expect(summaryOf(roomOne.doc)).toHaveLength(2);
      expect(summaryOf(roomTwo.doc)).toBe(summaryOf(roomOne.doc));
    }, { timeout: 2000, interval: 5 });
  });
});
