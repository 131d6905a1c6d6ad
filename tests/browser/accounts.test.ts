// Accounts in a real browser: a weak password is refused in words on the signup page, and logging
// out deletes the copies of resumes the browser kept for offline editing.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { acceptInvite, api, createResume, signup } from '../harness/api.ts';
import type { TestServer } from '../harness/server.ts';
import { field, newPerson, withServerAndChromium } from './browser.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

async function typeInto(page: Page, label: string, text: string) {
  await page.getByLabel(label).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

const localCopies = (page: Page) =>
  page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('resume:')));

describe('accounts in the browser', () => {
  it('says why a weak password is refused, and logging out forgets the offline copies', async () => {
    const { page, context, errors } = await newPerson(browser, server);
    const username = `lee_${Date.now().toString(36)}`;
    await page.goto('/signup');
    await typeInto(page, 'Email', `${username}@example.com`);
    await typeInto(page, 'Username', username);
    await typeInto(page, 'Password', 'password1');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/password: this password is too easy to guess/i);
    expect(page.url()).toMatch(/\/signup$/);

    await typeInto(page, 'Password', 'harbor-violet-quietly-88');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'My resumes' }).waitFor();
    await typeInto(page, 'Title', 'Kept offline');
    await page.getByRole('button', { name: 'Create resume' }).click();
    await page.waitForURL(/\/resumes\/[0-9a-f-]+$/);
    const resumeId = page.url().split('/').pop() ?? '';
    await field(page, 'basics:basics:name').click();
    await page.keyboard.type('Lee Park');
    await page.getByTestId('connection-state').and(page.locator('[data-state="saved"]')).waitFor({ timeout: 20_000 });
    await expect.poll(() => localCopies(page)).toEqual([`resume:${resumeId}`]);

    await page.getByRole('link', { name: 'All resumes' }).click();
    await page.getByRole('heading', { name: 'My resumes' }).waitFor();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    await expect.poll(() => localCopies(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('removing a member in the Share dialog says their open link was revoked too, and the link leaves the list', async () => {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie, { title: 'Shared by link' });
    const link = await api(server, 'POST', `/api/resumes/${id}/invitations`, { cookie: owner.cookie, body: { role: 'commenter', maxUses: null } });
    const member = await signup(server);
    await acceptInvite(server, member.cookie, (link.body as { token: string }).token);

    const { page, context, errors } = await newPerson(browser, server, owner);
    await page.goto(`/resumes/${id}`);
    await page.getByRole('button', { name: 'Share' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('open-links').getByText('Commenter link').waitFor();
    await dialog.getByRole('button', { name: `Remove ${member.user.username}` }).click();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await dialog.getByTestId('removal-note').getByText('so it was revoked too').waitFor();
    await dialog.getByText('No open links.').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
