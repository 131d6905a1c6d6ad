// The title and company of a pasted job posting, for its folded chip: read from the first lines
// by a few plain rules (labelled lines, "Title at Company", "Title – Company", "Company is hiring
// a Title", else the first line and a short second line). Deterministic and pure, so tests use it.

export interface PostingName {
  title: string;
  company: string | null;
}

const MAX = 80;
const LABELLED_TITLE = /^(?:job title|title|position|role)\s*:\s*(.+)$/i;
const LABELLED_COMPANY = /^(?:company|employer|organi[sz]ation|hiring company)\s*:\s*(.+)$/i;
const AT = /^(.{2,80}?)\s+(?:at|@)\s+(.{2,60})$/;
const DASHED = /^(.{2,80}?)\s+[-–—|·]\s+(.{2,60})$/;
const HIRING = /^(.{2,60}?)\s+is\s+(?:hiring|looking for|seeking)\s+(?:an?\s+)?(.{2,80}?)[.!]?$/i;

const clip = (s: string) => (s.length > MAX ? `${s.slice(0, MAX - 1).trimEnd()}…` : s);
const clean = (s: string) => s.replace(/\s+/g, ' ').replace(/[\s:;,.]+$/, '').trim();
/** A line that reads like a name (a company), not a sentence. */
const looksLikeName = (s: string) => s.length <= 50 && s.split(' ').length <= 6 && !/[.:;!?]$/.test(s);

export function postingName(text: string): PostingName | null {
  const lines = text.split('\n').map(clean).filter((l) => l.length > 0).slice(0, 8);
  const first = lines[0];
  if (!first) return null;
  const labelledTitle = lines.map((l) => LABELLED_TITLE.exec(l)?.[1]).find(Boolean);
  const labelledCompany = lines.map((l) => LABELLED_COMPANY.exec(l)?.[1]).find(Boolean);
  if (labelledTitle) return { title: clip(clean(labelledTitle)), company: labelledCompany ? clip(clean(labelledCompany)) : null };

  const hiring = HIRING.exec(first);
  if (hiring?.[1] && hiring[2]) return { title: clip(clean(hiring[2])), company: clip(clean(hiring[1])) };
  const pair = AT.exec(first) ?? DASHED.exec(first);
  if (pair?.[1] && pair[2]) return { title: clip(clean(pair[1])), company: clip(clean(pair[2])) };

  const second = lines[1];
  const company = labelledCompany ?? (second && looksLikeName(second) && looksLikeName(first) ? second : null);
  return { title: clip(first), company: company ? clip(clean(company)) : null };
}
