// Suggestions through a real server and stock y-websocket clients: a coach proposes a
// replacement, the owner accepts and every connected client gets exactly that text in one edit;
// a stale suggestion answers 409 and changes nothing; reject and withdraw change nothing; accept
// all and reject all per item; AI rewrites from a stored analysis (an OpenAI-compatible server on
// loopback) become suggestions of the person who passes them on; bad input changes nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportJsonResume, fieldText, getItems, spanAnchor, type FieldRef, type SpanAnchor } from '../../collab/index.ts';
import { acceptInvite, api, createResume, invite, signup, type TestUser } from '../harness/api.ts';
import { connect, destroyClients, until, type Client } from '../harness/collab.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../harness/openai-server.ts';
import { closeSockets, joinRoom, nextEvent, socketFor } from '../harness/realtime.ts';
import { startServer, type TestServer } from '../harness/server.ts';

const BULLET = 'Led a team of four engineers shipping the checkout';
const SUMMARY = 'Product engineer who likes hard problems.';

interface Suggestion {
  id: string;
  source: 'person' | 'ai';
  author: { id: string } | null;
  original: string;
  replacement: string;
  reason: string | null;
  status: string;
  withdrawn: boolean;
  decidedBy: { id: string } | null;
  state?: { attached: boolean; currentText?: string; reason?: string };
}
interface ErrorBody {
  error: { code: string; message: string };
}

let server: TestServer;
let openai: FakeOpenAI;
let owner: TestUser;
let coach: TestUser;
let editor: TestUser;
let viewer: TestUser;
beforeAll(async () => {
  openai = await startFakeOpenAI();
  server = await startServer({ env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseURL } });
  [owner, coach, editor, viewer] = await Promise.all([signup(server), signup(server), signup(server), signup(server)]);
});
afterEach(() => {
  destroyClients();
  closeSockets();
});
afterAll(async () => {
  await server.close();
  await openai.close();
});

const share = async (id: string, user: TestUser, role: 'editor' | 'commenter' | 'viewer') =>
  acceptInvite(server, user.cookie, await invite(server, owner.cookie, id, role));

/** A resume shared with the coach, the editor and the viewer; the owner's and the coach's stock clients in it. */
async function coachedResume() {
  const { id } = await createResume(server, owner.cookie, {
    title: 'Suggested',
    jsonResume: { basics: { name: 'Ana Ruiz', summary: SUMMARY }, work: [{ name: 'Acme', position: 'Engineer', highlights: [BULLET] }] },
  });
  await Promise.all([share(id, coach, 'commenter'), share(id, editor, 'editor'), share(id, viewer, 'viewer')]);
  const [mine, theirs] = [connect(server, id, { cookie: owner.cookie }), connect(server, id, { cookie: coach.cookie })];
  await Promise.all([mine.synced(), theirs.synced()]);
  const workId = getItems(mine.doc, 'work')[0]?.id ?? '';
  const bullet: FieldRef = { list: 'work', itemId: workId, field: 'highlights.0' };
  const summary: FieldRef = { list: 'basics', itemId: 'basics', field: 'summary' };
  return { id, mine, theirs, workId, bullet, summary };
}

function anchorOn(doc: Y.Doc, ref: FieldRef, quote: string): SpanAnchor {
  const text = fieldText(doc, ref);
  const at = text?.toString().indexOf(quote) ?? -1;
  if (!text || at < 0) throw new Error(`"${quote}" is not in ${ref.field}`);
  return spanAnchor(text, ref, at, quote.length);
}

const read = (client: Client, ref: FieldRef) => fieldText(client.doc, ref)?.toString();

