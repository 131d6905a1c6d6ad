// Accounts, sign-in sessions and collab tokens on both backends: uniqueness that ignores case,
// and tokens that stop working once they expire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, UniqueViolation, type Store } from '../../db/index.ts';
import { createTestStorage, testBackends, type TestStorage } from '../harness/postgres.ts';

const HOUR = 3_600_000;
const later = () => new Date(Date.now() + HOUR);
const earlier = () => new Date(Date.now() - HOUR);

describe.each(testBackends())('accounts on %s', (backend) => {
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

  describe('users', () => {
    it('creates a user and finds it by email in any case, and by id', async () => {
      const user = await store.users.create({ email: 'Ada@Example.com', username: 'ada', passwordHash: 'h1' });
      expect(user).toMatchObject({ email: 'Ada@Example.com', username: 'ada' });
      expect(user.createdAt).toBeInstanceOf(Date);

      const byEmail = await store.users.findByEmail('ada@example.COM');
      expect(byEmail).toEqual({ ...user, passwordHash: 'h1' });
      expect(await store.users.findById(user.id)).toEqual(user);
    });

    it('rejects an email that differs only in case, naming the field', async () => {
      const err = await store.users
        .create({ email: 'ADA@example.com', username: 'ada2', passwordHash: 'h' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UniqueViolation);
      expect(err).toMatchObject({ field: 'email' });
    });

    it('rejects a username that differs only in case, naming the field', async () => {
      const err = await store.users
        .create({ email: 'someone@example.com', username: 'ADA', passwordHash: 'h' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UniqueViolation);
      expect(err).toMatchObject({ field: 'username' });
    });

    it('finds nothing for unknown emails and ids, including ids that are not uuids', async () => {
      expect(await store.users.findByEmail('nobody@example.com')).toBeNull();
      expect(await store.users.findById('00000000-0000-4000-8000-000000000000')).toBeNull();
      expect(await store.users.findById('not-a-uuid')).toBeNull();
    });
  });

  describe('sessions', () => {
    it('finds a live session, not an expired one, and not after delete', async () => {
      const user = await store.users.create({ email: 's@example.com', username: 'sam', passwordHash: 'h' });
      const expiresAt = later();
      await store.sessions.create('live-hash', user.id, expiresAt);
      await store.sessions.create('old-hash', user.id, earlier());

      expect(await store.sessions.find('live-hash')).toEqual({ userId: user.id, expiresAt });
      expect(await store.sessions.find('old-hash')).toBeNull();
      expect(await store.sessions.find('unknown-hash')).toBeNull();

      await store.sessions.delete('live-hash');
      expect(await store.sessions.find('live-hash')).toBeNull();
    });

    it('sweeps expired sessions and counts them', async () => {
      const user = await store.users.create({ email: 'sweep@example.com', username: 'sweeper', passwordHash: 'h' });
      await store.sessions.create('gone-1', user.id, earlier());
      await store.sessions.create('gone-2', user.id, earlier());
      await store.sessions.create('kept', user.id, later());

      expect(await store.sessions.deleteExpired()).toBeGreaterThanOrEqual(2);
      expect(await store.sessions.deleteExpired()).toBe(0);
      expect(await store.sessions.find('kept')).not.toBeNull();
    });
  });

  describe('collab tokens', () => {
    it('admits a live token to its resume and refuses an expired one', async () => {
      const user = await store.users.create({ email: 'c@example.com', username: 'coach', passwordHash: 'h' });
      const resume = await store.resumes.create({ ownerId: user.id, title: 'CV', snapshot: new Uint8Array([0, 0]) });
      await store.collabTokens.create('tok-live', user.id, resume.id, later());
      await store.collabTokens.create('tok-old', user.id, resume.id, earlier());

      expect(await store.collabTokens.find('tok-live')).toEqual({ userId: user.id, resumeId: resume.id, sessionHash: null });
      expect(await store.collabTokens.find('tok-old')).toBeNull();
      expect(await store.collabTokens.find('tok-unknown')).toBeNull();
    });

    it('ends the tokens issued under a session when that session is deleted (logout)', async () => {
      const user = await store.users.create({ email: 'l@example.com', username: 'leaver', passwordHash: 'h' });
      const resume = await store.resumes.create({ ownerId: user.id, title: 'CV', snapshot: new Uint8Array([0, 0]) });
      await store.sessions.create('sess-a', user.id, later());
      await store.sessions.create('sess-b', user.id, later());
      await store.collabTokens.create('tok-a', user.id, resume.id, later(), 'sess-a');
      await store.collabTokens.create('tok-b', user.id, resume.id, later(), 'sess-b');
      await store.sessions.delete('sess-a');
      expect(await store.collabTokens.find('tok-a')).toBeNull();
      expect(await store.collabTokens.find('tok-b')).toEqual({ userId: user.id, resumeId: resume.id, sessionHash: 'sess-b' });
      // The live sockets' sweep asks which sessions are still there.
      expect(await store.sessions.alive(['sess-a', 'sess-b', 'sess-never'])).toEqual(new Set(['sess-b']));
    });
  });
});
