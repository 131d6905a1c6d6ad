// The app's pages as a table of URL patterns: pure, so tests and the router share one source.

export type Route =
  | { page: 'list' }
  | { page: 'login'; next: string | null }
  | { page: 'signup'; next: string | null }
  /** `share`: open the Share dialog (a request for edit access links here). */
  | { page: 'editor'; id: string; share?: true }
  | { page: 'coach' }
  | { page: 'invite'; token: string }
  | { page: 'public'; token: string }
  | { page: 'not-found' };

const PATTERNS: { pattern: RegExp; route: (m: RegExpMatchArray, query: URLSearchParams) => Route }[] = [
  { pattern: /^\/$/, route: () => ({ page: 'list' }) },
  { pattern: /^\/login\/?$/, route: (_m, q) => ({ page: 'login', next: safeNext(q.get('next')) }) },
  { pattern: /^\/signup\/?$/, route: (_m, q) => ({ page: 'signup', next: safeNext(q.get('next')) }) },
  { pattern: /^\/resumes\/([^/]+)\/?$/, route: (m, q) => ({ page: 'editor', id: decode(m[1]), ...(q.get('share') === '1' ? { share: true as const } : {}) }) },
  { pattern: /^\/coach\/?$/, route: () => ({ page: 'coach' }) },
  { pattern: /^\/invite\/([^/]+)\/?$/, route: (m) => ({ page: 'invite', token: decode(m[1]) }) },
  { pattern: /^\/p\/([^/]+)\/?$/, route: (m) => ({ page: 'public', token: decode(m[1]) }) },
];

/** Only same-site paths may be a redirect target after login (no open redirects). */
export function safeNext(value: string | null): string | null {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : null;
}

function decode(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? '');
  } catch {
    return segment ?? '';
  }
}

export function matchRoute(pathname: string, search = ''): Route {
  const query = new URLSearchParams(search);
  for (const { pattern, route } of PATTERNS) {
    const m = pathname.match(pattern);
    if (m) return route(m, query);
  }
  return { page: 'not-found' };
}
