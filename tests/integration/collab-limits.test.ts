// The gateway's limits through a real server process and real sockets: an oversized frame, a
// document past its size cap, garbage and text frames close only the offending connection.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, getJobDescriptionText } from '../../collab/index.ts';
import { collabToken, createResume, signup, type TestUser } from '../harness/api.ts';
import { connect, destroyClients, rawSocket, until, view } from '../harness/collab.ts';
import { startServer, type TestServer } from '../harness/server.ts';

/** A y-websocket sync "update" frame (message type 0, sync step 2 = update). */
function updateFrame(update: Uint8Array): Uint8Array {
  const header = [0, 2];
  let n = update.length;
  do {
    header.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  const frame = new Uint8Array(header.length + update.length);
  frame.set(header);
  frame.set(update, header.length);
  return frame;
}

let server: TestServer;
let owner: TestUser;
beforeAll(async () => {
  server = await startServer();
  owner = await signup(server);
});
afterEach(destroyClients);
afterAll(async () => {
  await server.close();
});

/** Two stock clients on a fresh resume; returns a check that they still edit together. */
async function liveRoom() {
  const { id } = await createResume(server, owner.cookie);
  const writer = connect(server, id, { cookie: owner.cookie });
  const watcher = connect(server, id, { token: await collabToken(server, owner.cookie, id) });
  await Promise.all([writer.synced(), watcher.synced()]);
  let edits = 0;
  const stillEditing = async () => {
    edits += 1;
    addItem(writer.doc, 'work', { name: `Edit ${edits}` });
    await until(() => expect(view(watcher.doc).work).toHaveLength(edits));
    expect(writer.closes).toEqual([]);
    expect(watcher.closes).toEqual([]);
  };
  await stillEditing();
  return { id, writer, watcher, stillEditing };
}

describe('collab limits', () => {
  it('refuses a frame over 1 MiB with 1009, says so in the log, and the room carries on', async () => {
    const { id, stillEditing } = await liveRoom();
    const raw = await rawSocket(`${server.wsUrl}/collab/${id}?token=${await collabToken(server, owner.cookie, id)}`);
    raw.ws.send(new Uint8Array(1024 * 1024 + 1));
    expect((await raw.closed).code).toBe(1009);
    await stillEditing();
    await until(() => expect(server.logs().some((line) => line.includes('frame too large (max 1 MiB)') && line.includes(id))).toBe(true));
  });

  it('refuses with 1009 the update that would take the document past 4 MiB, keeping what came before', async () => {
    const { id, watcher, stillEditing } = await liveRoom();
    const raw = await rawSocket(`${server.wsUrl}/collab/${id}?token=${await collabToken(server, owner.cookie, id)}`);
    const doc = new Y.Doc();
    const chunk = 'x'.repeat(900_000);
    for (let i = 0; i < 5; i += 1) {
      const before = Y.encodeStateVector(doc);
      getJobDescriptionText(doc).insert(0, chunk);
      raw.ws.send(updateFrame(Y.encodeStateAsUpdate(doc, before)));
    }
    expect(await raw.closed).toEqual({ code: 1009, reason: 'document too large (max 4 MiB)' });
    await until(() => expect(getJobDescriptionText(watcher.doc).length).toBe(4 * 900_000));
    await stillEditing();
  });

  it.each([
    ['a truncated varint', new Uint8Array([0xff, 0xff, 0xff]), 1007],
    ['an unknown message type', new Uint8Array([7, 1, 2]), 1003],
    ['a sync update that is not a Yjs update', new Uint8Array([0, 2, 5, 250, 251, 252, 253, 254]), 1007],
  ])('closes only the connection that sends %s', async (_what, bytes, code) => {
    const { id, stillEditing } = await liveRoom();
    const raw = await rawSocket(`${server.wsUrl}/collab/${id}?token=${await collabToken(server, owner.cookie, id)}`);
    raw.ws.send(bytes);
    expect((await raw.closed).code).toBe(code);
    await stillEditing();
  });

  it('closes a connection that sends a text frame with 1003', async () => {
    const { id, stillEditing } = await liveRoom();
    const raw = await rawSocket(`${server.wsUrl}/collab/${id}?token=${await collabToken(server, owner.cookie, id)}`);
    raw.ws.send('hello');
    expect(await raw.closed).toEqual({ code: 1003, reason: 'binary frames only' });
    await stillEditing();
  });
});
