// Versions and the activity log through a real server, real sockets and stock y-websocket
// clients: save, list and view; restore brings back the exact content for everyone connected
// and keeps what it replaced; compare shows what changed; automatic versions while editing;
// who may do what; bad input changes nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addItem,
  exportJsonResume,
  fieldText,
  getBasics,
  getItems,
  getJobDescriptionText,
  removeItem,
  setItemHidden,
  setTemplate,
  setText,
  spanAnchor,
  type FieldRef,
  type JsonResume,
} from '../../collab/index.ts';
import { api, createResume, memberWithRole, signup, type TestUser } from '../harness/api.ts';
import { connect, destroyClients, until, type Client } from '../harness/collab.ts';
import { closeSockets, joinRoom, nextEvent, socketFor } from '../harness/realtime.ts';
import { startServer, type TestServer } from '../harness/server.ts';

interface Version {
  id: string;
  name: string | null;
  kind: 'named' | 'auto' | 'before_accept_all' | 'before_restore';
  createdBy: { id: string; username: string } | null;
  createdAt: string;
  size: number;
}
interface VersionView {
  version: Version;
  resume: JsonResume;
  printable: JsonResume;
  settings: { template: string; sectionOrder: string[]; hiddenSections: string[] };
  jobDescription: string;
}
interface DiffPart {
  text: string;
  change?: 'added' | 'removed';
}
interface Comparison {
  from: { version: Version | null; resume: JsonResume };
  to: { version: Version | null; resume: JsonResume };
  diff: {
    changed: boolean;
    counts: { added: number; removed: number; changed: number };
    sections: Array<{
      section: string;
      status: string;
      items: Array<{ id: string; status: string; title: string; fields: Array<{ field: string; status: string; parts: DiffPart[] }> }>;
    }>;
  };
}

/** Automatic versions at most once a second here, so the test sees one without waiting an hour. */
const INTERVAL_MS = 1_000;
const START: JsonResume = {
  basics: { name: 'Maya Lin', summary: 'I build web apps for small teams.' },
  work: [
    { name: 'Acme', position: 'Engineer', highlights: ['Cut build time by 40%'] },
    { name: 'Globex', position: 'Intern' },
  ],
};

let server: TestServer;
let owner: TestUser;
beforeAll(async () => {
  server = await startServer({ env: { VERSION_INTERVAL_MS: String(INTERVAL_MS) } });
  owner = await signup(server);
});
afterEach(() => {
  destroyClients();
  closeSockets();
});
afterAll(() => server.close());

const get = async <T>(user: TestUser, path: string): Promise<T> => {
  const res = await api(server, 'GET', path, { cookie: user.cookie });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as T;
};
const serverJson = (id: string) => get<JsonResume>(owner, `/api/resumes/${id}/json`);
const versionsOf = async (id: string) => (await get<{ versions: Version[] }>(owner, `/api/resumes/${id}/versions`)).versions;

