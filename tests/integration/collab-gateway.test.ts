// The gateway's socket housekeeping, in-process (the keepalive period is not configurable from the
// environment): real HTTP server, real sockets, real store. Keepalive pings and draining.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { openStore, type Store } from '../../db/index.ts';
import { InProcessBus } from '../../server/bus/index.ts';
import { CollabService } from '../../server/collab/index.ts';
import { encodeUpdate } from '../../server/collab/protocol.ts';
import { createMetrics } from '../../server/metrics.ts';
import { rawSocket, until, upgradeAnswer } from '../harness/collab.ts';
import { currentBackend } from '../harness/server.ts';
import { createTestStorage, type TestStorage } from '../harness/postgres.ts';

// Long enough that a healthy peer on a loaded machine always answers within one period.
const PING_MS = 500;

let storage: TestStorage;
let store: Store;
let userId: string;
const running: Array<() => Promise<void>> = [];

beforeAll(async () => {
  storage = await createTestStorage(currentBackend());
  store = await openStore(storage.options);
  userId = (await store.users.create({ email: 'gw@example.com', username: 'gw', passwordHash: 'h' })).id;
});

afterEach(async () => {
  for (const stop of running.splice(0)) await stop();
});

afterAll(async () => {
  await store.db.close();
  await storage.cleanup();
});

async function gateway() {
  const resumeId = (await store.resumes.create({ ownerId: userId, title: 'CV', snapshot: Y.encodeStateAsUpdate(new Y.Doc()) })).id;
  const bus = new InProcessBus('gateway-test');
  const collab = new CollabService({
    store,
    bus,
    log: pino({ level: 'silent' }),
    metrics: createMetrics('gateway-test'),
    limits: { maxBodyBytes: 1024 * 1024, maxFrameBytes: 1024 * 1024, maxDocumentBytes: 4 * 1024 * 1024, maxSendBufferBytes: 8 * 1024 * 1024 },
    nodeId: 'gateway-test',
    authorize: async () => ({ ok: true, userId, role: 'owner' }),
    pingIntervalMs: PING_MS,
  });
  const server = http.createServer();
  server.on('upgrade', (req, socket, head) => collab.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/collab/${resumeId}`;
  const open = (options: { autoPong?: boolean } = {}) => rawSocket(url, options);
  const stop = async () => {
    await collab.drain();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await bus.close();
  };
  running.push(stop);
  return { collab, resumeId, url, open };
}

describe('collab gateway', () => {
  it('pings every period and cuts a socket that stopped answering, keeping the ones that answer', async () => {
    const gw = await gateway();
    const silent = await gw.open({ autoPong: false });
    const healthy = await gw.open();
    let pings = 0;
    healthy.ws.on('ping', () => (pings += 1));

    expect((await silent.closed).code).toBe(1006); // terminated: no close handshake for a dead peer
    await until(() => expect(gw.collab.stats()).toMatchObject({ sockets: 1, rooms: 1 }), 5000);
    expect(pings).toBeGreaterThanOrEqual(1);
    expect(healthy.ws.readyState).toBe(WebSocket.OPEN);
    healthy.ws.close();
    await healthy.closed;
  });

  it('drains: closes sockets with 1012 after writing their edits, and refuses new upgrades with 503', async () => {
    const gw = await gateway();
    const client = await gw.open();
    const doc = new Y.Doc();
    doc.getText('jobDescription').insert(0, 'Written before the drain');
    client.ws.send(encodeUpdate(Y.encodeStateAsUpdate(doc)));
    const applied = async () => (await gw.collab.readDocument(gw.resumeId)).getText('jobDescription').toString();
    await until(async () => expect(await applied()).toBe('Written before the drain'), 5000);

    const drained = gw.collab.drain();
    expect(await client.closed).toEqual({ code: 1012, reason: 'server restarting' });
    const refused = (await upgradeAnswer(gw.url)).status;
    expect(refused).toBe(503);
    await drained;
    expect(gw.collab.stats()).toEqual({ rooms: 0, sockets: 0, draining: true });

    const stored = new Y.Doc();
    const { snapshot, updates } = await store.updateLog.load(gw.resumeId);
    for (const part of snapshot ? [snapshot, ...updates] : updates) Y.applyUpdate(stored, part);
    expect(stored.getText('jobDescription').toString()).toBe('Written before the drain');
  });
});