async function suggest(id: string, user: TestUser, body: Record<string, unknown>): Promise<Suggestion> {
  const res = await api(server, 'POST', `/api/resumes/${id}/suggestions`, { cookie: user.cookie, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as Suggestion;
}

const decide = (id: string, user: TestUser, suggestionId: string, what: 'accept' | 'reject') =>
  api(server, 'POST', `/api/resumes/${id}/suggestions/${suggestionId}/${what}`, { cookie: user.cookie });

async function listed(id: string, status?: string): Promise<Suggestion[]> {
  const res = await api(server, 'GET', `/api/resumes/${id}/suggestions${status ? `?status=${status}` : ''}`, { cookie: viewer.cookie });
  expect(res.status).toBe(200);
  return (res.body as { suggestions: Suggestion[] }).suggestions;
}

const resumeJson = async (id: string) => (await api(server, 'GET', `/api/resumes/${id}/json`, { cookie: owner.cookie })).body;

describe('a suggestion', () => {
  it('is accepted by the owner and every connected client gets exactly the proposed text in one edit', async () => {
    const { id, mine, theirs, bullet } = await coachedResume();
    const [ownerSocket, coachSocket] = await Promise.all([socketFor(server, owner.cookie), socketFor(server, coach.cookie)]);
    await joinRoom(ownerSocket, id);
    const announced = nextEvent<{ action: string; suggestion: Suggestion }>(ownerSocket, 'suggestion', (e) => e.action === 'created');
    const ownerNotified = nextEvent<{ notification: { kind: string } }>(ownerSocket, 'notification', (e) => e.notification.kind === 'suggestion');

    const made = await suggest(id, coach, { anchor: anchorOn(theirs.doc, bullet, 'Led a team of four'), replacement: 'Managed four', reason: 'Say the size plainly.' });
    expect(made).toMatchObject({ source: 'person', author: { id: coach.user.id }, original: 'Led a team of four', replacement: 'Managed four', reason: 'Say the size plainly.', status: 'pending' });
    expect((await announced).suggestion.id).toBe(made.id);
    await ownerNotified;
    expect((await listed(id, 'pending')).map((s) => [s.id, s.state])).toEqual([[made.id, { attached: true, kind: 'span', index: 0, length: 18, currentText: 'Led a team of four' }]]);

    // The coach proposes; only the owner or an editor decides.
    const byCoach = await decide(id, coach, made.id, 'accept');
    expect(byCoach.status).toBe(403);
    expect(read(mine, bullet)).toBe(BULLET);

    let updates = 0;
    mine.doc.on('update', () => updates++);
    const coachNotified = nextEvent<{ notification: { kind: string; actor: { id: string } } }>(coachSocket, 'notification', (e) => e.notification.kind === 'suggestion_accepted');
    const accepted = await decide(id, owner, made.id, 'accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ id: made.id, status: 'accepted', decidedBy: { id: owner.user.id } });
    const expected = 'Managed four engineers shipping the checkout';
    await until(() => {
      expect(read(mine, bullet)).toBe(expected);
      expect(read(theirs, bullet)).toBe(expected);
    });
    expect(updates).toBe(1);
    expect((await coachNotified).notification.actor.id).toBe(owner.user.id);

    const again = await decide(id, editor, made.id, 'accept');
    expect(again.status).toBe(409);
    expect((again.body as ErrorBody).error.message).toBe('this suggestion was already accepted');
    expect(read(mine, bullet)).toBe(expected);
  });

  it('answers 409 and changes nothing when its text changed or was deleted since', async () => {
    const { id, mine, theirs, bullet, summary } = await coachedResume();
    const stale = await suggest(id, coach, { anchor: anchorOn(theirs.doc, bullet, 'four engineers'), replacement: 'five engineers' });
    const gone = await suggest(id, coach, { anchor: anchorOn(theirs.doc, summary, 'who likes hard problems'), replacement: 'who solves hard problems' });
    const text = fieldText(mine.doc, bullet);
    const sum = fieldText(mine.doc, summary);
    if (!text || !sum) throw new Error('fields missing');
    text.insert(BULLET.indexOf('engineers'), 'senior ');
    sum.delete(SUMMARY.indexOf(' who'), ' who likes hard problems'.length);
    await until(async () => expect((await listed(id)).map((s) => s.state?.currentText ?? s.state?.reason)).toEqual(['four senior engineers', 'deleted']));
    const before = await resumeJson(id);

    const changed = await decide(id, owner, stale.id, 'accept');
    expect(changed.status).toBe(409);
    expect((changed.body as ErrorBody).error).toEqual({
      code: 'conflict',
      message: 'this suggestion cannot be applied: the text has changed since this was suggested: it read "four engineers" and now reads "four senior engineers"',
    });
    const deleted = await decide(id, owner, gone.id, 'accept');
    expect(deleted.status).toBe(409);
    expect((deleted.body as ErrorBody).error.message).toBe('this suggestion cannot be applied: the text this suggestion was for has been deleted');

    expect(await resumeJson(id)).toEqual(before);
    expect((await listed(id)).map((s) => s.status)).toEqual(['pending', 'pending']);
  });

  it('is rejected by the owner or withdrawn by its author, and either changes nothing', async () => {
    const { id, mine, theirs, bullet } = await coachedResume();
    const byCoach = await suggest(id, coach, { anchor: anchorOn(theirs.doc, bullet, 'checkout'), replacement: 'checkout rewrite' });
    const byEditor = await suggest(id, editor, { anchor: anchorOn(mine.doc, bullet, 'Led'), replacement: 'Grew' });
    const before = exportJsonResume(mine.doc);

    expect((await decide(id, coach, byEditor.id, 'reject')).status).toBe(403);
    expect((await decide(id, viewer, byCoach.id, 'reject')).status).toBe(403);
    const withdrawn = await decide(id, coach, byCoach.id, 'reject');
    expect(withdrawn.body).toMatchObject({ status: 'rejected', withdrawn: true, decidedBy: { id: coach.user.id } });
    const rejected = await decide(id, owner, byEditor.id, 'reject');
    expect(rejected.body).toMatchObject({ status: 'rejected', withdrawn: false, decidedBy: { id: owner.user.id } });
    expect((await decide(id, owner, byCoach.id, 'accept')).status).toBe(409);

    expect(await resumeJson(id)).toEqual(before);
    expect(exportJsonResume(mine.doc)).toEqual(before);
  });

  it('are accepted or rejected all at once per item, skipping one an earlier one rewrote', async () => {
    const { id, mine, theirs, bullet, summary, workId } = await coachedResume();
    const first = await suggest(id, coach, { anchor: anchorOn(theirs.doc, bullet, 'Led'), replacement: 'Grew' });
    const second = await suggest(id, coach, { anchor: anchorOn(theirs.doc, bullet, 'checkout'), replacement: 'checkout rewrite' });
    const overlapping = await suggest(id, coach, { anchor: anchorOn(theirs.doc, bullet, 'Led a team'), replacement: 'Managed a team' });
    const elsewhere = await suggest(id, coach, { anchor: anchorOn(theirs.doc, summary, 'hard'), replacement: 'tough' });

    expect((await api(server, 'POST', `/api/resumes/${id}/suggestions/accept-all`, { cookie: coach.cookie, body: { list: 'work', itemId: workId } })).status).toBe(403);
    const all = await api(server, 'POST', `/api/resumes/${id}/suggestions/accept-all`, { cookie: owner.cookie, body: { list: 'work', itemId: workId } });
    expect(all.status).toBe(200);
    const { accepted, skipped } = all.body as { accepted: Suggestion[]; skipped: Array<{ id: string; reason: string }> };
    expect(accepted.map((s) => s.id)).toEqual([first.id, second.id]);
    expect(skipped).toEqual([{ id: overlapping.id, reason: 'the text has changed since this was suggested: it read "Led a team" and now reads "Grew a team"' }]);
    await until(() => expect(read(theirs, bullet)).toBe('Grew a team of four engineers shipping the checkout rewrite'));
    expect(read(mine, summary)).toBe(SUMMARY);
    expect((await listed(id, 'pending')).map((s) => s.id)).toEqual([overlapping.id, elsewhere.id]);

    const rejectWork = await api(server, 'POST', `/api/resumes/${id}/suggestions/reject-all`, { cookie: editor.cookie, body: { list: 'work', itemId: workId } });
    expect((rejectWork.body as { rejected: Suggestion[] }).rejected.map((s) => s.id)).toEqual([overlapping.id]);
    const nothing = await api(server, 'POST', `/api/resumes/${id}/suggestions/accept-all`, { cookie: owner.cookie, body: { list: 'work', itemId: workId } });
    expect(nothing.body).toEqual({ accepted: [], skipped: [] });
    expect((await listed(id, 'pending')).map((s) => s.id)).toEqual([elsewhere.id]);
    expect(read(mine, bullet)).toBe('Grew a team of four engineers shipping the checkout rewrite');
  });
});

describe('an AI rewrite', () => {
  it('becomes a suggestion of the person who passes it on, once, and only when not flagged', async () => {
    const { id, mine, bullet, workId } = await coachedResume();
    const rewrite = 'Led four engineers to ship the checkout';
    openai.otherwise({
      kind: 'answer',
      content: JSON.stringify({
        explanation: 'Lead with the outcome.',
        rewrites: [
          { itemId: workId, field: 'highlights.0', original: BULLET, rewrite, reason: 'A strong verb and a plain team size.' },
          { itemId: workId, field: 'highlights.0', original: BULLET, rewrite: 'Led 12 engineers shipping the checkout', reason: 'Bigger is better.' },
        ],
      }),
    });
    const analysed = await api(server, 'POST', `/api/resumes/${id}/analysis`, { cookie: owner.cookie });
    expect(analysed.status).toBe(201);
    const analysis = analysed.body as { id: string; rewrites: Array<{ flagged: boolean }> };
    expect(analysis.rewrites.map((r) => r.flagged)).toEqual([false, true]);

    const made = await suggest(id, coach, { source: 'ai', analysisId: analysis.id, rewriteIndex: 0 });
    expect(made).toMatchObject({ source: 'ai', author: { id: coach.user.id }, original: BULLET, replacement: rewrite, reason: 'A strong verb and a plain team size.', status: 'pending' });
    const twice = await api(server, 'POST', `/api/resumes/${id}/suggestions`, { cookie: owner.cookie, body: { source: 'ai', analysisId: analysis.id, rewriteIndex: 0 } });
    expect(twice.status).toBe(200);
    expect((twice.body as Suggestion).id).toBe(made.id);

    const other = await createResume(server, owner.cookie, { title: 'Other' });
    const refusals: Array<[Record<string, unknown>, TestUser, number, RegExp]> = [
      [{ source: 'ai', analysisId: analysis.id, rewriteIndex: 1 }, coach, 400, /^this rewrite cannot be proposed as is: it adds the number "12"/],
      [{ source: 'ai', analysisId: analysis.id, rewriteIndex: 5 }, coach, 404, /^rewrite not found/],
      [{ source: 'ai', analysisId: '00000000-0000-4000-8000-000000000000', rewriteIndex: 0 }, coach, 404, /^analysis not found/],
      [{ source: 'ai', analysisId: analysis.id, rewriteIndex: 0 }, viewer, 403, /needs owner or editor or commenter/],
    ];
    for (const [body, user, status, message] of refusals) {
      const res = await api(server, 'POST', `/api/resumes/${id}/suggestions`, { cookie: user.cookie, body });
      expect({ body, status: res.status, message: (res.body as ErrorBody).error.message }).toEqual({ body, status, message: expect.stringMatching(message) });
    }
    const elsewhere = await api(server, 'POST', `/api/resumes/${other.id}/suggestions`, { cookie: owner.cookie, body: { source: 'ai', analysisId: analysis.id, rewriteIndex: 0 } });
    expect(elsewhere.status).toBe(404);
    expect((await listed(id)).map((s) => s.id)).toEqual([made.id]);

    expect((await decide(id, owner, made.id, 'accept')).status).toBe(200);
    await until(() => expect(read(mine, bullet)).toBe(rewrite));
    // Once the text changed, the same rewrite no longer applies.
    const late = await api(server, 'POST', `/api/resumes/${id}/suggestions`, { cookie: coach.cookie, body: { source: 'ai', analysisId: analysis.id, rewriteIndex: 0 } });
    expect(late.status).toBe(409);
    expect((late.body as ErrorBody).error.message).toBe('the text this rewrite was for has changed since the analysis; run the analysis again');
  });
});

describe('bad suggestion input', () => {
  it('is refused with a clear error and changes nothing', async () => {
    const { id, mine, theirs, bullet, workId } = await coachedResume();
    const other = await coachedResume();
    const otherSuggestion = await suggest(other.id, coach, { anchor: anchorOn(other.theirs.doc, other.bullet, 'Led'), replacement: 'Grew' });
    const anchor = anchorOn(theirs.doc, bullet, 'four');
    const post = (body: unknown) => api(server, 'POST', `/api/resumes/${id}/suggestions`, { cookie: coach.cookie, body });
    const cases: Array<[string, Awaited<ReturnType<typeof api>>, number, RegExp]> = [
      ['same text', await post({ anchor, replacement: 'four' }), 400, /^the replacement is the same as the text it replaces/],
      ['oversized replacement', await post({ anchor, replacement: 'x'.repeat(5001) }), 400, /^replacement: at most 5000 characters/],
      ['whole-item anchor', await post({ anchor: { kind: 'item', list: 'work', itemId: workId }, replacement: 'x' }), 400, /^anchor\./],
      ['quote that does not match', await post({ anchor: { ...anchor, quote: 'five' }, replacement: 'six' }), 400, /^anchor: the quoted text is not what the field reads/],
      ['unknown source', await post({ source: 'robot', anchor, replacement: 'x' }), 400, /^source: /],
      ['accept another resume’s suggestion', await decide(id, owner, otherSuggestion.id, 'accept'), 404, /^suggestion not found/],
      ['reject an unknown suggestion', await decide(id, owner, '00000000-0000-4000-8000-000000000000', 'reject'), 404, /^suggestion not found/],
      ['accept a malformed id', await decide(id, owner, 'accept-all', 'accept'), 404, /^suggestion not found/],
      ['accept all of an unknown list', await api(server, 'POST', `/api/resumes/${id}/suggestions/accept-all`, { cookie: owner.cookie, body: { list: 'hobbies', itemId: workId } }), 400, /^list: /],
      ['an unknown status', await api(server, 'GET', `/api/resumes/${id}/suggestions?status=maybe`, { cookie: owner.cookie }), 400, /^\(body\): /],
    ];
    for (const [name, res, status, message] of cases) {
      expect({ name, status: res.status }).toEqual({ name, status });
      expect({ name, message: (res.body as ErrorBody).error.message }).toEqual({ name, message: expect.stringMatching(message) });
    }
    expect(await listed(id)).toEqual([]);
    expect((await listed(other.id)).map((s) => s.status)).toEqual(['pending']);
    expect(read(mine, bullet)).toBe(BULLET);
  });
});
