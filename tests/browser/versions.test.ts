// Versions in the editor's History tab, in real Chromium: save a named version, type, compare
// (the added words highlighted), view it read-only, restore it after confirming — the text is
// back for the owner and for a coach watching live — and the owner's activity log tells it.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addItem, getItems, removeItem, setTextEntry } from '../../collab/index.ts';
import { api, createResume, memberWithRole, signup } from '../harness/api.ts';
import { connect, destroyClients } from '../harness/collab.ts';
import type { TestServer } from '../harness/server.ts';
import { field, fieldText, newPerson, screenshot, withServerAndChromium } from './browser.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

const SUMMARY = 'basics:basics:summary';
const ORIGINAL = 'Product designer who ships calm, accessible tools.';

async function saved(page: Page) {
  await page.getByTestId('connection-state').and(page.locator('[data-state="saved"]')).waitFor({ timeout: 20_000 });
}
const summaryOf = (page: Page) => fieldText(page, SUMMARY);
const openHistory = (page: Page) => page.getByRole('tab', { name: 'History' }).click();

describe('versions in the editor', () => {
  it('saves, compares, views and restores a version; everyone sees the text come back', async () => {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie, {
      title: 'Ana — product design',
      jsonResume: {
        basics: { name: 'Ana Ruiz', label: 'Product designer', summary: ORIGINAL },
        work: [
          { name: 'Acme Corp', position: 'Senior designer', highlights: ['Led the design system', 'Ran user research'] },
          { name: 'Initech', position: 'Junior designer' },
        ],
      },
    });
    const coachUser = await memberWithRole(server, owner.cookie, id, 'editor');
    const seeker = await newPerson(browser, server, owner);
    const coach = await newPerson(browser, server, coachUser);
    const a = seeker.page;
    const b = coach.page;
    await Promise.all([a.goto(`/resumes/${id}`), b.goto(`/resumes/${id}`)]);
    await Promise.all([openHistory(a), openHistory(b)]);
    await a.getByText('No versions yet').waitFor();

    // Save a named version; the coach's open History tab shows it live.
    await a.getByLabel('Save this moment as a version').fill('Before the coach');
    await a.getByRole('button', { name: 'Save version' }).click();
    await a.getByRole('button', { name: /^View Before the coach/ }).waitFor();
    await b.getByRole('button', { name: /^View Before the coach/ }).waitFor({ timeout: 10_000 });

    // Type, then compare that version with now: the new words are highlighted on the right.
    await expect.poll(() => summaryOf(a), { timeout: 20_000 }).toBe(ORIGINAL);
    await field(a, SUMMARY).click();
    await a.keyboard.press('Control+End');
    await a.keyboard.type(' Mentors juniors weekly.');
    await saved(a);
    await expect.poll(() => summaryOf(b), { timeout: 10_000 }).toBe(`${ORIGINAL} Mentors juniors weekly.`);
    // Meanwhile the coach's script (a stock y-websocket client) reworks the experience.
    const script = connect(server, id, { cookie: coachUser.cookie });
    await script.synced();
    const [acme, initech] = getItems(script.doc, 'work');
    if (!acme || !initech) throw new Error('fixture');
    setTextEntry(acme.map, 'highlights', 0, 'Led the design system for 12 product teams');
    removeItem(script.doc, 'work', initech.id);
    addItem(script.doc, 'work', { name: 'Hooli', position: 'Design lead', highlights: ['Hired and grew a team of five'] });
    await expect
      .poll(async () => JSON.stringify((await api(server, 'GET', `/api/resumes/${id}/json`, { cookie: owner.cookie })).body), { timeout: 10_000 })
      .toContain('Hooli');
    destroyClients();
    await a.getByRole('button', { name: 'Compare Before the coach with now' }).click();
    const compare = a.getByTestId('version-compare');
    await compare.waitFor();
    await expect.poll(() => a.getByTestId('compare-summary').textContent()).toBe('2 entries changed, 1 added and 1 removed.');
    const added = compare.locator('ins').filter({ hasText: 'Mentors' });
    await added.first().waitFor();
    expect(await added.first().isVisible()).toBe(true);
    // Marked by more than colour: underlined, with words for screen readers.
    expect(await added.first().evaluate((el) => getComputedStyle(el).textDecorationLine)).toContain('underline');
    expect(await added.first().textContent()).toContain('[added: ');
    await screenshot(a, 'versions-compare');

    // View the version read-only, in the resume's template.
    await a.getByRole('button', { name: 'Close' }).last().click();
    await a.getByRole('button', { name: /^View Before the coach/ }).click();
    const preview = a.getByTestId('version-preview');
    await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toContain(ORIGINAL);
    expect(await preview.textContent()).not.toContain('Mentors juniors');
    expect(await preview.textContent()).toContain('Initech');
    expect(await preview.textContent()).not.toContain('Hooli');
    expect(await preview.locator('[data-template="classic"]').count()).toBe(1);
    await screenshot(a, 'versions-view');

    // Restore after confirming: the text is back for both people, and can be undone.
    await a.getByRole('button', { name: 'Restore this version' }).click();
    const confirm = a.getByRole('dialog', { name: 'Restore “Before the coach”?' });
    await confirm.waitFor();
    await screenshot(a, 'versions-restore-confirm');
    await confirm.getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => summaryOf(a), { timeout: 10_000 }).toBe(ORIGINAL);
    await expect.poll(() => summaryOf(b), { timeout: 10_000 }).toBe(ORIGINAL);
    for (const page of [a, b]) await expect.poll(() => page.getByTestId('preview').first().textContent(), { timeout: 10_000 }).toContain('Initech');
    expect(await b.getByTestId('preview').first().textContent()).not.toContain('Hooli');
    await a.getByText('Restored “Before the coach”').waitFor();
    await b.getByText('The resume was just restored to “Before the coach”').waitFor({ timeout: 10_000 });
    await b.getByRole('button', { name: /^View Before a restore/ }).waitFor();
    await screenshot(a, 'versions-restored', { fullPage: false });
    await screenshot(b, 'versions-restored-coach');

    // On a phone the comparison stacks and nothing is cut off; removed words are struck through.
    await a.setViewportSize({ width: 360, height: 740 });
    await a.getByRole('tab', { name: 'Analysis' }).first().click(); // the tools pane
    await a.getByRole('button', { name: 'Compare Before a restore with now' }).click();
    const removed = a.getByTestId('version-compare').locator('del').filter({ hasText: 'Mentors' });
    await removed.first().waitFor();
    expect(await removed.first().evaluate((el) => getComputedStyle(el).textDecorationLine)).toContain('line-through');
    expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const overflowing = await a.locator('dialog[open] header, dialog[open] .body').evaluateAll((els) => els.filter((el) => el.scrollWidth > el.clientWidth).length);
    expect(overflowing).toBe(0);
    await screenshot(a, 'versions-compare-phone');
    await a.getByRole('button', { name: 'Close' }).last().click();
    await a.setViewportSize({ width: 1440, height: 900 });

    // The owner's activity log says who restored what.
    await a.getByRole('button', { name: 'Activity' }).click();
    await a.getByTestId('activity').getByText(`${owner.user.username} restored the version “Before the coach”`).waitFor();
    await a.getByTestId('activity').getByText(`${coachUser.user.username} joined as editor`).waitFor();
    await screenshot(a, 'versions-activity');
    // The coach (an editor) has no activity log.
    expect(await b.getByRole('button', { name: 'Activity' }).count()).toBe(0);

    expect(seeker.errors).toEqual([]);
    expect(coach.errors).toEqual([]);
    await seeker.context.close();
    await coach.context.close();
  });
});
