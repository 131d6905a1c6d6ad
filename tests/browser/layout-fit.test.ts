// Every page at a phone's 390 px: nothing scrolls sideways, no element reaches past the right
// edge (no exclusions: no page has a deliberate horizontal scroller); each page also captured at
// 1400 px. At 1280 px the Comments panel's Accept and Resolve lie inside their pane, and "Show
// where" brings the field into view inside the form without moving the app frame.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestServer } from '../harness/server.ts';
import { newPerson, screenshot, withServerAndChromium } from './browser.ts';
import { overflow, richResume, type RichResume } from './fixtures-editor.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

const PHONE = { width: 390, height: 844 };
const WIDE = { width: 1400, height: 900 };

async function fits(page: Page, name: string): Promise<void> {
  await screenshot(page, `fit-${name}-390`);
  const found = await overflow(page);
  expect({ name, ...found }).toEqual({ name, scrollWidth: found.width, width: found.width, offenders: [] });
}

async function editorOpen(page: Page, r: RichResume): Promise<void> {
  await page.goto(`/resumes/${r.id}`);
  await page.getByTestId('connection-state').and(page.locator('[data-state="saved"]')).waitFor({ timeout: 30_000 });
  await page.locator('[data-field="work:' + r.workId + ':position"] .cm-content').waitFor();
}

/** Each page, reached the way a person reaches it; `at` says which width is being shot. */
async function visitAll(r: RichResume, viewport: { width: number; height: number }, check: (page: Page, name: string) => Promise<void>) {
  const phone = viewport.width < 500;
  const anonymous = await newPerson(browser, server, undefined, viewport);
  for (const path of ['/login', '/signup']) {
    await anonymous.page.goto(path);
    await anonymous.page.getByRole('button', { name: path === '/login' ? 'Log in' : 'Create account' }).waitFor();
    await check(anonymous.page, path.slice(1));
  }
  await anonymous.page.goto(new URL(r.publicUrl).pathname);
  await anonymous.page.locator('.rp-name').first().waitFor();
  await check(anonymous.page, 'public');

  const owner = await newPerson(browser, server, r.owner, viewport);
  const a = owner.page;
  await a.goto('/');
  await a.getByText('Senior Product Engineer — Acme').first().waitFor();
  await check(a, 'list');
  await editorOpen(a, r);
  await check(a, 'editor-form');
  if (phone) {
    await a.getByRole('button', { name: 'More actions' }).click();
    await a.getByRole('button', { name: 'Share' }).waitFor();
    await check(a, 'editor-more-menu');
    await a.getByRole('button', { name: 'More actions' }).click();
    await a.getByRole('tab', { name: 'Preview' }).click();
    await a.locator('.rp-name').waitFor();
    await check(a, 'editor-preview');
    await a.locator('[role=tab][aria-controls="pane-tools"]').click();
  }
  await a.getByTestId('analysis-panel').waitFor();
  await check(a, 'editor-analysis');
  await a.locator('#tab-comments').click();
  await a.getByTestId('suggestion').waitFor();
  await check(a, 'editor-comments');
  await a.locator('#tab-history').click();
  await a.getByRole('button', { name: /^Compare Before the coach/ }).click();
  await a.getByTestId('compare-summary').waitFor();
  await check(a, 'history-compare');
  await a.keyboard.press('Escape');
  await a.getByTestId('version-compare').waitFor({ state: 'detached' });
  if (phone) await a.getByRole('button', { name: 'More actions' }).click();
  await a.getByRole('button', { name: 'Share' }).click();
  await a.getByRole('dialog', { name: /Share/ }).getByTestId('members').waitFor();
  await check(a, 'share-dialog');

  const coach = await newPerson(browser, server, r.coach, viewport);
  await coach.page.goto('/coach');
  await coach.page.getByTestId('coach-client').first().waitFor();
  await check(coach.page, 'coach-dashboard');
  await coach.page.goto('/invite/not-a-real-token-not-a-real-token-not-a-real');
  await coach.page.getByRole('heading', { name: 'This invitation did not work' }).waitFor();
  await check(coach.page, 'invite');
  await editorOpen(coach.page, r);
  await check(coach.page, 'editor-commenter');

  for (const person of [anonymous, owner, coach]) {
    expect(person.errors).toEqual([]);
    await person.context.close();
  }
}

describe('layout that fits', () => {
  it('fits every page on a 390 px phone, and shoots each at 1400 px', async () => {
    const r = await richResume(server);
    await visitAll(r, PHONE, fits);
    await visitAll(r, WIDE, async (page, name) => void (await screenshot(page, `fit-${name}-1400`)));
  });

  it('keeps the Comments panel buttons inside the tools pane at 1280 px, and Show where leaves the frame still', async () => {
    const r = await richResume(server);
    const owner = await newPerson(browser, server, r.owner, { width: 1280, height: 800 });
    const a = owner.page;
    await editorOpen(a, r);
    await a.locator('#tab-comments').click();
    const panel = a.getByTestId('comments-panel');
    await panel.getByTestId('suggestion').waitFor();
    const pane = await a.locator('#pane-tools').boundingBox();
    for (const name of ['Accept', 'Reject', 'Resolve']) {
      const button = panel.getByRole('button', { name, exact: true }).first();
      const box = await button.boundingBox();
      expect({ name, inside: !!box && !!pane && box.x >= pane.x && box.x + box.width <= pane.x + pane.width + 0.5 }).toEqual({ name, inside: true });
    }
    await screenshot(a, 'fit-comments-1280');

    // Scroll the form to its end, then ask where the comment is: the field comes into view
    // within the form pane; the document and the top bar do not move.
    const form = a.locator('#pane-form');
    await form.hover();
    await a.mouse.wheel(0, 20_000);
    await expect.poll(() => form.evaluate((el) => el.scrollTop), { timeout: 10_000 }).toBeGreaterThan(300);
    const barBefore = await a.locator('header.topbar').boundingBox();
    await panel.getByTestId('thread').getByRole('button', { name: /four engineers/ }).click();
    const field = a.locator(`[data-field="work:${r.workId}:highlights.0"]`);
    await expect
      .poll(async () => {
        const [f, p] = await Promise.all([field.boundingBox(), form.boundingBox()]);
        return !!f && !!p && f.y >= p.y && f.y + f.height <= p.y + p.height;
      }, { timeout: 10_000 })
      .toBe(true);
    expect(await a.evaluate(() => document.scrollingElement?.scrollTop)).toBe(0);
    expect(await a.locator('header.topbar').boundingBox()).toEqual(barBefore);
    expect(owner.errors).toEqual([]);
    await owner.context.close();
  });
});
