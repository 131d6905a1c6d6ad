// How the History tab says things: a version's name, when something happened, and each
// activity entry as a sentence.
import type { ActivityEntry, Version } from './versions.ts';

const KIND_NAMES: Record<Version['kind'], string> = {
  named: 'Named version',
  auto: 'Automatic',
  before_accept_all: 'Before accepting all suggestions',
  before_restore: 'Before a restore',
};

/** The name a person gave, or what kind of automatic version it is. */
export const versionName = (v: Pick<Version, 'name' | 'kind'>): string => v.name ?? KIND_NAMES[v.kind];

export const kindLabel = (v: Pick<Version, 'kind'>): string => (v.kind === 'named' ? 'Saved by hand' : 'Saved automatically');

/** "just now", "4 min ago", "3 h ago", or the date and time. */
export function timeAgo(iso: string, now = Date.now()): string {
  const at = new Date(iso);
  const ms = now - at.getTime();
  if (!Number.isFinite(ms)) return '';
  const min = Math.floor(ms / 60_000);
  if (min < 1) return 'just now';
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ago`;
  return exactTime(iso);
}

export function exactTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** An activity entry in words, without its time (e.g. "Sam joined as commenter"). */
export function activitySentence(e: ActivityEntry): string {
  const who = e.actor?.username ?? 'Someone';
  const whom = e.subject?.username ?? 'a former member';
  switch (e.kind) {
    case 'joined':
      return str(e.data.role) ? `${who} joined as ${str(e.data.role)}` : `${who} joined`;
    case 'left':
      return `${who} left the resume`;
    case 'access_requested':
      return `${who} asked for edit access`;
    case 'removed':
      return `${who} removed ${whom}`;
    case 'role_changed': {
      const to = str(e.data.to) ?? str(e.data.role);
      const from = str(e.data.from);
      return `${who} changed ${whom}'s role${from ? ` from ${from}` : ''}${to ? ` to ${to}` : ''}`;
    }
    case 'version_restored': {
      const name = str(e.data.name);
      return `${who} restored ${name ? `the version “${name}”` : 'an earlier version'}`;
    }
    case 'version_saved':
      return `${who} saved the version “${str(e.data.name) ?? 'untitled'}”`;
    case 'exported': {
      const format = str(e.data.format);
      return `${who} exported the resume${format ? ` as ${format.toUpperCase()}` : ''}`;
    }
    default:
      return `${who}: ${e.kind.replace(/_/g, ' ')}`;
  }
}
