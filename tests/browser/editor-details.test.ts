// Small things a person notices: the job description folds to a chip with the posting's title
// and company once pasted (and stays as they left it), the browser tab names the page, a job's
// Position comes first in the form (the JSON export keeps its order), and the Classic template
// starts its contact line without a separator.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, createResume, signup } from '../harness/api.ts';
import type { TestServer } from '../harness/server.ts';
import { field, newPerson, screenshot, withServerAndChromium } from './browser.ts';
import { RICH_RESUME } from './fixtures-editor.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

const POSTING = 'Senior Data Analyst at Acme Corp\n\nWe are looking for an analyst who knows SQL and Python.\nYou will build dashboards.';

async function openEditor(page: Page, id: string): Promise<void> {
  await page.goto(`/resumes/${id}`);
  await page.getByTestId('connection-state').and(page.locator('[data-state="saved"]')).waitFor({ timeout: 30_000 });
}

describe('editor details', () => {
  it('folds a pasted job description to a chip with its title and company, and remembers the fold', async () => {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie, { title: 'Analyst', jsonResume: { basics: { name: 'Ana Ruiz' } } });
    const person = await newPerson(browser, server, owner);
    const a = person.page;
    await person.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openEditor(a, id);
    // The posting is on the clipboard, as if copied from a job site; the person pastes it.
    await a.evaluate((text) => navigator.clipboard.writeText(text), POSTING);
    await field(a, 'jobDescription').click();
    await a.keyboard.press('Control+V');
    const chip = a.getByTestId('job-chip');
    await chip.waitFor();
    expect(await chip.textContent()).toContain('Senior Data Analyst');
    expect(await chip.textContent()).toContain('Acme Corp');
    expect(await field(a, 'jobDescription').isVisible()).toBe(false);
    await screenshot(a, 'details-job-chip', { selector: '#pane-form' });

    await a.reload();
    await chip.waitFor();
    await chip.getByRole('button', { name: 'Show posting' }).click();
    await field(a, 'jobDescription').waitFor();
    expect(await chip.count()).toBe(0);
    await a.reload();
    await field(a, 'jobDescription').waitFor();
    expect(await chip.count()).toBe(0);
    await a.getByRole('button', { name: 'Fold' }).click();
    await chip.waitFor();
    expect(person.errors).toEqual([]);
    await person.context.close();
  });

  it('names the browser tab after the page and the resume, puts Position first, and starts Classic contacts without a separator', async () => {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie, { title: 'Product engineer', template: 'classic', jsonResume: RICH_RESUME });
    const anonymous = await newPerson(browser, server);
    await anonymous.page.goto('/login');
    await expect.poll(() => anonymous.page.title(), { timeout: 15_000 }).toMatch(/^Log in/);
    await anonymous.context.close();

    const person = await newPerson(browser, server, owner);
    const a = person.page;
    await a.goto('/');
    await expect.poll(() => a.title(), { timeout: 15_000 }).toBe('My resumes');
    await openEditor(a, id);
    await expect.poll(() => a.title(), { timeout: 15_000 }).toBe('Product engineer');
    const title = a.getByLabel('Resume title');
    await title.click();
    await a.keyboard.press('End');
    await a.keyboard.type(' at Acme');
    await a.keyboard.press('Enter');
    await expect.poll(() => a.title(), { timeout: 15_000 }).toBe('Product engineer at Acme');

    // A job's fields start with its position (only the form's order: the export is untouched).
    const firstField = await a.locator('[data-field^="work:"]').first().getAttribute('data-field');
    expect(firstField).toMatch(/^work:[^:]+:position$/);
    const exported = await api(server, 'GET', `/api/resumes/${id}/json`, { cookie: owner.cookie });
    expect((exported.body as { work: unknown[] }).work[0]).toMatchObject(RICH_RESUME.work[0] ?? {});

    // Classic: the first contact of each line has no separator before it; the others do.
    const contacts = a.locator('.rp-classic .rp-contacts').first().locator('.rp-contact');
    await contacts.first().waitFor();
    const before = (i: number) => contacts.nth(i).evaluate((el) => getComputedStyle(el, '::before').content);
    expect(await before(0)).toBe('none');
    expect(await before(1)).not.toBe('none');
    await screenshot(a, 'details-classic-header', { selector: '.rp-header' });
    expect(person.errors).toEqual([]);
    await person.context.close();
  });
});
