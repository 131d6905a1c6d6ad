// Undo in the editor covers structure, only ever undoes this person's own changes, and a removal
// offers "Undo" in a toast: the job and its highlights come back for everyone, typeable again.
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
    { name: 'Acme Corp', position: 'Engineer', highlights: ['Built the billing system', 'Led three launches'] },
    { name: 'Globex', position: 'Intern' },
  ],
  education: [{ institution: 'State University' }],
};

const twoPeople = (title: string) => openTogether(server, browser, title, RESUME);

const jobs = (page: Page) => page.locator('[data-form-section="work"] article[data-item]');
const jobTitles = (page: Page) => jobs(page).locator('h4').allTextContents();
const focusNowhere = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
async function expectText(page: Page, fieldId: string, want: string) {
  await expect.poll(() => fieldText(page, fieldId).catch(() => '(missing)'), { timeout: 30_000 }).toBe(want);
}

describe('undo in the editor', () => {
  it('brings a removed job and its highlights back from the toast, for both people, and typeable', async () => {
    const { a, b } = await twoPeople('Undo a removal');
    const acme = (await jobs(a.page).first().getAttribute('data-item')) ?? '';
    await a.page.getByRole('button', { name: 'Remove Engineer' }).click();
    const toast = a.page.getByRole('status').filter({ hasText: 'Removed “Engineer”' });
    await toast.waitFor();
    for (const { page } of [a, b]) await expect.poll(() => jobTitles(page), { timeout: 30_000 }).toEqual(['Intern']);
    await screenshot(a.page, 'editor-undo-toast-1400');
    await a.page.setViewportSize({ width: 390, height: 800 });
    await screenshot(a.page, 'editor-undo-toast-390');
    await a.page.setViewportSize({ width: 1440, height: 900 });

    await toast.getByRole('button', { name: 'Undo' }).focus();
    await a.page.keyboard.press('Enter');
    await toast.waitFor({ state: 'detached' });
    // The focus the Undo button had goes into the job it brought back.
    await expect
      .poll(() => a.page.evaluate(() => document.activeElement?.closest('article[data-item]')?.getAttribute('data-item')))
      .toBe(acme);
    for (const { page } of [a, b]) {
      await expect.poll(() => jobTitles(page), { timeout: 30_000 }).toEqual(['Engineer', 'Intern']);
      await expectText(page, `work:${acme}:highlights.0`, 'Built the billing system');
      await expectText(page, `work:${acme}:highlights.1`, 'Led three launches');
    }
    // The restored fields are live: typed into by one, seen by the other.
    await field(b.page, `work:${acme}:highlights.1`).click();
    await b.page.keyboard.press('End');
    await b.page.keyboard.type(' on time');
    for (const { page } of [a, b]) await expectText(page, `work:${acme}:highlights.1`, 'Led three launches on time');
    await expect.poll(() => a.page.getByTestId('preview').textContent(), { timeout: 30_000 }).toContain('Led three launches on time');
    await a.context.close();
    await b.context.close();
  });

  it('undoes and redoes adding an item, hiding, moving a section and the template, with the keyboard, in a field or not', async () => {
    const { a, b } = await twoPeople('Undo structure');
    const page = a.page;
    await page.getByRole('button', { name: '+ Add position' }).click();
    await expect.poll(() => jobs(page).count()).toBe(3);
    // The caret is in the new item's first field: Ctrl+Z there removes the item.
    await page.keyboard.press('ControlOrMeta+Z');
    for (const p of [page, b.page]) await expect.poll(() => jobs(p).count(), { timeout: 30_000 }).toBe(2);
    // With the focus nowhere in particular, redo puts it back, and Ctrl+Y does too.
    await focusNowhere(page);
    await page.keyboard.press('ControlOrMeta+Shift+Z');
    for (const p of [page, b.page]) await expect.poll(() => jobs(p).count(), { timeout: 30_000 }).toBe(3);
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => jobs(page).count()).toBe(2);
    await page.keyboard.press('Control+Y');
    await expect.poll(() => jobs(page).count()).toBe(3);

    // Hiding an item and moving a section, undone with the focus on the button pressed.
    await page.getByRole('button', { name: 'Hide Intern' }).click();
    await page.getByRole('button', { name: 'Show Intern' }).waitFor();
    await page.keyboard.press('ControlOrMeta+Z');
    await page.getByRole('button', { name: 'Hide Intern' }).waitFor();
    const order = () => page.locator('[data-form-section]').evaluateAll((els) => els.map((el) => el.getAttribute('data-form-section')).slice(2, 4));
    expect(await order()).toEqual(['work', 'education']);
    await page.getByRole('button', { name: 'Move Education section up' }).click();
    await expect.poll(order).toEqual(['education', 'work']);
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(order).toEqual(['work', 'education']);

    // A template picked with the keyboard goes back with Ctrl+Z, for both people.
    const template = (p: Page) => p.getByTestId('preview').getAttribute('data-template');
    const before = await template(page);
    await page.locator('#template-picker').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => template(b.page), { timeout: 30_000 }).not.toBe(before);
    await focusNowhere(page);
    await page.keyboard.press('ControlOrMeta+Z');
    for (const p of [page, b.page]) await expect.poll(() => template(p), { timeout: 30_000 }).toBe(before);

    // A removed highlight has its toast too; Ctrl+Z brings it back and closes the toast.
    const acme = (await jobs(page).first().getAttribute('data-item')) ?? '';
    await jobs(page).first().getByRole('button', { name: 'Remove highlight 1' }).click();
    const toast = page.getByRole('status').filter({ hasText: 'Removed highlight “Built the billing system”' });
    await toast.waitFor();
    await expectText(page, `work:${acme}:highlights.0`, 'Led three launches');
    await page.keyboard.press('ControlOrMeta+Z');
    await toast.waitFor({ state: 'detached' });
    for (const p of [page, b.page]) await expectText(p, `work:${acme}:highlights.0`, 'Built the billing system');
    await a.context.close();
    await b.context.close();
  });

  it("never undoes the other person's typing or items", async () => {
    const { a, b } = await twoPeople('Undo only mine');
    const acme = (await jobs(a.page).first().getAttribute('data-item')) ?? '';
    const mine = `work:${acme}:highlights.0`;
    const theirs = `work:${acme}:highlights.1`;
    await field(a.page, mine).click();
    await a.page.keyboard.press('End');
    await a.page.keyboard.type(' twice');
    await field(b.page, theirs).click();
    await b.page.keyboard.press('End');
    await b.page.keyboard.type(' early');
    await b.page.getByRole('button', { name: '+ Add education' }).click();
    await b.page.keyboard.type('Night school');
    for (const { page } of [a, b]) {
      await expectText(page, mine, 'Built the billing system twice');
      await expectText(page, theirs, 'Led three launches early');
      await expect.poll(() => page.locator('[data-form-section="education"] article[data-item]').count(), { timeout: 30_000 }).toBe(2);
    }
    // Ana undoes everything she can, in her field and then from nowhere in particular.
    await field(a.page, mine).click();
    await a.page.keyboard.press('ControlOrMeta+Z');
    await focusNowhere(a.page);
    for (let i = 0; i < 3; i++) await a.page.keyboard.press('ControlOrMeta+Z');
    for (const { page } of [a, b]) {
      await expectText(page, mine, 'Built the billing system');
      await expectText(page, theirs, 'Led three launches early');
      expect(await page.locator('[data-form-section="education"] article[data-item]').count()).toBe(2);
      await expect.poll(() => page.locator('[data-form-section="education"] h4').allTextContents()).toContain('Night school');
    }
    await a.context.close();
    await b.context.close();
  });
});
