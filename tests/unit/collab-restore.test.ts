// Restoring a version onto a live document: after any mix of edits the document holds exactly
// the version's resume (JSON Resume, hidden items, settings, job description), as one new change
// that peers converge on, touching only what differs.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  ARRAY_SECTION_NAMES,
  CollabError,
  addItem,
  createResumeDoc,
  exportJsonResume,
  getBasics,
  getItems,
  getJobDescription,
  getText,
  insertTextEntry,
  moveItem,
  moveSection,
  moveTextEntry,
  readSettings,
  removeItem,
  removeTextEntry,
  restoreResumeDoc,
  setItemHidden,
  setJobDescription,
  setSectionHidden,
  setTemplate,
  setText,
  setTextEntry,
  TEMPLATES,
  type ListName,
  type TemplateId,
} from '../../collab/index.ts';
import { loadResumeFixture } from '../fixtures/resumes/index.ts';

/** Everything a person can see of a resume, items by id. */
function view(doc: Y.Doc) {
  return {
    json: exportJsonResume(doc),
    printed: exportJsonResume(doc, { omitHidden: true }),
    settings: readSettings(doc),
    jobDescription: getJobDescription(doc),
    ids: Object.fromEntries([...ARRAY_SECTION_NAMES, 'profiles' as const].map((list) => [list, getItems(doc, list).map((i) => i.id)])),
  };
}

const copyOf = (doc: Y.Doc): Y.Doc => {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
};

/** mulberry32: a small seeded generator, so a failing case can be replayed. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T | undefined => xs[int(xs.length)];
  const words = ['lead', 'built', 'React', 'teams', '40%', 'grew', 'the', 'platform', 'Zürich', '数据', 'cut costs', '\n'];
  const phrase = () => Array.from({ length: 1 + int(6) }, () => pick(words)).join(' ');
  return { int, pick, phrase, chance: (p: number) => next() < p };
}

const LISTS: readonly ListName[] = ['work', 'education', 'skills', 'projects', 'volunteer', 'awards', 'profiles'];

/** One arbitrary edit of the kinds people (and concurrent peers) make; one the model refuses
 *  (a list where a file kept some other value) changes nothing and is skipped. */
function randomEdit(doc: Y.Doc, r: ReturnType<typeof random>): void {
  try {
    tryEdit(doc, r);
  } catch (err) {
    if (!(err instanceof CollabError)) throw err;
  }
}

function tryEdit(doc: Y.Doc, r: ReturnType<typeof random>): void {
  const list = r.pick(LISTS) ?? 'work';
  const items = getItems(doc, list);
  const item = r.pick(items);
  switch (r.int(14)) {
    case 0: {
      const basics = getBasics(doc);
      if (basics) setText(basics, r.pick(['name', 'label', 'summary', 'email']) ?? 'name', r.phrase());
      return;
    }
    case 1:
      if (item) setText(item.map, r.pick(['name', 'position', 'summary', 'institution', 'network']) ?? 'name', r.phrase());
      return;
    case 2: {
      // Typing inside a field: a small insert and delete, as a person does.
      const text = item ? getText(item.map, 'name') : undefined;
      if (!text) return;
      text.insert(r.int(text.length + 1), r.phrase());
      if (text.length > 3) text.delete(r.int(text.length - 2), 2);
      return;
    }
    case 3:
      addItem(doc, list, { name: r.phrase(), highlights: [r.phrase(), r.phrase()] } as never, r.int(items.length + 1));
      return;
    case 4:
      if (item) removeItem(doc, list, item.id);
      return;
    case 5:
      if (item) moveItem(doc, list, item.id, r.int(items.length));
      return;
    case 6:
      if (item) setItemHidden(doc, list, item.id, r.chance(0.6));
      return;
    case 7: {
      if (!item || list === 'profiles') return;
      const highlights = item.map.get('highlights');
      const n = highlights instanceof Y.Array ? highlights.length : 0;
      const roll = n === 0 ? 0 : r.int(10);
      if (roll < 4) insertTextEntry(item.map, 'highlights', r.phrase(), r.int(n + 1));
      else if (roll < 7) setTextEntry(item.map, 'highlights', r.int(n), r.phrase());
      else if (roll < 9) removeTextEntry(item.map, 'highlights', r.int(n));
      else moveTextEntry(item.map, 'highlights', r.int(n), r.int(n));
      return;
    }
    case 8:
      setTemplate(doc, (r.pick(TEMPLATES)?.id ?? 'classic') as TemplateId);
      return;
    case 9:
      moveSection(doc, r.pick(ARRAY_SECTION_NAMES) ?? 'work', r.int(ARRAY_SECTION_NAMES.length));
      return;
    case 10:
      setSectionHidden(doc, r.pick(ARRAY_SECTION_NAMES) ?? 'awards', r.chance(0.5));
      return;
    case 11:
      setJobDescription(doc, r.chance(0.2) ? '' : `${getJobDescription(doc).slice(0, r.int(40))} ${r.phrase()}`);
      return;
    case 12:
      // Keys outside the schema and removed fields, as an imported file or an old client leaves them.
      if (item && r.chance(0.5)) item.map.set('x-note', { tags: [r.phrase()], n: r.int(9) });
      else getBasics(doc)?.delete('label');
      return;
    default: {
      // Two peers move the same item at once: the merged list holds two copies of it.
      if (!item || items.length < 2) return;
      const peer = copyOf(doc);
      moveItem(doc, list, item.id, 0);
      moveItem(peer, list, item.id, items.length - 1);
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)));
      peer.destroy();
    }
  }
}

