// Reading and changing the resume through the typed helpers: items keep their ids through
// add, move and remove; fields and string-array entries change in place.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CollabError,
  addItem,
  createResumeDoc,
  ensureText,
  exportJsonResume,
  findFieldText,
  getBasics,
  getItem,
  getItems,
  getLocation,
  getText,
  insertTextEntry,
  moveItem,
  moveTextEntry,
  readText,
  readTextList,
  removeItem,
  removeTextEntry,
  setText,
  setTextEntry,
} from '../../collab/index.ts';
import { loadResumeFixture } from '../fixtures/resumes/index.ts';

function threeJobs(): { doc: Y.Doc; ids: string[] } {
  const doc = createResumeDoc({ work: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] });
  return { doc, ids: getItems(doc, 'work').map((item) => item.id) };
}

const names = (doc: Y.Doc): Array<string | undefined> => getItems(doc, 'work').map((item) => readText(item.map, 'name'));

describe('items', () => {
  it('adds an item at the end or at an index and returns its id', () => {
    const { doc, ids } = threeJobs();
    const last = addItem(doc, 'work', { name: 'D', highlights: ['Led a team'] });
    const first = addItem(doc, 'work', { name: 'Z' }, 0);
    expect(names(doc)).toEqual(['Z', 'A', 'B', 'C', 'D']);
    expect(getItems(doc, 'work').map((item) => item.id)).toEqual([first, ...ids, last]);
    const added = getItem(doc, 'work', last);
    expect(added && readTextList(added, 'highlights')).toEqual(['Led a team']);
    expect(exportJsonResume(doc).work?.[4]).toEqual({ name: 'D', highlights: ['Led a team'] });
  });

  it('creates every known field of a new item for editing, exported only once filled', () => {
    const doc = createResumeDoc();
    const id = addItem(doc, 'education');
    const item = getItem(doc, 'education', id);
    if (!item) throw new Error('item missing');
    expect(getText(item, 'institution')).toBeInstanceOf(Y.Text);
    expect(exportJsonResume(doc).education).toEqual([{}]);
    setText(item, 'institution', 'MIT');
    insertTextEntry(item, 'courses', 'Algorithms');
    expect(exportJsonResume(doc).education).toEqual([{ institution: 'MIT', courses: ['Algorithms'] }]);
  });

  it('uses an id given in init when it is free, and never exports the model id', () => {
    const doc = createResumeDoc();
    expect(addItem(doc, 'skills', { id: 'ts', name: 'TypeScript' })).toBe('ts');
    expect(addItem(doc, 'skills', { id: 'ts', name: 'Again' })).not.toBe('ts');
    expect(exportJsonResume(doc).skills).toEqual([{ name: 'TypeScript' }, { name: 'Again' }]);
  });

  it('moves an item keeping its id and content', () => {
    const { doc, ids } = threeJobs();
    const [a, b, c] = ids;
    const item = getItem(doc, 'work', a ?? '');
    if (!item) throw new Error('item missing');
    setText(item, 'summary', 'Built things');
    expect(moveItem(doc, 'work', a ?? '', 2)).toBe(true);
    expect(getItems(doc, 'work').map((i) => i.id)).toEqual([b, c, a]);
    expect(names(doc)).toEqual(['B', 'C', 'A']);
    expect(readText(getItem(doc, 'work', a ?? '') ?? new Y.Map(), 'summary')).toBe('Built things');
    moveItem(doc, 'work', a ?? '', 0);
    expect(names(doc)).toEqual(['A', 'B', 'C']);
    moveItem(doc, 'work', c ?? '', -5);
    expect(names(doc)).toEqual(['C', 'A', 'B']);
    moveItem(doc, 'work', c ?? '', 99);
    expect(names(doc)).toEqual(['A', 'B', 'C']);
    expect(moveItem(doc, 'work', 'nope', 0)).toBe(false);
  });

  it('keeps "absent stays absent" through a move', () => {
    const doc = createResumeDoc({ work: [{ name: 'A' }, { name: 'B', url: '' }] });
    const [first] = getItems(doc, 'work');
    moveItem(doc, 'work', first?.id ?? '', 1);
    expect(exportJsonResume(doc).work).toEqual([{ name: 'B', url: '' }, { name: 'A' }]);
  });

  it('removes an item by id', () => {
    const { doc, ids } = threeJobs();
    expect(removeItem(doc, 'work', ids[1] ?? '')).toBe(true);
    expect(names(doc)).toEqual(['A', 'C']);
    expect(removeItem(doc, 'work', ids[1] ?? '')).toBe(false);
  });

  it('edits profiles inside basics as a list of their own', () => {
    const doc = createResumeDoc({ basics: { name: 'Ada' } });
    const id = addItem(doc, 'profiles', { network: 'GitHub', username: 'ada' });
    expect(getItems(doc, 'profiles').map((i) => i.id)).toEqual([id]);
    expect(exportJsonResume(doc).basics).toEqual({ name: 'Ada', profiles: [{ network: 'GitHub', username: 'ada' }] });
  });

  it('each helper is one transaction', () => {
    const { doc, ids } = threeJobs();
    let updates = 0;
    doc.on('update', () => updates++);
    addItem(doc, 'work', { name: 'D', highlights: ['x', 'y'] });
    moveItem(doc, 'work', ids[0] ?? '', 3);
    removeItem(doc, 'work', ids[1] ?? '');
    expect(updates).toBe(3);
  });
});

