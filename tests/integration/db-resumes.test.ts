// Resumes and their members on both backends: what the dashboard lists, who holds which role,
// renaming, and deleting a resume taking everything attached to it along.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore, type Store, type User } from '../../db/index.ts';
import { createTestStorage, testBackends, type TestStorage } from '../harness/postgres.ts';

const SNAPSHOT = new Uint8Array([0, 0]);

describe.each(testBackends())('resumes on %s', (backend) => {
  let storage: TestStorage;
  let store: Store;
  let n = 0;
  const newUser = (name: string): Promise<User> => {
    n += 1;
    return store.users.create({ email: `${name}${n}@example.com`, username: `${name}${n}`, passwordHash: 'h' });
  };

  beforeAll(async () => {
    storage = await createTestStorage(backend);
    store = await openStore(storage.options);
  }, 60_000);

  afterAll(async () => {
    await store.db.close();
    await storage.cleanup();
  });

  it('creates a resume with its owner membership and first snapshot', async () => {
    const owner = await newUser('jo');
    const resume = await store.resumes.create({ ownerId: owner.id, title: 'Data engineer', snapshot: new Uint8Array([1, 2, 3]) });
    expect(resume).toMatchObject({ ownerId: owner.id, title: 'Data engineer' });
    expect(resume.createdAt).toBeInstanceOf(Date);
    expect(await store.resumes.get(resume.id)).toEqual(resume);
    expect(await store.resumes.roleOf(resume.id, owner.id)).toBe('owner');
    const doc = await store.updateLog.load(resume.id);
    expect(doc.snapshot).toEqual(new Uint8Array([1, 2, 3]));
    expect(doc.updates).toEqual([]);
  });

  it('answers roleOf with null for strangers, unknown resumes and malformed ids', async () => {
    const owner = await newUser('own');
    const stranger = await newUser('stranger');
    const resume = await store.resumes.create({ ownerId: owner.id, title: 'CV', snapshot: SNAPSHOT });
    expect(await store.resumes.roleOf(resume.id, stranger.id)).toBeNull();
    expect(await store.resumes.roleOf('00000000-0000-4000-8000-000000000000', owner.id)).toBeNull();
    expect(await store.resumes.roleOf('not-a-uuid', owner.id)).toBeNull();
    expect(await store.resumes.get('not-a-uuid')).toBeNull();
  });

  it('lists owned and shared resumes, newest edit first, each with its owner', async () => {
    const coach = await newUser('coach');
    const client1 = await newUser('client');
    const client2 = await newUser('client');
    const own = await store.resumes.create({ ownerId: coach.id, title: 'Coach CV', snapshot: SNAPSHOT });
    const first = await store.resumes.create({ ownerId: client1.id, title: 'First', snapshot: SNAPSHOT });
    const second = await store.resumes.create({ ownerId: client2.id, title: 'Second', snapshot: SNAPSHOT });
    await store.members.upsert(first.id, coach.id, 'editor');
    await store.members.upsert(second.id, coach.id, 'commenter');
    // An edit to the first makes it the most recently updated.
    await store.updateLog.append([{ resumeId: first.id, data: new Uint8Array([9]) }]);

    const { owned, shared } = await store.resumes.listFor(coach.id);
    expect(owned.map((r) => r.id)).toEqual([own.id]);
    expect(owned[0]).toMatchObject({ title: 'Coach CV', role: 'owner', owner: { id: coach.id, username: coach.username } });
    expect(shared.map((r) => [r.id, r.role])).toEqual([
      [first.id, 'editor'],
      [second.id, 'commenter'],
    ]);
    expect(shared[0]?.owner).toEqual({ id: client1.id, username: client1.username });
    expect(shared[0]?.updatedAt.getTime()).toBeGreaterThanOrEqual(shared[1]?.updatedAt.getTime() ?? Infinity);
  });

  it('renames a resume and moves it up the list', async () => {
    const owner = await newUser('ren');
    const a = await store.resumes.create({ ownerId: owner.id, title: 'A', snapshot: SNAPSHOT });
    const b = await store.resumes.create({ ownerId: owner.id, title: 'B', snapshot: SNAPSHOT });
    // PGlite's clock has millisecond resolution: let it pass B's time so the order is defined.
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(b.updatedAt.getTime()), { interval: 1 });
    await store.resumes.rename(a.id, 'A, renamed');
    const renamed = await store.resumes.get(a.id);
    expect(renamed?.title).toBe('A, renamed');
    expect(renamed?.updatedAt.getTime()).toBeGreaterThanOrEqual(a.updatedAt.getTime());
    const { owned } = await store.resumes.listFor(owner.id);
    expect(owned.map((r) => r.title)).toEqual(['A, renamed', 'B']);
  });

  it('deletes a resume with its members, invitations, tokens, log and snapshot', async () => {
    const owner = await newUser('del');
    const editor = await newUser('ed');
    const resume = await store.resumes.create({ ownerId: owner.id, title: 'Gone soon', snapshot: SNAPSHOT });
    await store.members.upsert(resume.id, editor.id, 'editor');
    await store.invitations.create({
      resumeId: resume.id,
      tokenHash: `inv-${resume.id}`,
      role: 'viewer',
      createdBy: owner.id,
      expiresAt: new Date(Date.now() + 60_000),
      maxUses: null,
    });
    await store.collabTokens.create(`tok-${resume.id}`, editor.id, resume.id, new Date(Date.now() + 60_000));
    await store.updateLog.append([{ resumeId: resume.id, data: new Uint8Array([1]) }]);

    await store.resumes.delete(resume.id);

    expect(await store.resumes.get(resume.id)).toBeNull();
    expect(await store.resumes.roleOf(resume.id, editor.id)).toBeNull();
    expect(await store.members.list(resume.id)).toEqual([]);
    expect(await store.collabTokens.find(`tok-${resume.id}`)).toBeNull();
    expect(await store.invitations.accept(`inv-${resume.id}`, editor.id)).toEqual({ ok: false, reason: 'not_found' });
    expect(await store.updateLog.load(resume.id)).toEqual({ snapshot: null, updates: [] });
    expect((await store.resumes.listFor(editor.id)).shared).toEqual([]);
    const leftovers = await store.db.primary.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM resume_members WHERE resume_id = $1)
            + (SELECT count(*) FROM invitations WHERE resume_id = $1)
            + (SELECT count(*) FROM collab_tokens WHERE resume_id = $1)
            + (SELECT count(*) FROM resume_updates WHERE resume_id = $1)
            + (SELECT count(*) FROM resume_snapshots WHERE resume_id = $1) AS n`,
      [resume.id],
    );
    expect(Number(leftovers[0]?.n)).toBe(0);
  });

  describe('members', () => {
    it('lists members with their roles, changes a role and removes a member', async () => {
      const owner = await newUser('m-own');
      const coach = await newUser('m-coach');
      const resume = await store.resumes.create({ ownerId: owner.id, title: 'CV', snapshot: SNAPSHOT });
      await store.members.upsert(resume.id, coach.id, 'viewer');
      await store.members.upsert(resume.id, coach.id, 'editor');

      const members = await store.members.list(resume.id);
      expect(members.map((m) => [m.username, m.role])).toEqual([
        [owner.username, 'owner'],
        [coach.username, 'editor'],
      ]);
      expect(members[1]).toMatchObject({ userId: coach.id, email: coach.email });
      expect(members[1]?.joinedAt).toBeInstanceOf(Date);

      expect(await store.members.remove(resume.id, coach.id)).toEqual({ invitationId: null });
      expect(await store.members.remove(resume.id, coach.id)).toBeNull();
      expect(await store.resumes.roleOf(resume.id, coach.id)).toBeNull();
    });

    it('keeps the owner: neither removed nor given another role', async () => {
      const owner = await newUser('keep');
      const resume = await store.resumes.create({ ownerId: owner.id, title: 'CV', snapshot: SNAPSHOT });
      expect(await store.members.remove(resume.id, owner.id)).toBeNull();
      await store.members.upsert(resume.id, owner.id, 'viewer');
      expect(await store.resumes.roleOf(resume.id, owner.id)).toBe('owner');
    });
  });
});
