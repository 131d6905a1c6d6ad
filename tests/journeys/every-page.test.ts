// Every page at a phone's 390 px and a desktop's 1400 px: nothing scrolls sideways or reaches past
// the right edge, axe-core finds no serious or critical problem, and a screenshot of each is kept.
// At 1280 px the tools pane's buttons (Accept, Resolve) lie inside it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { getItems, spanAnchor, fieldText } from '../../collab/index.ts';
import { api, createResume, invite, memberWithRole, signup, type TestUser } from '../harness/api.ts';
import { connect } from '../harness/collab.ts';
import type { TestServer } from '../harness/server.ts';
import { withServerAndChromium } from '../browser/browser.ts';
import { DESKTOP, PHONE, expectAccessible, expectFits, person, shot, waitSaved, type Person } from './journey.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

const BULLET = 'Led a team of four engineers shipping the checkout';
let owner: TestUser;
let coach: TestUser;
let resumeId = '';
let publicUrl = '';
let inviteToken = '';

beforeAll(async () => {
  owner = await signup(server);
  const made = await createResume(server, owner.cookie, {
    title: 'Ana Ruiz — Staff Engineer at a payments company with a long title',
    template: 'classic',
    jsonResume: {
      basics: { name: 'Ana Ruiz', label: 'Staff Engineer', email: 'ana.ruiz.with.a.long.address@example-company.com', phone: '+44 20 7946 0958', summary: 'Builds calm payment systems.' },
      work: [{ name: 'Acme Payments International', position: 'Staff Engineer', startDate: '2020-01', highlights: [BULLET, 'Cut checkout latency by 38% across 14 markets'] }],
      skills: [{ name: 'Backend', keywords: ['TypeScript', 'PostgreSQL', 'Kubernetes'] }],
    },
  });
  resumeId = made.id;
  coach = await memberWithRole(server, owner.cookie, resumeId, 'commenter');
  // The coach leaves a comment and a suggestion on the first highlight.
  const client = connect(server, resumeId, { cookie: coach.cookie });
  await client.synced();
  const ref = { list: 'work' as const, itemId: getItems(client.doc, 'work')[0]?.id ?? '', field: 'highlights.0' };
  const text = fieldText(client.doc, ref);
  if (!text) throw new Error('the highlight is missing');
  const at = (quote: string) => spanAnchor(text, ref, BULLET.indexOf(quote), quote.length);
  const comment = await api(server, 'POST', `/api/resumes/${resumeId}/comments`, { cookie: coach.cookie, body: { anchor: at('four engineers'), body: 'How many users did the checkout reach? A number would make this land.' } });
  expect(comment.status).toBe(201);
  const suggestion = await api(server, 'POST', `/api/resumes/${resumeId}/suggestions`, { cookie: coach.cookie, body: { anchor: at('Led a team of four'), replacement: 'Managed four', reason: 'Say the size plainly.' } });
  expect(suggestion.status).toBe(201);
  client.destroy();
  const version = await api(server, 'POST', `/api/resumes/${resumeId}/versions`, { cookie: owner.cookie, body: { name: 'Before the coach' } });
  expect(version.status).toBe(201);
  const link = await api(server, 'POST', `/api/resumes/${resumeId}/public-link`, { cookie: owner.cookie });
  publicUrl = (link.body as { url: string }).url;
  inviteToken = await invite(server, owner.cookie, resumeId, 'viewer');
});

/** Checks the page as it stands: it fits, it is accessible, and a screenshot is kept. */
async function look(page: Page, step: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  await shot(page, `page-${step}`);
  if (width <= PHONE.width) await expectFits(page, `${step} at ${width} px`);
  await expectAccessible(page, `${step} at ${width} px`);
}

async function openEditor(p: Person): Promise<void> {
  await p.page.goto(`/resumes/${resumeId}`);
  await waitSaved(p.page);
  await p.page.locator('[data-field="basics:basics:name"] .cm-content').getByText('Ana Ruiz').waitFor();
}