async function saveVersion(id: string, name: string, user = owner): Promise<Version> {
  const res = await api(server, 'POST', `/api/resumes/${id}/versions`, { cookie: user.cookie, body: { name } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Version;
}

/** A resume with START and an owner's stock client on it, synced. */
async function openResume(): Promise<{ id: string; client: Client }> {
  const { id } = await createResume(server, owner.cookie, { title: 'Maya', jsonResume: START });
  const client = connect(server, id, { cookie: owner.cookie });
  await client.synced();
  return { id, client };
}

/** Waits until the server holds what the client's document shows. */
async function serverHas(id: string, client: Client): Promise<void> {
  await until(async () => expect(await serverJson(id)).toEqual(exportJsonResume(client.doc)));
}

const basicsOf = (client: Client) => getBasics(client.doc) ?? new Y.Map<unknown>();

describe('versions', () => {
  it('saves a named version, lists it without its bytes, and shows its content read-only', async () => {
    const { id, client } = await openResume();
    setText(basicsOf(client), 'label', 'Frontend engineer');
    await serverHas(id, client);
    const saved = await saveVersion(id, '  Before the coach  ');
    expect(saved).toMatchObject({ name: 'Before the coach', kind: 'named', createdBy: { id: owner.user.id, username: owner.user.username } });
    const expected = await serverJson(id);

    setText(basicsOf(client), 'label', 'Staff engineer'); // later edits do not touch the version
    await serverHas(id, client);

    const list = await versionsOf(id);
    const listed = list.find((v) => v.id === saved.id);
    expect(listed).toEqual(saved);
    expect(listed?.size).toBeGreaterThan(0);
    expect(listed).not.toHaveProperty('data');

    const view = await get<VersionView>(owner, `/api/resumes/${id}/versions/${saved.id}`);
    expect(view.version).toEqual(saved);
    expect(view.resume).toEqual(expected);
    expect(view.settings.template).toBe('classic');

    const viewer = await memberWithRole(server, owner.cookie, id, 'viewer');
    expect((await get<VersionView>(viewer, `/api/resumes/${id}/versions/${saved.id}`)).resume).toEqual(expected);
    expect((await get<{ versions: Version[] }>(viewer, `/api/resumes/${id}/versions`)).versions.map((v) => v.id)).toContain(saved.id);
  });

  it('restores the exact content for a connected stock client, as a new change, after keeping the content it replaces', async () => {
    const { id, client } = await openResume();
    const editor = await memberWithRole(server, owner.cookie, id, 'editor');
    const watcher = connect(server, id, { cookie: editor.cookie });
    await watcher.synced();
    getJobDescriptionText(client.doc).insert(0, 'React engineer wanted.');
    const acme = getItems(client.doc, 'work')[0];
    if (!acme) throw new Error('fixture');
    setItemHidden(client.doc, 'work', getItems(client.doc, 'work')[1]?.id ?? '', true);
    await serverHas(id, client);
    const saved = await saveVersion(id, 'Good one');
    const expected = await get<VersionView>(owner, `/api/resumes/${id}/versions/${saved.id}`);

    // Edits of every kind after the version.
    setText(basicsOf(client), 'summary', 'I build mobile apps for large teams.');
    removeItem(client.doc, 'work', acme.id);
    addItem(client.doc, 'work', { name: 'Hooli', position: 'Staff engineer' });
    setItemHidden(client.doc, 'work', getItems(client.doc, 'work')[0]?.id ?? '', false);
    setTemplate(client.doc, 'modern');
    getJobDescriptionText(client.doc).insert(0, 'Urgent: ');
    await serverHas(id, client);
    const replaced = await serverJson(id);
    const historyBefore = Y.encodeStateVector(client.doc);

    const socket = await socketFor(server, editor.cookie);
    expect(await joinRoom(socket, id)).toMatchObject({ ok: true });
    const heard = nextEvent<{ action: string; version: Version }>(socket, 'version', (e) => e.action === 'restored');
    const res = await api(server, 'POST', `/api/resumes/${id}/versions/${saved.id}/restore`, { cookie: editor.cookie });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { restored, backup, changed } = res.body as { restored: Version; backup: Version; changed: boolean };
    expect(restored.id).toBe(saved.id);
    expect(changed).toBe(true);
    expect(backup).toMatchObject({ kind: 'before_restore', createdBy: { id: editor.user.id } });
    expect((await heard).version.id).toBe(saved.id);

    // The server, the owner's open client and the editor's all hold the version's content.
    expect(await serverJson(id)).toEqual(expected.resume);
    for (const c of [client, watcher]) {
      await until(() => expect(exportJsonResume(c.doc)).toEqual(expected.resume));
      expect(exportJsonResume(c.doc, { omitHidden: true })).toEqual(expected.printable);
      expect(getJobDescriptionText(c.doc).toString()).toBe('React engineer wanted.');
      expect(c.closes).toEqual([]); // no reload, no reconnect: an ordinary change
    }
    const after = await get<VersionView>(owner, `/api/resumes/${id}/versions/${saved.id}`);
    const current = await get<Comparison>(owner, `/api/resumes/${id}/versions/compare?from=${saved.id}&to=current`);
    expect(current.diff.changed).toBe(false);
    expect(current.to.resume).toEqual(after.resume);
    // Nothing of history was rewritten: the client's earlier state is still part of the document.
    const clocks = Y.decodeStateVector(Y.encodeStateVector(client.doc));
    for (const [clientId, clock] of Y.decodeStateVector(historyBefore)) expect(clocks.get(clientId)).toBeGreaterThanOrEqual(clock);

    // What the restore replaced is a version of its own, and can be restored in turn.
    expect((await get<VersionView>(owner, `/api/resumes/${id}/versions/${backup.id}`)).resume).toEqual(replaced);
    expect((await versionsOf(id)).map((v) => v.id)).toEqual(expect.arrayContaining([saved.id, backup.id]));
    const undo = await api(server, 'POST', `/api/resumes/${id}/versions/${backup.id}/restore`, { cookie: owner.cookie });
    expect(undo.status).toBe(200);
    await until(() => expect(exportJsonResume(watcher.doc)).toEqual(replaced));

    // The owner's activity log tells both restores, newest first (among the exports the reads
    // above made), and pages.
    type Activity = { entries: Array<{ id: string; kind: string; actor: { username: string } | null; data: Record<string, unknown> }>; next: string | null };
    const activity = await get<Activity>(owner, `/api/resumes/${id}/activity?limit=50`);
    const restores = activity.entries.filter((e) => e.kind === 'version_restored');
    expect(restores.map((e) => [e.actor?.username, e.data.versionId])).toEqual([
      [owner.user.username, backup.id],
      [editor.user.username, saved.id],
    ]);
    expect(restores[1]?.data).toMatchObject({ name: 'Good one', kind: 'named' });
    expect(activity.entries.map((e) => e.kind)).toContain('exported');
    const firstPage = await get<Activity>(owner, `/api/resumes/${id}/activity?limit=2`);
    expect(firstPage.entries.map((e) => e.id)).toEqual(activity.entries.slice(0, 2).map((e) => e.id));
    const older = await get<Activity>(owner, `/api/resumes/${id}/activity?before=${firstPage.next}`);
    expect(older.entries.map((e) => e.id)).toEqual(activity.entries.slice(2).map((e) => e.id));
    expect(older.entries.map((e) => e.kind)).toContain('version_saved');
  });

  it('compares two versions, and a version with now: a changed word, an added item, a removed item', async () => {
    const { id, client } = await openResume();
    const first = await saveVersion(id, 'First');
    const globex = getItems(client.doc, 'work')[1];
    if (!globex) throw new Error('fixture');
    setText(basicsOf(client), 'summary', 'I build mobile apps for small teams.');
    removeItem(client.doc, 'work', globex.id);
    const hooli = addItem(client.doc, 'work', { name: 'Hooli', position: 'Staff engineer' });
    await serverHas(id, client);
    const second = await saveVersion(id, 'Second');

    const compared = await get<Comparison>(owner, `/api/resumes/${id}/versions/compare?from=${first.id}&to=${second.id}`);
    expect(compared.from.version?.id).toBe(first.id);
    expect(compared.to.version?.id).toBe(second.id);
    expect(compared.from.resume).toEqual(START);
    expect(compared.diff.changed).toBe(true);
    expect(compared.diff.counts).toEqual({ added: 1, removed: 1, changed: 1 });
    const summary = compared.diff.sections.find((s) => s.section === 'basics')?.items[0]?.fields.find((f) => f.field === 'summary');
    expect(summary?.parts.filter((p) => p.change)).toEqual([
      { text: 'web', change: 'removed' },
      { text: 'mobile', change: 'added' },
    ]);
    const work = compared.diff.sections.find((s) => s.section === 'work');
    expect(work?.items.map((i) => [i.title, i.status])).toEqual([
      ['Engineer · Acme', 'same'],
      ['Intern · Globex', 'removed'],
      ['Staff engineer · Hooli', 'added'],
    ]);
    expect(work?.items[2]?.id).toBe(hooli);

    // "to" defaults to now; now equals the second version.
    const withNow = await get<Comparison>(owner, `/api/resumes/${id}/versions/compare?from=${first.id}`);
    expect(withNow.to.version).toBeNull();
    expect(withNow.diff).toEqual(compared.diff);

    // With nobody connected, a restore loads the stored document, changes it and writes it.
    client.destroy();
    const res = await api(server, 'POST', `/api/resumes/${id}/versions/${first.id}/restore`, { cookie: owner.cookie });
    expect(res.status).toBe(200);
    expect(await serverJson(id)).toEqual(START);
    const reader = connect(server, id, { cookie: owner.cookie });
    await reader.synced();
    expect(exportJsonResume(reader.doc)).toEqual(START);
  });

  it('saves an automatic version while the resume is edited, once the interval has passed', async () => {
    const created = Date.now();
    const { id: resumeId } = await createResume(server, owner.cookie, { title: 'Auto', jsonResume: START });
    const client = connect(server, resumeId, { cookie: owner.cookie });
    await client.synced();
    const socket = await socketFor(server, owner.cookie);
    await joinRoom(socket, resumeId);
    const jd = getJobDescriptionText(client.doc);
    // Someone typing a character every 50 ms until the automatic version arrives (the interval,
    // one second here, counts from the resume's creation; versions-auto.test.ts covers the rest).
    const typing = setInterval(() => jd.insert(jd.length, 'a'), 50);
    const heard = await nextEvent<{ resumeId: string; version: Version }>(socket, 'version', (e) => e.resumeId === resumeId && e.version.kind === 'auto').finally(
      () => clearInterval(typing),
    );
    expect(Date.parse(heard.version.createdAt) - created).toBeGreaterThanOrEqual(INTERVAL_MS - 50); // clocks of one machine
    const autos = (await versionsOf(resumeId)).filter((v) => v.kind === 'auto');
    expect(autos).toEqual([heard.version]);
    expect(heard.version).toMatchObject({ createdBy: null, name: null });
    // It holds what had been typed by then.
    const view = await get<VersionView>(owner, `/api/resumes/${resumeId}/versions/${heard.version.id}`);
    expect(view.jobDescription).toMatch(/^a+$/);
  });

  it('keeps the content an accept-all of suggestions changes as a version first', async () => {
    const { id, client } = await openResume();
    const coach = await memberWithRole(server, owner.cookie, id, 'commenter');
    const acme = getItems(client.doc, 'work')[0];
    if (!acme) throw new Error('fixture');
    const bullet: FieldRef = { list: 'work', itemId: acme.id, field: 'highlights.0' };
    const text = fieldText(client.doc, bullet);
    if (!text) throw new Error('fixture');
    const suggested = await api(server, 'POST', `/api/resumes/${id}/suggestions`, {
      cookie: coach.cookie,
      body: { anchor: spanAnchor(text, bullet, 'Cut build time by '.length, 3), replacement: '60%' },
    });
    expect(suggested.status, JSON.stringify(suggested.body)).toBe(201);
    const before = await serverJson(id);

    const accepted = await api(server, 'POST', `/api/resumes/${id}/suggestions/accept-all`, { cookie: owner.cookie, body: { list: 'work', itemId: acme.id } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    await until(() => expect(exportJsonResume(client.doc).work?.[0]?.highlights).toEqual(['Cut build time by 60%']));
    const kept = (await versionsOf(id)).find((v) => v.kind === 'before_accept_all');
    expect(kept?.createdBy?.id).toBe(owner.user.id);
    expect((await get<VersionView>(owner, `/api/resumes/${id}/versions/${kept?.id ?? ''}`)).resume).toEqual(before);
  });

  it('lets every member read versions, owners and editors save and restore, only the owner read the activity', async () => {
    const { id } = await openResume();
    const saved = await saveVersion(id, 'Base');
    const [editor, commenter, viewer, stranger] = await Promise.all([
      memberWithRole(server, owner.cookie, id, 'editor'),
      memberWithRole(server, owner.cookie, id, 'commenter'),
      memberWithRole(server, owner.cookie, id, 'viewer'),
      signup(server),
    ]);
    const paths = {
      list: ['GET', `/api/resumes/${id}/versions`],
      view: ['GET', `/api/resumes/${id}/versions/${saved.id}`],
      compare: ['GET', `/api/resumes/${id}/versions/compare?from=${saved.id}`],
      save: ['POST', `/api/resumes/${id}/versions`],
      restore: ['POST', `/api/resumes/${id}/versions/${saved.id}/restore`],
      activity: ['GET', `/api/resumes/${id}/activity`],
    } as const;
    const expected: Record<string, Record<keyof typeof paths, number>> = {
      owner: { list: 200, view: 200, compare: 200, save: 201, restore: 200, activity: 200 },
      editor: { list: 200, view: 200, compare: 200, save: 201, restore: 200, activity: 403 },
      commenter: { list: 200, view: 200, compare: 200, save: 403, restore: 403, activity: 403 },
      viewer: { list: 200, view: 200, compare: 200, save: 403, restore: 403, activity: 403 },
      stranger: { list: 404, view: 404, compare: 404, save: 404, restore: 404, activity: 404 },
    };
    const users: Record<string, TestUser> = { owner, editor, commenter, viewer, stranger };
    const actual: Record<string, Record<string, number>> = {};
    for (const [who, user] of Object.entries(users)) {
      actual[who] = {};
      for (const [action, [method, path]] of Object.entries(paths)) {
        const res = await api(server, method, path, { cookie: user.cookie, body: method === 'POST' ? { name: `${who} ${action}` } : undefined });
        (actual[who] ??= {})[action] = res.status;
        if (res.status >= 400) expect((res.body as { error: { code: string } }).error.code).toBe(res.status === 404 ? 'not_found' : 'forbidden');
      }
    }
    expect(actual).toEqual(expected);
    expect((await api(server, 'GET', paths.list[1])).status).toBe(401);
  });

  it('changes nothing on bad input', async () => {
    const { id, client } = await openResume();
    setText(basicsOf(client), 'label', 'Engineer');
    await serverHas(id, client);
    const saved = await saveVersion(id, 'Only one');
    const other = await openResume();
    const foreign = await saveVersion(other.id, 'Elsewhere');
    const before = { json: await serverJson(id), versions: await versionsOf(id) };

    const cases: Array<[string, string, unknown, number, string]> = [
      ['POST', `/api/resumes/${id}/versions`, { name: '' }, 400, 'validation_failed'],
      ['POST', `/api/resumes/${id}/versions`, { name: '   ' }, 400, 'validation_failed'],
      ['POST', `/api/resumes/${id}/versions`, { name: 'x'.repeat(101) }, 400, 'validation_failed'],
      ['POST', `/api/resumes/${id}/versions`, { name: 42 }, 400, 'validation_failed'],
      ['POST', `/api/resumes/${id}/versions`, undefined, 400, 'validation_failed'],
      ['POST', `/api/resumes/${id}/versions/${foreign.id}/restore`, undefined, 404, 'not_found'],
      ['POST', `/api/resumes/${id}/versions/00000000-0000-4000-8000-000000000000/restore`, undefined, 404, 'not_found'],
      ['POST', `/api/resumes/${id}/versions/not-a-version/restore`, undefined, 404, 'not_found'],
      ['GET', `/api/resumes/${id}/versions/${foreign.id}`, undefined, 404, 'not_found'],
      ['GET', `/api/resumes/${id}/versions/compare?from=nope`, undefined, 400, 'validation_failed'],
      ['GET', `/api/resumes/${id}/versions/compare`, undefined, 400, 'validation_failed'],
      ['GET', `/api/resumes/${id}/versions/compare?from=${foreign.id}`, undefined, 404, 'not_found'],
      ['GET', `/api/resumes/${id}/versions?limit=0`, undefined, 400, 'validation_failed'],
      ['GET', `/api/resumes/${id}/versions?before=yesterday`, undefined, 400, 'validation_failed'],
      ['GET', `/api/resumes/${id}/activity?before=abc`, undefined, 400, 'validation_failed'],
      ['GET', `/api/resumes/not-a-resume/versions`, undefined, 404, 'not_found'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const res = await api(server, method, path, { cookie: owner.cookie, body });
      expect([path, res.status], JSON.stringify(res.body)).toEqual([path, status]);
      expect((res.body as { error: { code: string; message: string } }).error).toMatchObject({ code });
    }
    const raw = await api(server, 'POST', `/api/resumes/${id}/versions`, { cookie: owner.cookie, rawBody: '{"name":' });
    expect(raw.status).toBe(400);

    expect(await serverJson(id)).toEqual(before.json);
    expect(exportJsonResume(client.doc)).toEqual(before.json);
    expect(await versionsOf(id)).toEqual(before.versions);
    expect(before.versions.map((v) => v.id)).toContain(saved.id);
  });
});
