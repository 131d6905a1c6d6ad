// JSON Resume in and out of the Y.Doc: lossless for every fixture, directly and through the
// encoded state a server stores and another client loads.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CollabError,
  addItem,
  createResumeDoc,
  exportJsonResume,
  getBasics,
  getItems,
  getText,
  importJsonResume,
  readSettings,
  setText,
} from '../../collab/index.ts';
import { RESUME_FIXTURES, loadResumeFixture } from '../fixtures/resumes/index.ts';

/** What another client sees after loading the state the server stored. */
function reload(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

describe('JSON Resume round trip', () => {
  it('has the fixtures the brief lists, plus the synthetic one', () => {
    expect(RESUME_FIXTURES.length).toBeGreaterThanOrEqual(13);
    expect(RESUME_FIXTURES).toContain('synthetic-unknown-fields.resume.json');
  });

  for (const name of RESUME_FIXTURES) {
    it(`${name}: doc → JSON equals the input, keys in the input's order`, () => {
      const source = loadResumeFixture(name);
      const exported = exportJsonResume(createResumeDoc(source));
      expect(exported).toEqual(source);
      expect(JSON.stringify(exported)).toBe(JSON.stringify(source));
    });

    it(`${name}: survives encodeStateAsUpdate → a fresh doc → export`, () => {
      const source = loadResumeFixture(name);
      const exported = exportJsonResume(reload(createResumeDoc(source)));
      expect(exported).toEqual(source);
      expect(JSON.stringify(exported)).toBe(JSON.stringify(source));
    });
  }

  it('keeps unknown fields and non-string values at every level', () => {
    const source = loadResumeFixture('synthetic-unknown-fields.resume.json');
    const exported = reload(createResumeDoc(source));
    const json = exportJsonResume(exported);
    expect(json['x-top']).toEqual({ nested: [1, true, null, { deep: 'value' }] });
    expect(json.basics?.name).toBe(42);
    expect(json.basics?.label).toBeNull();
    expect(json.basics?.location?.countryCode).toEqual(['FR']);
    expect(json.work?.[0]?.highlights).toEqual(['Shipped X', 3, null, '']);
    expect(json.work?.[2]?.highlights).toBe('not an array');
    expect(json.awards).toBe('none');
    expect(json.publications).toBeNull();
    expect(Object.keys(json)).toContain('__proto__');
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
  });

  it('gives every item a stable id, keeping a usable id from the file', () => {
    const doc = createResumeDoc(loadResumeFixture('synthetic-unknown-fields.resume.json'));
    const work = getItems(doc, 'work');
    expect(work.map((item) => item.id)[0]).toBe('w1');
    // The second item also said "w1": it gets an id of its own, and exports its "w1" back.
    expect(new Set(work.map((item) => item.id)).size).toBe(work.length);
    expect(getItems(doc, 'profiles').map((item) => item.id)[0]).toBe('github');
    const ids = getItems(createResumeDoc(loadResumeFixture('complete-resume.json')), 'work').map((i) => i.id);
    for (const id of ids) expect(id).toMatch(/^[0-9a-z]{10}$/);
    expect(getItems(reload(doc), 'work').map((item) => item.id)).toEqual(work.map((item) => item.id));
  });
});

describe('absent and empty fields', () => {
  it('leaves absent fields out and keeps "" as ""', () => {
    const doc = createResumeDoc({ basics: { name: 'Ada', email: '' }, work: [{ name: 'Acme' }] });
    expect(exportJsonResume(doc)).toEqual({ basics: { name: 'Ada', email: '' }, work: [{ name: 'Acme' }] });
  });

  it('exports an absent field once someone types into it, and drops it again when emptied', () => {
    const doc = createResumeDoc({ basics: { name: 'Ada' } });
    const basics = getBasics(doc);
    if (!basics) throw new Error('no basics');
    // The field exists for editing although the file had none.
    expect(getText(basics, 'label')).toBeInstanceOf(Y.Text);
    setText(basics, 'label', 'Engineer');
    expect(exportJsonResume(doc).basics).toEqual({ name: 'Ada', label: 'Engineer' });
    setText(basics, 'label', '');
    expect(exportJsonResume(doc).basics).toEqual({ name: 'Ada' });
  });

  it('exports an empty document as {} and a section once it has an item', () => {
    const doc = createResumeDoc();
    expect(exportJsonResume(doc)).toEqual({});
    addItem(doc, 'skills', { name: 'TypeScript' });
    expect(exportJsonResume(doc)).toEqual({ skills: [{ name: 'TypeScript' }] });
  });
});

describe('import', () => {
  it('writes the resume and the settings in one transaction', () => {
    const doc = new Y.Doc();
    let updates = 0;
    doc.on('update', () => updates++);
    importJsonResume(doc, loadResumeFixture('john-doe.json'), { template: 'modern', jobDescription: 'Go developer' });
    expect(updates).toBe(1);
    expect(readSettings(doc).template).toBe('modern');
    expect(doc.getText('jobDescription').toString()).toBe('Go developer');
  });

  it('refuses a document that already holds a resume, and values that are not JSON', () => {
    const doc = createResumeDoc({ basics: { name: 'Ada' } });
    expect(() => importJsonResume(doc, {})).toThrow(CollabError);
    const fresh = new Y.Doc();
    try {
      importJsonResume(fresh, { basics: { name: () => 'x' } });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CollabError);
      expect(err instanceof CollabError && err.code).toBe('invalid_json');
    }
    expect(fresh.getMap('resume').size).toBe(0);
  });

  it('refuses an unknown template before writing anything', () => {
    const doc = new Y.Doc();
    expect(() => importJsonResume(doc, { basics: {} }, { template: 'glitter' })).toThrow(/unknown template/);
    expect(doc.getMap('resume').size).toBe(0);
  });

  it('still exports when a peer wrote a value that is not JSON', () => {
    const doc = createResumeDoc({ basics: { name: 'Ada' } });
    doc.getMap('resume').set('x-score', Number.NaN);
    getBasics(doc)?.set('x-tags', [1, Number.POSITIVE_INFINITY]);
    expect(exportJsonResume(doc)).toEqual({ basics: { name: 'Ada', 'x-tags': [1, null] }, 'x-score': null });
  });

  it('does not share objects with the caller', () => {
    const source = { basics: { name: 'Ada' }, extra: { a: 1 } };
    const doc = createResumeDoc(source);
    source.extra.a = 2;
    expect(exportJsonResume(doc).extra).toEqual({ a: 1 });
  });
});
