// The first page (login, list) loads at most 100 KB of gzipped script; the editor and CodeMirror
// come later in their own chunk. Measured on the production build the server serves.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ensureClientBuilt } from './browser.ts';

const DIST = path.join(ROOT, 'dist', 'client');
const gz = (file: string) => gzipSync(readFileSync(path.join(DIST, file)), { level: 9 }).length;

/** Scripts the first page loads: index.html's module scripts and modulepreloads, and their static imports. */
function firstPageScripts(): string[] {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const queue = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/?([^"]+\.js)"/g)].map((m) => m[1] ?? '');
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.pop() ?? '';
    if (!file || seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(path.join(DIST, file), 'utf8');
    // Static imports only (`import … from "./x.js"`, `import "./x.js"`); `import("./x.js")` is lazy.
    for (const m of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w${}\s,*]+from\s*)?["']\.\/([^"']+\.js)["']/g)) {
      queue.push(path.posix.join(path.posix.dirname(file), m[1] ?? ''));
    }
  }
  return [...seen];
}

beforeAll(() => ensureClientBuilt());

describe('bundle size', () => {
  it('loads at most 100 KB of gzipped script on the first page, the editor lazily', () => {
    const first = firstPageScripts();
    expect(first.length).toBeGreaterThan(0);
    const firstBytes = first.reduce((sum, file) => sum + gz(file), 0);
    const all = readdirSync(path.join(DIST, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
    const lazy = all.filter((f) => !first.includes(f));
    const lazyBytes = lazy.reduce((sum, file) => sum + gz(file), 0);
    console.log(`first page: ${(firstBytes / 1024).toFixed(1)} KB gzipped script (${first.join(', ')}); lazy chunks: ${(lazyBytes / 1024).toFixed(1)} KB (${lazy.join(', ')})`);
    expect(firstBytes).toBeLessThanOrEqual(100 * 1024);
    expect(lazy.some((f) => /EditorPage/.test(f))).toBe(true);
  });
});
