// A job seeker and a coach edit one resume live in two real browsers: sign-up and create in the
// UI, concurrent typing into one multi-line and one short field, each other's carets and names,
// an offline stretch that merges on reconnect, the preview, reloads, and screenshots of it all.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { signup } from '../harness/api.ts';
import type { TestServer } from '../harness/server.ts';
import { field, fieldText, newPerson, ROOT, screenshot, withServerAndChromium } from './browser.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

const NAME = 'basics:basics:name';
const HEADLINE = 'basics:basics:label';
const SUMMARY = 'basics:basics:summary';
const JOB = 'jobDescription';

const state = (page: Page) => page.getByTestId('connection-state');
async function saved(page: Page) {
  await page.getByTestId('connection-state').and(page.locator('[data-state="saved"]')).waitFor({ timeout: 20_000 });
}
async function expectText(page: Page, fieldId: string, text: string) {
  await page
    .waitForFunction(
    ([id, want]) => {
      const el = document.querySelector(`[data-field="${id}"] .cm-content`);
      if (!el) return false;
      // The text itself: remote caret flags and the placeholder are decorations, not content.
      const lines = Array.from(el.querySelectorAll('.cm-line'), (line) => {
        const copy = line.cloneNode(true) as Element;
        copy.querySelectorAll('.cm-ySelectionCaret, .cm-placeholder').forEach((n) => n.remove());
        return (copy.textContent ?? '').replace(/\u2060/g, '');
      });
      return lines.join('\n') === want;
    },
    [fieldId, text] as const,
    { timeout: 20_000 },
  )
    .catch(async (err: unknown) => {
      throw new Error(`${fieldId} never read "${text}"; it reads "${await fieldText(page, fieldId).catch(() => '(missing)')}"`, { cause: err });
    });
}

