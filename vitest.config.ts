// Three projects: unit tests, and the integration suite run twice — once on the embedded
// PGlite default and once on a real Postgres server (a fresh database per test file).
import { defineConfig } from 'vitest/config';

const integration = { include: ['tests/integration/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    globalSetup: ['tests/harness/global-setup.ts'],
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'pglite', ...integration, env: { TEST_DB: 'pglite' } } },
      { test: { name: 'postgres', ...integration, env: { TEST_DB: 'postgres' } } },
    ],
  },
});
