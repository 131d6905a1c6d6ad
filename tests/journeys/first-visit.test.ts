// A job seeker's first visit, by mouse and keyboard only: sign up, create a resume, fill every
// section (three highlights a job, keywords, courses, roles), paste a job posting, read the
// analysis, switch templates, export the PDF and read it back, and open a public link elsewhere.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { readPdf } from '../harness/pdf-text.ts';
import type { TestServer } from '../harness/server.ts';
import { withServerAndChromium } from '../browser/browser.ts';
import { focusedField, person, shot, signUpByKeyboard, typeInto, waitSaved } from './journey.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

const POSTING = [
  'Senior Frontend Engineer',
  'Northwind Payments',
  '',
  'We are hiring a frontend engineer to build our checkout in TypeScript and React.',
  'Requirements: 5+ years with TypeScript, React and GraphQL; experience with accessibility and design systems.',
  'Nice to have: Node.js, PostgreSQL and mentoring.',
].join('\n');

const section = (page: Page, id: string) => page.locator(`[data-form-section="${id}"]`);
const box = (scope: Locator, label: string) => scope.getByRole('textbox', { name: label, exact: true });

/** Adds an item to a section with its button and returns the new (last) item. */
async function addItem(page: Page, sectionId: string, button: string): Promise<Locator> {
  const items = section(page, sectionId).locator('[data-item]');
  const before = await items.count();
  await section(page, sectionId).getByRole('button', { name: button }).click();
  await expect.poll(() => items.count()).toBe(before + 1);
  return items.last();
}

/** Types the entries of a string list: the first after its Add button, the rest after Enter. */
async function typeList(page: Page, item: Locator, addButton: RegExp, entries: string[]): Promise<void> {
  await item.getByRole('button', { name: addButton }).click();
  for (const [i, entry] of entries.entries()) {
    if (i > 0) await page.keyboard.press('Enter');
    await page.keyboard.type(entry);
  }
}

/** The entries a list field shows, in order. */
async function listEntries(item: Locator, label: string): Promise<string[]> {
  return item.getByRole('group', { name: label }).locator('.cm-content').evaluateAll((els) =>
    els.map((el) => Array.from(el.querySelectorAll('.cm-line'), (l) => l.textContent ?? '').join('\n')),
  );
}

async function typeFields(page: Page, item: Locator, values: Record<string, string>): Promise<void> {
  for (const [label, text] of Object.entries(values)) await typeInto(page, box(item, label), text);
}

