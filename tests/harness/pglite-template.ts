// A migrated PGlite data folder made once per migration set and copied for each test: PGlite's
// initdb takes seconds, a copy takes milliseconds, and every test still runs on real PGlite.
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../db/index.ts';

const MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../db/migrations');

async function templateDir(): Promise<string> {
  const hash = createHash('sha256');
  for (const name of (await readdir(MIGRATIONS)).sort()) {
    hash.update(name).update(await readFile(path.join(MIGRATIONS, name)));
  }
  return path.join(os.tmpdir(), `resume-pglite-template-${hash.digest('hex').slice(0, 16)}`);
}

const exists = (p: string) => stat(p).then(() => true, () => false);

/** Builds the template if it is missing; safe when several processes race to build it. */
export async function ensurePgliteTemplate(): Promise<string> {
  const dir = await templateDir();
  if (await exists(dir)) return dir;
  const building = await mkdtemp(`${dir}-building-`);
  const store = await openStore({ dataDir: building });
  await store.db.close();
  try {
    await rename(building, dir);
  } catch {
    await rm(building, { recursive: true, force: true }); // another process won the race
  }
  return dir;
}

/** A fresh data folder whose `pglite/` is a copy of the migrated template. */
export async function freshPgliteDataDir(prefix = 'resume-test-'): Promise<string> {
  const template = await ensurePgliteTemplate();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), prefix));
  await cp(template, dataDir, { recursive: true });
  return dataDir;
}
