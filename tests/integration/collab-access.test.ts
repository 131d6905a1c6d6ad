// Who may open a resume's live document, through a real server process and real sockets: 401 and
// 403 before any handshake, read-only roles whose edits reach nobody, live role changes, revocation.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getJobDescriptionText } from '../../collab/index.ts';
import { api, collabToken, createResume, memberWithRole, signup, type TestUser } from '../harness/api.ts';
import { connect, destroyClients, until, upgradeAnswer, type Client } from '../harness/collab.ts';
import { startServer, type TestServer } from '../harness/server.ts';

const READ_ONLY = 'read-only: viewers and commenters cannot edit';
const text = (client: Client) => getJobDescriptionText(client.doc).toString();

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

describe('collab access', () => {
  it('answers 401 before any handshake without a session or with a bad token', async () => {
    const { id } = await createResume(server, owner.cookie);
    const anonymous = await upgradeAnswer(`${server.wsUrl}/collab/${id}`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.length).toBeGreaterThan(0);
    expect((await upgradeAnswer(`${server.wsUrl}/collab/${id}?token=not-a-real-token`)).status).toBe(401);
    expect((await upgradeAnswer(`${server.wsUrl}/collab/${id}`, { cookie: 'sid=forged' })).status).toBe(401);
  });

  it('answers 403 to a signed-in stranger and to a token made for another resume, 404 to a malformed id', async () => {
    const { id } = await createResume(server, owner.cookie);
    const stranger = await signup(server);
    expect((await upgradeAnswer(`${server.wsUrl}/collab/${id}`, { cookie: stranger.cookie })).status).toBe(403);
    const other = await createResume(server, owner.cookie);
    const token = await collabToken(server, owner.cookie, other.id);
    expect((await upgradeAnswer(`${server.wsUrl}/collab/${id}?token=${token}`)).status).toBe(403);
    expect((await upgradeAnswer(`${server.wsUrl}/collab/not-a-resume`, { cookie: owner.cookie })).status).toBe(404);
  });

  it.each(['viewer', 'commenter'] as const)('lets a %s read live but its edits reach nobody, even after it reconnects', async (role) => {
    const { id } = await createResume(server, owner.cookie);
    const member = await memberWithRole(server, owner.cookie, id, role);
    const writer = connect(server, id, { cookie: owner.cookie });
    await writer.synced();
    getJobDescriptionText(writer.doc).insert(0, 'Owner words');
    const reader = connect(server, id, { token: await collabToken(server, member.cookie, id) });
    await until(() => expect(text(reader)).toBe('Owner words'));
    getJobDescriptionText(writer.doc).insert(11, '.');
    await until(() => expect(text(reader)).toBe('Owner words.')); // it follows live
    expect(reader.denied).toEqual([]);

    getJobDescriptionText(reader.doc).insert(0, 'Hijacked ');
    await until(() => expect(reader.denied).toEqual([READ_ONLY]));
    expect(reader.closes).toEqual([]); // refused, not disconnected

    // The server's copy, as a newcomer gets it, never had the edit; so nobody was sent it.
    const probe = connect(server, id, { cookie: owner.cookie });
    await probe.synced();
    expect(text(probe)).toBe('Owner words.');
    expect(text(writer)).toBe('Owner words.');

    // Reconnecting re-sends the local edit in the handshake: refused again.
    reader.provider.disconnect();
    reader.provider.connect();
    await until(() => expect(reader.denied).toEqual([READ_ONLY, READ_ONLY]));
    const probeAgain = connect(server, id, { cookie: owner.cookie });
    await probeAgain.synced();
    expect(text(probeAgain)).toBe('Owner words.');
    expect(text(writer)).toBe('Owner words.');
    for (const client of [writer, reader, probe, probeAgain]) client.destroy();
  });

  it('applies a role change to a live connection at once', async () => {
    const { id } = await createResume(server, owner.cookie);
    const member = await memberWithRole(server, owner.cookie, id, 'editor');
    const writer = connect(server, id, { cookie: owner.cookie });
    const editor = connect(server, id, { cookie: member.cookie });
    await Promise.all([writer.synced(), editor.synced()]);
    getJobDescriptionText(editor.doc).insert(0, 'editor');
    await until(() => expect(text(writer)).toBe('editor'));

    const patched = await api(server, 'PATCH', `/api/resumes/${id}/members/${member.user.id}`, {
      cookie: owner.cookie,
      body: { role: 'viewer' },
    });
    expect(patched.status).toBe(200);
    getJobDescriptionText(editor.doc).insert(6, ' again');
    await until(() => expect(editor.denied).toEqual([READ_ONLY]));
    const probe = connect(server, id, { cookie: owner.cookie });
    await probe.synced();
    expect(text(probe)).toBe('editor');
    for (const client of [writer, editor, probe]) client.destroy();
  });

  it('closes a revoked member’s sockets with 4403, and the stock client stops retrying', async () => {
    const { id } = await createResume(server, owner.cookie);
    const member = await memberWithRole(server, owner.cookie, id, 'editor');
    const editor = connect(server, id, { cookie: member.cookie });
    await editor.synced();
    const closed = new Promise<{ code: number; reason: string }>((resolve) => editor.provider.once('closed', resolve));

    const removed = await api(server, 'DELETE', `/api/resumes/${id}/members/${member.user.id}`, { cookie: owner.cookie });
    expect(removed.status).toBe(200);
    expect(await closed).toEqual({ code: 4403, reason: 'access revoked' });
    expect(editor.provider.shouldConnect).toBe(false);
    expect((await upgradeAnswer(`${server.wsUrl}/collab/${id}`, { cookie: member.cookie })).status).toBe(403);
    editor.destroy();
  });

  it('closes every socket on a deleted resume with 4404', async () => {
    const { id } = await createResume(server, owner.cookie);
    const client = connect(server, id, { cookie: owner.cookie });
    await client.synced();
    const closed = new Promise<{ code: number; reason: string }>((resolve) => client.provider.once('closed', resolve));
    expect((await api(server, 'DELETE', `/api/resumes/${id}`, { cookie: owner.cookie })).status).toBe(204);
    expect(await closed).toEqual({ code: 4404, reason: 'resume deleted' });
    client.destroy();
  });
});
