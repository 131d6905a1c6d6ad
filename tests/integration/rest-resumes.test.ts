// Resumes over the real HTTP API: create (blank, with a template, from JSON Resume), list
// owned and shared, get, rename, delete, JSON export, collab tokens, members.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createResume, memberWithRole, signup, type TestUser } from '../harness/api.ts';
import { startServer, type TestServer } from '../harness/server.ts';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/resumes/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

let server: TestServer;
let owner: TestUser;
beforeAll(async () => {
  server = await startServer();
  owner = await signup(server);
});
afterAll(async () => {
  await server.close();
});

describe('resumes', () => {
  it('creates a blank resume that the owner lists, gets and exports', async () => {
    const created = await api(server, 'POST', '/api/resumes', { cookie: owner.cookie, body: { title: 'Backend roles' } });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expect(created.body).toMatchObject({ title: 'Backend roles', role: 'owner' });

    const list = await api(server, 'GET', '/api/resumes', { cookie: owner.cookie });
    expect(list.status).toBe(200);
    const owned = (list.body as { owned: Array<Record<string, unknown>> }).owned;
    expect(owned.find((r) => r.id === id)).toMatchObject({
      title: 'Backend roles',
      role: 'owner',
      owner: { id: owner.user.id, username: owner.user.username },
      score: null,
    });

    const got = await api(server, 'GET', `/api/resumes/${id}`, { cookie: owner.cookie });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id, title: 'Backend roles', role: 'owner', members: [{ userId: owner.user.id, role: 'owner' }] });

    const json = await api(server, 'GET', `/api/resumes/${id}/json`, { cookie: owner.cookie });
    expect(json.status).toBe(200);
    expect(typeof json.body).toBe('object');
  });

  it('creates from a template and the resume carries it', async () => {
    const templates = await api(server, 'GET', '/api/templates');
    const list = templates.body as Array<{ id: string; name: string; description: string }>;
    expect(list.length).toBeGreaterThanOrEqual(6);
    const pick = list[list.length - 1];
    if (!pick) throw new Error('no templates');
    const { id } = await createResume(server, owner.cookie, { title: 'Designed', template: pick.id });
    const got = await api(server, 'GET', `/api/resumes/${id}`, { cookie: owner.cookie });
    expect(got.body).toMatchObject({ template: pick.id });
  });

  it('serves the template list with HTTP caching headers and answers 304 to its ETag', async () => {
    const first = await api(server, 'GET', '/api/templates');
    expect(first.headers.get('cache-control')).toBe('public, max-age=3600');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await api(server, 'GET', '/api/templates', { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
  });

  it('imports a JSON Resume and exports the same document', async () => {
    const source = fixture('complete-resume.json');
    const { id } = await createResume(server, owner.cookie, { title: 'Imported', jsonResume: source });
    const exported = await api(server, 'GET', `/api/resumes/${id}/json`, { cookie: owner.cookie });
    expect(exported.body).toEqual(source);
  });

  it('renames, then deletes; a deleted resume is gone for everyone', async () => {
    const { id } = await createResume(server, owner.cookie, { title: 'Draft' });
    const editor = await memberWithRole(server, owner.cookie, id, 'editor');
    const renamed = await api(server, 'PATCH', `/api/resumes/${id}`, { cookie: editor.cookie, body: { title: '  Final  ' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ title: 'Final' });
    expect((await api(server, 'DELETE', `/api/resumes/${id}`, { cookie: editor.cookie })).status).toBe(403);
    expect((await api(server, 'DELETE', `/api/resumes/${id}`, { cookie: owner.cookie })).status).toBe(204);
    expect((await api(server, 'GET', `/api/resumes/${id}`, { cookie: owner.cookie })).status).toBe(404);
    const shared = await api(server, 'GET', '/api/resumes', { cookie: editor.cookie });
    expect((shared.body as { shared: unknown[] }).shared).toEqual([]);
  });

  it('lists a resume shared with me under "shared" with my role', async () => {
    const { id } = await createResume(server, owner.cookie, { title: 'For my coach' });
    const coach = await memberWithRole(server, owner.cookie, id, 'commenter');
    const list = await api(server, 'GET', '/api/resumes', { cookie: coach.cookie });
    const body = list.body as { owned: unknown[]; shared: Array<Record<string, unknown>> };
    expect(body.owned).toEqual([]);
    expect(body.shared).toEqual([
      expect.objectContaining({ id, title: 'For my coach', role: 'commenter', owner: { id: owner.user.id, username: owner.user.username } }),
    ]);
    // A commenter may read but not rename.
    expect((await api(server, 'GET', `/api/resumes/${id}/json`, { cookie: coach.cookie })).status).toBe(200);
    expect((await api(server, 'PATCH', `/api/resumes/${id}`, { cookie: coach.cookie, body: { title: 'x' } })).status).toBe(403);
  });

  it('hands a member a short-lived collab token', async () => {
    const { id } = await createResume(server, owner.cookie);
    const res = await api(server, 'POST', `/api/resumes/${id}/collab-token`, { cookie: owner.cookie });
    expect(res.status).toBe(200);
    const body = res.body as { token: string; expiresAt: string };
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const ttl = new Date(body.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5 * 60_000);
  });

  it('lets the owner change a role and revoke a member', async () => {
    const { id } = await createResume(server, owner.cookie);
    const member = await memberWithRole(server, owner.cookie, id, 'viewer');
    const up = await api(server, 'PATCH', `/api/resumes/${id}/members/${member.user.id}`, { cookie: owner.cookie, body: { role: 'editor' } });
    expect(up.status).toBe(200);
    expect((await api(server, 'GET', `/api/resumes/${id}`, { cookie: member.cookie })).body).toMatchObject({ role: 'editor' });
    const revoke = await api(server, 'DELETE', `/api/resumes/${id}/members/${member.user.id}`, { cookie: owner.cookie });
    expect(revoke.status).toBe(200);
    expect((await api(server, 'GET', `/api/resumes/${id}`, { cookie: member.cookie })).status).toBe(404);
  });
});
