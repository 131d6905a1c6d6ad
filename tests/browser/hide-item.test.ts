// Hiding an item in the editor takes it off the printed page (the preview) for everyone in the
// resume while keeping it in the form; showing it puts it back.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createResume, memberWithRole, signup } from '../harness/api.ts';
import type { TestServer } from '../harness/server.ts';
import { newPerson, withServerAndChromium } from './browser.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

describe('hiding an item', () => {
  it('takes it off the preview for everyone and keeps it in the form', async () => {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie, {
      title: 'Two jobs',
      jsonResume: { basics: { name: 'Ana Ruiz' }, work: [{ name: 'Acme Corp', position: 'Engineer' }, { name: 'Globex Summer', position: 'Intern' }] },
    });
    const coach = await memberWithRole(server, owner.cookie, id, 'editor');
    const seeker = await newPerson(browser, server, owner);
    const other = await newPerson(browser, server, coach);
    await Promise.all([seeker.page.goto(`/resumes/${id}`), other.page.goto(`/resumes/${id}`)]);
    const previewOf = (page: typeof seeker.page) => page.getByTestId('preview');
    for (const { page } of [seeker, other]) await expect.poll(() => previewOf(page).textContent(), { timeout: 20_000 }).toContain('Globex Summer');

    await seeker.page.getByRole('button', { name: 'Hide Intern' }).click();
    for (const { page } of [seeker, other]) {
      await expect.poll(() => previewOf(page).textContent(), { timeout: 10_000 }).not.toContain('Globex Summer');
      expect(await previewOf(page).textContent()).toContain('Acme Corp');
      await page.getByText('Hidden from resume').first().waitFor();
    }
    await other.page.getByRole('button', { name: 'Show Intern' }).click();
    await expect.poll(() => previewOf(seeker.page).textContent(), { timeout: 10_000 }).toContain('Globex Summer');
    await seeker.context.close();
    await other.context.close();
  });
});
