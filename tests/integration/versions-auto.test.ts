// Automatic versions on a real database (both backends), with two version services sharing one
// lock seam as two nodes holding the same resume do: one version per interval between them,
// none while the content equals the latest version, and every keystroke answered from memory.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createResumeDoc, getJobDescriptionText } from '../../collab/index.ts';
import { openStore, type Store } from '../../db/index.ts';
import { InProcessLocks } from '../../server/locks/index.ts';
import { VersionService } from '../../server/versions/service.ts';
import { createTestStorage, testBackends, type TestStorage } from '../harness/postgres.ts';

const INTERVAL_MS = 300;
const log = pino({ level: 'silent' });
/** Time passing is what the feature is about: the interval, not an event, decides. */
const pass = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testBackends())('automatic versions on %s', (backend) => {
  let storage: TestStorage;
  let store: Store;
  beforeAll(async () => {
    storage = await createTestStorage(backend);
    store = await openStore(storage.options);
  }, 60_000);
  afterAll(async () => {
    await store.db.close();
    await storage.cleanup();
  });

  it('saves one per interval across two nodes and none while nothing changed', async () => {
    const owner = await store.users.create({ email: 'auto@example.com', username: 'auto', passwordHash: 'h' });
    const doc = createResumeDoc({ basics: { name: 'Ana' } });
    const resume = await store.resumes.create({ ownerId: owner.id, title: 'CV', snapshot: Y.encodeStateAsUpdate(doc) });
    // The live document both nodes hold (their rooms converge on the same content).
    const documents = {
      readState: async () => Y.encodeStateAsUpdate(doc),
      edit: async <T>(_resumeId: string, _userId: string, fn: (d: Y.Doc) => T) => fn(doc),
    };
    const events: unknown[] = [];
    const locks = new InProcessLocks();
    const nodes = [1, 2].map(
      () => new VersionService({ store, documents, locks, realtime: { toResume: (...args) => events.push(args) }, log, autoIntervalMs: INTERVAL_MS }),
    );
    const autos = async () => (await store.versions.list(resume.id, { limit: 100 })).filter((v) => v.kind === 'auto');
    const edited = async () => {
      for (const node of nodes) for (let i = 0; i < 50; i++) node.noteEdit(resume.id); // a burst of keystrokes
      await Promise.all(nodes.map((n) => n.settled()));
    };
    const typeUntil = async (count: number) => {
      while ((await autos()).length < count) {
        getJobDescriptionText(doc).insert(0, 'a');
        await edited();
        await pass(20);
      }
    };

    // Just created: the first comes an interval after the resume was made, not at the first keystroke.
    await edited();
    expect(await autos()).toHaveLength(0);
    await typeUntil(1);
    const [first] = await autos();
    expect(first?.createdAt.getTime() ?? 0).toBeGreaterThanOrEqual(resume.createdAt.getTime() + INTERVAL_MS);

    // An interval later with the content unchanged: nothing new, on either node.
    await pass(INTERVAL_MS + 50);
    await edited();
    expect(await autos()).toHaveLength(1);

    // Typing again: the next one, an interval after the first, holding the new text.
    await typeUntil(2);
    const list = await autos();
    expect(list).toHaveLength(2);
    const [second] = list;
    expect((second?.createdAt.getTime() ?? 0) - (first?.createdAt.getTime() ?? 0)).toBeGreaterThanOrEqual(INTERVAL_MS);
    const stored = await store.versions.get(resume.id, second?.id ?? '');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, stored?.data ?? new Uint8Array());
    expect(getJobDescriptionText(copy).toString()).toBe(getJobDescriptionText(doc).toString());
    expect(events).toHaveLength(2); // one `version` event per version saved, from whichever node saved it
    await Promise.all(nodes.map((n) => n.stop()));
  });
});
