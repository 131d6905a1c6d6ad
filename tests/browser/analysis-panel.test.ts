// The Analysis tab in a real browser: paste a job description, stop typing, and the score, the
// missing keywords and the checks appear by themselves; a second person in the resume sees the
// same analysis arrive live; "Show where" takes you to the field that matched.
import { describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createResume, memberWithRole, signup } from '../harness/api.ts';
import type { TestServer } from '../harness/server.ts';
import { field, newPerson, screenshot, withServerAndChromium } from './browser.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

describe('the analysis panel', () => {
  it('scores the resume against the pasted job by itself and shows it to everyone in the resume', async () => {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie, {
      title: 'Analysed',
      jsonResume: {
        basics: { name: 'Ana Ruiz', email: 'ana@example.com', summary: 'Frontend engineer building React apps.' },
        work: [{ name: 'Acme', position: 'Engineer', startDate: '2019-01', highlights: ['Built React dashboards used by 2,000 people'] }],
      },
    });
    const coach = await memberWithRole(server, owner.cookie, id, 'commenter');
    const seeker = await newPerson(browser, server, owner);
    const watcher = await newPerson(browser, server, coach);
    await Promise.all([seeker.page.goto(`/resumes/${id}`), watcher.page.goto(`/resumes/${id}`)]);
    await seeker.page.getByText('Paste the job posting into').waitFor();

    await field(seeker.page, 'jobDescription').click();
    await seeker.page.keyboard.type('Frontend Engineer. You must have React and TypeScript. GraphQL is a plus.');

    for (const { page } of [seeker, watcher]) {
      const score = page.getByTestId('analysis-score');
      await score.waitFor({ timeout: 30_000 });
      expect(await score.textContent()).toMatch(/\d+\s*\/100/);
      const panel = page.getByTestId('analysis-panel');
      await expect.poll(() => panel.textContent()).toContain('TypeScript');
      expect(await panel.textContent()).toContain('Not in your resume');
      expect(await panel.textContent()).toContain('Checks');
    }
    // Asking for one counts against the person's own use, which the panel shows.
    const used = async () => Number(/Your use today: (\d+)/.exec((await seeker.page.getByTestId('analysis-usage').textContent()) ?? '')?.[1] ?? NaN);
    await expect.poll(used, { timeout: 20_000 }).toBeGreaterThan(0);
    const before = await used();
    await seeker.page.getByRole('button', { name: 'Analyse now' }).click();
    await expect.poll(used, { timeout: 20_000 }).toBe(before + 1);
    await screenshot(seeker.page, 'analysis-panel', { selector: '[data-testid="analysis-panel"]' });

    // "Show where" on a matched keyword puts the caret in the field that matched.
    const found = seeker.page.locator('[data-testid="analysis-panel"] li.found', { hasText: 'React' });
    await found.getByRole('button', { name: 'Show where' }).click();
    await expect
      .poll(() => seeker.page.evaluate(() => document.activeElement?.closest('[data-field]')?.getAttribute('data-field') ?? ''))
      .toMatch(/^(basics|work):/);

    // The list shows the latest score next to the resume.
    const shown = /(\d+)\/100/.exec((await seeker.page.getByTestId('analysis-score').textContent()) ?? '')?.[1];
    await seeker.page.goto('/');
    await expect.poll(() => seeker.page.getByTestId('resume-score').textContent(), { timeout: 10_000 }).toBe(`match score ${shown}/100`);

    await seeker.context.close();
    await watcher.context.close();
  });
});