describe('editing a resume together in the browser', () => {
  it('merges live typing, shows who is where, survives offline and reload, and previews it', async () => {
    // The job seeker signs up and creates a resume in the UI.
    const seeker = await newPerson(browser, server);
    const a = seeker.page;
    const username = `maya_${Date.now().toString(36)}`;
    await a.goto('/signup');
    await a.getByLabel('Email').fill(`${username}@example.com`);
    await a.getByLabel('Username').fill(username);
    await a.getByLabel('Password').fill('a-long-password');
    await a.getByRole('button', { name: 'Create account' }).click();
    await a.getByRole('heading', { name: 'My resumes' }).waitFor();
    await a.getByText('No resumes yet').waitFor();
    await a.getByLabel('Title').fill('Product designer — 2026');
    await a.getByRole('button', { name: 'Create resume' }).click();
    await a.waitForURL(/\/resumes\/[0-9a-f-]+$/);
    const resumeId = a.url().split('/').pop() ?? '';
    await saved(a);
    await field(a, NAME).click();
    await a.keyboard.type('Maya Lee');
    await field(a, SUMMARY).click();
    await a.keyboard.type('Designs calm products.');
    await saved(a);

    // The coach (an account made through the API) joins by invitation with editor access:
    // The seeker shares from the editor; the coach opens the link and lands in the resume.
    const coachUser = await signup(server, `coach_${Date.now().toString(36)}`);
    await a.getByRole('button', { name: 'Share' }).click();
    await a.getByRole('radio', { name: /Editor/ }).check();
    await a.getByRole('button', { name: 'Create link' }).click();
    const inviteUrl = await a.getByLabel(/Send this link/).inputValue();
    expect(inviteUrl).toMatch(/\/invite\/[\w-]+$/);
    await a.getByRole('button', { name: 'Close' }).click();
    const coach = await newPerson(browser, server, coachUser);
    let b = coach.page;
    await b.goto(inviteUrl);
    await b.waitForURL(new RegExp(`/resumes/${resumeId}$`));
    await saved(b);
    await expectText(b, SUMMARY, 'Designs calm products.');
    await b.locator(`[data-testid="presence"] [data-name="${username}"]`).waitFor();
    await a.locator(`[data-testid="presence"] [data-name="${coachUser.user.username}"]`).waitFor();

    // Both type into the same multi-line field at once: the coach at its start, the seeker at its end.
    await field(a, SUMMARY).click();
    await a.keyboard.press('Control+End');
    await field(b, SUMMARY).click();
    await b.keyboard.press('Control+Home');
    await Promise.all([
      a.keyboard.type(' I lead research and ship design systems.', { delay: 15 }),
      b.keyboard.type('Senior product designer. ', { delay: 15 }),
    ]);
    const summary = 'Senior product designer. Designs calm products. I lead research and ship design systems.';
    await Promise.all([expectText(a, SUMMARY, summary), expectText(b, SUMMARY, summary)]);

    // Each sees the other's caret with their name, and the field they are in carries their colour.
    await a.locator(`[data-field="${SUMMARY}"] .cm-ySelectionInfo`, { hasText: coachUser.user.username }).waitFor();
    await b.locator(`[data-field="${SUMMARY}"] .cm-ySelectionInfo`, { hasText: username }).waitFor();
    await a.locator(`[data-field="${SUMMARY}"][data-peers*="${coachUser.user.username}"]`).waitFor();

    // The same short field at once; Enter does not break a single-line field.
    await field(a, NAME).click();
    await a.keyboard.press('End');
    await field(b, NAME).click();
    await b.keyboard.press('Home');
    await Promise.all([a.keyboard.type(' Chen', { delay: 20 }), b.keyboard.type('Dr. ', { delay: 20 })]);
    await a.keyboard.press('Enter');
    await Promise.all([expectText(a, NAME, 'Dr. Maya Lee Chen'), expectText(b, NAME, 'Dr. Maya Lee Chen')]);
    await Promise.all([saved(a), saved(b)]);
    await screenshot(a, 'editor-seeker-with-coach');

    // Remote keystroke to the other browser's DOM: 200 keystrokes, timed in the browsers.
    const typingFrom = Date.now();
    const latency = await measureKeystrokes(a, b, 200);
    const typingSeconds = (Date.now() - typingFrom) / 1000;
    // Presence is throttled: at most two awareness messages a second while typing and moving the caret.
    const awarenessSent = seeker.frames.filter((f) => f.type === 1 && f.at >= typingFrom).length;
    console.log(`awareness messages sent while typing: ${awarenessSent} in ${typingSeconds.toFixed(1)} s`);
    expect(awarenessSent).toBeLessThanOrEqual(Math.ceil(typingSeconds * 2) + 1);
    expect(seeker.frames.filter((f) => f.type === 0 && f.at >= typingFrom).length).toBeGreaterThanOrEqual(200);
    console.log(`remote keystroke → other browser's DOM over ${latency.count} keystrokes: p50 ${latency.p50.toFixed(1)} ms, p95 ${latency.p95.toFixed(1)} ms`);
    writeFileSync(path.join(ROOT, 'test-results', 'keystroke-latency.json'), JSON.stringify(latency, null, 2));
    expect(latency.count).toBe(200);

    // The coach goes offline and keeps editing; the seeker edits too; on reconnect both converge.
    await coach.context.setOffline(true);
    await expect.poll(() => state(b).textContent(), { timeout: 10_000 }).toContain('Offline — your edits are kept');
    await field(b, HEADLINE).click();
    await b.keyboard.type('Product designer, design systems');
    await field(a, SUMMARY).click();
    await a.keyboard.press('Control+End');
    await a.keyboard.type(' Mentor.');
    const summaryAfter = `${summary} Mentor.`;
    await expectText(a, SUMMARY, summaryAfter);
    await saved(a);
    expect(await fieldText(a, HEADLINE)).toBe('');
    await coach.context.setOffline(false);
    await Promise.all([
      expectText(a, HEADLINE, 'Product designer, design systems'),
      expectText(b, SUMMARY, summaryAfter),
      saved(a),
      saved(b),
    ]);

    // The preview shows the edits; switching the template changes it for both people.
    const preview = a.getByTestId('preview');
    await expect.poll(() => preview.textContent(), { timeout: 10_000 }).toContain('Dr. Maya Lee Chen');
    await expect.poll(() => preview.textContent()).toContain('Product designer, design systems');
    await expect.poll(() => preview.textContent()).toContain('I lead research and ship design systems. Mentor.');
    await expect.poll(() => preview.getAttribute('data-template')).toBe('classic');
    await screenshot(a, 'preview-classic', { selector: '.preview-pane' });
    await a.getByLabel('Template', { exact: true }).selectOption('modern');
    await expect.poll(() => preview.getAttribute('data-template')).toBe('modern');
    await expect.poll(() => b.getByTestId('preview').getAttribute('data-template'), { timeout: 10_000 }).toBe('modern');
    await expect.poll(() => preview.textContent()).toContain('Dr. Maya Lee Chen');
    await screenshot(a, 'preview-modern', { selector: '.preview-pane' });
    await screenshot(a, 'editor-modern');

    // A reload never loses what was typed: type, reload at once, find it again (both people).
    await field(a, HEADLINE).click();
    await a.keyboard.press('Control+End');
    await a.keyboard.type(' · open to work');
    await a.reload();
    const headline = 'Product designer, design systems · open to work';
    await expectText(a, HEADLINE, headline);
    await expectText(b, HEADLINE, headline);
    await b.reload();
    await expectText(b, HEADLINE, headline);
    await expectText(b, NAME, 'Dr. Maya Lee Chen');
    await Promise.all([saved(a), saved(b)]);

    // Offline edits live in the browser: the coach types offline, closes the tab, comes back
    // online later and reopens the resume; the edit reaches the seeker.
    const CITY = 'basics:basics:location.city';
    await coach.context.setOffline(true);
    await expect.poll(() => state(b).getAttribute('data-state'), { timeout: 10_000 }).toBe('offline');
    await field(b, CITY).click();
    await b.keyboard.type('Lisbon');
    await expectText(b, CITY, 'Lisbon');
    // Closing the tab is safe once the page says the edits are kept on this device.
    await state(b).and(b.locator('[data-kept="true"]')).waitFor({ timeout: 10_000 });
    expect(await state(b).textContent()).toContain('Offline — your edits are kept');
    await b.close();
    await coach.context.setOffline(false);
    b = await coach.context.newPage();
    b.on('pageerror', (err) => coach.errors.push(err.message));
    await b.goto(`/resumes/${resumeId}`);
    await Promise.all([expectText(a, CITY, 'Lisbon'), expectText(b, CITY, 'Lisbon'), saved(b)]);

    // The seeker's list, and the coach's list with the resume shared with them.
    await a.goto('/');
    await a.getByRole('link', { name: 'Product designer — 2026' }).waitFor();
    await screenshot(a, 'list-seeker');
    await b.goto('/');
    await b.getByTestId('shared-resumes').getByRole('link', { name: 'Product designer — 2026' }).waitFor();
    await screenshot(b, 'list-coach');

    // A phone-sized screen: panes become tabs and nothing is cut off.
    const phone = await newPerson(browser, server, coachUser, { width: 360, height: 780 });
    await phone.page.goto(`/resumes/${resumeId}`);
    await saved(phone.page);
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phone.page, 'editor-phone');
    await phone.page.getByRole('tab', { name: 'Preview' }).click();
    await phone.page.getByTestId('preview').waitFor();
    await screenshot(phone.page, 'preview-phone');

    expect([...seeker.errors, ...coach.errors, ...phone.errors]).toEqual([]);
    await Promise.all([seeker.context.close(), coach.context.close(), phone.context.close()]);
  });
});

