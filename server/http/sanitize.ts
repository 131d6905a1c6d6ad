// The one boundary check every request passes after the body parser: text with a NUL byte or a
// lone UTF-16 surrogate, and JSON nested past a depth bound, are refused with 400 before any route.
import type { Context, Next } from 'koa';
import { AppError } from '../errors.ts';

/** Deeper than any body a route accepts (a JSON Resume nests about 4 levels). */
export const MAX_JSON_DEPTH = 32;

/** Half of a surrogate pair with no other half (TypeScript's ES2023 lib lacks isWellFormed). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** The text with each lone surrogate replaced by U+FFFD and NUL characters dropped. */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATES, '\uFFFD').replaceAll('\u0000', '');
}

type Problem = { path: string; message: string };

/** Why a string cannot be stored or rendered: Postgres refuses NUL in text and lone surrogates in
 *  JSON; fonts cannot draw either. */
function badText(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain a NUL character';
  if (LONE_SURROGATE.test(value)) return 'must not contain a lone UTF-16 surrogate (half of an emoji or symbol)';
  return null;
}

/** The first problem in a parsed JSON value (keys count as text too), or null. Iterative, so a
 *  deep body cannot overflow the stack before its depth is judged. */
export function findBadInput(root: unknown, maxDepth = MAX_JSON_DEPTH): Problem | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const top = stack.pop();
    if (!top) break;
    const { value, path, depth } = top;
    if (typeof value === 'string') {
      const message = badText(value);
      if (message) return { path: path || '(body)', message };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxDepth) return { path: path || '(body)', message: `nested deeper than ${maxDepth} levels` };
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      const keyProblem = badText(key);
      if (keyProblem) return { path: childPath, message: `field name ${keyProblem}` };
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return null;
}

/** Koa middleware: checks the parsed body, the query string and the path. */
export function sanitizeInput() {
  return async (ctx: Context, next: Next) => {
    const problem =
      pathProblem(ctx.path) ??
      findBadInput(ctx.query, 2) ??
      (ctx.request.body === undefined ? null : findBadInput(ctx.request.body));
    if (problem) {
      throw new AppError(400, 'validation_failed', `${problem.path}: ${problem.message}`, { fields: [problem] });
    }
    await next();
  };
}

/** Route parameters are percent-decoded by the router: judge the decoded path here, where an
 *  undecodable one (bytes that are not UTF-8) is a 400 rather than the router's URIError. */
function pathProblem(path: string): Problem | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return { path: '(path)', message: 'the address has an escape that is not UTF-8' };
  }
  const message = badText(decoded);
  return message ? { path: '(path)', message } : null;
}