const FIXTURES = ['complete-resume.json', 'synthetic-unknown-fields.resume.json', 'kurone-kito-japanese.resume.json', 'empty.json'];

describe('restoring a version', () => {
  for (const fixture of FIXTURES) {
    it(`brings back the exact content of ${fixture} after arbitrary edits`, () => {
      let restored = 0;
      for (let seed = 1; seed <= 25; seed++) {
        const r = random(seed * 7919 + fixture.length);
        const live = createResumeDoc(loadResumeFixture(fixture), { jobDescription: 'Senior engineer, React and Node.' });
        for (let n = r.int(12); n > 0; n--) randomEdit(live, r);
        const version = copyOf(live);
        const expected = view(version);
        for (let n = 1 + r.int(25); n > 0; n--) randomEdit(live, r);

        // A peer that holds the pre-restore state receives only the restore's own update.
        const peer = copyOf(live);
        const before = Y.encodeStateVector(live);
        const updates: Uint8Array[] = [];
        live.on('update', (u: Uint8Array) => updates.push(u));
        if (restoreResumeDoc(live, version)) restored += 1;

        expect(view(live), `seed ${seed}`).toEqual(expected);
        for (const u of updates) Y.applyUpdate(peer, u);
        expect(view(peer), `peer, seed ${seed}`).toEqual(expected);
        // A new change on top of history: every client's clock only moves forward.
        const after = Y.decodeStateVector(Y.encodeStateVector(live));
        for (const [client, clock] of Y.decodeStateVector(before)) expect(after.get(client)).toBeGreaterThanOrEqual(clock);
        expect(updates.length).toBeLessThanOrEqual(1); // one transaction
        // Restoring again finds nothing to do.
        expect(restoreResumeDoc(live, version)).toBe(false);
      }
      expect(restored).toBeGreaterThan(20); // the edits really did move the document away
    });
  }

  it('changes nothing when the document already holds the version', () => {
    const live = createResumeDoc(loadResumeFixture('complete-resume.json'));
    const updates: Uint8Array[] = [];
    live.on('update', (u: Uint8Array) => updates.push(u));
    expect(restoreResumeDoc(live, copyOf(live))).toBe(false);
    expect(updates).toHaveLength(0);
  });

  it('touches only what differs: an anchor in unchanged text still points at the same words', () => {
    const live = createResumeDoc({ basics: { summary: 'I build web apps for career coaches.' } });
    const version = copyOf(live);
    const summary = getText(getBasics(live) ?? new Y.Map(), 'summary');
    if (!summary) throw new Error('no summary');
    summary.delete(8, 3);
    summary.insert(8, 'mobile');
    const at = summary.toString().indexOf('coaches');
    const anchor = Y.createRelativePositionFromTypeIndex(summary, at);

    restoreResumeDoc(live, version);
    expect(summary.toString()).toBe('I build web apps for career coaches.');
    const resolved = Y.createAbsolutePositionFromRelativePosition(anchor, live);
    expect(resolved?.type).toBe(summary);
    expect(summary.toString().slice(resolved?.index ?? 0)).toBe('coaches.');
  });

  it('brings back removed items with their ids, drops added ones, and restores order and hidden flags', () => {
    const live = createResumeDoc({ work: [{ name: 'Acme' }, { name: 'Globex' }, { name: 'Initech' }] });
    const [acme, globex, initech] = getItems(live, 'work').map((i) => i.id);
    if (!acme || !globex || !initech) throw new Error('fixture');
    setItemHidden(live, 'work', globex, true);
    const version = copyOf(live);
    removeItem(live, 'work', acme);
    moveItem(live, 'work', initech, 0);
    setItemHidden(live, 'work', globex, false);
    addItem(live, 'work', { name: 'Hooli' });

    restoreResumeDoc(live, version);
    expect(getItems(live, 'work').map((i) => i.id)).toEqual([acme, globex, initech]);
    expect(exportJsonResume(live, { omitHidden: true }).work).toEqual([{ name: 'Acme' }, { name: 'Initech' }]);
    expect(view(live)).toEqual(view(version));
  });

  it('works between unrelated documents too (every item replaced)', () => {
    const live = createResumeDoc(loadResumeFixture('john-doe.json'), { template: 'modern' });
    const version = createResumeDoc(loadResumeFixture('jane-fullstacker.json'), { template: 'compact', jobDescription: 'Go' });
    restoreResumeDoc(live, version);
    expect(view(live).json).toEqual(view(version).json);
    expect(view(live).settings).toEqual(view(version).settings);
    expect(view(live).jobDescription).toBe('Go');
  });
});
