// Structured JSON logs (pino). Every line carries the node id; children add request and resume ids.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, nodeId: string): Logger {
  return pino({
    level,
    base: { node: nodeId },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}

/** Path segments that follow these hold secrets (invitation, public-link and reset tokens). */
const SECRET_AFTER = new Set(['invite', 'p', 'invitations', 'public', 'reset', 'reset-password']);
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{40,}$/; // our tokens are 43; ids (UUIDs) are 36

/** A request URL as logs may show it: the path only (queries carry collab tokens and `next`
 *  addresses), with any token-bearing segment replaced. */
export function redactUrl(url: string | undefined): string {
  const segments = (url ?? '').split(/[?#]/, 1)[0]?.split('/') ?? [];
  return segments
    .map((segment, i) => (i > 0 && (SECRET_AFTER.has(segments[i - 1] ?? '') || TOKEN_SHAPE.test(segment)) ? '[redacted]' : segment))
    .join('/');
}
