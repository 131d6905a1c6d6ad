// Public links over the real HTTP API: only the owner turns a link on, replaces it or turns it off;
// anyone with the link reads the printed resume (live, hidden parts left out) and its PDF without
// signing in, and the owner sees the views and downloads; a replaced or revoked link is gone at once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getItems, setItemHidden, setSectionHidden } from '../../collab/index.ts';
import { api, createResume, memberWithRole, signup, type TestUser } from '../harness/api.ts';
import { connect, destroyClients, until } from '../harness/collab.ts';
import { readPdf } from '../harness/pdf-text.ts';
import { startServer, type TestServer } from '../harness/server.ts';

let server: TestServer;
let owner: TestUser;

interface LinkStatus {
  enabled: boolean;
  id?: string;
  views?: number;
  downloads?: number;
  url?: string;
  token?: string;
}
interface PublicPage {
  layout: { template: { id: string }; header: { name?: string }; main: Array<{ name: string; items: Array<{ title?: string; organization?: string }> }>; sidebar: unknown[] };
}

const RESUME = {
  basics: { name: 'Ana Ruiz', label: 'Platform engineer', email: 'ana@example.com' },
  work: [
    { name: 'Acme Corp', position: 'Engineer' },
    { name: 'Globex Secret Project', position: 'Contractor' },
  ],
  volunteer: [{ organization: 'Code Club', position: 'Mentor' }],
};

async function newResume(title = 'Ana — for Globex only'): Promise<string> {
  return (await createResume(server, owner.cookie, { title, template: 'modern', jsonResume: RESUME })).id;
}

async function turnOn(id: string, cookie = owner.cookie): Promise<Required<Pick<LinkStatus, 'url' | 'token' | 'id'>> & LinkStatus> {
  const res = await api(server, 'POST', `/api/resumes/${id}/public-link`, { cookie });
  expect(res.status).toBe(201);
  return res.body as Required<Pick<LinkStatus, 'url' | 'token' | 'id'>> & LinkStatus;
}

async function status(id: string): Promise<LinkStatus> {
  const res = await api(server, 'GET', `/api/resumes/${id}/public-link`, { cookie: owner.cookie });
  expect(res.status).toBe(200);
  return res.body as LinkStatus;
}

async function pdf(token: string, query = ''): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(`${server.url}/api/public/${token}/pdf${query}`);
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  server = await startServer();
  owner = await signup(server);
});
afterEach(destroyClients);
afterAll(async () => {
  await server.close();
});

