// What the journey tests share: people in real Chromium at a given width who act only with the
// mouse and keyboard, screenshots of every step at each width, axe-core checks and overflow checks.
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestUser } from '../harness/api.ts';
import type { TestServer } from '../harness/server.ts';
import { ROOT, newPerson } from '../browser/browser.ts';

export const SHOTS = path.join(ROOT, 'test-results', 'journeys');
export const DESKTOP = { width: 1400, height: 900 };
export const PHONE = { width: 390, height: 844 };
/** A password a strength estimator accepts, as a person would choose one. */
export const STRONG_PASSWORD = 'Blue-Heron-Sails-47!';

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors the page threw: a journey ends with none. */
  errors: string[];
}

export async function person(browser: Browser, server: TestServer, opts: { user?: TestUser; viewport?: { width: number; height: number } } = {}): Promise<Person> {
  const { context, page, errors } = await newPerson(browser, server, opts.user, opts.viewport ?? DESKTOP);
  return { context, page, errors };
}

/** Saves a screenshot of the step under test-results/journeys, named by step and width. */
export async function shot(page: Page, step: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: path.join(SHOTS, `${step}-${width}.png`) });
}

/** Clicks into a field and types, as a person does. */
export async function typeInto(page: Page, target: Locator, text: string): Promise<void> {
  await target.click();
  await page.keyboard.type(text);
}

/** The text a CodeMirror field shows, without remote caret flags and placeholders. */
export async function textOf(target: Locator): Promise<string> {
  return target.evaluate((el) =>
    Array.from(el.querySelectorAll('.cm-line'), (line) => {
      const copy = line.cloneNode(true) as Element;
      copy.querySelectorAll('.cm-ySelectionCaret, .cm-ySelectionInfo, .cm-placeholder').forEach((n) => n.remove());
      return (copy.textContent ?? '').replace(/\u2060/g, '');
    }).join('\n'),
  );
}

/** Waits until a field reads exactly `want`. */
export async function expectText(target: Locator, want: string, timeout = 20_000): Promise<void> {
  await expect.poll(() => textOf(target), { timeout }).toBe(want);
}

/** Where the keyboard is: the label of the focused field (or the focused element's tag). */
export async function focusedField(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'BODY';
    const labelId = el.getAttribute('aria-labelledby');
    const label = labelId ? document.getElementById(labelId)?.textContent?.trim() : el.getAttribute('aria-label');
    return label || el.tagName;
  });
}

export async function waitSaved(page: Page): Promise<void> {
  await page.getByTestId('connection-state').and(page.locator('[data-state="saved"]')).waitFor({ timeout: 30_000 });
}

/** Signs up through the form with the keyboard and lands on "My resumes". */
export async function signUpByKeyboard(page: Page, username: string): Promise<void> {
  await page.goto('/signup');
  await typeInto(page, page.getByLabel('Email'), `${username}@example.com`);
  await typeInto(page, page.getByLabel('Username'), username);
  await typeInto(page, page.getByLabel('Password'), STRONG_PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'My resumes' }).waitFor();
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe-core in the page (evaluated, so the page's CSP does not apply) and returns the
 *  serious and critical violations. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 5).map((n) => String(n.target.join(' '))) }));
  });
}

/** How the page fits its width: the scroll width and every visible element reaching past the
 *  right edge, outside containers that scroll sideways on purpose. */
export async function overflow(page: Page): Promise<{ viewport: number; scrollWidth: number; offenders: string[] }> {
  return page.evaluate(() => {
    const viewport = window.innerWidth;
    const scrollsSideways = (el: Element | null): boolean => {
      for (let at = el?.parentElement; at; at = at.parentElement) {
        const style = getComputedStyle(at);
        if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && at !== document.body && at !== document.documentElement) {
          const box = at.getBoundingClientRect();
          if (box.right <= viewport + 1) return true;
        }
      }
      return false;
    };
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).slice(0, 2).join('.')}` : '';
      const text = (el.textContent ?? '').trim().slice(0, 30);
      return `${el.tagName.toLowerCase()}${id}${cls} "${text}" right=${Math.round(el.getBoundingClientRect().right)}`;
    };
    const offenders: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const box = el.getBoundingClientRect();
      // Visually hidden labels (1 × 1 px, clipped) are for screen readers, not the eye.
      if (box.width <= 1 || box.height <= 1) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.position === 'fixed' && box.left >= viewport) continue;
      if (box.right > viewport + 1 && !scrollsSideways(el)) offenders.push(describe(el));
    }
    return { viewport, scrollWidth: document.scrollingElement?.scrollWidth ?? 0, offenders: offenders.slice(0, 10) };
  });
}

/** Asserts the page fits a phone: no sideways scroll and nothing past the right edge. */
export async function expectFits(page: Page, where: string): Promise<void> {
  const fit = await overflow(page);
  expect(fit.scrollWidth, `${where}: the page scrolls sideways`).toBeLessThanOrEqual(fit.viewport);
  expect(fit.offenders, `${where}: elements past the right edge`).toEqual([]);
}

export async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await seriousA11yViolations(page);
  expect(violations, `${where}: serious or critical accessibility violations`).toEqual([]);
}
