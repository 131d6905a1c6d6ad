// Runs once before all test files: builds the PGlite template they copy.
import { ensurePgliteTemplate } from './pglite-template.ts';

export default async function setup(): Promise<void> {
  await ensurePgliteTemplate();
}
