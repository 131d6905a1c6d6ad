// Share links on both backends: accepting grants the invited role, never lowers a stronger one,
// and stops at expiry, revocation or the last use, also when two people accept at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Role, type Store, type User } from '../../db/index.ts';
import { createTestStorage, testBackends, type TestStorage } from '../harness/postgres.ts';

const SNAPSHOT = new Uint8Array([0, 0]);
const HOUR = 3_600_000;

describe.each(testBackends())('invitations on %s', (backend) => {
  let storage: TestStorage;
  let store: Store;
  let n = 0;
  const newUser = (name: string): Promise<User> => {
    n += 1;
    return store.users.create({ email: `${name}${n}@example.com`, username: `${name}${n}`, passwordHash: 'h' });
  };
  const newResume = async () => {
    const owner = await newUser('owner');
    const resume = await store.resumes.create({ ownerId: owner.id, title: 'CV', snapshot: SNAPSHOT });
    return { owner, resume };
  };
  const invite = async (
    resumeId: string,
    createdBy: string,
    role: Exclude<Role, 'owner'>,
    opts: { maxUses?: number | null; expiresAt?: Date } = {},
  ) => {
    n += 1;
    const tokenHash = `invite-${n}`;
    const invitation = await store.invitations.create({
      resumeId,
      tokenHash,
      role,
      createdBy,
      expiresAt: opts.expiresAt ?? new Date(Date.now() + HOUR),
      maxUses: opts.maxUses ?? null,
    });
    return { ...invitation, tokenHash };
  };

  beforeAll(async () => {
    storage = await createTestStorage(backend);
    store = await openStore(storage.options);
  }, 60_000);

  afterAll(async () => {
    await store.db.close();
    await storage.cleanup();
  });

  it('creates an invitation and grants its role on accept, counting the use', async () => {
    const { owner, resume } = await newResume();
    const coach = await newUser('coach');
    const inv = await invite(resume.id, owner.id, 'editor', { maxUses: 3 });
    expect(inv).toMatchObject({ resumeId: resume.id, role: 'editor', maxUses: 3, uses: 0 });
    expect(inv.expiresAt).toBeInstanceOf(Date);

    expect(await store.invitations.accept(inv.tokenHash, coach.id)).toEqual({ ok: true, resumeId: resume.id, role: 'editor', changed: true });
    expect(await store.resumes.roleOf(resume.id, coach.id)).toBe('editor');
    const [row] = await store.db.primary.query<{ uses: number }>('SELECT uses FROM invitations WHERE id = $1', [inv.id]);
    expect(row?.uses).toBe(1);
  });

  it('upgrades a weaker member and never downgrades a stronger one', async () => {
    const { owner, resume } = await newResume();
    const coach = await newUser('coach');
    await store.members.upsert(resume.id, coach.id, 'viewer');

    const editorLink = await invite(resume.id, owner.id, 'editor');
    expect(await store.invitations.accept(editorLink.tokenHash, coach.id)).toMatchObject({ ok: true, role: 'editor', changed: true });

    const viewerLink = await invite(resume.id, owner.id, 'viewer');
    expect(await store.invitations.accept(viewerLink.tokenHash, coach.id)).toEqual({ ok: true, resumeId: resume.id, role: 'editor', changed: false });
    expect(await store.resumes.roleOf(resume.id, coach.id)).toBe('editor');

    // The owner opening their own link stays the owner.
    expect(await store.invitations.accept(viewerLink.tokenHash, owner.id)).toMatchObject({ ok: true, role: 'owner', changed: false });
    expect(await store.resumes.roleOf(resume.id, owner.id)).toBe('owner');
  });

  it('refuses an expired invitation', async () => {
    const { owner, resume } = await newResume();
    const user = await newUser('late');
    const inv = await invite(resume.id, owner.id, 'viewer', { expiresAt: new Date(Date.now() - 1000) });
    expect(await store.invitations.accept(inv.tokenHash, user.id)).toEqual({ ok: false, reason: 'expired' });
    expect(await store.resumes.roleOf(resume.id, user.id)).toBeNull();
  });

  it('refuses an invitation once its uses are spent', async () => {
    const { owner, resume } = await newResume();
    const first = await newUser('first');
    const second = await newUser('second');
    const inv = await invite(resume.id, owner.id, 'commenter', { maxUses: 1 });
    expect(await store.invitations.accept(inv.tokenHash, first.id)).toMatchObject({ ok: true, role: 'commenter' });
    expect(await store.invitations.accept(inv.tokenHash, second.id)).toEqual({ ok: false, reason: 'used_up' });
    expect(await store.resumes.roleOf(resume.id, second.id)).toBeNull();
  });

  it('lets exactly one of two simultaneous accepts take the last use', async () => {
    const { owner, resume } = await newResume();
    const users = await Promise.all([newUser('race'), newUser('race'), newUser('race')]);
    const inv = await invite(resume.id, owner.id, 'viewer', { maxUses: 1 });
    const results = await Promise.all(users.map((u) => store.invitations.accept(inv.tokenHash, u.id)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([
      { ok: false, reason: 'used_up' },
      { ok: false, reason: 'used_up' },
    ]);
    expect((await store.members.list(resume.id)).length).toBe(2);
  });

  it('treats unknown and revoked invitations as not found', async () => {
    const { owner, resume } = await newResume();
    const user = await newUser('nope');
    expect(await store.invitations.accept('no-such-token', user.id)).toEqual({ ok: false, reason: 'not_found' });
    const inv = await invite(resume.id, owner.id, 'viewer');
    await store.db.primary.query('UPDATE invitations SET revoked_at = now() WHERE id = $1', [inv.id]);
    expect(await store.invitations.accept(inv.tokenHash, user.id)).toEqual({ ok: false, reason: 'not_found' });
  });
});