describe("a job seeker's first visit", () => {
  it('builds a whole resume by keyboard, gets an analysis, exports a PDF and shares a public link', async () => {
    const seeker = await person(browser, server);
    const { page } = seeker;
    await seeker.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });

    await signUpByKeyboard(page, `maya_${Date.now().toString(36)}`);
    await shot(page, 'first-visit-01-list-empty');
    await typeInto(page, page.getByLabel('Title'), 'Maya Lee — Frontend');
    await page.getByRole('button', { name: 'Create resume' }).click();
    await page.waitForURL(/\/resumes\/[0-9a-f-]+$/);
    await waitSaved(page);

    // Basics.
    const basics = section(page, 'basics');
    await typeFields(page, basics, { Name: 'Maya Lee', Headline: 'Frontend Engineer', Email: 'maya@example.com', Phone: '+1 555 0100' });
    await typeInto(page, box(basics, 'Summary'), 'Frontend engineer who ships accessible checkout flows in TypeScript and React.');
    const profile = await addItem(page, 'basics', '+ Add profile');
    await typeFields(page, profile, { Network: 'GitHub', Username: 'mayalee' });
    await shot(page, 'first-visit-02-basics');

    // Two jobs, three highlights each, typed one after another with Enter.
    const jobs = [
      { Position: 'Senior Frontend Engineer', Company: 'Acme Pay', highlights: ['Rebuilt checkout in React and TypeScript', 'Cut page weight by 40%', 'Mentored four engineers'] },
      { Position: 'Frontend Engineer', Company: 'Globex', highlights: ['Built the design system', 'Added GraphQL to the web app', 'Raised accessibility to WCAG AA'] },
    ];
    for (const job of jobs) {
      const item = await addItem(page, 'work', '+ Add position');
      await typeFields(page, item, { Position: job.Position, Company: job.Company });
      await typeList(page, item, /Add highlight/, job.highlights);
      expect(await focusedField(page)).not.toBe('BODY');
      expect(await listEntries(item, 'Highlights')).toEqual(job.highlights);
    }
    await shot(page, 'first-visit-03-work');

    const school = await addItem(page, 'education', '+ Add education');
    await typeFields(page, school, { Institution: 'University of Lisbon', 'Field of study': 'Computer Science', Degree: 'BSc' });
    await typeList(page, school, /Add course/, ['Algorithms', 'Human–computer interaction']);
    expect(await listEntries(school, 'Courses')).toEqual(['Algorithms', 'Human–computer interaction']);

    const skill = await addItem(page, 'skills', '+ Add skill');
    await typeFields(page, skill, { Skill: 'Frontend' });
    await typeList(page, skill, /Add keyword/, ['TypeScript', 'React', 'GraphQL', 'Accessibility']);
    expect(await listEntries(skill, 'Keywords')).toEqual(['TypeScript', 'React', 'GraphQL', 'Accessibility']);

    const project = await addItem(page, 'projects', '+ Add project');
    await typeFields(page, project, { Project: 'Open checkout kit', Description: 'An accessible checkout component library.' });
    await typeList(page, project, /Add role/, ['Maintainer', 'Designer']);
    expect(await listEntries(project, 'Roles')).toEqual(['Maintainer', 'Designer']);

    await typeFields(page, await addItem(page, 'volunteer', '+ Add volunteering'), { Organisation: 'Code Club', Position: 'Mentor' });
    await typeFields(page, await addItem(page, 'awards', '+ Add award'), { Title: 'Hackathon winner', 'Awarded by': 'JSConf' });
    await typeFields(page, await addItem(page, 'certificates', '+ Add certificate'), { Certificate: 'AWS Cloud Practitioner', Issuer: 'Amazon' });
    await typeFields(page, await addItem(page, 'publications', '+ Add publication'), { Title: 'Accessible forms at scale', Publisher: 'Smashing' });
    await typeFields(page, await addItem(page, 'languages', '+ Add language'), { Language: 'Portuguese', Fluency: 'Native' });
    await typeFields(page, await addItem(page, 'interests', '+ Add interest'), { Interest: 'Climbing' });
    await typeFields(page, await addItem(page, 'references', '+ Add reference'), { Name: 'Ana Ruiz' });
    await waitSaved(page);
    await shot(page, 'first-visit-04-every-section');

    // The preview shows what was typed.
    const preview = page.getByTestId('preview');
    for (const text of ['Maya Lee', 'Mentored four engineers', 'Raised accessibility to WCAG AA', 'Human–computer interaction', 'GraphQL', 'Maintainer', 'Climbing']) {
      await preview.getByText(text, { exact: false }).first().waitFor({ timeout: 20_000 });
    }

    // A job posting, pasted; the analysis then runs by itself.
    await page.evaluate((text) => navigator.clipboard.writeText(text), POSTING);
    await page.locator('[data-field="jobDescription"] .cm-content').click();
    await page.keyboard.press('Control+V');
    const score = page.getByTestId('analysis-score');
    await score.waitFor({ timeout: 60_000 });
    expect(await score.textContent()).toMatch(/\d+\/100/);
    await shot(page, 'first-visit-05-analysis');

    // Another template, chosen with the keyboard.
    const picker = page.getByLabel('Template');
    const before = await picker.inputValue();
    await picker.click();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => picker.inputValue()).not.toBe(before);
    await waitSaved(page);
    await shot(page, 'first-visit-06-template');

    // The PDF holds what was typed.
    await page.getByRole('button', { name: 'Export' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^PDF/ }).first().click()]);
    const pdf = await readPdf(await readFile(await download.path()));
    for (const text of ['Maya Lee', 'Acme Pay', 'Cut page weight by 40%', 'University of Lisbon', 'Accessibility']) expect(pdf.text).toContain(text);

    // A public link, opened by someone with no account.
    await page.getByRole('button', { name: 'Public link' }).click();
    await page.getByRole('button', { name: 'Turn on public link' }).click();
    const url = await page.getByLabel('Anyone with this link can view and download your resume').inputValue();
    expect(url).toMatch(/\/p\/[\w-]+$/);
    await shot(page, 'first-visit-07-public-link');
    const stranger = await person(browser, server);
    await stranger.page.goto(url);
    await stranger.page.getByTestId('preview').getByRole('heading', { name: 'Maya Lee' }).waitFor();
    await stranger.page.getByTestId('preview').getByText('Mentored four engineers').waitFor();
    await shot(stranger.page, 'first-visit-08-public-page');

    expect(seeker.errors).toEqual([]);
    expect(stranger.errors).toEqual([]);
    await stranger.context.close();
    await seeker.context.close();
  });
});
