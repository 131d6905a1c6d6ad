// A resume worth looking at for the layout and editor tests: every usual section filled, shared
// with a coach who left a comment and a suggestion on a highlight, a named version, a public link.
import { getItems, spanAnchor, fieldText as yFieldText, type FieldRef } from '../../collab/index.ts';
import { api, createResume, invite, acceptInvite, memberWithRole, signup, type TestUser } from '../harness/api.ts';
import { connect } from '../harness/collab.ts';
import type { TestServer } from '../harness/server.ts';
import type { Browser, Page } from 'playwright-core';
import { newPerson } from './browser.ts';

export const BULLET = 'Led a team of four engineers shipping the checkout';

export const RICH_RESUME = {
  basics: {
    name: 'Ana María Ruiz-Fernández',
    label: 'Senior Product Engineer',
    email: 'ana.maria.ruiz.fernandez@example.com',
    phone: '+34 600 123 456',
    url: 'https://ana-ruiz.example.com/portfolio',
    summary: 'Product engineer with eight years building checkout and payments flows for marketplaces.',
    location: { city: 'Barcelona', countryCode: 'ES' },
    profiles: [{ network: 'GitHub', username: 'anaruiz-fernandez', url: 'https://github.com/anaruiz-fernandez' }],
  },
  work: [
    { name: 'Acme Marketplaces International', position: 'Senior Product Engineer', startDate: '2019-03', highlights: [BULLET, 'Cut payment failures by 38% with retries', 'Mentored six juniors'] },
    { name: 'Globex', position: 'Frontend Developer', startDate: '2016-01', endDate: '2019-02', highlights: ['Built the design system'] },
  ],
  education: [{ institution: 'Universitat de Barcelona', area: 'Computer Science', studyType: 'BSc', courses: ['Algorithms', 'Databases'] }],
  skills: [{ name: 'Frontend', keywords: ['TypeScript', 'Svelte', 'Accessibility'] }],
  languages: [{ language: 'Spanish', fluency: 'Native' }],
};

export interface RichResume {
  id: string;
  owner: TestUser;
  coach: TestUser;
  workId: string;
  bullet: FieldRef;
  publicUrl: string;
}

export async function richResume(server: TestServer): Promise<RichResume> {
  const [owner, coach] = await Promise.all([signup(server), signup(server)]);
  const { id } = await createResume(server, owner.cookie, { title: 'Senior Product Engineer — Acme', jsonResume: RICH_RESUME });
  await acceptInvite(server, coach.cookie, await invite(server, owner.cookie, id, 'commenter'));
  const client = connect(server, id, { cookie: coach.cookie });
  await client.synced();
  const workId = getItems(client.doc, 'work')[0]?.id ?? '';
  const bullet: FieldRef = { list: 'work', itemId: workId, field: 'highlights.0' };
  const text = yFieldText(client.doc, bullet);
  if (!text) throw new Error('no highlight');
  const at = (quote: string) => spanAnchor(text, bullet, text.toString().indexOf(quote), quote.length);
  const post = (path: string, body: unknown) => api(server, 'POST', `/api/resumes/${id}/${path}`, { cookie: coach.cookie, body });
  const thread = await post('comments', { anchor: at('four engineers'), body: 'How many people used the new checkout in its first month?', mentions: [] });
  const suggestion = await post('suggestions', { anchor: at('Led a team of four'), replacement: 'Managed four', reason: 'Say the size plainly.' });
  const version = await api(server, 'POST', `/api/resumes/${id}/versions`, { cookie: owner.cookie, body: { name: 'Before the coach' } });
  const link = await api(server, 'POST', `/api/resumes/${id}/public-link`, { cookie: owner.cookie });
  client.destroy();
  for (const res of [thread, suggestion, version, link]) if (res.status !== 201) throw new Error(`fixture: ${res.status} ${JSON.stringify(res.body)}`);
  return { id, owner, coach, workId, bullet, publicUrl: (link.body as { url: string }).url };
}

/** What reaches past the viewport's right edge: the page's own scroll width, and up to ten elements. */
export async function overflow(page: Page): Promise<{ scrollWidth: number; width: number; offenders: string[] }> {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const offenders: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || box.right <= width + 1) continue;
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
      offenders.push(`${name} right=${Math.round(box.right)} "${(el.textContent ?? '').trim().slice(0, 30)}"`);
      if (offenders.length >= 10) break;
    }
    return { scrollWidth: document.scrollingElement?.scrollWidth ?? 0, width, offenders };
  });
}

/** The owner and a coach (editor) with `jsonResume` open in two browsers, both forms ready. */
export async function twoPeople(server: TestServer, browser: Browser, title: string, jsonResume: object) {
  const owner = await signup(server);
  const { id } = await createResume(server, owner.cookie, { title, jsonResume });
  const coach = await memberWithRole(server, owner.cookie, id, 'editor');
  const a = await newPerson(browser, server, owner);
  const b = await newPerson(browser, server, coach);
  await Promise.all([a.page.goto(`/resumes/${id}`), b.page.goto(`/resumes/${id}`)]);
  for (const { page } of [a, b]) await page.locator('[data-form-section="work"] article[data-item]').first().waitFor({ timeout: 60_000 });
  return { a, b };
}
