// EditedNotices: "last edit, and by whom" told at most once per resume and window — the first
// edit of a burst at once, the last one when the window ends, nothing when the burst was one edit.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EditedNotices, type EditedEvent } from '../../server/coaching/edited.ts';
import { createLogger } from '../../server/log.ts';

const NAMES = new Map([
  ['u1', 'maya'],
  ['u2', 'sam'],
]);
/** Usernames as the store would answer them (an unknown id is absent). */
const names = { get: async (ids: readonly string[]) => new Map(ids.flatMap((id) => (NAMES.has(id) ? [[id, NAMES.get(id) ?? '']] : []))) };

let told: EditedEvent[];
let notices: EditedNotices;
beforeEach(() => {
  vi.useFakeTimers();
  told = [];
  notices = new EditedNotices({ names, emit: (e) => told.push(e), log: createLogger('silent', 'test'), windowMs: 5000 });
});
afterEach(() => {
  notices.close();
  vi.useRealTimers();
});

describe('EditedNotices', () => {
  it('tells the first edit at once and the last of the burst when the window ends', async () => {
    notices.note([{ resumeId: 'r1', editedBy: 'u1' }]);
    await vi.advanceTimersByTimeAsync(0);
    expect(told.map((e) => [e.resumeId, e.by?.username])).toEqual([['r1', 'maya']]);

    for (let k = 0; k < 10; k += 1) {
      await vi.advanceTimersByTimeAsync(300);
      notices.note([{ resumeId: 'r1', editedBy: k < 9 ? 'u1' : 'u2' }]);
    }
    expect(told).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(told.map((e) => e.by)).toEqual([
      { id: 'u1', username: 'maya' },
      { id: 'u2', username: 'sam' },
    ]);
    // The trailing one opened a new window; a quiet one closes without a word.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(told).toHaveLength(2);
  });

  it('keeps one window per resume, and says null for an account that is gone', async () => {
    notices.note([
      { resumeId: 'r1', editedBy: 'u1' },
      { resumeId: 'r2', editedBy: 'gone' },
    ]);
    await vi.advanceTimersByTimeAsync(0);
    expect(told.map((e) => [e.resumeId, e.by])).toEqual([
      ['r1', { id: 'u1', username: 'maya' }],
      ['r2', null],
    ]);
  });
});