for (const viewport of [PHONE, DESKTOP]) {
  describe(`every page at ${viewport.width} px`, () => {
    it('signed out: login, signup, an invitation and a public resume', async () => {
      const stranger = await person(browser, server, { viewport });
      const { page } = stranger;
      await page.goto('/login');
      await page.getByRole('button', { name: 'Sign in' }).or(page.getByRole('button', { name: 'Log in' })).first().waitFor();
      await look(page, 'login');
      await page.goto('/signup');
      await page.getByRole('button', { name: 'Create account' }).waitFor();
      await look(page, 'signup');
      await page.goto(`/invite/${inviteToken}`);
      await page.getByRole('main').waitFor();
      await page.waitForLoadState('networkidle');
      await look(page, 'invite');
      await page.goto(publicUrl);
      await page.getByTestId('preview').getByRole('heading', { name: 'Ana Ruiz' }).waitFor();
      await look(page, 'public');
      expect(stranger.errors).toEqual([]);
      await stranger.context.close();
    });

    it('the owner: the list, the editor and its panes, the Share dialog and history', async () => {
      const me = await person(browser, server, { user: owner, viewport });
      const { page } = me;
      await page.goto('/');
      await page.getByRole('heading', { name: 'My resumes' }).waitFor();
      await page.getByRole('link', { name: /Ana Ruiz/ }).first().waitFor();
      await look(page, 'list');

      await openEditor(me);
      await look(page, 'editor');
      const phone = viewport.width <= PHONE.width;
      // On a phone the panes are tabs; on a desktop they sit side by side and the tools have tabs.
      if (phone) {
        await page.getByRole('tab', { name: 'Preview' }).click();
        await look(page, 'editor-preview');
        await page.getByRole('tab', { name: /Analysis|Tools/ }).first().click();
        await look(page, 'editor-tools');
      }
      await page.getByRole('tab', { name: /Comments/ }).click();
      await page.getByTestId('comments-panel').getByTestId('thread').waitFor();
      await look(page, 'editor-comments');
      await page.getByRole('tab', { name: 'History' }).click();
      await page.getByRole('button', { name: /^View Before the coach/ }).waitFor();
      await look(page, 'editor-history');
      await page.getByRole('button', { name: 'Compare Before the coach with now' }).click();
      await page.getByRole('dialog').getByTestId('compare-summary').waitFor();
      await look(page, 'editor-compare');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      // On a phone, Share sits in the top bar's "More" menu.
      if (phone) await page.getByRole('button', { name: 'More actions' }).click();
      await page.getByRole('button', { name: 'Share' }).click();
      await page.getByRole('dialog', { name: /Share/ }).waitFor();
      await look(page, 'share-dialog');
      expect(me.errors).toEqual([]);
      await me.context.close();
    });

    it('the coach: the dashboard', async () => {
      const them = await person(browser, server, { user: coach, viewport });
      await them.page.goto('/coach');
      await them.page.getByText('Ana Ruiz').first().waitFor();
      await look(them.page, 'coach-dashboard');
      expect(them.errors).toEqual([]);
      await them.context.close();
    });
  });
}

describe('the tools pane at 1280 px', () => {
  it("keeps the comment's and the suggestion's buttons inside the pane", async () => {
    const me = await person(browser, server, { user: owner, viewport: { width: 1280, height: 800 } });
    await openEditor(me);
    await me.page.getByRole('tab', { name: /Comments/ }).click();
    const panel = me.page.getByTestId('comments-panel');
    await panel.getByTestId('suggestion').waitFor();
    const pane = await panel.boundingBox();
    if (!pane) throw new Error('the Comments panel is not on screen');
    const buttons = panel.getByRole('button', { name: /^(Accept|Reject|Resolve|Reply)/ });
    expect(await buttons.count()).toBeGreaterThanOrEqual(2);
    for (const button of await buttons.all()) {
      const at = await button.boundingBox();
      expect(at, `${await button.textContent()} is not shown`).not.toBeNull();
      if (!at) continue;
      expect(at.x, `${await button.textContent()} starts left of the pane`).toBeGreaterThanOrEqual(pane.x - 1);
      expect(at.x + at.width, `${await button.textContent()} ends past the pane`).toBeLessThanOrEqual(pane.x + pane.width + 1);
    }
    await shot(me.page, 'tools-pane-comments');
    await me.context.close();
  });
});