/**
 * Types `count` characters into the job description in `from`, one keydown at a time, and times
 * when each arrives in `to`'s DOM. Both pages run in one browser on one clock
 * (performance.timeOrigin + performance.now()).
 */
async function measureKeystrokes(from: Page, to: Page, count: number) {
  await to.evaluate((id) => {
    const el = document.querySelector(`[data-field="${id}"] .cm-content`);
    const w = window as unknown as { __arrivals: { at: number; length: number }[] };
    w.__arrivals = [];
    if (!el) return;
    const length = () => {
      const copy = el.cloneNode(true) as Element;
      copy.querySelectorAll('.cm-ySelectionCaret, .cm-placeholder').forEach((n) => n.remove());
      return (copy.textContent ?? '').replace(/\u2060/g, '').length;
    };
    new MutationObserver(() => {
      w.__arrivals.push({ at: performance.timeOrigin + performance.now(), length: length() });
    }).observe(el, { childList: true, subtree: true, characterData: true });
  }, JOB);
  await from.evaluate(() => {
    const w = window as unknown as { __keys: number[] };
    w.__keys = [];
    document.addEventListener('keydown', () => w.__keys.push(performance.timeOrigin + performance.now()), { capture: true });
  });
  await field(from, JOB).click();
  const sentence = 'We are hiring a senior product designer to lead our design system, run research with customers and mentor designers. ';
  const text = sentence.repeat(2).slice(0, count);
  await from.keyboard.type(text, { delay: 25 });
  await expectText(to, JOB, text);
  const keys = await from.evaluate(() => (window as unknown as { __keys: number[] }).__keys);
  const arrivals = await to.evaluate(() => (window as unknown as { __arrivals: { at: number; length: number }[] }).__arrivals);
  const samples = keys.slice(-count).map((at, i) => {
    const seen = arrivals.find((a) => a.length >= i + 1);
    return seen ? seen.at - at : Number.NaN;
  });
  const sorted = samples.filter(Number.isFinite).sort((x, y) => x - y);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
  return { count: sorted.length, p50: pct(50), p95: pct(95), max: sorted[sorted.length - 1] ?? Number.NaN };
}
