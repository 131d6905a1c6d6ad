// "Last edited by" on both backends: the update log's group commit sets it with updated_at, the
// batch's last attributed row wins, and rows without a person (relayed by another node) or with
// an account that no longer exists leave it as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openStore, type Store } from '../../db/index.ts';
import { createTestStorage, testBackends, type TestStorage } from '../harness/postgres.ts';

const edit = (item: string) => {
  const doc = new Y.Doc();
  doc.getArray<string>('items').push([item]);
  return Y.encodeStateAsUpdate(doc);
};

describe.each(testBackends())('last edited by, on %s', (backend) => {
  let storage: TestStorage;
  let store: Store;
  let n = 0;
  const person = async () => {
    n += 1;
    return store.users.create({ email: `p${n}@example.com`, username: `p${n}`, passwordHash: 'h' });
  };
  const lastEdit = async (resumeId: string) => {
    const [row] = await store.db.primary.query<{ last_edited_by: string | null; updated_at: Date }>(
      'SELECT last_edited_by, updated_at FROM resumes WHERE id = $1',
      [resumeId],
    );
    return row;
  };

  beforeAll(async () => {
    storage = await createTestStorage(backend);
    store = await openStore(storage.options);
  }, 60_000);
  afterAll(async () => {
    await store.db.close();
    await storage.cleanup();
  });

  it('is set with updated_at, the last attributed row winning; unattributed rows and unknown people change nothing', async () => {
    const [owner, editor] = [await person(), await person()];
    const a = await store.resumes.create({ ownerId: owner.id, title: 'A', snapshot: edit('a') });
    const b = await store.resumes.create({ ownerId: owner.id, title: 'B', snapshot: edit('b') });
    expect((await lastEdit(a.id))?.last_edited_by).toBeNull();
    await store.db.primary.query(`UPDATE resumes SET updated_at = now() - interval '1 day'`);

    await store.updateLog.append([
      { resumeId: a.id, data: edit('a1'), editedBy: owner.id },
      { resumeId: b.id, data: edit('b1'), editedBy: owner.id },
      { resumeId: a.id, data: edit('a2'), editedBy: editor.id },
      { resumeId: a.id, data: edit('a3'), editedBy: null },
    ]);
    const afterFirst = await lastEdit(a.id);
    expect(afterFirst?.last_edited_by).toBe(editor.id);
    expect(Date.now() - (afterFirst?.updated_at.getTime() ?? 0)).toBeLessThan(60_000);
    expect((await lastEdit(b.id))?.last_edited_by).toBe(owner.id);

    // Relayed from another node (no person), or by an account that is gone: kept, and the batch is written.
    await store.updateLog.append([
      { resumeId: a.id, data: edit('a4') },
      { resumeId: b.id, data: edit('b2'), editedBy: '00000000-0000-4000-8000-000000000000' },
    ]);
    expect((await lastEdit(a.id))?.last_edited_by).toBe(editor.id);
    expect((await lastEdit(b.id))?.last_edited_by).toBe(owner.id);
    expect((await store.updateLog.load(b.id)).updates).toHaveLength(2);
  });
});
