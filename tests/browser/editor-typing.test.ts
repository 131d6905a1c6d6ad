// Typing into every kind of list entry by keyboard only, alone and while a collaborator types,
// adds, removes and reorders next to it: every keystroke lands and the caret stays in its field.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../harness/server.ts';
import { twoPeople as openTogether } from './fixtures-editor.ts';
import { field, fieldText, screenshot, withServerAndChromium } from './browser.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

const RESUME = {
  basics: { name: 'Ana Ruiz' },
  work: [
    { name: 'Acme Corp', position: 'Engineer', highlights: ['Existing one', 'Existing two', 'Remove me'] },
    { name: 'Globex', position: 'Intern' },
  ],
  education: [{ institution: 'State University', area: 'Computer Science' }],
  skills: [{ name: 'Frontend' }],
  projects: [{ name: 'Resume builder' }],
};

const twoPeople = (title: string) => openTogether(server, browser, title, RESUME);

const item = (page: Page, section: string, n: number) => page.locator(`[data-form-section="${section}"] article[data-item]`).nth(n);
const itemId = async (page: Page, section: string, n: number) => (await item(page, section, n).getAttribute('data-item')) ?? '';
/** The presence id of the form field that has the keyboard focus, or what else has it. */
const focused = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest('[data-field]')?.getAttribute('data-field') ?? document.activeElement?.tagName ?? 'none');

async function expectEntries(page: Page, base: string, want: string[]) {
  await expect
    .poll(
      async () => {
        const texts: string[] = [];
        for (let i = 0; (await field(page, `${base}${i}`).count()) > 0; i++) texts.push(await fieldText(page, `${base}${i}`));
        return texts;
      },
      { timeout: 30_000 },
    )
    .toEqual(want);
}
const previewText = (page: Page) => page.getByTestId('preview').textContent();