describe('fields', () => {
  it('replaces text by splicing only what changed', () => {
    const doc = createResumeDoc({ basics: { summary: 'I build web apps.' } });
    const basics = getBasics(doc);
    if (!basics) throw new Error('no basics');
    const text = getText(basics, 'summary');
    const deltas: unknown[] = [];
    text?.observe((event) => deltas.push(event.delta));
    setText(basics, 'summary', 'I build fast web apps.');
    expect(text?.toString()).toBe('I build fast web apps.');
    expect(deltas).toEqual([[{ retain: 8 }, { insert: 'fast ' }]]);
  });

  it('turns a non-string value into text only when asked to', () => {
    const doc = createResumeDoc({ basics: { name: 42, location: { city: 'Paris' } }, extra: 1 });
    const basics = getBasics(doc);
    if (!basics) throw new Error('no basics');
    expect(getText(basics, 'name')).toBeUndefined();
    expect(readText(basics, 'name')).toBeUndefined();
    expect(ensureText(basics, 'name').toString()).toBe('42');
    expect(exportJsonResume(doc).basics?.name).toBe('42');
    expect(readText(getLocation(doc) ?? new Y.Map(), 'city')).toBe('Paris');
    expect(() => ensureText(basics, 'location')).toThrow(CollabError);
  });

  it('edits string-array entries: insert, replace, move, remove', () => {
    const doc = createResumeDoc({ work: [{ name: 'A', highlights: ['one', 'two', 'three'] }] });
    const item = getItems(doc, 'work')[0]?.map;
    if (!item) throw new Error('item missing');
    insertTextEntry(item, 'highlights', 'zero', 0);
    setTextEntry(item, 'highlights', 2, 'TWO');
    moveTextEntry(item, 'highlights', 0, 3);
    expect(readTextList(item, 'highlights')).toEqual(['one', 'TWO', 'three', 'zero']);
    removeTextEntry(item, 'highlights', 1);
    expect(readTextList(item, 'highlights')).toEqual(['one', 'three', 'zero']);
    expect(() => removeTextEntry(item, 'highlights', 3)).toThrow(/outside/);
  });

  it('finds the Y.Text behind an item id and a path', () => {
    const doc = createResumeDoc(loadResumeFixture('complete-resume.json'));
    const [job] = getItems(doc, 'work');
    if (!job) throw new Error('no work');
    expect(findFieldText(doc, 'work', job.id, 'highlights.1')?.toString()).toBe(readTextList(job.map, 'highlights')?.[1]);
    expect(findFieldText(doc, 'basics', 'basics', 'location.city')?.toString()).toBe(
      readText(getLocation(doc) ?? new Y.Map(), 'city'),
    );
    expect(findFieldText(doc, 'work', job.id, 'highlights.99')).toBeUndefined();
    expect(findFieldText(doc, 'work', 'missing', 'name')).toBeUndefined();
  });
});
