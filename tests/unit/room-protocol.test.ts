// ResumeRoom's message switch, driven without sockets by clients that speak the y-websocket protocol
// through the room's CollabConnection interface, over a real PGlite store: roles, limits, garbage, awareness.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { presenceColour } from '../../collab/presence.ts';
import { openStore, type Role, type Store } from '../../db/index.ts';
import { InProcessBus } from '../../server/bus/index.ts';
import { ResumeRooms, UpdateLog, type CollabConnection, type ResumeRoom } from '../../server/collab/index.ts';
import { encodeAwareness, encodeSyncStep1, encodeUpdate } from '../../server/collab/protocol.ts';
import { createMetrics, type Metrics } from '../../server/metrics.ts';
import { createTestStorage, type TestStorage } from '../harness/postgres.ts';

const SERVER = 'server';

/** A y-websocket client without a socket: what the room sends lands in `inbox`, local edits in `outbox`. */
class FakeClient implements CollabConnection {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly denied: string[] = [];
  awarenessFrames = 0;
  closed: { code: number; reason: string } | null = null;
  private inbox: Uint8Array[] = [];
  private outbox: Uint8Array[] = [];

  constructor(
    readonly userId: string,
    public role: Role,
  ) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== SERVER) this.outbox.push(encodeUpdate(update));
    });
    this.awareness.on('update', (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin !== SERVER) this.outbox.push(encodeAwareness(this.awareness, [...changes.added, ...changes.updated, ...changes.removed]));
    });
    this.outbox.push(encodeSyncStep1(this.doc)); // what the stock client sends on open
  }

  send(bytes: Uint8Array): void {
    if (!this.closed) this.inbox.push(bytes);
  }

  close(code: number, reason: string): void {
    this.closed ??= { code, reason };
  }

  /** Handles what the room sent, as the stock client does; returns the frames to send back. */
  read(): Uint8Array[] {
    for (const bytes of this.inbox.splice(0)) {
      const decoder = decoding.createDecoder(bytes);
      const type = decoding.readVarUint(decoder);
      if (type === 0) {
        const reply = encoding.createEncoder();
        encoding.writeVarUint(reply, 0);
        syncProtocol.readSyncMessage(decoder, reply, this.doc, SERVER);
        if (encoding.length(reply) > 1) this.outbox.push(encoding.toUint8Array(reply));
      } else if (type === 1) {
        this.awarenessFrames += 1;
        awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), SERVER);
      } else if (type === 2) {
        authProtocol.readAuthMessage(decoder, this.doc, (_doc, reason) => this.denied.push(reason));
      }
    }
    return this.outbox.splice(0);
  }

  text(): string {
    return this.doc.getText('summary').toString();
  }

  destroy(): void {
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** Passes frames both ways until nobody has anything left to say. */
function exchange(room: ResumeRoom, ...clients: FakeClient[]): void {
  for (let round = 0; round < 50; round += 1) {
    let quiet = true;
    for (const client of clients) {
      for (const frame of client.read()) {
        quiet = false;
        if (!client.closed) room.receive(client, frame);
      }
    }
    if (quiet) return;
  }
  throw new Error('the exchange did not settle');
}

async function rejected(metrics: Metrics, reason: string): Promise<number> {
  const { values } = await metrics.messagesRejected.get();
  return values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

let storage: TestStorage;
let store: Store;
let ownerId: string;
const log = pino({ level: 'silent' });
const cleanups: Array<() => Promise<void> | void> = [];

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

async function setup(opts: { maxDocumentBytes?: number } = {}) {
  const metrics = createMetrics('unit');
  const updateLog = new UpdateLog({ store, log, metrics });
  const bus = new InProcessBus('unit');
  const rooms = new ResumeRooms({ store, bus, log, metrics, updateLog, maxDocumentBytes: opts.maxDocumentBytes ?? 4 * 1024 * 1024 });
  const resume = await store.resumes.create({ ownerId, title: 'CV', snapshot: Y.encodeStateAsUpdate(new Y.Doc()) });
  const clients: FakeClient[] = [];
  cleanups.push(async () => {
    await rooms.unloadAll();
    updateLog.close();
    await bus.close();
    for (const client of clients) client.destroy();
  });
  const connect = async (role: Role, userId = `${role}-user`) => {
    const client = new FakeClient(userId, role);
    clients.push(client);
    const room = await rooms.join(resume.id, client);
    return { client, room };
  };
  const stored = async () => {
    const doc = new Y.Doc();
    const { snapshot, updates } = await store.updateLog.load(resume.id);
    for (const part of snapshot ? [snapshot, ...updates] : updates) Y.applyUpdate(doc, part);
    return doc.getText('summary').toString();
  };
  return { metrics, updateLog, rooms, resumeId: resume.id, connect, stored };
}

describe('ResumeRoom', () => {
  it('relays an editor’s update to the other connections and persists it', async () => {
    const { connect, updateLog, stored } = await setup();
    const { client: alice, room } = await connect('owner', 'alice');
    const { client: bob } = await connect('editor', 'bob');
    exchange(room, alice, bob);

    alice.doc.getText('summary').insert(0, 'Staff engineer');
    exchange(room, alice, bob);
    expect(bob.text()).toBe('Staff engineer');
    expect(room.doc.getText('summary').toString()).toBe('Staff engineer');

    await updateLog.flush();
    expect(await stored()).toBe('Staff engineer');
  });

  it.each<Role>(['viewer', 'commenter'])('gives a %s the document but refuses its edits', async (role) => {
    const { connect, updateLog, stored, metrics } = await setup();
    const { client: owner, room } = await connect('owner');
    owner.doc.getText('summary').insert(0, 'Owner text');
    exchange(room, owner);

    const { client: reader } = await connect(role);
    exchange(room, owner, reader);
    expect(reader.text()).toBe('Owner text');
    expect(reader.denied).toEqual([]); // its handshake changed nothing, so nothing was refused

    reader.doc.getText('summary').insert(0, 'Hijacked: ');
    exchange(room, owner, reader);
    expect(reader.denied).toEqual(['read-only: viewers and commenters cannot edit']);
    expect(reader.closed).toBeNull();
    expect(room.doc.getText('summary').toString()).toBe('Owner text');
    expect(owner.text()).toBe('Owner text');
    expect(await rejected(metrics, 'read_only')).toBe(1);

    await updateLog.flush();
    expect(await stored()).toBe('Owner text');
  });

  it('follows a live role change: a downgraded editor can no longer write', async () => {
    const { connect } = await setup();
    const { client: owner, room } = await connect('owner');
    const { client: editor } = await connect('editor');
    exchange(room, owner, editor);
    editor.doc.getText('summary').insert(0, 'a');
    exchange(room, owner, editor);
    editor.role = 'viewer';
    editor.doc.getText('summary').insert(1, 'b');
    exchange(room, owner, editor);
    expect(owner.text()).toBe('a');
    expect(editor.denied).toHaveLength(1);
  });

  it('closes with 1009 the connection whose update would pass the document size cap', async () => {
    const { connect, metrics } = await setup({ maxDocumentBytes: 2048 });
    const { client: owner, room } = await connect('owner');
    const { client: editor } = await connect('editor');
    exchange(room, owner, editor);

    editor.doc.getText('summary').insert(0, 'x'.repeat(4096));
    exchange(room, owner, editor);
    expect(editor.closed).toEqual({ code: 1009, reason: 'document too large (max 2 KiB)' });
    expect(room.doc.getText('summary').length).toBe(0);
    expect(await rejected(metrics, 'document_too_large')).toBe(1);

    owner.doc.getText('summary').insert(0, 'still editing');
    exchange(room, owner);
    expect(room.doc.getText('summary').toString()).toBe('still editing');
  });

  it('refuses a server-side edit (an accepted suggestion, a restore) once the document is at its cap, changing nothing', async () => {
    const { connect } = await setup({ maxDocumentBytes: 2048 });
    const { client: owner, room } = await connect('owner');
    exchange(room, owner);
    room.editAs('owner-user', (doc) => doc.getText('summary').insert(0, 'x'.repeat(1500)));
    room.editAs('owner-user', (doc) => doc.getText('summary').insert(0, 'y'.repeat(1000)));
    exchange(room, owner);
    expect(owner.doc.getText('summary').length).toBe(2500); // relayed like any edit
    expect(owner.closed).toBeNull();

    expect(() => room.editAs('owner-user', (doc) => doc.getText('summary').insert(0, 'z'))).toThrow(/size limit/);
    expect(room.doc.getText('summary').length).toBe(2500);
  });

  it.each([
    ['an empty frame', [], 1007],
    ['an unknown message type', [42], 1003],
    ['an unknown sync step', [0, 7, 0], 1003],
    ['a truncated varint', [0, 2, 0xff], 1007],
    ['a Yjs update that does not decode', [0, 2, 4, 1, 2, 3, 4], 1007],
    ['an unreadable awareness update', [1, 3, 9, 9, 9], 1007],
  ])('closes only the connection that sent %s', async (_what, bytes, code) => {
    const { connect, metrics } = await setup();
    const { client: owner, room } = await connect('owner');
    const { client: rogue } = await connect('editor');
    exchange(room, owner, rogue);

    room.receive(rogue, new Uint8Array(bytes));
    expect(rogue.closed?.code).toBe(code);
    expect(owner.closed).toBeNull();
    expect((await metrics.messagesRejected.get()).values.reduce((n, v) => n + v.value, 0)).toBe(1);

    owner.doc.getText('summary').insert(0, 'carry on');
    exchange(room, owner);
    expect(room.doc.getText('summary').toString()).toBe('carry on');
  });

  it('sends awareness to every connection, the sender included, and clears it when that connection leaves', async () => {
    const { connect, rooms } = await setup();
    const { client: alice, room } = await connect('owner', 'alice');
    const { client: viewer } = await connect('viewer', 'vic');
    exchange(room, alice, viewer);

    viewer.awareness.setLocalStateField('user', { name: 'Vic' });
    exchange(room, alice, viewer);
    expect(viewer.awarenessFrames).toBeGreaterThan(0); // its own state came back: the socket stays alive
    // The person in presence is the session's (this double has no name, so its user id), not what the client said.
    const vic = { user: { id: 'vic', name: 'vic', color: presenceColour('vic'), colorLight: `${presenceColour('vic')}33` } };
    expect(alice.awareness.getStates().get(viewer.doc.clientID)).toEqual(vic);

    const { client: late } = await connect('editor', 'late');
    exchange(room, alice, viewer, late);
    expect(late.awareness.getStates().get(viewer.doc.clientID)).toEqual(vic);

    rooms.leave(room, viewer);
    exchange(room, alice, late);
    expect(alice.awareness.getStates().has(viewer.doc.clientID)).toBe(false);
    expect(late.awareness.getStates().has(viewer.doc.clientID)).toBe(false);
  });

  it('answers a query for awareness with every known state', async () => {
    const { connect } = await setup();
    const { client: alice, room } = await connect('owner', 'alice');
    alice.awareness.setLocalStateField('cursor', 3);
    exchange(room, alice);
    const { client: bob } = await connect('editor', 'bob');
    room.receive(bob, new Uint8Array([3]));
    exchange(room, bob);
    expect(bob.awareness.getStates().get(alice.doc.clientID)).toEqual({ cursor: 3 });
  });
});
