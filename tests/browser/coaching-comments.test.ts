// A coach and a job seeker in two real browsers: the coach (a commenter) selects words in a
// bullet, comments on them and suggests a replacement; the owner sees both appear live in the
// field and in the Comments tab, accepts the suggestion in the text, and both read the new text
// with the comment still on its words. A viewer reads the comment but gets no way to add one.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createResume, memberWithRole, signup } from '../harness/api.ts';
import type { TestServer } from '../harness/server.ts';
import { field, newPerson, screenshot, withServerAndChromium } from './browser.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

const BULLET = 'Led a team of four engineers shipping the checkout';

/** Selects `[start, start + length)` of a field with the keyboard, as a person does. */
async function select(page: Page, fieldId: string, start: number, length: number): Promise<void> {
  await field(page, fieldId).click();
  await page.keyboard.press('Control+Home'); // the start of the text (Home is the start of the wrapped line)
  for (let i = 0; i < start; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < length; i++) await page.keyboard.press('Shift+ArrowRight');
}

/** The text a field marks with `selector` (overlapping marks split it into pieces). */
const marked = (page: Page, fieldId: string, selector: '.cm-comment' | '.cm-suggest-del') =>
  page.locator(`[data-field="${fieldId}"] ${selector}`).evaluateAll((els) =>
    els
      .map((el) => {
        const copy = el.cloneNode(true) as Element;
        copy.querySelectorAll('.cm-suggestion, .cm-ySelectionCaret').forEach((n) => n.remove());
        return copy.textContent ?? '';
      })
      .join('')
      .replace(/\u2060/g, ''),
  );

/** The field's own text, without the suggestion widgets drawn into it. */
const ownText = (page: Page, fieldId: string) =>
  field(page, fieldId).evaluate((el) => {
    const copy = el.cloneNode(true) as Element;
    copy.querySelectorAll('.cm-suggestion, .cm-ySelectionCaret, .cm-placeholder').forEach((n) => n.remove());
    return (copy.textContent ?? '').replace(/\u2060/g, '');
  });

