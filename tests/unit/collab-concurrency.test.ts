// Two people editing one resume at once: their docs exchange updates and must converge, keep both
// people's work where the model promises it, and end with one copy of a concurrently moved item.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addItem,
  createResumeDoc,
  exportJsonResume,
  getBasics,
  getItems,
  getList,
  getSectionOrder,
  getText,
  insertTextEntry,
  itemIdOf,
  moveItem,
  moveSection,
  normalizeResumeDoc,
  readText,
  setSectionHidden,
  setText,
  type JsonResumeInput,
} from '../../collab/index.ts';
import { loadResumeFixture } from '../fixtures/resumes/index.ts';

/** Two peers that start from the server's stored state, as two browsers do. */
function twoPeers(json: JsonResumeInput): [Y.Doc, Y.Doc] {
  const state = Y.encodeStateAsUpdate(createResumeDoc(json));
  const a = new Y.Doc();
  const b = new Y.Doc();
  Y.applyUpdate(a, state);
  Y.applyUpdate(b, state);
  return [a, b];
}

/** Exchange what each lacks, as the sync protocol does. */
function sync(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB);
  Y.applyUpdate(a, toA);
}

function expectSameState(a: Y.Doc, b: Y.Doc): void {
  expect(a.getMap('resume').toJSON()).toEqual(b.getMap('resume').toJSON());
  expect(a.getMap('settings').toJSON()).toEqual(b.getMap('settings').toJSON());
  expect(exportJsonResume(a)).toEqual(exportJsonResume(b));
}

const rawIds = (doc: Y.Doc): Array<string | undefined> => (getList(doc, 'work')?.toArray() ?? []).map(itemIdOf);

describe('concurrent editing', () => {
  it('merges two people typing into the same field by character', () => {
    const [a, b] = twoPeers({ basics: { summary: 'I build web apps.' } });
    getText(getBasics(a) ?? new Y.Map(), 'summary')?.insert(8, 'fast ');
    getText(getBasics(b) ?? new Y.Map(), 'summary')?.insert(16, ' for coaches');
    sync(a, b);
    expect(readText(getBasics(a) ?? new Y.Map(), 'summary')).toBe('I build fast web apps for coaches.');
    expectSameState(a, b);
  });

  it('merges typing into a field that was absent in the imported file', () => {
    const [a, b] = twoPeers({ basics: { name: 'Ada' } });
    setText(getBasics(a) ?? new Y.Map(), 'label', 'Engineer');
    setText(getBasics(b) ?? new Y.Map(), 'label', 'Coach');
    sync(a, b);
    const label = readText(getBasics(a) ?? new Y.Map(), 'label') ?? '';
    // Neither person's text replaced the other's.
    expect(label).toContain('Engineer');
    expect(label).toContain('Coach');
    expectSameState(a, b);
  });

  it('keeps both items when both people add one', () => {
    const [a, b] = twoPeers(loadResumeFixture('new-grad.resume.json'));
    const before = getItems(a, 'work').length;
    const fromA = addItem(a, 'work', { name: 'From A' }, 0);
    const fromB = addItem(b, 'work', { name: 'From B' }, 0);
    sync(a, b);
    const ids = getItems(a, 'work').map((item) => item.id);
    expect(ids).toHaveLength(before + 2);
    expect(ids.slice(0, 2).sort()).toEqual([fromA, fromB].sort());
    expectSameState(a, b);
  });

  it('keeps bullets both people add to the same list', () => {
    const [a, b] = twoPeers({ work: [{ name: 'Acme', highlights: ['Shipped'] }] });
    insertTextEntry(getItems(a, 'work')[0]?.map ?? new Y.Map(), 'highlights', 'From A');
    insertTextEntry(getItems(b, 'work')[0]?.map ?? new Y.Map(), 'highlights', 'From B');
    sync(a, b);
    expect(exportJsonResume(a).work?.[0]?.highlights).toHaveLength(3);
    expectSameState(a, b);
  });

  it('leaves one copy when two people move the same item, after normalizing', () => {
    const [a, b] = twoPeers({ work: [{ name: 'A' }, { name: 'B' }, { name: 'C' }, { name: 'D' }] });
    const moved = getItems(a, 'work')[1]?.id ?? '';
    moveItem(a, 'work', moved, 3);
    moveItem(b, 'work', moved, 0);
    sync(a, b);

    // Two copies exist; readers already see one, the first in array order, identically on both.
    expect(rawIds(a).filter((id) => id === moved)).toHaveLength(2);
    expect(getItems(a, 'work').filter((item) => item.id === moved)).toHaveLength(1);
    expect(getItems(a, 'work').map((i) => i.id)).toEqual(getItems(b, 'work').map((i) => i.id));
    expect(exportJsonResume(a).work).toHaveLength(4);

    // Both normalize at once, before hearing from each other: they delete the same copy.
    expect(normalizeResumeDoc(a)).toBe(1);
    expect(normalizeResumeDoc(b)).toBe(1);
    sync(a, b);
    expect(rawIds(a).filter((id) => id === moved)).toHaveLength(1);
    expect(rawIds(b)).toEqual(rawIds(a));
    expectSameState(a, b);
    expect(normalizeResumeDoc(a)).toBe(0);
  });

  it('never deletes every copy, even when one peer normalizes before converging', () => {
    const [a, b] = twoPeers({ work: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] });
    const c = new Y.Doc();
    Y.applyUpdate(c, Y.encodeStateAsUpdate(a));
    const moved = getItems(a, 'work')[0]?.id ?? '';
    moveItem(a, 'work', moved, 2);
    moveItem(b, 'work', moved, 1);
    moveItem(c, 'work', moved, 2);
    sync(a, b);
    normalizeResumeDoc(a);
    sync(a, c);
    normalizeResumeDoc(c);
    sync(b, c);
    sync(a, b);
    normalizeResumeDoc(b);
    sync(a, b);
    sync(b, c);
    for (const doc of [a, b, c]) expect(rawIds(doc).filter((id) => id === moved)).toHaveLength(1);
    expectSameState(a, c);
  });

  it('converges when two people reorder sections and hide the same one', () => {
    const [a, b] = twoPeers({});
    moveSection(a, 'skills', 0);
    moveSection(b, 'projects', 0);
    setSectionHidden(a, 'references', true);
    setSectionHidden(b, 'references', true);
    sync(a, b);
    const order = getSectionOrder(a);
    expect(order).toEqual(getSectionOrder(b));
    expect(new Set(order).size).toBe(order.length);
    expect(['skills', 'projects']).toContain(order[0]);
    normalizeResumeDoc(a);
    normalizeResumeDoc(b);
    sync(a, b);
    expect(a.getMap('settings').toJSON()['hiddenSections']).toEqual(['references']);
    expectSameState(a, b);
  });
});
