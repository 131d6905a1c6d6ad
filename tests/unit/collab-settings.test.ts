// Presentation settings and the job description, as the editor and the renderers read them.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  ARRAY_SECTION_NAMES,
  CollabError,
  DEFAULT_SECTION_ORDER,
  DEFAULT_TEMPLATE,
  createResumeDoc,
  getHiddenSections,
  getJobDescription,
  getSectionOrder,
  getTemplate,
  isSectionHidden,
  moveSection,
  readSettings,
  setJobDescription,
  setSectionHidden,
  setSectionOrder,
  setTemplate,
  type ArraySectionName,
} from '../../collab/index.ts';

describe('settings', () => {
  it('starts with the default template, the default order and nothing hidden', () => {
    const doc = createResumeDoc();
    expect(readSettings(doc)).toEqual({ template: DEFAULT_TEMPLATE, sectionOrder: DEFAULT_SECTION_ORDER, hiddenSections: [] });
    const settings = doc.getMap('settings');
    expect(settings.get('template')).toBe(DEFAULT_TEMPLATE);
    expect(settings.get('sectionOrder')).toBeInstanceOf(Y.Array);
    expect(settings.get('hiddenSections')).toBeInstanceOf(Y.Array);
  });

  it('takes settings at creation', () => {
    const doc = createResumeDoc({}, { template: 'compact', sectionOrder: ['education', 'work'], hiddenSections: ['references'] });
    expect(getTemplate(doc)).toBe('compact');
    expect(getSectionOrder(doc).slice(0, 3)).toEqual(['education', 'work', 'skills']);
    expect(getHiddenSections(doc)).toEqual(['references']);
  });

  it('sets the template and refuses an unknown one', () => {
    const doc = createResumeDoc();
    setTemplate(doc, 'executive');
    expect(getTemplate(doc)).toBe('executive');
    // A value written by an older or foreign client reads as the default.
    doc.getMap('settings').set('template', 'gone');
    expect(getTemplate(doc)).toBe(DEFAULT_TEMPLATE);
    const unknownTemplate: string = 'glitter';
    expect(() => createResumeDoc({}, { template: unknownTemplate })).toThrow(CollabError);
  });

  it('orders sections: every section once, missing ones after in default order', () => {
    const doc = createResumeDoc();
    setSectionOrder(doc, ['projects', 'skills']);
    const order = getSectionOrder(doc);
    expect(order.slice(0, 2)).toEqual(['projects', 'skills']);
    expect([...order].sort()).toEqual([...ARRAY_SECTION_NAMES].sort());
    moveSection(doc, 'work', 1);
    expect(getSectionOrder(doc).slice(0, 3)).toEqual(['projects', 'work', 'skills']);
    const bogus: ArraySectionName[] = JSON.parse('["work", "hobbies"]') as ArraySectionName[];
    expect(() => setSectionOrder(doc, bogus)).toThrow(/unknown section/);
  });

  it('hides and shows sections', () => {
    const doc = createResumeDoc();
    setSectionHidden(doc, 'references', true);
    setSectionHidden(doc, 'references', true);
    expect(getHiddenSections(doc)).toEqual(['references']);
    expect(isSectionHidden(doc, 'references')).toBe(true);
    setSectionHidden(doc, 'references', false);
    expect(isSectionHidden(doc, 'references')).toBe(false);
  });

  it('keeps the job description as one Y.Text, replaced by splicing', () => {
    const doc = createResumeDoc({}, { jobDescription: 'Senior Go engineer' });
    expect(getJobDescription(doc)).toBe('Senior Go engineer');
    const text = doc.getText('jobDescription');
    const deltas: unknown[] = [];
    text.observe((event) => deltas.push(event.delta));
    setJobDescription(doc, 'Senior Go engineer, remote');
    expect(getJobDescription(doc)).toBe('Senior Go engineer, remote');
    expect(deltas).toEqual([[{ retain: 18 }, { insert: ', remote' }]]);
  });
});
