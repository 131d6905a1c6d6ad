// Thin REST helpers: every call to the server goes through `request`, which turns failures into
// an ApiError carrying the server's code and words a person can act on.

export interface User {
  id: string;
  email: string;
  username: string;
}
export type Role = 'owner' | 'editor' | 'commenter' | 'viewer';
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

async function request<T>(method: string, path: string, body?: unknown, opts: { quiet401?: boolean } = {}): Promise<T> {
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
  const { code, message } = await errorBody(res);
  if (res.status === 401) {
    if (!opts.quiet401) onSessionExpired?.();
    throw new ApiError('unauthenticated', 401, code, opts.quiet401 ? message : 'Your session has expired. Please log in again.');
  }
  if (res.status === 403 || res.status === 404) {
    throw new ApiError('forbidden', res.status, code, "You don't have access to this, or it doesn't exist.");
  }
  if (res.status === 413) throw new ApiError('too_large', 413, code, 'That is too large. Try a smaller file or shorter text.');
  if (res.status >= 400 && res.status < 500) throw new ApiError('invalid', res.status, code, message);
  throw new ApiError('server', res.status, code, 'Something went wrong on our side. Please try again in a moment.');
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
  invite: (id: string, role: 'editor' | 'commenter' | 'viewer') =>
    request<{ url: string; token: string }>('POST', `/api/resumes/${encodeURIComponent(id)}/invitations`, { role }),
};

export const exportUrls = {
  json: (id: string) => `/api/resumes/${encodeURIComponent(id)}/json`,
  pdf: (id: string, template: string) => `/api/resumes/${encodeURIComponent(id)}/pdf?template=${encodeURIComponent(template)}`,
};
