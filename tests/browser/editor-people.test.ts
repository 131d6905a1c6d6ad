// Where people spend their time in the editor: roles in words, a viewer told why typing does
// nothing and asking for edit access (the owner's bell in the editor shows it and opens Share),
// "Analyse now" closed to viewers, and the Comments tab counting what this person has not seen.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, createResume, memberWithRole, signup } from '../harness/api.ts';
import type { TestServer } from '../harness/server.ts';
import { field, fieldText, newPerson, screenshot, withServerAndChromium } from './browser.ts';
import { richResume } from './fixtures-editor.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

const NAME = 'basics:basics:name';

async function openEditor(page: Page, id: string): Promise<void> {
  await page.goto(`/resumes/${id}`);
  await page.getByTestId('connection-state').and(page.locator('[data-state="saved"]')).waitFor({ timeout: 30_000 });
}

describe('people in the editor', () => {
  it('tells a viewer why typing does nothing, and their request reaches the owner’s bell and Share dialog', async () => {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie, { title: 'Data analyst', jsonResume: { basics: { name: 'Ana Ruiz' } } });
    const [viewerUser, coachUser] = await Promise.all([memberWithRole(server, owner.cookie, id, 'viewer'), memberWithRole(server, owner.cookie, id, 'commenter')]);
    const seeker = await newPerson(browser, server, owner);
    const viewer = await newPerson(browser, server, viewerUser);
    const coach = await newPerson(browser, server, coachUser);
    await Promise.all([openEditor(seeker.page, id), openEditor(viewer.page, id), openEditor(coach.page, id)]);

    // Roles in words: a commenter can comment and suggest; a viewer views.
    expect(await coach.page.getByTestId('view-only').textContent()).toBe('Can comment and suggest');
    const v = viewer.page;
    expect(await v.getByTestId('view-only').textContent()).toBe('View only');
    const analyse = v.getByRole('button', { name: 'Analyse now' });
    expect(await analyse.isDisabled()).toBe(true);
    expect(await analyse.getAttribute('title')).toMatch(/Viewers/);

    // The viewer types: nothing changes, and they are told why, right there.
    await field(v, NAME).click();
    await v.keyboard.type('XYZ');
    const notice = v.getByTestId('read-only-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('You can view this resume. Ask the owner for edit access.');
    expect(await fieldText(v, NAME)).toBe('Ana Ruiz');
    await notice.getByRole('button', { name: 'Ask for edit access' }).click();
    await notice.getByText('Asked. The owner has been told.').waitFor();
    await screenshot(v, 'people-viewer-asked');

    // The owner's bell, in the editor's top bar, counts it; its entry opens the Share dialog.
    const a = seeker.page;
    await a.getByTestId('unread-count').waitFor({ timeout: 20_000 });
    await a.getByTestId('notification-bell').click();
    const entry = a.getByTestId('notification').filter({ hasText: 'asked for edit access' });
    expect(await entry.textContent()).toContain(viewerUser.user.username);
    await screenshot(a, 'people-owner-bell');
    await entry.click();
    const dialog = a.getByRole('dialog', { name: /Share/ });
    await dialog.getByTestId('members').waitFor();
    expect(await dialog.isVisible()).toBe(true);
    expect(await dialog.getByLabel(`Role of ${viewerUser.user.username}`).inputValue()).toBe('viewer');
    await screenshot(a, 'people-owner-share');

    for (const person of [seeker, viewer, coach]) {
      expect(person.errors).toEqual([]);
      await person.context.close();
    }
  });

  it('counts comments and suggestions not yet seen on the Comments tab, and remembers what was seen', async () => {
    const r = await richResume(server); // the coach left one comment and one suggestion
    const seeker = await newPerson(browser, server, r.owner, { width: 1280, height: 800 });
    const a = seeker.page;
    await openEditor(a, r.id);
    const unread = a.getByTestId('comments-unread');
    await expect.poll(() => unread.textContent(), { timeout: 20_000 }).toBe('2 unread');

    // Opening the tab sees them; a reload still knows.
    await a.locator('#tab-comments').click();
    await unread.waitFor({ state: 'detached' });
    await a.reload();
    await a.getByTestId('comments-panel').or(a.getByTestId('analysis-panel')).waitFor();
    await a.locator('#tab-analysis').click();
    await a.getByTestId('analysis-panel').waitFor();
    expect(await unread.count()).toBe(0);

    // A new comment while another tab is shown counts; my own does not.
    const post = (cookie: string, body: string) =>
      api(server, 'POST', `/api/resumes/${r.id}/comments`, { cookie, body: { anchor: { kind: 'item', list: 'work', itemId: r.workId }, body, mentions: [] } });
    expect((await post(r.coach.cookie, 'Add the team size to the title?')).status).toBe(201);
    await expect.poll(() => unread.textContent(), { timeout: 20_000 }).toBe('1 unread');
    expect((await post(r.owner.cookie, 'Noted.')).status).toBe(201);
    await a.locator('#tab-comments').click();
    await a.getByText('Noted.').waitFor({ timeout: 20_000 });
    expect(await unread.count()).toBe(0);
    await screenshot(a, 'people-comments-seen');

    // While the Comments tab is open, what arrives is seen as it comes.
    expect((await post(r.coach.cookie, 'And the dates?')).status).toBe(201);
    await a.getByText('And the dates?').waitFor({ timeout: 20_000 });
    await a.locator('#tab-analysis').click();
    expect(await unread.count()).toBe(0);
    expect(seeker.errors).toEqual([]);
    await seeker.context.close();
  });
});
