// Text that cannot be refused at the boundary (typed over /collab, or already stored) never breaks
// a PDF, and excerpts in notifications never cut an emoji in half.
import { describe, expect, it } from 'vitest';
import { createResumeDoc, ensureText, getBasics } from '../../collab/index.ts';
import { excerpt } from '../../server/coaching/anchor-input.ts';
import { renderLayoutPdf } from '../../server/export/pdf.ts';
import { attachment, printedLayout } from '../../server/export/printed.ts';
import { findBadInput } from '../../server/http/sanitize.ts';
import { readPdf } from '../harness/pdf-text.ts';

const LONE_HIGH = '\uD83D';

describe('text a PDF is rendered from', () => {
  it('renders a resume whose live text holds a lone surrogate and a NUL, with a usable file name', async () => {
    const doc = createResumeDoc({ basics: { name: 'Ana Ruiz', summary: 'Builds things.' } });
    const basics = getBasics(doc);
    if (!basics) throw new Error('no basics');
    // A local Yjs document keeps what it is given, as a live room does.
    ensureText(basics, 'name').insert(3, LONE_HIGH);
    ensureText(basics, 'summary').insert(0, 'x\u0000');
    const layout = printedLayout(doc);
    const name = layout.header.name ?? '';
    expect(name).toBe('Ana\uFFFD Ruiz');
    const disposition = attachment(name, 'pdf');
    expect(disposition).toContain("filename*=UTF-8''Ana%EF%BF%BD%20Ruiz.pdf");
    const { pdf, pages } = await renderLayoutPdf(layout, { title: `${name} — Resume` });
    expect(pages).toBe(1);
    const read = await readPdf(pdf);
    expect(read.text).toContain('Builds things.');
    expect(read.text).not.toContain('\u0000');
  });
});

describe('excerpts', () => {
  it('cut between graphemes, so no half of an emoji is left', () => {
    const text = `${'a'.repeat(78)}😀 and more text after it`;
    const cut = excerpt(text);
    expect(cut).toBe(`${'a'.repeat(78)}…`);
    expect(findBadInput(cut)).toBeNull();
    const family = `${'b'.repeat(76)}👩‍👩‍👧 end ${'c'.repeat(10)}`;
    expect(excerpt(family)).toBe(`${'b'.repeat(76)}…`);
    expect(excerpt('short 😀')).toBe('short 😀');
  });
});

describe('the boundary check', () => {
  it('finds NUL, lone surrogates (in values and keys) and deep nesting, and passes clean JSON', () => {
    expect(findBadInput({ a: ['ok', { b: 'x\u0000' }] })).toMatchObject({ path: 'a.1.b' });
    expect(findBadInput({ title: `half ${LONE_HIGH}` })).toMatchObject({ path: 'title' });
    expect(findBadInput({ [`k${LONE_HIGH}`]: 1 })).toMatchObject({ path: `k${LONE_HIGH}` });
    let deep: unknown = 'leaf';
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(findBadInput(deep)).toMatchObject({ message: 'nested deeper than 32 levels' });
    expect(findBadInput({ name: 'Zoë 😀 👩‍👩‍👧', n: 5, list: [null, true] })).toBeNull();
  });
});
