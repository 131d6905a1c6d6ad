// Sharing in two real browsers: the owner invites a coach by link from the Share dialog, the coach
// joins as a commenter and cannot type; the owner makes them an editor and then a viewer while
// the coach has the resume open — the coach's editor follows at once — and finally removes them.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createResume, signup } from '../harness/api.ts';
import type { TestServer } from '../harness/server.ts';
import { field, fieldText, newPerson, screenshot, withServerAndChromium } from './browser.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

const NAME = 'basics:basics:name';

async function saved(page: Page) {
  await page.getByTestId('connection-state').and(page.locator('[data-state="saved"]')).waitFor({ timeout: 20_000 });
}

describe('sharing a resume with a coach', () => {
  it('invites by link, enforces the role in the editor, and follows role changes and removal live', async () => {
    const owner = await signup(server);
    const coachUser = await signup(server);
    const { id } = await createResume(server, owner.cookie, { title: 'Data analyst', jsonResume: { basics: { name: 'Ana Ruiz' } } });
    const seeker = await newPerson(browser, server, owner);
    const a = seeker.page;
    await a.goto(`/resumes/${id}`);
    await saved(a);

    // A commenter link for one person, valid a week.
    await a.getByRole('button', { name: 'Share' }).click();
    const dialog = a.getByRole('dialog', { name: /Share/ });
    await dialog.getByRole('radio', { name: /Commenter/ }).check();
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const url = await dialog.getByLabel(/Send this link/).inputValue();
    expect(url).toMatch(/\/invite\/[\w-]{43}$/);
    await expect.poll(() => dialog.getByTestId('open-links').textContent()).toContain('Commenter link');
    await screenshot(a, 'share-dialog');

    // The coach opens the link and lands in the resume, read-only.
    const coach = await newPerson(browser, server, coachUser);
    const b = coach.page;
    await b.goto(url);
    await b.waitForURL(new RegExp(`/resumes/${id}$`));
    await b.getByTestId('view-only').waitFor();
    await field(b, NAME).click();
    await b.keyboard.type('XYZ');
    expect(await fieldText(b, NAME)).toBe('Ana Ruiz');
    // The used link is gone from the owner's open links, the coach is among the people.
    await expect.poll(() => dialog.getByTestId('members').textContent(), { timeout: 10_000 }).toContain(coachUser.user.username);
    await expect.poll(() => dialog.textContent()).toContain('No open links');

    // Made an editor while the resume is open: the coach can type at once, without a reload.
    await dialog.getByLabel(`Role of ${coachUser.user.username}`).selectOption('editor');
    await expect.poll(() => b.getByTestId('view-only').count(), { timeout: 10_000 }).toBe(0);
    await field(b, NAME).click();
    await b.keyboard.press('End');
    await b.keyboard.type(' Pérez');
    await expect.poll(() => fieldText(a, NAME), { timeout: 10_000 }).toBe('Ana Ruiz Pérez');

    // Made a viewer: the editor turns read-only and says why.
    await dialog.getByLabel(`Role of ${coachUser.user.username}`).selectOption('viewer');
    await b.getByTestId('view-only').waitFor({ timeout: 10_000 });
    await expect.poll(() => b.getByTestId('problem').textContent()).toContain('changed your role to viewer');
    await field(b, NAME).click();
    await b.keyboard.type('!!!');
    expect(await fieldText(b, NAME)).toBe('Ana Ruiz Pérez');
    await saved(b); // everything typed while an editor is on the server
    await screenshot(b, 'coach-made-viewer');

    // Removed: the coach's editor says so, and nothing they do reaches the resume.
    await dialog.getByRole('button', { name: `Remove ${coachUser.user.username}` }).click();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => b.getByTestId('problem').textContent(), { timeout: 10_000 }).toContain('access to this resume was removed');
    await expect.poll(() => dialog.getByTestId('members').textContent()).not.toContain(coachUser.user.username);
    await screenshot(b, 'coach-removed');
    expect(seeker.errors).toEqual([]);
    expect(coach.errors).toEqual([]);
    await seeker.context.close();
    await coach.context.close();
  });
});
