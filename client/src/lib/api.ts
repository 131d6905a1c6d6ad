// Thin REST helpers: every call to the server goes through `request`, which turns failures into
// an ApiError carrying the server's code and words a person can act on.

import type { ResumeLayout } from '../../../collab/layout.ts';

export interface User {
  id: string;
  email: string;
  username: string;
}
export type Role = 'owner' | 'editor' | 'commenter' | 'viewer';
export type MemberRole = Exclude<Role, 'owner'>;
export interface InvitationLink {
  id: string;
  role: MemberRole;
  expiresAt: string;
  maxUses: number | null;
  uses: number;
  createdAt: string;
}
export interface ResumeSummary {
  id: string;
  title: string;
  role: Role;
  owner?: { id: string; username: string } | string | null;
  updatedAt: string;
  score: number | null;
}
export interface ResumeDetail extends ResumeSummary {
  template: string;
  members: { userId: string; username: string; role: Role }[];
}
export interface TemplateInfo {
  id: string;
  name: string;
  description: string;
}

export type Paper = 'a4' | 'letter';
/** How many pages the PDF has on each paper. */
export type PageCounts = Record<Paper, number>;
export type PublicLinkStatus =
  | { enabled: false }
  | { enabled: true; id: string; createdAt: string; views: number; downloads: number; lastViewedAt: string | null };
/** A new public link: its address is told only now (the server keeps a hash). */
export type NewPublicLink = Extract<PublicLinkStatus, { enabled: true }> & { url: string; token: string };
/** A file from the server, ready to save. */
export interface DownloadedFile {
  blob: Blob;
  filename: string;
  /** `X-Page-Count` of a PDF. */
  pages: number | null;
}

export type ApiErrorKind = 'unauthenticated' | 'forbidden' | 'too_large' | 'network' | 'invalid' | 'server';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Called when a request finds the session gone; the app sends the person to /login. */
let onSessionExpired: (() => void) | undefined;
export function setSessionExpiredHandler(handler: () => void): void {
  onSessionExpired = handler;
}

export async function request<T>(method: string, path: string, body?: unknown, opts: { quiet401?: boolean } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('network', 0, 'network', 'Connection lost. Check your network and try again.');
  }
  if (res.ok) {
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }
  throw await failure(res, opts);
}

/** A failed response as the ApiError a person can act on. */
async function failure(res: Response, opts: { quiet401?: boolean } = {}): Promise<ApiError> {
  const { code, message } = await errorBody(res);
  if (res.status === 401) {
    if (!opts.quiet401) onSessionExpired?.();
    return new ApiError('unauthenticated', 401, code, opts.quiet401 ? message : 'Your session has expired. Please log in again.');
  }
  if (res.status === 403 || res.status === 404) {
    return new ApiError('forbidden', res.status, code, "You don't have access to this, or it doesn't exist.");
  }
  if (res.status === 413) return new ApiError('too_large', 413, code, 'That is too large. Try a smaller file or shorter text.');
  if (res.status >= 400 && res.status < 500) return new ApiError('invalid', res.status, code, message);
  return new ApiError('server', res.status, code, 'Something went wrong on our side. Please try again in a moment.');
}

/** GET a file (an export) as a Blob with the name the server gives it; failures as ApiError. */
async function fetchFile(path: string, fallbackName: string): Promise<DownloadedFile> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin' });
  } catch {
    throw new ApiError('network', 0, 'network', 'Connection lost. Check your network and try again.');
  }
  if (!res.ok) throw await failure(res);
  const pages = Number(res.headers.get('x-page-count'));
  return {
    blob: await res.blob(),
    filename: attachmentName(res.headers.get('content-disposition')) ?? fallbackName,
    pages: Number.isInteger(pages) && pages > 0 ? pages : null,
  };
}

/** The file name of a `Content-Disposition: attachment`, preferring the UTF-8 form. */
export function attachmentName(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(header)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended);
    } catch {
      // fall back to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(header)?.[1];
}

async function errorBody(res: Response): Promise<{ code: string; message: string }> {
  try {
    const parsed = (await res.json()) as { error?: { code?: string; message?: string } };
    return { code: parsed.error?.code ?? 'error', message: sentence(parsed.error?.message ?? res.statusText) };
  } catch {
    return { code: 'error', message: sentence(res.statusText || 'Request failed') };
  }
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return trimmed ? trimmed[0]?.toUpperCase() + trimmed.slice(1) : 'Request failed';
}

