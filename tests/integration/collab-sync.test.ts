// Document sync through a real server process and real sockets with the stock y-websocket client:
// both ways of authenticating, concurrent typing and reordering converge, late joiners, compaction.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addItem, getJobDescriptionText, moveItem } from '../../collab/index.ts';
import { collabToken, createResume, signup, type TestUser } from '../harness/api.ts';
import { connect, destroyClients, metric, until, view } from '../harness/collab.ts';
import { startServer, type TestServer } from '../harness/server.ts';

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

describe('collab sync', () => {
  it('syncs a client authenticated by collab token with one authenticated by session cookie', async () => {
    const { id } = await createResume(server, owner.cookie);
    const byToken = connect(server, id, { token: await collabToken(server, owner.cookie, id) });
    const byCookie = connect(server, id, { cookie: owner.cookie });
    await Promise.all([byToken.synced(), byCookie.synced()]);

    getJobDescriptionText(byToken.doc).insert(0, 'Senior data engineer');
    await until(() => expect(view(byCookie.doc).jobDescription).toBe('Senior data engineer'));
    byToken.destroy();
    byCookie.destroy();
  });

  it('converges when two people type into the same text and reorder the same list at once', async () => {
    const { id } = await createResume(server, owner.cookie);
    const alice = connect(server, id, { cookie: owner.cookie });
    const bob = connect(server, id, { token: await collabToken(server, owner.cookie, id) });
    await Promise.all([alice.synced(), bob.synced()]);

    const ids = ['Acme', 'Globex', 'Initech', 'Umbrella'].map((name) => addItem(alice.doc, 'work', { name }));
    await until(() => expect(view(bob.doc).work).toEqual(['Acme', 'Globex', 'Initech', 'Umbrella']));

    // The same tick on both sides: neither has seen the other's edits when making its own.
    for (let i = 0; i < 20; i += 1) {
      getJobDescriptionText(alice.doc).insert(0, 'a');
      getJobDescriptionText(bob.doc).insert(getJobDescriptionText(bob.doc).length, 'b');
    }
    moveItem(alice.doc, 'work', ids[0] ?? '', 3);
    moveItem(bob.doc, 'work', ids[3] ?? '', 0);

    await until(() => expect(view(alice.doc)).toEqual(view(bob.doc)));
    const merged = view(alice.doc);
    // Both typed from the start of an empty field: each person's run stays whole, in either order.
    expect(['a'.repeat(20) + 'b'.repeat(20), 'b'.repeat(20) + 'a'.repeat(20)]).toContain(merged.jobDescription);
    expect([...merged.work].sort()).toEqual(['Acme', 'Globex', 'Initech', 'Umbrella']);
    alice.destroy();
    bob.destroy();
  });

  it('gives a late joiner everything written before it came', async () => {
    const { id } = await createResume(server, owner.cookie);
    const early = connect(server, id, { cookie: owner.cookie });
    await early.synced();
    for (const name of ['First', 'Second', 'Third']) addItem(early.doc, 'work', { name });
    getJobDescriptionText(early.doc).insert(0, 'Platform team lead');

    const late = connect(server, id, { cookie: owner.cookie });
    await until(() => expect(view(late.doc)).toEqual(view(early.doc)));
    expect(view(late.doc).work).toEqual(['First', 'Second', 'Third']);
    early.destroy();
    late.destroy();
  });

  it('shows the same document after many edits, the room unloading and the log being compacted', async () => {
    const { id } = await createResume(server, owner.cookie);
    const writer = connect(server, id, { cookie: owner.cookie });
    await writer.synced();
    const compactionsBefore = await metric(server, 'collab_compactions_total');
    const rowsBefore = await metric(server, 'collab_update_rows_written_total');
    // Three bursts, each written before the next starts, so the log has several rows to fold.
    for (let burst = 0; burst < 3; burst += 1) {
      const rows = await metric(server, 'collab_update_rows_written_total');
      for (let i = 0; i < 100; i += 1) {
        const text = getJobDescriptionText(writer.doc);
        text.insert(text.length, `${i % 10}`);
        if (i % 25 === 0) addItem(writer.doc, 'work', { name: `Job ${burst}.${i}` });
      }
      await until(async () => expect(await metric(server, 'collab_update_rows_written_total')).toBeGreaterThan(rows));
    }
    const before = view(writer.doc);
    const watcher = connect(server, id, { cookie: owner.cookie });
    await until(() => expect(view(watcher.doc)).toEqual(before)); // the server holds every edit
    expect(await metric(server, 'collab_update_rows_written_total')).toBeGreaterThan(rowsBefore + 2);
    writer.destroy();
    watcher.destroy();

    // The last connection left: the room flushes, compacts and unloads.
    await until(async () => expect(await metric(server, 'collab_compactions_total')).toBeGreaterThan(compactionsBefore));
    const again = connect(server, id, { cookie: owner.cookie });
    await again.synced();
    expect(view(again.doc)).toEqual(before);
    again.destroy();
  });
});
