// The dashboard's grouping, sorting and filtering, and notifications read as sentences: the pure
// parts of the browser client.
import { describe, expect, it } from 'vitest';
import type { DashboardResume } from '../../client/src/coach/api.ts';
import { groupByClient } from '../../client/src/coach/grouping.ts';
import type { AppNotification } from '../../client/src/notifications/api.ts';
import { notificationText } from '../../client/src/notifications/sentence.ts';

const maya = { id: 'u-maya', username: 'maya' };
const sam = { id: 'u-sam', username: 'sam' };

function resume(id: string, owner: typeof maya, minutesAgo: number, score: number | null, waiting = 0): DashboardResume {
  return {
    id,
    title: `${owner.username} ${id}`,
    role: 'commenter',
    owner,
    lastEdit: { at: new Date(Date.UTC(2026, 0, 1, 12, 0) - minutesAgo * 60_000).toISOString(), by: null },
    score,
    scores: score === null ? [] : [score],
    openComments: waiting,
    waitingSuggestions: 0,
    presence: [],
  };
}

const rows = [resume('a', maya, 30, 80), resume('b', sam, 5, 40, 1), resume('c', maya, 1, null, 3), resume('d', sam, 60, 90)];
const shape = (sort: 'activity' | 'score' | 'waiting', filter = '') =>
  groupByClient(rows, sort, filter).map((g) => [g.owner.username, g.resumes.map((r) => r.id)]);

describe('groupByClient', () => {
  it('groups by client, latest activity first', () => {
    expect(shape('activity')).toEqual([
      ['maya', ['c', 'a']],
      ['sam', ['b', 'd']],
    ]);
  });

  it('sorts by score, lowest first and unscored last, and by waiting items, most first', () => {
    expect(shape('score')).toEqual([
      ['sam', ['b', 'd']],
      ['maya', ['a', 'c']],
    ]);
    expect(shape('waiting')).toEqual([
      ['maya', ['c', 'a']],
      ['sam', ['b', 'd']],
    ]);
  });

  it('filters by client name or resume title, ignoring case', () => {
    expect(shape('activity', ' SAM ')).toEqual([['sam', ['b', 'd']]]);
    expect(shape('activity', 'maya a')).toEqual([['maya', ['a']]]);
    expect(shape('activity', 'nobody')).toEqual([]);
  });
});

describe('notificationText', () => {
  const base: AppNotification = {
    id: 'n1',
    kind: 'comment',
    resume: { id: 'r1', title: 'Product Designer' },
    actor: maya,
    data: {},
    read: false,
    createdAt: '2026-01-01T12:00:00Z',
  };
  const say = (over: Partial<AppNotification>) => notificationText({ ...base, ...over });

  it('says what happened in a sentence and leads to the resume', () => {
    expect(say({ data: { excerpt: 'Quantify this bullet' } })).toEqual({
      sentence: 'maya commented on Product Designer',
      quote: 'Quantify this bullet',
      href: '/resumes/r1',
    });
    expect(say({ kind: 'mention' }).sentence).toBe('maya mentioned you on Product Designer');
    expect(say({ kind: 'suggestion_accepted' }).sentence).toBe('maya accepted your suggestion on Product Designer');
    expect(say({ kind: 'access_granted', data: { role: 'editor' } }).sentence).toBe('You were given editor access to Product Designer');
    expect(say({ kind: 'member_joined', data: { role: 'commenter' } }).sentence).toBe('maya joined Product Designer as a commenter');
    expect(say({ kind: 'something_new', actor: null }).sentence).toBe('Someone made a change to Product Designer');
  });

  it('leads nowhere when my access was removed or the resume is gone', () => {
    expect(say({ kind: 'access_removed' })).toMatchObject({ sentence: 'Your access to Product Designer was removed', href: null });
    expect(say({ resume: null }).href).toBeNull();
  });
});
