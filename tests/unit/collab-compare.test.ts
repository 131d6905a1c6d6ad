// Comparing two states of a resume: what a person sees side by side — changed words, added,
// removed and moved items, bullets, hidden items, settings and the job description.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addItem,
  compareResumeDocs,
  createResumeDoc,
  getBasics,
  getItems,
  insertTextEntry,
  moveItem,
  removeItem,
  sameResumeContent,
  setItemHidden,
  setJobDescription,
  setTemplate,
  setText,
  setTextEntry,
  wordDiff,
  type DiffPart,
  type ResumeComparison,
} from '../../collab/index.ts';
import { loadResumeFixture } from '../fixtures/resumes/index.ts';

const copyOf = (doc: Y.Doc): Y.Doc => {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
};
/** The two sides of the view, as drawn from the parts. */
const left = (parts: readonly DiffPart[]) => parts.filter((p) => p.change !== 'added').map((p) => p.text).join('');
const right = (parts: readonly DiffPart[]) => parts.filter((p) => p.change !== 'removed').map((p) => p.text).join('');
const sectionOf = (c: ResumeComparison, name: string) => c.sections.find((s) => s.section === name);

function base(): Y.Doc {
  return createResumeDoc(
    {
      basics: { name: 'Maya Lin', summary: 'I build web apps for small teams.' },
      work: [
        { name: 'Acme', position: 'Engineer', highlights: ['Cut build time by 40%', 'Led the design system'] },
        { name: 'Globex', position: 'Intern' },
        { name: 'Initech', position: 'Developer' },
      ],
    },
    { jobDescription: 'We need a React engineer.' },
  );
}

describe('comparing two states of a resume', () => {
  it('finds nothing between equal states', () => {
    const a = base();
    const c = compareResumeDocs(a, copyOf(a));
    expect(c.changed).toBe(false);
    expect(c.counts).toEqual({ added: 0, removed: 0, changed: 0 });
    expect(c.sections.every((s) => s.status === 'same')).toBe(true);
    expect(sameResumeContent(a, copyOf(a))).toBe(true);
  });

  it('marks a changed word, keeping both sides spelled exactly', () => {
    const a = base();
    const b = copyOf(a);
    setText(getBasics(b) ?? new Y.Map(), 'summary', 'I build mobile apps for small teams.');
    const c = compareResumeDocs(a, b);
    const summary = sectionOf(c, 'basics')?.items[0]?.fields.find((f) => f.field === 'summary');
    expect(summary?.status).toBe('changed');
    expect(summary?.parts.filter((p) => p.change)).toEqual([
      { text: 'web', change: 'removed' },
      { text: 'mobile', change: 'added' },
    ]);
    expect(left(summary?.parts ?? [])).toBe('I build web apps for small teams.');
    expect(right(summary?.parts ?? [])).toBe('I build mobile apps for small teams.');
    expect(c.counts.changed).toBe(1);
    expect(sameResumeContent(a, b)).toBe(false);
  });

  it('shows added, removed and moved items in a merged order', () => {
    const a = base();
    const b = copyOf(a);
    const [acme, globex, initech] = getItems(a, 'work').map((i) => i.id);
    removeItem(b, 'work', globex ?? '');
    moveItem(b, 'work', initech ?? '', 0);
    const hooli = addItem(b, 'work', { name: 'Hooli', position: 'Staff engineer' });
    const work = sectionOf(compareResumeDocs(a, b), 'work');
    expect(work?.status).toBe('changed');
    const items = work?.items ?? [];
    // The newer side's order, with the removed item kept where it was; the one item the lists no
    // longer agree on is shown once, where it is now, marked moved.
    expect(items.filter((i) => i.status !== 'removed').map((i) => i.id)).toEqual([initech, acme, hooli]);
    expect(items.find((i) => i.id === globex)?.status).toBe('removed');
    expect(items.find((i) => i.id === hooli)?.status).toBe('added');
    const moved = items.filter((i) => i.moved);
    expect(moved).toHaveLength(1);
    expect([acme, initech]).toContain(moved[0]?.id);
    expect(moved[0]?.status).toBe('changed');
    const added = work?.items.find((i) => i.id === hooli);
    expect(added?.title).toBe('Staff engineer · Hooli');
    expect(added?.fields.find((f) => f.field === 'name')?.parts).toEqual([{ text: 'Hooli', change: 'added' }]);
    expect(work?.items.find((i) => i.id === globex)?.title).toBe('Intern · Globex');
  });

  it('compares bullets one by one and notes hiding an item', () => {
    const a = base();
    const b = copyOf(a);
    const acme = getItems(b, 'work')[0];
    if (!acme) throw new Error('fixture');
    setTextEntry(acme.map, 'highlights', 0, 'Cut build time by 60%');
    insertTextEntry(acme.map, 'highlights', 'Mentored two juniors');
    setItemHidden(b, 'work', getItems(b, 'work')[1]?.id ?? '', true);
    const work = sectionOf(compareResumeDocs(a, b), 'work');
    const highlights = work?.items[0]?.fields.find((f) => f.field === 'highlights');
    expect(highlights?.kind).toBe('list');
    expect(highlights?.entries.map((e) => e.status)).toEqual(['changed', 'same', 'added']);
    expect(highlights?.entries[0]?.parts.filter((p) => p.change)).toEqual([
      { text: '40', change: 'removed' },
      { text: '60', change: 'added' },
    ]);
    expect(work?.items[1]).toMatchObject({ status: 'changed', hidden: { from: false, to: true } });
  });

  it('reports the template and the job description', () => {
    const a = base();
    const b = copyOf(a);
    setTemplate(b, 'modern');
    setJobDescription(b, 'We need a Svelte engineer.');
    const c = compareResumeDocs(a, b);
    expect(c.changed).toBe(true);
    expect(c.settings.template).toEqual({ from: 'classic', to: 'modern' });
    expect(c.jobDescription.parts.filter((p) => p.change).map((p) => p.text)).toEqual(['React', 'Svelte']);
  });

  it('word diffs always spell both sides exactly', () => {
    const a = JSON.stringify(loadResumeFixture('complete-resume.json'));
    const b = a.replace(/e/g, 'E ').replace(/\d/g, '');
    for (const [x, y] of [[a, b], ['', 'new'], ['old', ''], ['same', 'same'], ['数据 工程师', '数据 科学家']] as const) {
      const parts = wordDiff(x, y);
      expect(left(parts)).toBe(x);
      expect(right(parts)).toBe(y);
    }
  });
});
