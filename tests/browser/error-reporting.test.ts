// Error reporting in a real browser: with SENTRY_DSN on the server, the app loads the Sentry SDK
// (its own chunk) and reports an uncaught error with the node, user and resume ids and none of
// the resume's content; without it, the SDK is never even fetched.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResume, signup } from '../harness/api.ts';
import { startSentryServer, type SentryServer } from '../harness/sentry-server.ts';
import { startServer, type TestServer } from '../harness/server.ts';
import { ensureClientBuilt, launchChromium, newPerson } from './browser.ts';

const SECRET = { name: 'Philippa Quenneville-Oduya', title: 'Resume for the lighthouse job' };
const SENTRY_CHUNK = /\/assets\/sentry-[^/]*\.js$/;

let sentry: SentryServer;
let reporting: TestServer;
let quiet: TestServer;
let browser: Browser;

beforeAll(async () => {
  ensureClientBuilt();
  sentry = await startSentryServer();
  [reporting, quiet, browser] = await Promise.all([
    startServer({ backend: 'pglite', env: { SENTRY_DSN: sentry.dsn } }),
    startServer({ backend: 'pglite' }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([reporting?.close(), quiet?.close()]);
  await sentry?.close();
});

describe('error reporting in the browser', () => {
  it('reports an uncaught error with the node, user and resume ids and no resume content', async () => {
    const owner = await signup(reporting);
    const { id } = await createResume(reporting, owner.cookie, { title: SECRET.title, jsonResume: { basics: { name: SECRET.name } } });
    const person = await newPerson(browser, reporting, owner);
    const scripts: string[] = [];
    person.page.on('request', (req) => scripts.push(req.url()));
    await person.page.goto(`/resumes/${id}`);
    await expect.poll(() => scripts.some((url) => SENTRY_CHUNK.test(url)), { timeout: 15_000 }).toBe(true);

    // The SDK starts once its chunk has loaded; until then an error has nobody to report it, so
    // throw one every half second until the first arrives.
    await expect
      .poll(
        async () => {
          await person.page.evaluate(() => setTimeout(() => { throw new Error('the preview fell over'); }));
          return sentry.items.some((item) => item.type === 'event');
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(true);
    const event = await sentry.event((e) => e.exception?.values?.some((v) => v.value === 'the preview fell over') ?? false);
    expect(event.tags).toMatchObject({ node: `test-${reporting.port}`, page: 'editor', resume: id });
    expect(event.user).toEqual({ id: owner.user.id });
    const sent = sentry.items.map((item) => item.raw).join('\n');
    for (const text of [SECRET.name, SECRET.title, owner.user.email]) expect(sent).not.toContain(text);
  });

  it('never loads the SDK when the server has no DSN', async () => {
    const owner = await signup(quiet);
    await createResume(quiet, owner.cookie, { title: 'Nothing to report' });
    const person = await newPerson(browser, quiet, owner);
    const scripts: string[] = [];
    person.page.on('request', (req) => scripts.push(req.url()));
    const config = person.page.waitForResponse((res) => new URL(res.url()).pathname === '/api/config');
    await person.page.goto('/');
    expect(await (await config).json()).toMatchObject({ sentryDsn: null });
    await person.page.getByText('Nothing to report').waitFor();
    expect(scripts.filter((url) => SENTRY_CHUNK.test(url))).toEqual([]);
  });
});
