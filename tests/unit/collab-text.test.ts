// Plain-text extraction: readable text by section, and offsets that lead a match in the text back
// to the item, field and character it came from.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createResumeDoc,
  extractText,
  findFieldText,
  getItems,
  locate,
  moveSection,
  setSectionHidden,
  setSectionOrder,
  type ExtractedResume,
} from '../../collab/index.ts';
import { RESUME_FIXTURES, loadResumeFixture } from '../fixtures/resumes/index.ts';

const sample = {
  basics: {
    name: 'Ada Lovelace',
    label: 'Engineer',
    email: 'ada@example.com',
    summary: '',
    location: { city: 'London', countryCode: 'GB' },
    profiles: [{ network: 'GitHub', username: 'ada' }],
  },
  work: [
    { name: 'Analytical Engines', position: 'Programmer', highlights: ['Wrote the first program', 'Led 3 people'] },
    { name: 'Babbage & Co', company: 'legacy field', url: 'https://babbage.example' },
  ],
  skills: [{ name: 'Mathematics', keywords: ['Algebra', 'Calculus'] }],
  references: [{ name: 'Charles', reference: 'Brilliant.' }],
};

function fieldAt(extracted: ExtractedResume, needle: string) {
  const offset = extracted.text.indexOf(needle);
  expect(offset).toBeGreaterThanOrEqual(0);
  return locate(extracted, offset);
}

describe('extractText', () => {
  it('reads as a resume: header, then titled sections in order', () => {
    const doc = createResumeDoc(sample);
    const { text, sections } = extractText(doc);
    expect(sections.map((s) => s.section)).toEqual(['basics', 'work', 'skills', 'references']);
    expect(sections.map((s) => s.title)).toEqual(['Personal details', 'Work experience', 'Skills', 'References']);
    expect(text).toBe(
      [
        'Ada Lovelace\nEngineer\nada@example.com\nLondon, GB\nGitHub\nada',
        'Work experience\nAnalytical Engines\nProgrammer\n- Wrote the first program\n- Led 3 people\n\nBabbage & Co\nhttps://babbage.example\nlegacy field',
        'Skills\nMathematics\nAlgebra, Calculus',
        'References\nCharles\nBrilliant.',
      ].join('\n\n'),
    );
  });

  it('follows the section order and marks hidden sections', () => {
    const doc = createResumeDoc(sample);
    setSectionOrder(doc, ['references', 'skills', 'work']);
    setSectionHidden(doc, 'skills', true);
    const all = extractText(doc);
    expect(all.sections.map((s) => [s.section, s.hidden])).toEqual([
      ['basics', false],
      ['references', false],
      ['skills', true],
      ['work', false],
    ]);
    const shown = extractText(doc, { skipHidden: true });
    expect(shown.sections.map((s) => s.section)).toEqual(['basics', 'references', 'work']);
    expect(shown.text).not.toContain('Algebra');
    moveSection(doc, 'work', 0);
    expect(extractText(doc).sections[1]?.section).toBe('work');
  });

  it('maps an offset in the text back to item, field path and offset in the field', () => {
    const doc = createResumeDoc(sample);
    const extracted = extractText(doc);
    const [first, second] = getItems(doc, 'work');

    expect(fieldAt(extracted, 'first program')).toMatchObject({
      section: 'work', list: 'work', itemId: first?.id, path: 'highlights.0', offset: 'Wrote the '.length,
    });
    expect(fieldAt(extracted, 'babbage.example')).toMatchObject({ itemId: second?.id, path: 'url', offset: 'https://'.length });
    const skill = getItems(doc, 'skills')[0];
    expect(fieldAt(extracted, 'Calculus')).toMatchObject({ itemId: skill?.id, path: 'keywords.1', offset: 0 });
    expect(fieldAt(extracted, 'legacy')).toMatchObject({ path: 'company', field: { known: false } });
    expect(fieldAt(extracted, 'GB')).toMatchObject({ list: 'basics', itemId: 'basics', path: 'location.countryCode' });
    const profile = getItems(doc, 'profiles')[0];
    expect(fieldAt(extracted, 'GitHub')).toMatchObject({ list: 'profiles', itemId: profile?.id, path: 'network' });
    // Headings and separators belong to no field.
    expect(locate(extracted, extracted.text.indexOf('Work experience'))).toBeUndefined();
    expect(locate(extracted, -1)).toBeUndefined();
  });

  for (const name of RESUME_FIXTURES) {
    it(`${name}: every field's offsets hold its text and lead back to its Y.Text`, () => {
      const doc = createResumeDoc(loadResumeFixture(name));
      const extracted = extractText(doc);
      let previousEnd = -1;
      for (const section of extracted.sections) {
        for (const item of section.items) {
          for (const field of item.fields) {
            expect(extracted.text.slice(field.start, field.end)).toBe(field.text);
            expect(field.start).toBeGreaterThan(previousEnd);
            previousEnd = field.end;
            const middle = field.start + Math.floor(field.text.length / 2);
            expect(locate(extracted, middle)).toMatchObject({ itemId: item.id, path: field.path });
            const target = findFieldText(doc, item.list, item.id, field.path);
            if (field.known) expect(target).toBeInstanceOf(Y.Text);
            if (target) expect(target.toString()).toBe(field.text);
          }
        }
      }
    });
  }

  it('extracts nothing from an empty resume', () => {
    expect(extractText(createResumeDoc())).toEqual({ sections: [], text: '' });
  });
});
