// The PDF export read back as an applicant tracking system reads it: pdfjs-dist's text layer,
// compared word by word with the resume's plain text, for every template and real resumes in
// English, with accents and in Japanese; page sizes, links, page breaks, and page 1 as a PNG.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layoutResume, type LayoutSection, type ResumeLayout } from '../../collab/layout.ts';
import type { JsonResume } from '../../collab/schema.ts';
import { TEMPLATES } from '../../collab/templates.ts';
import { countLayoutPages, renderLayoutPdf } from '../../server/export/pdf.ts';
import { layoutToText } from '../../server/export/text.ts';
import { loadResumeFixture } from '../fixtures/resumes/index.ts';
import { readPdf, type PdfText } from '../harness/pdf-text.ts';

const FIXTURES = [
  'complete-resume.json',
  'career-changer.resume.json',
  'kurone-kito-japanese.resume.json',
  'theme-reference-complete-resume.json',
  'jsonresume-sample.resume.json',
];
// Ligature glyphs, the replacement character, and U+0000 (what a glyph no font has reads back as).
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what must never be read back
const GARBLED = /[\uFB00-\uFB06\uFFFD\u0000]/u;

/** Letters and digits only, lower case: what must survive extraction, whatever the spacing and punctuation. */
function normalize(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The words of plain text, as they must appear in the PDF. `Keywords:` labels an item's tags in text only. */
function words(text: string): string[] {
  return text
    .split(/\s+/)
    .filter((w) => w !== 'Keywords:')
    .map(normalize)
    .filter((w) => w !== '');
}

/** Every word found in order after `from`; returns where the last ended, or the first word missing. */
function findInOrder(haystack: string, expected: readonly string[], from = 0): { end: number; missing?: string; context?: string } {
  let cursor = from;
  for (const [i, word] of expected.entries()) {
    const at = haystack.indexOf(word, cursor);
    if (at < 0) return { end: cursor, missing: word, context: expected.slice(Math.max(0, i - 5), i + 3).join(' ') };
    cursor = at + word.length;
  }
  return { end: cursor };
}

function columnText(layout: ResumeLayout, sections: readonly LayoutSection[]): string {
  return layoutToText({ ...layout, header: { contacts: [] }, main: sections, sidebar: [], sidebarSide: 'none' });
}

function expectReadsInOrder(layout: ResumeLayout, pdf: PdfText): void {
  const extracted = normalize(pdf.text);
  const headerWords = words(layoutToText({ ...layout, main: [], sidebar: [], sidebarSide: 'none' }));
  const headerFound = findInOrder(extracted, headerWords);
  expect(headerFound.missing, `header word missing near "${headerFound.context ?? ''}"`).toBeUndefined();
  const columns = layout.sidebarSide === 'left' ? [layout.sidebar, layout.main] : [layout.main, layout.sidebar];
  if (layout.sidebarSide === 'none' || pdf.pages.length === 1) {
    // One column, or two on one page: the whole text in reading order.
    const all = columns.flatMap((sections) => words(columnText(layout, sections)));
    const found = findInOrder(extracted, all, headerFound.end);
    expect(found.missing, `word missing or out of order near "${found.context ?? ''}"`).toBeUndefined();
  } else {
    // Two columns over pages: each column in order, page by page after the header.
    for (const sections of columns) {
      const found = findInOrder(extracted, words(columnText(layout, sections)), headerFound.end);
      expect(found.missing, `word missing or out of order near "${found.context ?? ''}"`).toBeUndefined();
    }
  }
}

const settings = (template: string) => ({ template, sectionOrder: [], hiddenSections: [] });

describe('PDF export: the text layer', () => {
  for (const fixture of FIXTURES) {
    it(`${fixture}: every template reads back every word in order, ungarbled, with its links`, { timeout: 90_000 }, async () => {
      const resume = loadResumeFixture(fixture) as JsonResume;
      for (const template of TEMPLATES) {
        const layout = layoutResume(resume, settings(template.id));
        const { pdf, pages } = await renderLayoutPdf(layout, { title: fixture });
        const read = await readPdf(pdf);
        expect(read.pages.length, template.id).toBe(pages);
        // What the editor shows is counted without making the file, and must be the same number.
        expect(countLayoutPages(layout), template.id).toBe(pages);
        expect(read.title).toBe(fixture);
        expect(read.text, `${template.id}: garbled characters`).not.toMatch(GARBLED);
        expectReadsInOrder(layout, read);
        const first = read.pages[0];
        expect(first?.width).toBeCloseTo(595.28, 0);
        expect(first?.height).toBeCloseTo(841.89, 0);
        // The header's contacts are clickable.
        const email = layout.header.contacts.find((c) => c.kind === 'email');
        if (email?.href) expect(first?.links, template.id).toContain(email.href);
        if (template.atsSafe) {
          // Standard headings, each a line of its own.
          const lines = read.text.split('\n').map((l) => l.trim().toLowerCase());
          for (const section of layout.main) expect(lines, `${template.id}: heading ${section.title}`).toContain(section.title.toLowerCase());
        }
      }
    });
  }
});

/** Many entries with words that ligate, Cyrillic, Vietnamese, Polish and Japanese, and a long address. */
function longResume(): JsonResume {
  const work = Array.from({ length: 14 }, (_, i) => ({
    name: i % 3 === 0 ? 'Łódź Waffle Office' : i % 3 === 1 ? 'ООО «Рога и копыта»' : '株式会社サンプル',
    position: i % 2 === 0 ? 'Efficient Officer of Affairs' : 'Инженер-программист',
    url: 'https://example.com/a/very/long/address/that/does/not/fit/on/one/line/of/any/column/at/all/really/' + String(i),
    startDate: `20${String(10 + (i % 10)).padStart(2, '0')}-01`,
    endDate: `20${String(11 + (i % 10)).padStart(2, '0')}-06`,
    summary: 'Fluffy soufflé fixes: *efficiently* offloaded **fiscal** workflows; Nguyễn Thị Minh Khai, Straße.',
    highlights: ['Shipped the affine flow finder', 'Сократил время сборки на 40 %', '開発環境を改善しました', 'Drove [the offline fix](https://example.com/fix)'],
  }));
  return {
    basics: {
      name: 'Zoë Ðặng-Łukasiewicz',
      label: 'Staff Engineer · Инженер',
      email: 'zoe@example.com',
      phone: '+48 123 456 789',
      url: 'https://zoe.example.com',
      summary: 'Efficient, fluent in offline-first systems.\n\n- Affable\n- Профессионал',
      location: { city: 'Kraków', countryCode: 'PL' },
      profiles: [{ network: 'GitHub', username: 'zoe', url: 'https://github.com/zoe' }],
    },
    work,
    skills: [{ name: 'Languages', level: 'Expert', keywords: ['TypeScript', 'Rust', 'Go', 'Python', 'SQL', 'Kotlin', 'Swift'] }],
    languages: [{ language: 'Polski', fluency: 'Native' }, { language: '日本語', fluency: 'Conversational' }],
  } as JsonResume;
}

describe('PDF export: pages', () => {
  it('breaks pages between lines, never under a heading or an entry title, on A4 and Letter', { timeout: 90_000 }, async () => {
    const resume = longResume();
    for (const template of TEMPLATES) {
      const layout = layoutResume(resume, settings(template.id));
      for (const paper of ['a4', 'letter'] as const) {
        const { pdf, pages } = await renderLayoutPdf(layout, { paper });
        expect(pages, `${template.id} ${paper}`).toBeGreaterThan(1);
        expect(countLayoutPages(layout, paper), `${template.id} ${paper}: counted`).toBe(pages);
        const read = await readPdf(pdf);
        expect(read.pages.length).toBe(pages);
        expect(read.text).not.toMatch(GARBLED);
        expectReadsInOrder(layout, read);
        const titles = new Set([...layout.main, ...layout.sidebar].map((s) => normalize(s.title)));
        const entryTitles = new Set(layout.main.flatMap((s) => s.items.flatMap((i) => (i.title ? [normalize(i.title)] : []))));
        for (const [n, page] of read.pages.entries()) {
          expect(page.width).toBeCloseTo(paper === 'a4' ? 595.28 : 612, 0);
          expect(page.height).toBeCloseTo(paper === 'a4' ? 841.89 : 792, 0);
          for (const item of page.items) {
            // Every glyph on the sheet, none cut at its edge.
            expect(item.y - item.height * 0.3, `${template.id} page ${n + 1}: "${item.str}" below the page`).toBeGreaterThan(0);
            expect(item.y + item.height, `${template.id} page ${n + 1}: "${item.str}" above the page`).toBeLessThan(page.height);
          }
          if (n === read.pages.length - 1) continue;
          // The last line of a page's first column is not a heading or an entry title left alone.
          const lastLines = page.text.split('\n').map(normalize).filter((l) => l !== '');
          const last = lastLines[lastLines.length - 1] ?? '';
          expect(titles.has(last), `${template.id} ${paper} page ${n + 1} ends on heading "${last}"`).toBe(false);
          if (template.columns === 1) expect(entryTitles.has(last), `${template.id} page ${n + 1} ends on title "${last}"`).toBe(false);
        }
      }
    }
  });

  it('links entries to their addresses and inline Markdown links to theirs', async () => {
    const layout = layoutResume(longResume(), settings('classic'));
    const read = await readPdf((await renderLayoutPdf(layout)).pdf);
    const links = new Set(read.pages.flatMap((p) => p.links));
    expect(links).toContain('https://example.com/fix');
    expect(links).toContain('https://github.com/zoe');
    expect(links).toContain('https://example.com/a/very/long/address/that/does/not/fit/on/one/line/of/any/column/at/all/really/0');
  });
});

describe('PDF export: how each template looks', () => {
  it('renders page 1 of every template to a PNG in test-results/pdf/, each one different', { timeout: 90_000 }, async () => {
    mkdirSync('test-results/pdf', { recursive: true });
    const resume = loadResumeFixture('complete-resume.json') as JsonResume;
    const japanese = loadResumeFixture('kurone-kito-japanese.resume.json') as JsonResume;
    const sizes = new Set<number>();
    for (const template of TEMPLATES) {
      // Japanese in one serif and one sans template: the CJK fallback under both.
      const samples = template.id === 'classic' || template.id === 'modern' ? ([['complete', resume], ['japanese', japanese]] as const) : ([['complete', resume]] as const);
      for (const [name, json] of samples) {
        const { pdf } = await renderLayoutPdf(layoutResume(json, settings(template.id)));
        const base = `test-results/pdf/${template.id}-${name}`;
        writeFileSync(`${base}.pdf`, pdf);
        // poppler-utils (Debian) draws the page as a viewer would.
        try {
          execFileSync('pdftoppm', ['-png', '-r', '72', '-f', '1', '-l', '1', '-singlefile', `${base}.pdf`, base]);
        } catch (err) {
          const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
          throw new Error(missing ? 'pdftoppm is missing: apt-get install -y poppler-utils' : `pdftoppm failed on ${base}.pdf`, { cause: err });
        }
        const png = readFileSync(`${base}.png`);
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
        expect(statSync(`${base}.png`).size).toBeGreaterThan(20_000); // a page of text, not a blank sheet
        if (name === 'complete') sizes.add(png.length);
      }
    }
    expect(sizes.size).toBe(TEMPLATES.length);
  });
});
