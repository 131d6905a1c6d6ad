// The resume list and the ways into the editor: import a JSON Resume file in a chosen template,
// reorder (drag and keyboard), hide, add and remove, export, rename, tailor a copy, delete with
// confirmation, log out; a viewer sees "View only"; errors and an expired login are said in words.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createResume, memberWithRole, signup } from '../harness/api.ts';
import type { TestServer } from '../harness/server.ts';
import { field, fieldText, newPerson, ROOT, screenshot, withServerAndChromium } from './browser.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'resumes', 'senior-engineer.resume.json');
const fixtureName = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { basics: { name: string } }).basics.name;

async function saved(page: Page) {
  await page.locator('[data-testid="connection-state"][data-state="saved"]').waitFor({ timeout: 20_000 });
}

describe('the resume list', () => {
  it('imports a JSON Resume file in a template, edits items and sections, exports, renames, tailors a copy, deletes, logs out', async () => {
    const user = await signup(server);
    const { page, context, errors } = await newPerson(browser, server, user);
    await page.goto('/');
    await page.getByText('No resumes yet').waitFor();

    // From a template (the catalogue comes from GET /api/templates) and a JSON Resume file.
    await page.getByLabel('Template').selectOption('compact');
    await page.getByLabel('JSON Resume file to import').setInputFiles(FIXTURE);
    await page.waitForURL(/\/resumes\/[0-9a-f-]+$/);
    await saved(page);
    await expect.poll(() => page.getByTestId('preview').getAttribute('data-template')).toBe('compact');
    expect(await fieldText(page, 'basics:basics:name')).toBe(fixtureName);
    await expect.poll(() => page.getByTestId('preview').textContent()).toContain(fixtureName);
    const jobs = page.locator('[data-form-section="work"] article h4');
    await expect.poll(() => jobs.count()).toBeGreaterThan(1);
    await screenshot(page, 'editor-imported-resume');

    // Items move by dragging their handle (the preview follows).
    const cards = page.locator('[data-form-section="work"] article');
    const lastJob = await jobs.nth(2).textContent();
    // A tall window keeps both cards on screen (each card shows all its fields).
    await page.setViewportSize({ width: 1440, height: 4000 });
    await cards.nth(2).getByLabel('Drag to reorder').dragTo(cards.nth(0).locator('h4'));
    await expect.poll(() => jobs.nth(0).textContent()).toBe(lastJob);
    await page.setViewportSize({ width: 1440, height: 900 });

    // Dates are month pickers; items move with the keyboard buttons (and the preview follows).
    const start = page.locator('[data-form-section="work"] article').first().locator('[data-field$=":startDate"] input');
    expect(await start.inputValue()).toMatch(/^\d{4}-\d{2}$/);
    const [firstJob, secondJob] = [await jobs.nth(0).textContent(), await jobs.nth(1).textContent()];
    await page.locator('[data-form-section="work"] article').first().getByRole('button', { name: 'Move down' }).click();
    await expect.poll(() => jobs.nth(0).textContent()).toBe(secondJob);
    expect(await jobs.nth(1).textContent()).toBe(firstJob);
    await saved(page);

    // Export as JSON Resume downloads the document as it is now.
    await page.getByRole('button', { name: 'Export' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'JSON Resume' }).click()]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as { basics: { name: string }; work: { position?: string; name?: string }[] };
    expect(exported.basics.name).toBe(fixtureName);
    expect([exported.work[0]?.position, exported.work[0]?.name]).toContain(secondJob);

    // Hide and show a section; add, fill and remove an item.
    const preview = page.getByTestId('preview');
    const skills = page.locator('[data-form-section="skills"]');
    await expect.poll(() => preview.getByRole('region', { name: 'Skills' }).count()).toBe(1);
    await skills.getByRole('button', { name: 'Hide', exact: true }).click();
    await skills.getByText('Hidden from resume').waitFor();
    await expect.poll(() => preview.getByRole('region', { name: 'Skills' }).count()).toBe(0);
    await skills.getByRole('button', { name: 'Show', exact: true }).click();
    await expect.poll(() => preview.getByRole('region', { name: 'Skills' }).count()).toBe(1);

    const languages = page.locator('[data-form-section="languages"]');
    const before = await languages.locator('article').count();
    await languages.getByRole('button', { name: '+ Add language' }).click();
    await page.keyboard.type('Esperanto');
    await expect.poll(() => preview.textContent()).toContain('Esperanto');
    await languages.getByRole('button', { name: 'Remove Esperanto' }).click();
    await expect.poll(() => languages.locator('article').count()).toBe(before);
    await expect.poll(() => preview.textContent()).not.toContain('Esperanto');
    await saved(page);

    await page.getByRole('link', { name: 'All resumes' }).click();
    const imported = `${fixtureName} — resume`;
    await page.getByRole('link', { name: imported }).waitFor();

    await page.getByRole('button', { name: `Rename ${imported}` }).click();
    await page.getByLabel('New title').fill('Staff engineer — storage');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: 'Staff engineer — storage' }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: 'Staff engineer — storage' }).waitFor();

    await page.getByRole('button', { name: 'Tailor a copy of Staff engineer — storage for a job' }).click();
    await page.waitForURL(/\/resumes\/[0-9a-f-]+$/);
    await expect.poll(() => page.getByLabel('Resume title').inputValue()).toBe('Staff engineer — storage (tailored copy)');
    await saved(page);
    expect(await fieldText(page, 'basics:basics:name')).toBe(fixtureName);

    await page.goto('/');
    const copy = 'Staff engineer — storage (tailored copy)';
    await page.getByRole('button', { name: `Delete ${copy}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this resume?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByRole('link', { name: copy }).count()).toBe(1);
    await page.getByRole('button', { name: `Delete ${copy}` }).click();
    await dialog.getByRole('button', { name: 'Delete resume' }).click();
    await expect.poll(() => page.getByRole('link', { name: copy }).count()).toBe(0);
    await page.reload();
    await page.getByRole('link', { name: 'Staff engineer — storage' }).waitFor();
    expect(await page.getByRole('link', { name: copy }).count()).toBe(0);

    // The service worker keeps the template catalogue (stale-while-revalidate).
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await page.getByLabel('Template').locator('option', { hasText: 'Executive' }).waitFor({ state: 'attached' });
    await expect
      .poll(() => page.evaluate(() => caches.open('resume-builder-v1').then((c) => c.match('/api/templates')).then((r) => r?.json() as Promise<{ id: string }[]> | undefined)))
      .toEqual(expect.arrayContaining([expect.objectContaining({ id: 'executive' })]));

    // Logging out ends the session: the list now sends the person to the login page.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto('/');
    await page.waitForURL(/\/login$/);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a viewer the resume read-only, with "View only"', async () => {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie, { title: 'Shared to read', jsonResume: { basics: { name: 'Ana Ruiz' } } });
    const viewer = await memberWithRole(server, owner.cookie, id, 'viewer');
    const { page, context } = await newPerson(browser, server, viewer);
    await page.goto(`/resumes/${id}`);
    await page.getByTestId('view-only').waitFor();
    await saved(page);
    await field(page, 'basics:basics:name').click();
    await page.keyboard.type('XYZ');
    expect(await fieldText(page, 'basics:basics:name')).toBe('Ana Ruiz');
    expect(await page.getByRole('button', { name: /^\+ Add/ }).count()).toBe(0);
    await context.close();
  });

  it('says in words when a resume is out of reach, and brings an expired login back to where it was', async () => {
    const user = await signup(server);
    const { id } = await createResume(server, user.cookie, { title: 'After login' });
    const { page, context } = await newPerson(browser, server, user);
    await page.goto(`/resumes/${randomUUID()}`);
    await page.getByRole('alert').filter({ hasText: "You don't have access to this, or it doesn't exist." }).waitFor();
    await page.getByRole('link', { name: 'Back to my resumes' }).waitFor();

    await context.clearCookies();
    await page.goto(`/resumes/${id}`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Email').fill(user.user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(new RegExp(`/resumes/${id}$`));
    await saved(page);
    await context.close();
  });
});
