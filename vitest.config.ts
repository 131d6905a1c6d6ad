// Five projects: unit tests, the integration suite run twice — once on the embedded PGlite
// default and once on a real Postgres server (a fresh database per test file) — and the browser
// tests in real headless Chromium against a real server serving the built client, and the cluster
// tests (three nodes, Redis and nginx per file).
import { defineConfig } from 'vitest/config';

const integration = { include: ['tests/integration/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    globalSetup: ['tests/harness/global-setup.ts'],
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'pglite', ...integration, env: { TEST_DB: 'pglite' } } },
      { test: { name: 'postgres', ...integration, env: { TEST_DB: 'postgres' } } },
      {
        // Real clusters: three nodes, Redis and nginx per file, on a fresh Postgres database.
        test: {
          name: 'cluster',
          include: ['tests/cluster/**/*.test.ts'],
          // A rolling restart starts three node processes in one test; on a busy two-core machine that is minutes.
          testTimeout: 240_000,
          hookTimeout: 180_000,
          env: { TEST_DB: 'postgres' },
        },
      },
      {
        // Journeys: what people do, end to end, by mouse and keyboard in real Chromium.
        test: {
          name: 'journeys',
          include: ['tests/journeys/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          env: { TEST_DB: 'pglite' },
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          env: { TEST_DB: 'pglite' },
        },
      },
    ],
  },
});