export function errorText(err: unknown): string {
  return err instanceof ApiError ? err.message : 'Something unexpected happened. Please reload the page.';
}

export const api = {
  me: () => request<{ user: User }>('GET', '/api/me', undefined, { quiet401: true }),
  signup: (input: { email: string; username: string; password: string }) =>
    request<{ user: User }>('POST', '/api/auth/signup', input, { quiet401: true }),
  login: (input: { email: string; password: string }) =>
    request<{ user: User }>('POST', '/api/auth/login', input, { quiet401: true }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  templates: () => request<TemplateInfo[]>('GET', '/api/templates'),
  resumes: () => request<{ owned: ResumeSummary[]; shared: ResumeSummary[] }>('GET', '/api/resumes'),
  resume: (id: string) => request<ResumeDetail>('GET', `/api/resumes/${encodeURIComponent(id)}`),
  resumeJson: (id: string) => request<Record<string, unknown>>('GET', `/api/resumes/${encodeURIComponent(id)}/json`),
  createResume: (input: { title: string; template?: string; jsonResume?: unknown }) =>
    request<{ id: string }>('POST', '/api/resumes', input),
  renameResume: (id: string, title: string) => request<ResumeSummary>('PATCH', `/api/resumes/${encodeURIComponent(id)}`, { title }),
  deleteResume: (id: string) => request<void>('DELETE', `/api/resumes/${encodeURIComponent(id)}`),
  acceptInvitation: (token: string) =>
    request<{ resumeId: string; role: Role }>('POST', `/api/invitations/${encodeURIComponent(token)}/accept`),
  invite: (id: string, input: { role: MemberRole; expiresInHours?: number; maxUses?: number | null }) =>
    request<{ id: string; url: string; token: string; role: MemberRole; expiresAt: string; maxUses: number | null }>(
      'POST',
      `/api/resumes/${encodeURIComponent(id)}/invitations`,
      input,
    ),
  invitations: (id: string) => request<InvitationLink[]>('GET', `/api/resumes/${encodeURIComponent(id)}/invitations`),
  revokeInvitation: (id: string, invitationId: string) =>
    request<void>('DELETE', `/api/resumes/${encodeURIComponent(id)}/invitations/${encodeURIComponent(invitationId)}`),
  setMemberRole: (id: string, userId: string, role: MemberRole) =>
    request<{ userId: string; role: MemberRole }>('PATCH', `/api/resumes/${encodeURIComponent(id)}/members/${encodeURIComponent(userId)}`, { role }),
  requestEditAccess: (id: string) => request<{ requested: true }>('POST', `/api/resumes/${encodeURIComponent(id)}/access-requests`),
  removeMember: (id: string, userId: string) =>
    request<{ userId: string; revokedInvitation: string | null }>('DELETE', `/api/resumes/${encodeURIComponent(id)}/members/${encodeURIComponent(userId)}`),
  pageCounts: (id: string, template: string) =>
    request<{ template: string; pages: PageCounts }>('GET', `/api/resumes/${encodeURIComponent(id)}/pages?template=${encodeURIComponent(template)}`),
  downloadPdf: (id: string, template: string, paper: Paper) =>
    fetchFile(`/api/resumes/${encodeURIComponent(id)}/pdf?template=${encodeURIComponent(template)}&paper=${paper}`, 'resume.pdf'),
  downloadExport: (id: string, format: 'md' | 'txt') => fetchFile(`/api/resumes/${encodeURIComponent(id)}/export.${format}`, `resume.${format}`),
  publicLink: (id: string) => request<PublicLinkStatus>('GET', `/api/resumes/${encodeURIComponent(id)}/public-link`),
  makePublicLink: (id: string) => request<NewPublicLink>('POST', `/api/resumes/${encodeURIComponent(id)}/public-link`),
  turnOffPublicLink: (id: string) => request<void>('DELETE', `/api/resumes/${encodeURIComponent(id)}/public-link`),
  publicResume: (token: string) => request<{ layout: ResumeLayout }>('GET', `/api/public/${encodeURIComponent(token)}`),
  downloadPublicPdf: (token: string, paper: Paper) => fetchFile(`/api/public/${encodeURIComponent(token)}/pdf?paper=${paper}`, 'resume.pdf'),
};

export const exportUrls = {
  json: (id: string) => `/api/resumes/${encodeURIComponent(id)}/json`,
};