describe('typing into list entries', () => {
  it('takes highlights, keywords, courses and roles by keyboard, Enter making the next entry', async () => {
    const { a, b } = await twoPeople('Lists by keyboard');
    const page = a.page;
    const acme = await itemId(page, 'work', 0);

    // Three highlights after the existing ones, Enter between them, from the "Add" button on.
    await item(page, 'work', 0).getByRole('button', { name: '+ Add highlight' }).click();
    await page.keyboard.type('Led the checkout redesign');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Cut page load by 40%');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Mentored two juniors');
    expect(await focused(page)).toBe(`work:${acme}:highlights.5`);
    await screenshot(page, 'editor-typing-highlights', { selector: `article[data-item="${acme}"]` });
    const highlights = ['Existing one', 'Existing two', 'Remove me', 'Led the checkout redesign', 'Cut page load by 40%', 'Mentored two juniors'];
    for (const p of [page, b.page]) await expectEntries(p, `work:${acme}:highlights.`, highlights);

    const lists = [
      { section: 'skills', button: '+ Add keyword', path: 'keywords', values: ['TypeScript', 'Svelte', 'Yjs'] },
      { section: 'education', button: '+ Add course', path: 'courses', values: ['Distributed systems', 'Compilers'] },
      { section: 'projects', button: '+ Add role', path: 'roles', values: ['Lead developer', 'Designer'] },
    ];
    for (const list of lists) {
      const id = await itemId(page, list.section, 0);
      await item(page, list.section, 0).getByRole('button', { name: list.button }).click();
      for (const [i, value] of list.values.entries()) {
        if (i > 0) await page.keyboard.press('Enter');
        await page.keyboard.type(value);
      }
      expect(await focused(page)).toBe(`${list.section}:${id}:${list.path}.${list.values.length - 1}`);
      for (const p of [page, b.page]) await expectEntries(p, `${list.section}:${id}:${list.path}.`, list.values);
    }
    for (const p of [page, b.page]) {
      await expect.poll(() => previewText(p), { timeout: 30_000 }).toContain('Mentored two juniors');
      const text = (await previewText(p)) ?? '';
      for (const value of [...highlights, ...lists.flatMap((l) => l.values)]) expect(text).toContain(value);
    }
    await screenshot(page, 'editor-typing-lists-1400');
    await a.context.close();
    await b.context.close();
  });

  it('keeps the caret and every keystroke while a collaborator types, adds, removes and reorders beside it', async () => {
    const { a, b } = await twoPeople('Typing together');
    const acme = await itemId(a.page, 'work', 0);
    const base = `work:${acme}:highlights.`;
    await field(a.page, `${base}0`).click();
    await a.page.keyboard.press('End');
    const mine = ' and shipped the new onboarding flow to every customer in March';

    const coachWork = async () => {
      const page = b.page;
      await field(page, `${base}1`).click();
      await page.keyboard.press('End');
      await page.keyboard.type(' and more', { delay: 20 });
      await item(page, 'work', 0).getByRole('button', { name: 'Remove highlight 3' }).click();
      await item(page, 'work', 0).getByRole('button', { name: '+ Add highlight' }).click();
      await page.keyboard.type('Coach added this', { delay: 20 });
      await item(page, 'work', 1).getByRole('button', { name: 'Move up' }).click();
    };
    await Promise.all([a.page.keyboard.type(mine, { delay: 40 }), coachWork()]);
    expect(await focused(a.page)).toBe(`${base}0`);
    await a.page.keyboard.type('!');

    const want = [`Existing one${mine}!`, 'Existing two and more', 'Coach added this'];
    for (const p of [a.page, b.page]) await expectEntries(p, base, want);
    // The jobs were reordered: Globex first, Acme (the same item) second, for both.
    for (const p of [a.page, b.page]) await expect.poll(() => itemId(p, 'work', 1), { timeout: 30_000 }).toBe(acme);
    expect(await focused(a.page)).toBe(`${base}0`);
    await screenshot(a.page, 'editor-typing-together');
    await a.context.close();
    await b.context.close();
  });

  it('splits on Enter, joins on Backspace and makes one entry per pasted line', async () => {
    const { a, b } = await twoPeople('Backspace and paste');
    const page = a.page;
    const acme = await itemId(page, 'work', 0);
    const base = `work:${acme}:highlights.`;

    // Enter in the middle moves the rest of the line to a new entry after it, caret at its start.
    await field(page, `${base}1`).click();
    await page.keyboard.press('End');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe(`${base}2`);
    await page.keyboard.type('>');
    await expectEntries(page, base, ['Existing one', 'Existing', '> two', 'Remove me']);

    // Backspace at the start of an entry joins it to the end of the previous one.
    await page.keyboard.press('Home');
    await page.keyboard.press('Backspace');
    expect(await focused(page)).toBe(`${base}1`);
    await page.keyboard.type('+');
    await expectEntries(page, base, ['Existing one', 'Existing+> two', 'Remove me']);

    // Backspace in an empty entry removes it and goes to the end of the previous one.
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe(`${base}2`);
    await expectEntries(page, base, ['Existing one', 'Existing+> two', '', 'Remove me']);
    await page.keyboard.press('Backspace');
    expect(await focused(page)).toBe(`${base}1`);
    await page.keyboard.type('.');
    await expectEntries(page, base, ['Existing one', 'Existing+> two.', 'Remove me']);

    // Three lines copied from the job description become three entries.
    await field(page, 'jobDescription').click();
    await page.keyboard.type('Line A');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Line B');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Line C');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('ControlOrMeta+C');
    await field(page, `${base}0`).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ControlOrMeta+V');
    expect(await focused(page)).toBe(`${base}3`);
    const want = ['Existing one', 'Line A', 'Line B', 'Line C', 'Existing+> two.', 'Remove me'];
    for (const p of [page, b.page]) await expectEntries(p, base, want);
    await a.context.close();
    await b.context.close();
  });

  it('gives the caret back when a collaborator moves the job it is in', async () => {
    const { a, b } = await twoPeople('Moved under the caret');
    const acme = await itemId(a.page, 'work', 0);
    const base = `work:${acme}:highlights.`;
    await field(a.page, `${base}0`).click();
    await a.page.keyboard.press('End');
    await a.page.keyboard.type(' fast');
    await expectEntries(b.page, base, ['Existing one fast', 'Existing two', 'Remove me']);
    // Yjs has no move: the job is copied to its new place, so the field under the caret is new.
    await item(b.page, 'work', 0).getByRole('button', { name: 'Move down' }).click();
    await expect.poll(() => itemId(a.page, 'work', 1), { timeout: 30_000 }).toBe(acme);
    expect(await focused(a.page)).toBe(`${base}0`);
    await a.page.keyboard.type(' and well');
    for (const p of [a.page, b.page]) await expectEntries(p, base, ['Existing one fast and well', 'Existing two', 'Remove me']);
    await a.context.close();
    await b.context.close();
  });
});
