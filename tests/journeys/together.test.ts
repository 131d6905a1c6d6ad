// A coach and a job seeker in one job at once: while one types a highlight, the other types in
// another highlight of the same job, adds and removes a sibling entry and reorders the jobs.
// Both end with the same text, and neither loses focus or a character.
import { describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { createResume, signup } from '../harness/api.ts';
import type { TestServer } from '../harness/server.ts';
import { withServerAndChromium } from '../browser/browser.ts';
import { focusedField, person, shot, textOf, waitSaved } from './journey.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

const job = (page: Page, position: string) => page.locator('[data-form-section="work"] [data-item]').filter({ has: page.getByText(position, { exact: true }) }).first();
const highlights = (item: Locator) => item.getByRole('group', { name: 'Highlights' }).locator('.cm-content');

/** Every highlight of every job as a person reads it in the form, jobs in order. */
async function workAsShown(page: Page): Promise<string[][]> {
  const items = page.locator('[data-form-section="work"] [data-item]');
  const out: string[][] = [];
  for (let i = 0; i < (await items.count()); i++) {
    const fields = highlights(items.nth(i));
    const texts: string[] = [];
    for (let j = 0; j < (await fields.count()); j++) texts.push(await textOf(fields.nth(j)));
    out.push(texts);
  }
  return out;
}

describe('a coach and a job seeker editing one job at once', () => {
  it('keep every character and their focus while the other adds, removes and reorders', async () => {
    const owner = await signup(server);
    const { id } = await createResume(server, owner.cookie, {
      title: 'Sam — together',
      jsonResume: {
        basics: { name: 'Sam Okafor' },
        work: [
          { name: 'Acme Pay', position: 'Lead Engineer', highlights: ['Led ', 'Ran '] },
          { name: 'Globex', position: 'Engineer', highlights: ['Built the API'] },
        ],
      },
    });
    const seeker = await person(browser, server, { user: owner });
    await seeker.page.goto(`/resumes/${id}`);
    await waitSaved(seeker.page);

    // The seeker shares an editor link from the editor; the coach opens it.
    const coachUser = await signup(server);
    await seeker.page.getByRole('button', { name: 'Share' }).click();
    const dialog = seeker.page.getByRole('dialog', { name: /Share/ });
    await dialog.getByRole('radio', { name: /Editor/ }).check();
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const inviteUrl = await dialog.getByLabel(/Send this link/).inputValue();
    await dialog.getByRole('button', { name: 'Close' }).click();
    const coach = await person(browser, server, { user: coachUser });
    await coach.page.goto(inviteUrl);
    await coach.page.waitForURL(new RegExp(`/resumes/${id}$`));
    await waitSaved(coach.page);

    const seekerJob = job(seeker.page, 'Lead Engineer');
    const coachJob = job(coach.page, 'Lead Engineer');
    await highlights(seekerJob).first().click();
    await seeker.page.keyboard.press('End');
    await highlights(coachJob).nth(1).click();
    await coach.page.keyboard.press('End');

    const seekerWords = 'the checkout rebuild with four engineers and shipped it in six weeks';
    const coachWords = 'the weekly design review for the whole frontend guild';
    const seekerTyping = seeker.page.keyboard.type(seekerWords, { delay: 25 });
    const coachWork = (async () => {
      await coach.page.keyboard.type(coachWords.slice(0, 20), { delay: 25 });
      // A new sibling entry, typed into, then removed again.
      await coachJob.getByRole('button', { name: /Add highlight/ }).click();
      await coach.page.keyboard.type('Temporary', { delay: 25 });
      await coachJob.getByRole('button', { name: 'Remove highlight 3' }).click();
      // The jobs change order.
      await job(coach.page, 'Engineer').getByRole('button', { name: 'Move up' }).click();
      await highlights(job(coach.page, 'Lead Engineer')).nth(1).click();
      await coach.page.keyboard.press('End');
      await coach.page.keyboard.type(coachWords.slice(20), { delay: 25 });
    })();
    await Promise.all([seekerTyping, coachWork]);
    // The seeker never left the field they were typing in.
    expect(await focusedField(seeker.page)).toBe('Highlights 1');
    expect(await focusedField(coach.page)).toBe('Highlights 2');

    const expected = [['Built the API'], [`Led ${seekerWords}`, `Ran ${coachWords}`]];
    await Promise.all([waitSaved(seeker.page), waitSaved(coach.page)]);
    await expect.poll(() => workAsShown(seeker.page), { timeout: 20_000 }).toEqual(expected);
    await expect.poll(() => workAsShown(coach.page), { timeout: 20_000 }).toEqual(expected);
    await shot(seeker.page, 'together-seeker');
    await shot(coach.page, 'together-coach');

    expect(seeker.errors).toEqual([]);
    expect(coach.errors).toEqual([]);
    await coach.context.close();
    await seeker.context.close();
  });
});
