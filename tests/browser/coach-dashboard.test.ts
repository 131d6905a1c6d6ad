// The coach dashboard in real browsers: a coach follows two clients at /coach; when a client opens
// a resume in another browser the row shows a live presence dot with their name, their typing
// shows as the last edit, and a role change reaches the coach's notification bell live, whose
// notification opens the resume. Screenshots of the dashboard and the notification panel.
import { describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { acceptInvite, api, createResume, invite, signup, type TestUser } from '../harness/api.ts';
import type { TestServer } from '../harness/server.ts';
import { field, newPerson, screenshot, withServerAndChromium } from './browser.ts';

let server: TestServer;
let browser: Browser;
withServerAndChromium((s, b) => ([server, browser] = [s, b]));

const NAME = 'basics:basics:name';
const SUMMARY = 'basics:basics:summary';
const suffix = Date.now().toString(36).slice(-4);

async function share(owner: TestUser, coach: TestUser, title: string): Promise<string> {
  const { id } = await createResume(server, owner.cookie, { title, jsonResume: { basics: { name: title } } });
  await acceptInvite(server, coach.cookie, await invite(server, owner.cookie, id, 'commenter'));
  return id;
}

const row = (page: Page, id: string) => page.locator(`[data-testid="coach-resume"][data-resume-id="${id}"]`);

describe('the coach dashboard in the browser', () => {
  it('shows each client with a live presence dot, the last edit, and notifications as they happen', async () => {
    const [maya, sam, coachUser] = await Promise.all([
      signup(server, `maya_${suffix}`),
      signup(server, `sam_${suffix}`),
      signup(server, `coach_${suffix}`),
    ]);
    const designer = await share(maya, coachUser, 'Product Designer');
    const researcher = await share(maya, coachUser, 'UX Researcher');
    await share(sam, coachUser, 'Data Analyst');

    const coach = await newPerson(browser, server, coachUser);
    const c = coach.page;
    await c.goto('/');
    await c.getByRole('link', { name: 'Coaching' }).click();
    await c.waitForURL(/\/coach$/);
    const clients = c.getByTestId('coach-client');
    await expect.poll(() => clients.count()).toBe(2);
    // Latest activity first: Sam's resume is the newest.
    await expect.poll(() => clients.locator('h2').allTextContents()).toEqual([`sam_${suffix}`, `maya_${suffix}`]);
    await expect.poll(() => c.getByTestId('coach-resume').count()).toBe(3);
    expect(await row(c, designer).getByTestId('presence').getAttribute('data-live')).toBe('false');
    expect(await row(c, designer).getByTestId('score').textContent()).toContain('No score yet');

    // Maya opens her resume in her own browser: the coach's row lights up with her name.
    const client = await newPerson(browser, server, maya);
    const m = client.page;
    await m.goto(`/resumes/${designer}`);
    const presence = row(c, designer).getByTestId('presence');
    await expect.poll(() => presence.getAttribute('data-live'), { timeout: 15_000 }).toBe('true');
    expect(await presence.textContent()).toContain(`maya_${suffix}`);
    expect(await row(c, researcher).getByTestId('presence').getAttribute('data-live')).toBe('false');

    // She types: the coach sees who edited last, without a reload.
    await field(m, NAME).click();
    await m.keyboard.press('End');
    await m.keyboard.type(' — portfolio');
    await expect.poll(() => row(c, designer).getByTestId('last-edit').textContent(), { timeout: 15_000 }).toMatch(
      new RegExp(`maya_${suffix},\\s*just now`),
    );
    // The analysis that follows her pause arrives as a score; a second one after more typing
    // draws the sparkline.
    const score = row(c, designer).getByTestId('score');
    await expect.poll(() => score.textContent(), { timeout: 20_000 }).toMatch(/\d+\/100/);
    await field(m, SUMMARY).click();
    await m.keyboard.type('Led a team of 4 designers; raised checkout conversion by 18% with Figma prototypes and user research.');
    await expect.poll(() => score.locator('polyline').count(), { timeout: 20_000 }).toBe(1);
    expect(await score.getByRole('img').getAttribute('aria-label')).toMatch(/^Score over the last 2 analyses: from \d+ to \d+$/);
    await screenshot(c, 'coach-dashboard');
    await c.setViewportSize({ width: 390, height: 844 });
    await screenshot(c, 'coach-dashboard-phone');
    await c.setViewportSize({ width: 1440, height: 900 });

    // The filter narrows to one client.
    await c.getByLabel('Filter by name').fill('sam');
    await expect.poll(() => c.getByTestId('coach-resume').count()).toBe(1);
    await c.getByLabel('Filter by name').fill('');
    await expect.poll(() => c.getByTestId('coach-resume').count()).toBe(3);

    // Maya makes the coach an editor: the bell counts it live, and the notification says so.
    const bell = c.getByTestId('notification-bell');
    expect(await c.getByTestId('unread-count').count()).toBe(0);
    const changed = await api(server, 'PATCH', `/api/resumes/${designer}/members/${coachUser.user.id}`, {
      cookie: maya.cookie,
      body: { role: 'editor' },
    });
    expect(changed.status).toBe(200);
    await expect.poll(() => c.getByTestId('unread-count').textContent(), { timeout: 15_000 }).toBe('1');
    expect(await bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await bell.click();
    const note = c.getByTestId('notification').first();
    await expect.poll(() => note.textContent()).toContain('You were given editor access to Product Designer');
    await screenshot(c, 'coach-notifications');

    // Clicking it opens the resume and counts it as read.
    await note.click();
    await c.waitForURL(new RegExp(`/resumes/${designer}$`));
    await c.goto('/coach');
    await expect.poll(() => c.getByTestId('coach-resume').count()).toBe(3);
    expect(await c.getByTestId('unread-count').count()).toBe(0);
    await expect.poll(() => row(c, designer).textContent()).toContain('editor');

    // Maya leaves: the dot goes out.
    await client.context.close();
    await expect.poll(() => row(c, designer).getByTestId('presence').getAttribute('data-live'), { timeout: 15_000 }).toBe('false');
    expect(coach.errors).toEqual([]);
    expect(client.errors).toEqual([]);
    await coach.context.close();
  });
});
