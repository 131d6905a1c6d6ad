// No edit is lost across restarts, through a real server process: SIGTERM drains (clients see 1012,
// everything is written), SIGKILL keeps what was committed, and reconnecting clients resend the rest.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addItem, getJobDescriptionText } from '../../collab/index.ts';
import { collabToken, createResume, signup, type TestUser } from '../harness/api.ts';
import { connect, destroyClients, metric, until, view, type Client } from '../harness/collab.ts';
import { startServer, type TestServer } from '../harness/server.ts';

/** Every update the node applied has been written to the update log (rows cover them). */
async function everythingWritten(server: TestServer): Promise<void> {
  await until(async () => {
    const applied = await metric(server, 'collab_updates_in_total');
    expect(applied).toBeGreaterThan(0);
    expect(await metric(server, 'collab_persistence_lag_seconds_count')).toBe(applied);
  });
}

const nextClose = (client: Client) =>
  new Promise<number | undefined>((resolve) => client.provider.once('connection-close', (event) => resolve(event?.code)));

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

describe('collab durability', () => {
  it('drains on SIGTERM: clients see 1012 and every edit is there after the restart', async () => {
    const { id } = await createResume(server, owner.cookie);
    const alice = connect(server, id, { cookie: owner.cookie });
    const bob = connect(server, id, { token: await collabToken(server, owner.cookie, id) });
    await Promise.all([alice.synced(), bob.synced()]);
    for (const name of ['Acme', 'Globex']) addItem(alice.doc, 'work', { name });
    getJobDescriptionText(bob.doc).insert(0, 'Written just before the deploy');
    await until(() => expect(view(alice.doc)).toEqual(view(bob.doc))); // the server applied both
    const expected = view(alice.doc);

    const closes = [nextClose(alice), nextClose(bob)];
    const exit = await server.stop('SIGTERM');
    expect(exit.code).toBe(0);
    expect(await Promise.all(closes)).toEqual([1012, 1012]);
    // Gone before the restart, so nothing can be re-sent: what comes back is what the server wrote.
    alice.destroy();
    bob.destroy();

    await server.restart();
    const fresh = connect(server, id, { cookie: owner.cookie });
    await fresh.synced();
    expect(view(fresh.doc)).toEqual(expected);
    fresh.destroy();
  });

  it('keeps committed edits through SIGKILL, and a reconnecting client resends what was not', async () => {
    const { id } = await createResume(server, owner.cookie);
    const gone = connect(server, id, { cookie: owner.cookie });
    const stays = connect(server, id, { token: await collabToken(server, owner.cookie, id) });
    await Promise.all([gone.synced(), stays.synced()]);
    getJobDescriptionText(gone.doc).insert(0, 'Committed before the crash');
    await until(() => expect(view(stays.doc).jobDescription).toBe('Committed before the crash'));
    await everythingWritten(server);
    gone.destroy(); // its edit must come back from the database alone

    // Applied but maybe not yet committed when the process dies; the client still holds it.
    addItem(stays.doc, 'work', { name: 'Typed during the crash' });
    const closed = nextClose(stays);
    const exit = await server.stop('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    await closed;

    await server.restart();
    const fresh = connect(server, id, { cookie: owner.cookie });
    await fresh.synced();
    expect(view(fresh.doc).jobDescription).toBe('Committed before the crash');
    // The stock client reconnects by itself and its handshake carries what the server lacks.
    await until(() => expect(view(fresh.doc).work).toEqual(['Typed during the crash']), 20_000);
    stays.destroy();
    fresh.destroy();
  });
});
