// Real headless Chromium for the browser tests (Debian package `chromium`, driven by
// playwright-core), the built client served by a real server process, and helpers to sign in
// and to save screenshots with the test output.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { TestUser } from '../harness/api.ts';
import { startServer, type TestServer } from '../harness/server.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
export const CHROMIUM = '/usr/bin/chromium';

/** `npm test` builds the client before vitest runs; a direct `vitest --project browser` builds it here. */
export function ensureClientBuilt(): void {
  if (existsSync(path.join(ROOT, 'dist', 'client', 'index.html'))) return;
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * For a test file: a real server on PGlite serving the built client, and Chromium, started before
 * its tests (handed to `use`) and closed after them.
 */
export function withServerAndChromium(use: (server: TestServer, browser: Browser) => void): void {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    ensureClientBuilt();
    [server, browser] = await Promise.all([startServer({ backend: 'pglite' }), launchChromium()]);
    use(server, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the Debian package "chromium" (apt-get install -y chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A WebSocket frame the page sent: when, and its y-websocket message type (0 sync, 1 awareness). */
export interface SentFrame {
  at: number;
  type: number;
}

/** A fresh context (its own cookies, storage and IndexedDB), signed in as `user` when given. */
export async function newPerson(
  browser: Browser,
  server: TestServer,
  user?: TestUser,
  viewport = { width: 1440, height: 900 },
): Promise<{ context: BrowserContext; page: Page; errors: string[]; frames: SentFrame[] }> {
  const context = await browser.newContext({ viewport, baseURL: server.url });
  if (user) {
    const value = user.cookie.replace(/^sid=/, '');
    await context.addCookies([{ name: 'sid', value, url: server.url, httpOnly: true, sameSite: 'Lax' }]);
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  const frames: SentFrame[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => frames.push({ at: Date.now(), type: typeof payload === 'string' ? -1 : (payload[0] ?? -1) })),
  );
  return { context, page, errors, frames };
}

export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean; selector?: string } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  if (opts.selector) await page.locator(opts.selector).screenshot({ path: file });
  else await page.screenshot({ path: file, fullPage: opts.fullPage ?? false });
  return file;
}

/** The CodeMirror content of a form field, found by its presence id (e.g. `basics:basics:name`). */
export function field(page: Page, fieldId: string) {
  return page.locator(`[data-field="${fieldId}"] .cm-content`);
}

export async function fieldText(page: Page, fieldId: string): Promise<string> {
  return field(page, fieldId).evaluate((el) =>
    Array.from(el.querySelectorAll('.cm-line'), (line) => {
      // The text itself: remote caret flags and the placeholder are decorations, not content.
      const copy = line.cloneNode(true) as Element;
      copy.querySelectorAll('.cm-ySelectionCaret, .cm-placeholder').forEach((n) => n.remove());
      return (copy.textContent ?? '').replace(/\u2060/g, '');
    }).join('\n'),
  );
}
