// The PDF button end to end in real Chromium: the page count beside Export follows typing, the
// download is a PDF whose text holds what was typed, and its page count is the one shown, on A4
// and on Letter.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createResume, signup } from '../harness/api.ts';
import { readPdf } from '../harness/pdf-text.ts';
import type { TestServer } from '../harness/server.ts';
import { field, newPerson, screenshot, withServerAndChromium } from './browser.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

/** Waits until the count beside Export includes every edit so far, and returns it. */
async function shownPages(page: Page): Promise<number> {
  const chip = page.getByTestId('page-count');
  await page.getByTestId('connection-state').and(page.locator('[data-state="saved"]')).waitFor({ timeout: 20_000 });
  await chip.and(page.locator('[data-stale="false"]')).waitFor({ timeout: 20_000 });
  const text = (await chip.textContent())?.trim() ?? '';
  expect(text).toMatch(/^\d+ pages?$/);
  return Number(text.split(' ')[0]);
}

async function downloadPdf(page: Page): Promise<{ name: string; bytes: Buffer }> {
  await page.getByRole('button', { name: 'Export' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^PDF \(Modern\)/ }).click()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

describe('exporting the PDF from the editor', () => {
  it('shows the page count as people type and downloads a PDF with what was typed and that many pages', async () => {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie, {
      title: 'Ana — PDF',
      template: 'modern',
      jsonResume: { basics: { name: 'Ana', email: 'ana@example.com' }, work: [{ name: 'Acme Corp', position: 'Engineer', startDate: '2020-01' }] },
    });
    const { context, page, errors } = await newPerson(browser, server, owner);
    await page.goto(`/resumes/${id}`);
    expect(await shownPages(page)).toBe(1);
    await expect.poll(() => page.getByTestId('page-count').textContent()).toBe('1 page');

    // Typing: the name, then a long summary that runs onto more pages; the count follows.
    await field(page, 'basics:basics:name').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Quintana-Okafor');
    const paragraph = 'Led the zanzibar migration of billing onto event sourcing, cutting month-end close from nine days to two. ';
    await field(page, 'basics:basics:summary').click();
    for (let i = 0; i < 8; i++) await page.keyboard.insertText(`${paragraph.repeat(6)}\n\n`);
    const pages = await shownPages(page);
    expect(pages).toBeGreaterThan(1);
    await screenshot(page, 'export-page-count');

    const a4 = await downloadPdf(page);
    expect(a4.name).toBe('Ana — PDF.pdf'); // the title as written, from the header's UTF-8 name
    expect(a4.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const read = await readPdf(a4.bytes);
    expect(read.text).toContain('Ana Quintana-Okafor');
    expect(read.text).toContain('zanzibar');
    expect(read.pages.length).toBe(pages);
    expect(read.pages[0]?.width).toBeCloseTo(595.28, 0);

    // On Letter the count is Letter's, and so is the PDF.
    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('radio', { name: 'Letter' }).click();
    await screenshot(page, 'export-menu');
    await page.getByRole('button', { name: 'Export' }).click(); // closes the menu
    const letterPages = await shownPages(page);
    const letter = await readPdf((await downloadPdf(page)).bytes);
    expect(letter.pages[0]?.width).toBeCloseTo(612, 0);
    expect(letter.pages.length).toBe(letterPages);
    expect(errors).toEqual([]);
    await context.close();
  });
});
