// Exports over the real HTTP API: the PDF in the resume's own template and in another, on A4 and
// Letter, read back; Markdown and plain text as attachments; who may export; bad requests.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getItems, setItemHidden, setSectionHidden } from '../../collab/index.ts';
import { loadResumeFixture } from '../fixtures/resumes/index.ts';
import { api, createResume, memberWithRole, signup, type TestUser } from '../harness/api.ts';
import { connect, destroyClients, until } from '../harness/collab.ts';
import { readPdf } from '../harness/pdf-text.ts';
import { startServer, type TestServer } from '../harness/server.ts';

let server: TestServer;
let owner: TestUser;
let resumeId: string;

async function download(path: string, cookie: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const res = await fetch(server.url + path, { headers: { cookie } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  server = await startServer();
  owner = await signup(server);
  ({ id: resumeId } = await createResume(server, owner.cookie, {
    title: 'Daniel — Product 2026',
    template: 'modern',
    jsonResume: loadResumeFixture('career-changer.resume.json'),
  }));
});
afterEach(destroyClients);
afterAll(async () => {
  await server.close();
});

describe('resume exports', () => {
  it('downloads the PDF in the resume’s own template with its page count, and in another on Letter', async () => {
    const own = await download(`/api/resumes/${resumeId}/pdf`, owner.cookie);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('application/pdf');
    expect(own.headers.get('content-disposition')).toContain('attachment; filename="Daniel-Product-2026.pdf"');
    const read = await readPdf(own.bytes);
    expect(Number(own.headers.get('x-page-count'))).toBe(read.pages.length);
    expect(read.title).toBe('Daniel — Product 2026');
    expect(read.text).toContain('Daniel Reyes');
    expect(read.text).toMatch(/SKILLS/); // modern sets its headings in capitals
    expect(read.pages[0]?.width).toBeCloseTo(595.28, 0);

    const letter = await download(`/api/resumes/${resumeId}/pdf?template=classic&paper=letter`, owner.cookie);
    expect(letter.status).toBe(200);
    const readLetter = await readPdf(letter.bytes);
    expect(readLetter.pages[0]?.width).toBeCloseTo(612, 0);
    expect(readLetter.pages[0]?.height).toBeCloseTo(792, 0);
    expect(readLetter.text).toContain('Daniel Reyes');
    expect(Number(letter.headers.get('x-page-count'))).toBe(readLetter.pages.length);
  });

  it('lets any member export, and answers strangers as if the resume did not exist', async () => {
    const viewer = await memberWithRole(server, owner.cookie, resumeId, 'viewer');
    const asViewer = await download(`/api/resumes/${resumeId}/pdf?template=minimal`, viewer.cookie);
    expect(asViewer.status).toBe(200);
    expect(asViewer.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const stranger = await signup(server);
    for (const path of ['pdf', 'export.md', 'export.txt']) {
      const res = await api(server, 'GET', `/api/resumes/${resumeId}/${path}`, { cookie: stranger.cookie });
      expect(res.status, path).toBe(404);
      expect(res.body).toMatchObject({ error: { code: 'not_found' } });
    }
    const anonymous = await api(server, 'GET', `/api/resumes/${resumeId}/pdf`);
    expect(anonymous.status).toBe(401);
  });

  it('refuses an unknown template or paper with a message naming the choices', async () => {
    const badTemplate = await api(server, 'GET', `/api/resumes/${resumeId}/pdf?template=fancy`, { cookie: owner.cookie });
    expect(badTemplate.status).toBe(400);
    expect(badTemplate.body).toMatchObject({ error: { code: 'bad_request' } });
    expect((badTemplate.body as { error: { message: string } }).error.message).toMatch(/fancy.*classic, modern, compact, technical, executive, minimal/);
    const badPaper = await api(server, 'GET', `/api/resumes/${resumeId}/pdf?paper=a3`, { cookie: owner.cookie });
    expect(badPaper.status).toBe(400);
  });

  it('tells the PDF’s page count on A4 and Letter without making the file, as the PDF sets it', async () => {
    for (const template of ['modern', 'executive']) {
      const res = await api(server, 'GET', `/api/resumes/${resumeId}/pages?template=${template}`, { cookie: owner.cookie });
      expect(res.status).toBe(200);
      const { pages } = res.body as { template: string; pages: { a4: number; letter: number } };
      expect(res.body).toMatchObject({ template });
      for (const paper of ['a4', 'letter'] as const) {
        const made = await download(`/api/resumes/${resumeId}/pdf?template=${template}&paper=${paper}`, owner.cookie);
        expect(pages[paper], `${template} ${paper}`).toBe(Number(made.headers.get('x-page-count')));
      }
    }
    const bad = await api(server, 'GET', `/api/resumes/${resumeId}/pages?template=fancy`, { cookie: owner.cookie });
    expect(bad.status).toBe(400);
    const stranger = await signup(server);
    expect((await api(server, 'GET', `/api/resumes/${resumeId}/pages`, { cookie: stranger.cookie })).status).toBe(404);
  });

  it('leaves hidden items and hidden sections out of the PDF, Markdown and text, as the preview does', async () => {
    const { id } = await createResume(server, owner.cookie, {
      title: 'Hidden parts',
      jsonResume: { basics: { name: 'Ana Ruiz' }, work: [{ name: 'Acme Corp' }, { name: 'Globex Summer' }], volunteer: [{ organization: 'Code Club' }] },
    });
    const editor = connect(server, id, { cookie: owner.cookie });
    await editor.synced();
    const globex = getItems(editor.doc, 'work').find((item) => item.map.get('name')?.toString() === 'Globex Summer');
    setItemHidden(editor.doc, 'work', globex?.id ?? '', true);
    setSectionHidden(editor.doc, 'volunteer', true);
    await until(async () => expect((await download(`/api/resumes/${id}/export.txt`, owner.cookie)).bytes.toString('utf8')).not.toMatch(/Globex|Code Club/));
    const pdf = await readPdf((await download(`/api/resumes/${id}/pdf`, owner.cookie)).bytes);
    expect(pdf.text).toContain('Acme Corp');
    expect(pdf.text).not.toMatch(/Globex|Code Club/);
    expect((await download(`/api/resumes/${id}/export.md`, owner.cookie)).bytes.toString('utf8')).not.toMatch(/Globex|Code Club/);
    // The JSON Resume export is the person's data: hidden items stay in it.
    expect(JSON.stringify((await api(server, 'GET', `/api/resumes/${id}/json`, { cookie: owner.cookie })).body)).toContain('Globex Summer');
  });

  it('exports Markdown and plain text as named attachments', async () => {
    const md = await download(`/api/resumes/${resumeId}/export.md`, owner.cookie);
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.headers.get('content-disposition')).toContain('filename="Daniel-Product-2026.md"');
    expect(md.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('Daniel — Product 2026.md')}`);
    const markdown = md.bytes.toString('utf8');
    expect(markdown).toMatch(/^# Daniel Reyes\n/);
    expect(markdown).toContain('\n## Work experience\n');

    const txt = await download(`/api/resumes/${resumeId}/export.txt`, owner.cookie);
    expect(txt.status).toBe(200);
    expect(txt.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const text = txt.bytes.toString('utf8');
    expect(text.startsWith('Daniel Reyes\n')).toBe(true);
    expect(text).toContain('WORK EXPERIENCE');
    expect(text).not.toMatch(/[*#]{2}/);
  });
});

describe('PDF import', () => {
  it('creates a resume from an uploaded PDF for the person to review', async () => {
    const pdf = (await download(`/api/resumes/${resumeId}/pdf?template=classic`, owner.cookie)).bytes;
    const res = await fetch(`${server.url}/api/resumes/import-pdf`, {
      method: 'POST',
      headers: { cookie: owner.cookie, 'content-type': 'application/pdf' },
      body: new Uint8Array(pdf),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; title: string; jsonResume: { basics: { name: string; email: string }; work: unknown[] } };
    expect(created.title).toBe('Daniel Reyes (imported from PDF)');
    expect(created.jsonResume.basics).toMatchObject({ name: 'Daniel Reyes', email: 'daniel.reyes@example.com' });
    // The new resume is the importer's own, and holds what was read.
    const json = await api(server, 'GET', `/api/resumes/${created.id}/json`, { cookie: owner.cookie });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ basics: { name: 'Daniel Reyes' } });
    expect((json.body as { work: unknown[] }).work).toHaveLength(created.jsonResume.work.length);
  });

  it('refuses what is not a PDF, and PDFs over 5 MiB', async () => {
    const notPdf = await fetch(`${server.url}/api/resumes/import-pdf`, {
      method: 'POST',
      headers: { cookie: owner.cookie, 'content-type': 'application/pdf' },
      body: 'hello',
    });
    expect(notPdf.status).toBe(400);
    const big = await fetch(`${server.url}/api/resumes/import-pdf`, {
      method: 'POST',
      headers: { cookie: owner.cookie, 'content-type': 'application/pdf' },
      body: new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5 * 1024 * 1024)])),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: 'payload_too_large' } });
  });
});
