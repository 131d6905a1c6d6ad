// Errors in the editor are said in words: a role taken away mid-edit turns the fields read-only
// with "View only", a document over the size limit says so, a deleted or revoked resume says so.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, createResume, memberWithRole, signup } from '../harness/api.ts';
import type { TestServer } from '../harness/server.ts';
import { field, fieldText, newPerson, withServerAndChromium } from './browser.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

async function saved(page: Page) {
  await page.locator('[data-testid="connection-state"][data-state="saved"]').waitFor({ timeout: 20_000 });
}
const problem = (page: Page) => page.getByTestId('problem');

describe('errors in the editor', () => {
  it('turns the fields read-only with "View only" when the role is taken away mid-edit, and nothing typed after reaches the resume', async () => {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie, { title: 'Demoted', jsonResume: { basics: { name: 'Ana Ruiz' } } });
    const editor = await memberWithRole(server, owner.cookie, id, 'editor');
    const { page, context } = await newPerson(browser, server, editor);
    await page.goto(`/resumes/${id}`);
    await saved(page);

    // The person types just as the demotion lands: the editor hears of it live (socket.io) or from
    // the server refusing the keystroke, whichever comes first; the server keeps none of it.
    await field(page, 'basics:basics:name').click();
    await page.keyboard.press('End');
    const demoted = await api(server, 'PATCH', `/api/resumes/${id}/members/${editor.user.id}`, { cookie: owner.cookie, body: { role: 'viewer' } });
    expect(demoted.status).toBe(200);
    await page.keyboard.type('!');
    await expect.poll(() => problem(page).textContent(), { timeout: 10_000 }).toContain('View only');
    await page.getByTestId('view-only').waitFor();
    const shown = await fieldText(page, 'basics:basics:name');
    await page.keyboard.type('more');
    expect(await fieldText(page, 'basics:basics:name')).toBe(shown);
    const stored = await api(server, 'GET', `/api/resumes/${id}/json`, { cookie: owner.cookie });
    expect((stored.body as { basics: { name: string } }).basics.name).toBe('Ana Ruiz');
    await context.close();
  });

  it('says when the document is too large to save', async () => {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie, { title: 'Huge' });
    const { page, context } = await newPerson(browser, server, owner);
    await page.goto(`/resumes/${id}`);
    await saved(page);
    await field(page, 'jobDescription').click();
    // Over the 1 MiB frame limit in one paste (a real paste event, as the clipboard delivers it).
    await field(page, 'jobDescription').evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/plain', `${'Responsible for a very long list of duties. '.repeat(30)}\n`.repeat(1000));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => problem(page).textContent(), { timeout: 15_000 }).toContain('too large');
    expect(await page.getByTestId('connection-state').getAttribute('data-state')).not.toBe('saved');
    await context.close();
  });

  it('says when the resume was deleted while open', async () => {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie, { title: 'Going away' });
    const { page, context } = await newPerson(browser, server, owner);
    await page.goto(`/resumes/${id}`);
    await saved(page);
    expect((await api(server, 'DELETE', `/api/resumes/${id}`, { cookie: owner.cookie })).status).toBe(204);
    await expect.poll(() => problem(page).textContent(), { timeout: 10_000 }).toContain('deleted');
    await page.getByTestId('view-only').waitFor();
    await context.close();
  });
});
