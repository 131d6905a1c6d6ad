// The coach dashboard's ordering: rows grouped by client (the resume's owner), filtered by client
// name or resume title, sorted by last activity, score or waiting items. Pure, so tests use it.
import type { DashboardResume, Person } from './api.ts';

export type SortKey = 'activity' | 'score' | 'waiting';

export const SORTS: ReadonlyArray<{ key: SortKey; label: string }> = [
  { key: 'activity', label: 'Last activity' },
  { key: 'score', label: 'Score (lowest first)' },
  { key: 'waiting', label: 'Waiting items (most first)' },
];

export interface ClientGroup {
  owner: Person;
  resumes: DashboardResume[];
}

export const waiting = (r: DashboardResume): number => r.openComments + r.waitingSuggestions;
const activity = (r: DashboardResume): number => new Date(r.lastEdit.at).getTime();

const ORDER: Record<SortKey, (a: DashboardResume, b: DashboardResume) => number> = {
  activity: (a, b) => activity(b) - activity(a),
  // Unscored resumes last; ties by activity.
  score: (a, b) => (a.score ?? 101) - (b.score ?? 101) || activity(b) - activity(a),
  waiting: (a, b) => waiting(b) - waiting(a) || activity(b) - activity(a),
};

/** Rows matching the filter (client name or resume title), grouped by client, each group's
 *  resumes in the chosen order and the groups by their first resume. */
export function groupByClient(rows: readonly DashboardResume[], sort: SortKey, filter: string): ClientGroup[] {
  const needle = filter.trim().toLocaleLowerCase();
  const order = ORDER[sort];
  const groups = new Map<string, ClientGroup>();
  for (const row of rows) {
    if (needle && !row.owner.username.toLocaleLowerCase().includes(needle) && !row.title.toLocaleLowerCase().includes(needle)) continue;
    const group = groups.get(row.owner.id) ?? { owner: row.owner, resumes: [] };
    group.resumes.push(row);
    groups.set(row.owner.id, group);
  }
  const list = [...groups.values()];
  for (const group of list) group.resumes.sort(order);
  return list.sort((a, b) => {
    const [x, y] = [a.resumes[0], b.resumes[0]];
    return (x && y ? order(x, y) : 0) || a.owner.username.localeCompare(b.owner.username);
  });
}
