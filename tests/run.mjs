// `npm test`: checks what the suite needs (and starts or names what is missing), then runs the
// type check, the linters, the client build and every vitest project, and ends with one
// "N passed, N failed" line.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';

const started = Date.now();
const log = (msg) => process.stdout.write(`\n▶ ${msg}\n`);

function reachable(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.setTimeout(2000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
    socket.once('error', () => resolve(false));
  });
}

async function ensurePostgres() {
  if (process.env.TEST_POSTGRES_URL || (await reachable(5432))) return;
  const versions = existsSync('/etc/postgresql') ? execFileSync('ls', ['/etc/postgresql']).toString().trim().split('\n') : [];
  if (versions[0] && process.getuid?.() === 0) {
    log(`Postgres is not running; starting cluster ${versions[0]}/main`);
    spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', versions[0], 'main', 'start'], { stdio: 'inherit' });
    if (await reachable(5432)) return;
  }
  console.error(
    'Missing: a Postgres server on 127.0.0.1:5432 with trust auth for user postgres (or set TEST_POSTGRES_URL).\n' +
      'Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  );
  process.exit(1);
}

// Debian packages the suite drives: Chromium for the browser tests (playwright-core downloads no
// browser), poppler's pdftoppm to render exported PDFs, nginx and redis-server for the cluster tests.
const DEBIAN_PACKAGES = [
  { pkg: 'chromium', file: '/usr/bin/chromium', for: 'the browser tests' },
  { pkg: 'poppler-utils', file: '/usr/bin/pdftoppm', for: 'rendering exported PDFs' },
  { pkg: 'nginx-light', file: '/usr/sbin/nginx', for: 'the cluster tests' },
  { pkg: 'redis-server', file: '/usr/bin/redis-server', for: 'the cluster tests (each starts its own Redis)' },
];

function ensureDebianPackages() {
  const missing = DEBIAN_PACKAGES.filter((p) => !existsSync(p.file));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.pkg);
  if (process.getuid?.() === 0) {
    log(`Installing missing Debian packages with apt-get: ${names.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    const install = update.status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (install && install.status === 0 && missing.every((p) => existsSync(p.file))) return;
  }
  console.error(
    `Missing: ${missing.map((p) => `${p.file} (${p.pkg}, for ${p.for})`).join(', ')}. Install as root:\n` +
      `  apt-get update && apt-get install -y ${names.join(' ')}`,
  );
  process.exit(1);
}

function step(name, cmd, args) {
  log(name);
  const t = Date.now();
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (res.status !== 0) {
    console.error(`\n✖ ${name} failed (exit ${res.status ?? res.signal})`);
    console.log('0 passed, 1 failed');
    process.exit(res.status ?? 1);
  }
  process.stdout.write(`  ✓ ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)\n`);
}

await ensurePostgres();
ensureDebianPackages();
const bin = (name) => `node_modules/.bin/${name}`;
step('type check (tsc)', bin('tsc'), ['--noEmit', '-p', '.']);
step('svelte check', bin('svelte-check'), ['--tsconfig', 'client/tsconfig.json', '--fail-on-warnings']);
step('lint (eslint)', bin('eslint'), ['.', '--max-warnings=0']);
step('client build (vite)', bin('vite'), ['build', '--logLevel', 'warn']);

mkdirSync('test-results', { recursive: true });
log('tests (vitest: unit, integration on PGlite and on Postgres, browser in Chromium, cluster of nodes behind nginx)');
const res = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json'],
  { stdio: 'inherit', env: process.env },
);
let passed = 0;
let failed = 0;
try {
  const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests + (report.numRuntimeErrors ?? 0);
  if (report.numPendingTests || report.numTodoTests) {
    console.error(`✖ ${report.numPendingTests + report.numTodoTests} skipped or todo tests: none may be skipped`);
    failed += report.numPendingTests + report.numTodoTests;
  }
} catch {
  failed = Math.max(1, failed);
}
if (res.status !== 0 && failed === 0) failed = 1;
console.log(`\nfinished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && res.status === 0 ? 0 : 1);