describe('public links', () => {
  it('shows the printed resume to anyone with the link, live from the document, hidden parts left out', async () => {
    const id = await newResume();
    expect(await status(id)).toEqual({ enabled: false });
    const link = await turnOn(id);
    expect(link).toMatchObject({ enabled: true, views: 0, downloads: 0 });
    expect(link.url).toBe(`${server.url}/p/${link.token}`);
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const anonymous = await api(server, 'GET', `/api/public/${link.token}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.headers.get('cache-control')).toBe('no-store');
    expect(anonymous.headers.get('x-robots-tag')).toContain('noindex');
    const page = (anonymous.body as PublicPage).layout;
    expect(page.template.id).toBe('modern');
    expect(page.header.name).toBe('Ana Ruiz');
    expect(JSON.stringify(page)).toContain('Globex Secret Project');
    // The resume's own title is the owner's private label, not part of the page.
    expect(JSON.stringify(anonymous.body)).not.toContain('for Globex only');

    // The owner hides an item and a section in the editor: the public page follows at once.
    const editor = connect(server, id, { cookie: owner.cookie });
    await editor.synced();
    const secret = getItems(editor.doc, 'work').find((item) => item.map.get('name')?.toString() === 'Globex Secret Project');
    expect(secret).toBeDefined();
    setItemHidden(editor.doc, 'work', secret?.id ?? '', true);
    setSectionHidden(editor.doc, 'volunteer', true);
    // Polled as the owner, whose own visits are not counted.
    await until(async () => {
      const live = await api(server, 'GET', `/api/public/${link.token}`, { cookie: owner.cookie });
      const text = JSON.stringify(live.body);
      expect(text).not.toContain('Globex Secret Project');
      expect(text).not.toContain('Code Club');
      expect(text).toContain('Acme Corp');
    });
    const printed = await pdf(link.token);
    expect(printed.status).toBe(200);
    expect(printed.headers.get('content-type')).toBe('application/pdf');
    expect(printed.headers.get('content-disposition')).toContain('filename="Ana-Ruiz-Resume.pdf"');
    const read = await readPdf(printed.bytes);
    expect(Number(printed.headers.get('x-page-count'))).toBe(read.pages.length);
    expect(read.text).toContain('Ana Ruiz');
    expect(read.text).toContain('Acme Corp');
    expect(read.text).not.toContain('Globex');
    expect(read.text).not.toContain('Code Club');
    expect(read.title).toBe('Ana Ruiz — Resume');
  });

  it('counts views and downloads by people other than the resume’s members, for the owner to see', async () => {
    const id = await newResume();
    const { token } = await turnOn(id);
    await api(server, 'GET', `/api/public/${token}`, { cookie: owner.cookie });
    expect(await status(id)).toMatchObject({ enabled: true, views: 0, downloads: 0 });

    for (let i = 0; i < 2; i++) expect((await api(server, 'GET', `/api/public/${token}`)).status).toBe(200);
    const stranger = await signup(server); // signed in, but not a member: a reader like any other
    expect((await api(server, 'GET', `/api/public/${token}`, { cookie: stranger.cookie })).status).toBe(200);
    expect((await pdf(token, '?paper=letter')).status).toBe(200);
    expect(await status(id)).toMatchObject({ enabled: true, views: 3, downloads: 1 });
  });

  it('lets only the owner see, make or turn off the link; others are told as for any resume', async () => {
    const id = await newResume();
    const editor = await memberWithRole(server, owner.cookie, id, 'editor');
    const stranger = await signup(server);
    for (const method of ['GET', 'POST', 'DELETE']) {
      const asEditor = await api(server, method, `/api/resumes/${id}/public-link`, { cookie: editor.cookie });
      expect(asEditor.status, `${method} as editor`).toBe(403);
      expect(asEditor.body).toMatchObject({ error: { code: 'forbidden' } });
      const asStranger = await api(server, method, `/api/resumes/${id}/public-link`, { cookie: stranger.cookie });
      expect(asStranger.status, `${method} as stranger`).toBe(404);
      expect(asStranger.body).toMatchObject({ error: { code: 'not_found' } });
      const anonymous = await api(server, method, `/api/resumes/${id}/public-link`);
      expect(anonymous.status, `${method} signed out`).toBe(401);
      const badId = await api(server, method, '/api/resumes/not-a-uuid/public-link', { cookie: owner.cookie });
      expect(badId.status, `${method} bad id`).toBe(404);
    }
    expect(await status(id)).toEqual({ enabled: false });
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const id = await newResume();
    const { token } = await turnOn(id);
    const badPaper = await pdf(token, '?paper=a3');
    expect(badPaper.status).toBe(400);
    expect(JSON.parse(badPaper.bytes.toString('utf8'))).toMatchObject({ error: { code: 'bad_request', message: 'unknown paper "a3"; use a4 or letter' } });
    for (const bad of ['short', 'x'.repeat(43).replace(/x$/, '!'), `${token}x`]) {
      const res = await api(server, 'GET', `/api/public/${encodeURIComponent(bad)}`);
      expect(res.status, bad).toBe(404);
      expect(res.body).toMatchObject({ error: { code: 'not_found' } });
    }
    const notJson = await api(server, 'POST', `/api/resumes/${id}/public-link`, { cookie: owner.cookie, rawBody: '{oops' });
    expect(notJson.status).toBe(400);
    expect(notJson.body).toMatchObject({ error: { code: 'invalid_json' } });
    // The link made first still works, and nothing was counted.
    expect((await api(server, 'GET', `/api/public/${token}`, { cookie: owner.cookie })).status).toBe(200);
    expect(await status(id)).toMatchObject({ enabled: true, views: 0, downloads: 0 });
  });

  it('replaces the link with a new one: the old address is gone at once and counts restart', async () => {
    const id = await newResume();
    const first = await turnOn(id);
    expect((await api(server, 'GET', `/api/public/${first.token}`)).status).toBe(200);
    expect(await status(id)).toMatchObject({ views: 1 });

    const second = await turnOn(id);
    expect(second.token).not.toBe(first.token);
    expect(second.id).not.toBe(first.id);
    expect((await api(server, 'GET', `/api/public/${first.token}`)).status).toBe(404);
    expect((await pdf(first.token)).status).toBe(404);
    expect((await api(server, 'GET', `/api/public/${second.token}`)).status).toBe(200);
    expect(await status(id)).toMatchObject({ enabled: true, id: second.id, views: 1, downloads: 0 });
  });

  it('turns the link off: the page and the PDF answer 404 at once, and turning off again is harmless', async () => {
    const id = await newResume();
    const { token } = await turnOn(id);
    expect((await pdf(token)).status).toBe(200);
    expect((await api(server, 'DELETE', `/api/resumes/${id}/public-link`, { cookie: owner.cookie })).status).toBe(204);
    const page = await api(server, 'GET', `/api/public/${token}`);
    expect(page.status).toBe(404);
    expect(page.body).toMatchObject({ error: { code: 'not_found', message: expect.stringContaining('turned off') } });
    expect((await pdf(token)).status).toBe(404);
    expect(await status(id)).toEqual({ enabled: false });
    expect((await api(server, 'DELETE', `/api/resumes/${id}/public-link`, { cookie: owner.cookie })).status).toBe(204);
  });

  it('goes with the resume when the resume is deleted', async () => {
    const id = await newResume();
    const { token } = await turnOn(id);
    expect((await api(server, 'DELETE', `/api/resumes/${id}`, { cookie: owner.cookie })).status).toBe(204);
    expect((await api(server, 'GET', `/api/public/${token}`)).status).toBe(404);
  });

  // Last in the file: it spends this address's PDF allowance for the minute.
  it('bounds PDF downloads per address with 429 and Retry-After, without counting refused ones', async () => {
    const id = await newResume();
    const { token } = await turnOn(id);
    let refused: Awaited<ReturnType<typeof pdf>> | undefined;
    let served = 0;
    for (let i = 0; i < 25 && !refused; i++) {
      const res = await pdf(token);
      if (res.status === 429) refused = res;
      else {
        expect(res.status).toBe(200);
        served++;
      }
    }
    expect(refused, 'no 429 within 25 downloads').toBeDefined();
    expect(served).toBeLessThanOrEqual(20);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.parse(refused?.bytes.toString('utf8') ?? '{}')).toMatchObject({ error: { code: 'rate_limited' } });
    expect(await status(id)).toMatchObject({ downloads: served });
  });
});
