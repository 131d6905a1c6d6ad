// Thin REST helpers for tests: sign up, create resumes, hand out tokens and invitations, all
// through the real HTTP API.
import { randomBytes } from 'node:crypto';
import type { TestServer } from './server.ts';

export interface TestUser {
  cookie: string;
  user: { id: string; email: string; username: string };
  password: string;
}

export async function api(
  server: Pick<TestServer, 'url'>,
  method: string,
  path: string,
  opts: { cookie?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  } else if (body !== undefined) {
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(server.url + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

function sessionCookie(headers: Headers): string {
  const cookie = headers.getSetCookie().find((c) => c.startsWith('sid='));
  if (!cookie) throw new Error('no sid cookie in the response');
  return cookie.split(';')[0] ?? '';
}

export async function signup(server: Pick<TestServer, 'url'>, name?: string): Promise<TestUser> {
  const username = name ?? `user_${randomBytes(4).toString('hex')}`;
  const password = `pw-${randomBytes(12).toString('base64url')}`; // random: zxcvbn's top score
  const res = await api(server, 'POST', '/api/auth/signup', {
    body: { email: `${username}@example.com`, username, password },
  });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { cookie: sessionCookie(res.headers), user: (res.body as { user: TestUser['user'] }).user, password };
}

export async function createResume(
  server: Pick<TestServer, 'url'>,
  cookie: string,
  body: Record<string, unknown> = { title: 'My resume' },
): Promise<{ id: string }> {
  const res = await api(server, 'POST', '/api/resumes', { cookie, body });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string };
}

export async function collabToken(server: Pick<TestServer, 'url'>, cookie: string, resumeId: string): Promise<string> {
  const res = await api(server, 'POST', `/api/resumes/${resumeId}/collab-token`, { cookie });
  if (res.status !== 200) throw new Error(`collab-token failed: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { token: string }).token;
}

export async function invite(
  server: Pick<TestServer, 'url'>,
  ownerCookie: string,
  resumeId: string,
  role: 'editor' | 'commenter' | 'viewer',
): Promise<string> {
  const res = await api(server, 'POST', `/api/resumes/${resumeId}/invitations`, { cookie: ownerCookie, body: { role } });
  if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { token: string }).token;
}

export async function acceptInvite(server: Pick<TestServer, 'url'>, cookie: string, token: string): Promise<void> {
  const res = await api(server, 'POST', `/api/invitations/${token}/accept`, { cookie });
  if (res.status !== 200) throw new Error(`accept failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Signs up a user and makes them a member of the resume with the role. */
export async function memberWithRole(
  server: Pick<TestServer, 'url'>,
  ownerCookie: string,
  resumeId: string,
  role: 'editor' | 'commenter' | 'viewer',
): Promise<TestUser> {
  const member = await signup(server);
  await acceptInvite(server, member.cookie, await invite(server, ownerCookie, resumeId, role));
  return member;
}
