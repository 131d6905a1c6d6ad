// The Yjs update log on both backends: group-commit appends, loading snapshot plus the rows after
// it, and compaction that keeps every edit, also while edits keep arriving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openStore, type StoredDocument, type Store } from '../../db/index.ts';
import { createTestStorage, testBackends, type TestStorage } from '../harness/postgres.ts';

/** One edit by its own client: pushes `item` onto the shared "items" array. */
function edit(item: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getArray<string>('items').push([item]);
  return Y.encodeStateAsUpdate(doc);
}

function docOf(stored: StoredDocument): Y.Doc {
  const doc = new Y.Doc();
  for (const part of [stored.snapshot, ...stored.updates]) if (part) Y.applyUpdate(doc, part);
  return doc;
}

const itemsOf = (stored: StoredDocument) => docOf(stored).getArray<string>('items').toArray().sort();
const emptyDoc = () => Y.encodeStateAsUpdate(new Y.Doc());

describe.each(testBackends())('update log on %s', (backend) => {
  let storage: TestStorage;
  let store: Store;
  let n = 0;
  const newResume = async () => {
    n += 1;
    const owner = await store.users.create({ email: `u${n}@example.com`, username: `u${n}`, passwordHash: 'h' });
    return store.resumes.create({ ownerId: owner.id, title: 'CV', snapshot: emptyDoc() });
  };

  beforeAll(async () => {
    storage = await createTestStorage(backend);
    store = await openStore(storage.options);
  }, 60_000);

  afterAll(async () => {
    await store.db.close();
    await storage.cleanup();
  });

  it('appends a batch for several resumes in order and bumps their updated_at', async () => {
    const a = await newResume();
    const b = await newResume();
    await store.db.primary.query(`UPDATE resumes SET updated_at = now() - interval '1 day' WHERE id = $1`, [a.id]);
    const rows = [
      { resumeId: a.id, data: edit('a1') },
      { resumeId: b.id, data: edit('b1') },
      { resumeId: a.id, data: edit('a2') },
      { resumeId: a.id, data: edit('a3') },
    ];
    await store.updateLog.append(rows);

    const loaded = await store.updateLog.load(a.id);
    expect(loaded.updates).toEqual(rows.filter((r) => r.resumeId === a.id).map((r) => r.data));
    for (const u of loaded.updates) expect(Object.getPrototypeOf(u)).toBe(Uint8Array.prototype);
    expect(itemsOf(loaded)).toEqual(['a1', 'a2', 'a3']);
    expect(itemsOf(await store.updateLog.load(b.id))).toEqual(['b1']);
    expect((await store.resumes.get(a.id))?.updatedAt.getTime()).toBeGreaterThan(Date.now() - 3_600_000);
  });

  it('does nothing for an empty batch', async () => {
    await expect(store.updateLog.append([])).resolves.toBeUndefined();
  });

  it('drops the rows of a deleted resume and keeps the rest of the batch', async () => {
    const kept = await newResume();
    const gone = await newResume();
    await store.resumes.delete(gone.id);
    await store.updateLog.append([
      { resumeId: gone.id, data: edit('lost') },
      { resumeId: kept.id, data: edit('kept') },
    ]);
    expect(itemsOf(await store.updateLog.load(kept.id))).toEqual(['kept']);
    expect(await store.updateLog.load(gone.id)).toEqual({ snapshot: null, updates: [] });
  });

  it('compacts the log into the snapshot without changing the document', async () => {
    const resume = await newResume();
    await store.updateLog.append(['one', 'two', 'three'].map((item) => ({ resumeId: resume.id, data: edit(item) })));
    const before = await store.updateLog.load(resume.id);

    expect(await store.updateLog.compact(resume.id, Y.mergeUpdates)).toEqual({ folded: 3 });
    const after = await store.updateLog.load(resume.id);
    expect(after.updates).toEqual([]);
    expect(after.snapshot).not.toBeNull();
    expect(docOf(after).toJSON()).toEqual(docOf(before).toJSON());
    expect(Y.encodeStateVector(docOf(after))).toEqual(Y.encodeStateVector(docOf(before)));

    expect(await store.updateLog.compact(resume.id, Y.mergeUpdates)).toEqual({ folded: 0 });
  });

  it('loads the snapshot and only the rows appended after the last compaction', async () => {
    const resume = await newResume();
    await store.updateLog.append([{ resumeId: resume.id, data: edit('early') }]);
    await store.updateLog.compact(resume.id, Y.mergeUpdates);
    const late = edit('late');
    await store.updateLog.append([{ resumeId: resume.id, data: late }]);

    const loaded = await store.updateLog.load(resume.id);
    expect(loaded.updates).toEqual([late]);
    expect(itemsOf(loaded)).toEqual(['early', 'late']);
  });

  it('loses no edit appended while compaction runs', async () => {
    const resume = await newResume();
    const items = Array.from({ length: 60 }, (_, i) => `edit-${String(i).padStart(2, '0')}`);
    const appends = items.map((item) => store.updateLog.append([{ resumeId: resume.id, data: edit(item) }]));
    const compactions = Array.from({ length: 6 }, () => store.updateLog.compact(resume.id, Y.mergeUpdates));
    const results = await Promise.all([...appends, ...compactions]);
    expect(results).toHaveLength(66);

    const loaded = await store.updateLog.load(resume.id);
    expect(itemsOf(loaded)).toEqual(items);
    await store.updateLog.compact(resume.id, Y.mergeUpdates);
    expect(itemsOf(await store.updateLog.load(resume.id))).toEqual(items);
  });

  it('folds nothing for an unknown or malformed resume id', async () => {
    expect(await store.updateLog.compact('00000000-0000-4000-8000-000000000000', Y.mergeUpdates)).toEqual({ folded: 0 });
    expect(await store.updateLog.compact('nope', Y.mergeUpdates)).toEqual({ folded: 0 });
    expect(await store.updateLog.load('nope')).toEqual({ snapshot: null, updates: [] });
  });
});
