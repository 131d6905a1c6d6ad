// Undo as people use it, with a collaborator in the room: a removed job comes back from the
// toast for both people, Ctrl+Z takes back an added item, Ctrl+Shift+Z brings it again, and
// nobody's undo touches what the other person typed.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createResume, signup } from '../harness/api.ts';
import type { TestServer } from '../harness/server.ts';
import { withServerAndChromium } from '../browser/browser.ts';
import { person, shot, textOf, waitSaved } from './journey.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

const jobs = (page: Page) => page.locator('[data-form-section="work"] [data-item]');
const job = (page: Page, position: string) => jobs(page).filter({ has: page.getByText(position, { exact: true }) }).first();
const summary = (page: Page) => page.locator('[data-field="basics:basics:summary"] .cm-content');

async function highlightsOf(page: Page, position: string): Promise<string[]> {
  const fields = job(page, position).getByRole('group', { name: 'Highlights' }).locator('.cm-content');
  const out: string[] = [];
  for (let i = 0; i < (await fields.count()); i++) out.push(await textOf(fields.nth(i)));
  return out;
}

describe('undo in the editor', () => {
  it('brings back a removed job from the toast for everyone, and undoes and redoes only my own changes', async () => {
    const owner = await signup(server);
    const coachUser = await signup(server);
    const { id } = await createResume(server, owner.cookie, {
      title: 'Lee — undo',
      jsonResume: {
        basics: { name: 'Lee Park', summary: '' },
        work: [
          { name: 'Acme Pay', position: 'Staff Engineer', highlights: ['Scaled payments to 40k rps', 'Hired six engineers'] },
          { name: 'Globex', position: 'Engineer', highlights: ['Built the API'] },
        ],
      },
    });
    // The coach joins as an editor through a link the owner makes in the Share dialog.
    const seeker = await person(browser, server, { user: owner });
    const a = seeker.page;
    await a.goto(`/resumes/${id}`);
    await waitSaved(a);
    await a.getByRole('button', { name: 'Share' }).click();
    const dialog = a.getByRole('dialog', { name: /Share/ });
    await dialog.getByRole('radio', { name: /Editor/ }).check();
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const inviteUrl = await dialog.getByLabel(/Send this link/).inputValue();
    await dialog.getByRole('button', { name: 'Close' }).click();
    const coach = await person(browser, server, { user: coachUser });
    const b = coach.page;
    await b.goto(inviteUrl);
    await b.waitForURL(new RegExp(`/resumes/${id}$`));
    await waitSaved(b);

    // The owner removes a job; a toast offers the way back.
    await job(a, 'Staff Engineer').getByRole('button', { name: 'Remove Staff Engineer' }).click();
    await expect.poll(() => jobs(b).count(), { timeout: 20_000 }).toBe(1);
    const toast = a.getByRole('status').filter({ has: a.getByRole('button', { name: 'Undo' }) });
    await toast.waitFor();
    await shot(a, 'undo-01-toast');
    await toast.getByRole('button', { name: 'Undo' }).click();
    for (const page of [a, b]) {
      await expect.poll(() => jobs(page).count(), { timeout: 20_000 }).toBe(2);
      await expect.poll(() => highlightsOf(page, 'Staff Engineer'), { timeout: 20_000 }).toEqual(['Scaled payments to 40k rps', 'Hired six engineers']);
    }
    await shot(b, 'undo-02-restored-for-the-coach');

    // The restored job is live: the coach types into it and the owner sees it.
    await job(b, 'Staff Engineer').getByRole('group', { name: 'Highlights' }).locator('.cm-content').first().click();
    await b.keyboard.press('End');
    await b.keyboard.type(' with zero downtime');
    await expect.poll(() => highlightsOf(a, 'Staff Engineer'), { timeout: 20_000 }).toEqual(['Scaled payments to 40k rps with zero downtime', 'Hired six engineers']);

    // The coach writes a summary; the owner adds a position, then takes it back with Ctrl+Z.
    await summary(b).click();
    await b.keyboard.type('Engineer who scales payments.');
    await expect.poll(() => textOf(summary(a)), { timeout: 20_000 }).toBe('Engineer who scales payments.');
    await a.locator('[data-form-section="work"]').getByRole('button', { name: '+ Add position' }).click();
    await expect.poll(() => jobs(a).count()).toBe(3);
    await a.keyboard.press('Control+z');
    await expect.poll(() => jobs(a).count()).toBe(2);
    await expect.poll(() => jobs(b).count(), { timeout: 20_000 }).toBe(2);
    // Redo, from anywhere in the editor: a click on the preview leaves no field with the keyboard.
    await a.getByTestId('preview').click({ position: { x: 5, y: 5 } });
    await a.keyboard.press('Control+Shift+Z');
    await expect.poll(() => jobs(a).count()).toBe(3);
    await expect.poll(() => jobs(b).count(), { timeout: 20_000 }).toBe(3);
    await a.keyboard.press('Control+z');
    await expect.poll(() => jobs(b).count(), { timeout: 20_000 }).toBe(2);

    // None of the owner's undos touched the coach's words.
    for (const page of [a, b]) {
      expect(await textOf(summary(page))).toBe('Engineer who scales payments.');
      expect(await highlightsOf(page, 'Staff Engineer')).toEqual(['Scaled payments to 40k rps with zero downtime', 'Hired six engineers']);
    }
    await shot(a, 'undo-03-after');

    expect(seeker.errors).toEqual([]);
    expect(coach.errors).toEqual([]);
    await coach.context.close();
    await seeker.context.close();
  });
});