describe('comments and suggestions in the browser', () => {
  it('a coach comments and suggests, the owner sees both live and accepts, and both read the new text', async () => {
    const owner = await signup(server, `maya_${Date.now().toString(36)}`);
    const { id } = await createResume(server, owner.cookie, {
      title: 'Coached resume',
      jsonResume: { basics: { name: 'Maya Lee', summary: 'Product engineer.' }, work: [{ name: 'Acme', position: 'Engineer', highlights: [BULLET] }] },
    });
    const coachUser = await memberWithRole(server, owner.cookie, id, 'commenter');
    const viewerUser = await memberWithRole(server, owner.cookie, id, 'viewer');
    const seeker = await newPerson(browser, server, owner);
    const coach = await newPerson(browser, server, coachUser);
    const viewer = await newPerson(browser, server, viewerUser);
    await Promise.all([seeker, coach, viewer].map(({ page }) => page.goto(`/resumes/${id}`)));
    const bulletId = await coach.page.locator('[data-field^="work:"][data-field$=":highlights.0"]').getAttribute('data-field');
    if (!bulletId) throw new Error('the bullet field is missing');
    for (const { page } of [seeker, coach]) await page.getByRole('tab', { name: 'Comments' }).click();
    await coach.page.getByText('Select text in any field').waitFor();

    // The coach selects "four engineers" and comments on it, mentioning the owner.
    await select(coach.page, bulletId, BULLET.indexOf('four'), 'four engineers'.length);
    const actions = coach.page.getByRole('toolbar', { name: 'Selected text' });
    await actions.waitFor();
    await screenshot(coach.page, 'coaching-selection-actions', { selector: '[data-form-section="work"]' });
    await actions.getByRole('button', { name: 'Comment' }).click();
    const composer = coach.page.getByTestId('composer');
    await composer.getByText('Comment on “four engineers”').or(composer.getByText('Comment on "four engineers"')).or(composer.locator('q', { hasText: 'four engineers' })).first().waitFor();
    const box = composer.getByRole('combobox', { name: 'Comment' });
    await box.pressSequentially('How many people used it? @ma');
    await composer.getByRole('option', { name: `@${owner.user.username}` }).click();
    await box.pressSequentially('can you add a number?');
    await screenshot(coach.page, 'coaching-composer', { selector: `[data-field="${bulletId}"]` });
    await composer.getByRole('button', { name: 'Comment', exact: true }).click();
    await composer.waitFor({ state: 'detached' });

    // Then suggests a shorter opening for "Led a team of four".
    await select(coach.page, bulletId, 0, 'Led a team of four'.length);
    await coach.page.getByRole('toolbar', { name: 'Selected text' }).getByRole('button', { name: 'Suggest' }).click();
    await coach.page.getByLabel('Replace with').fill('Managed four');
    await coach.page.getByLabel('Why (optional)').fill('Say the size plainly.');
    await coach.page.getByTestId('composer').getByRole('button', { name: 'Suggest' }).click();
    await coach.page.getByTestId('composer').waitFor({ state: 'detached' });

    // The owner sees both, live: the highlighted words and the proposed change in the field, and
    // the thread and the suggestion in the Comments tab.
    const ownerField = seeker.page.locator(`[data-field="${bulletId}"]`);
    await expect.poll(() => marked(seeker.page, bulletId, '.cm-comment'), { timeout: 20_000 }).toBe('four engineers');
    const widget = ownerField.locator('.cm-suggestion');
    await widget.waitFor();
    expect(await widget.textContent()).toContain('Managed four');
    expect(await widget.textContent()).toContain(coachUser.user.username);
    expect(await marked(seeker.page, bulletId, '.cm-suggest-del')).toBe('Led a team of four');
    const panel = seeker.page.getByTestId('comments-panel');
    await panel.getByTestId('thread').getByText(`@${owner.user.username}`).waitFor();
    expect(await panel.getByTestId('thread').textContent()).toContain('How many people used it?');
    expect(await panel.getByTestId('suggestion').textContent()).toContain('Say the size plainly.');
    await screenshot(seeker.page, 'coaching-owner-field', { selector: `[data-field="${bulletId}"]` });
    await screenshot(seeker.page, 'coaching-owner-panel', { selector: '[data-testid="comments-panel"]' });
    await screenshot(seeker.page, 'coaching-owner-editor');

    // The viewer reads the comment; selecting text offers nothing to a viewer.
    const viewerField = viewer.page.locator(`[data-field="${bulletId}"]`);
    await expect.poll(() => marked(viewer.page, bulletId, '.cm-comment'), { timeout: 20_000 }).toBe('four engineers');
    await select(viewer.page, bulletId, 0, 3);
    expect(await viewer.page.getByRole('toolbar', { name: 'Selected text' }).count()).toBe(0);
    expect(await viewerField.locator('.cm-suggestion button').count()).toBe(0);

    // The owner accepts it in the text; both read the new words, and the comment keeps its words.
    await widget.getByRole('button', { name: `Accept suggestion by ${coachUser.user.username}` }).click();
    const expected = 'Managed four engineers shipping the checkout';
    for (const { page } of [seeker, coach]) {
      await expect.poll(() => ownText(page, bulletId), { timeout: 20_000 }).toBe(expected);
      expect(await marked(page, bulletId, '.cm-comment')).toBe('four engineers');
      expect(await page.locator(`[data-field="${bulletId}"] .cm-suggestion`).count()).toBe(0);
    }
    await coach.page.getByTestId('comments-panel').getByTestId('suggestion').waitFor({ state: 'detached' });
    await screenshot(coach.page, 'coaching-after-accept', { selector: `[data-field="${bulletId}"]` });

    for (const person of [seeker, coach, viewer]) {
      expect(person.errors).toEqual([]);
      await person.context.close();
    }
  });
});
