// The catalogue of presentation templates and the default presentation settings.
// Templates differ in layout, type, density and heading style; renderers read these properties.

import { ARRAY_SECTION_NAMES, type ArraySectionName } from './schema.ts';

export interface ResumeTemplate {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Single-column templates with real text headings, which applicant tracking systems parse well. */
  readonly atsSafe: boolean;
  readonly columns: 1 | 2;
  /** Type family of body text; `mono` is used for headings and tags only. */
  readonly font: 'serif' | 'sans' | 'mono';
  /** Vertical spacing: `compact` fits more on a page, `airy` reads as senior and calm. */
  readonly density: 'compact' | 'regular' | 'airy';
  /** How section headings look: a rule under the title, small caps, a filled band, or bold only. */
  readonly headings: 'rule' | 'caps' | 'band' | 'plain';
  /** Sections set in the side column of a two-column template, in this order; empty for one column. */
  readonly sidebar: readonly ArraySectionName[];
}

export const TEMPLATES = [
  {
    id: 'classic',
    name: 'Classic',
    description: 'Traditional single column with serif type and ruled section headings.',
    atsSafe: true,
    columns: 1,
    font: 'serif',
    density: 'regular',
    headings: 'rule',
    sidebar: [],
  },
  {
    id: 'modern',
    name: 'Modern',
    description: 'Two columns: experience on the left, skills, languages and certificates in a side column.',
    atsSafe: false,
    columns: 2,
    font: 'sans',
    density: 'regular',
    headings: 'band',
    sidebar: ['skills', 'languages', 'certificates', 'interests'],
  },
  {
    id: 'compact',
    name: 'Compact',
    description: 'Dense single column with small-caps headings that fits a long career on one page.',
    atsSafe: true,
    columns: 1,
    font: 'sans',
    density: 'compact',
    headings: 'caps',
    sidebar: [],
  },
  {
    id: 'technical',
    name: 'Technical',
    description: 'Two columns for engineers: a skills and tools side column with monospace tags.',
    atsSafe: false,
    columns: 2,
    font: 'mono',
    density: 'compact',
    headings: 'plain',
    sidebar: ['skills', 'languages', 'certificates'],
  },
  {
    id: 'executive',
    name: 'Executive',
    description: 'Generous single column in serif type that leads with the summary and achievements.',
    atsSafe: true,
    columns: 1,
    font: 'serif',
    density: 'airy',
    headings: 'caps',
    sidebar: [],
  },
  {
    id: 'minimal',
    name: 'Minimal',
    description: 'Plain single column with no rules or colour: just type and white space.',
    atsSafe: true,
    columns: 1,
    font: 'sans',
    density: 'regular',
    headings: 'plain',
    sidebar: [],
  },
] as const satisfies readonly ResumeTemplate[];

export type TemplateId = (typeof TEMPLATES)[number]['id'];

export const DEFAULT_TEMPLATE: TemplateId = 'classic';

/** The array sections in schema order; basics always leads as the header and is not ordered. */
export const DEFAULT_SECTION_ORDER: readonly ArraySectionName[] = ARRAY_SECTION_NAMES;

export function isTemplateId(value: unknown): value is TemplateId {
  return TEMPLATES.some((template) => template.id === value);
}

export function getTemplateById(id: string): ResumeTemplate | undefined {
  return TEMPLATES.find((template) => template.id === id);
}
