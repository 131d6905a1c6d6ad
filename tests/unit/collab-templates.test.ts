// The template catalogue that the REST layer serves and the renderers follow.
import { describe, expect, it } from 'vitest';
import {
  ARRAY_SECTION_NAMES,
  DEFAULT_SECTION_ORDER,
  DEFAULT_TEMPLATE,
  TEMPLATES,
  getTemplateById,
  isTemplateId,
} from '../../collab/index.ts';

describe('templates', () => {
  it('offers at least six templates with unique ids, names and descriptions', () => {
    expect(TEMPLATES.length).toBeGreaterThanOrEqual(6);
    expect(new Set(TEMPLATES.map((t) => t.id)).size).toBe(TEMPLATES.length);
    for (const id of ['classic', 'modern', 'compact', 'technical', 'executive', 'minimal']) expect(isTemplateId(id)).toBe(true);
    for (const t of TEMPLATES) {
      expect(t.name.length).toBeGreaterThan(0);
      expect(t.description.length).toBeGreaterThan(10);
    }
  });

  it('differ in more than colour: no two share layout, type, density and headings', () => {
    const looks = TEMPLATES.map((t) => `${t.columns}/${t.font}/${t.density}/${t.headings}`);
    expect(new Set(looks).size).toBe(TEMPLATES.length);
    expect(new Set(TEMPLATES.map((t) => t.columns))).toEqual(new Set([1, 2]));
  });

  it('marks single-column templates ATS-safe and gives two-column ones a sidebar', () => {
    for (const t of TEMPLATES) {
      expect(t.atsSafe).toBe(t.columns === 1);
      expect(t.sidebar.length > 0).toBe(t.columns === 2);
      for (const section of t.sidebar) expect(ARRAY_SECTION_NAMES).toContain(section);
    }
  });

  it('has a default template and a default section order from the schema', () => {
    expect(getTemplateById(DEFAULT_TEMPLATE)?.atsSafe).toBe(true);
    expect(getTemplateById('nope')).toBeUndefined();
    expect(DEFAULT_SECTION_ORDER).toEqual(ARRAY_SECTION_NAMES);
    expect(DEFAULT_SECTION_ORDER[0]).toBe('work');
  });
});
