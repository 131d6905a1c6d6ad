// Four projects: unit tests, the integration suite run twice — once on the embedded PGlite
// default and once on a real Postgres server (a fresh database per test file) — and the browser
// tests in real headless Chromium against a real server serving the built client.
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
