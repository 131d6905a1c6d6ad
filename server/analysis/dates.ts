// Resume dates as month numbers (year * 12 + month - 1), for experience years and gaps.

export type MonthDate = number;
export type ParsedDate = { readonly month: MonthDate } | { readonly present: true } | { readonly invalid: true };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const PRESENT = /^(present|current|currently|now|today|ongoing)$/i;
const MIN_YEAR = 1940;
const MAX_YEAR = 2100;

/** "2019", "2019-03", "2019-03-15", "03/2019", "Mar 2019", "March 2019", "present". */
export function parseResumeDate(value: string): ParsedDate {
  const text = value.trim();
  if (PRESENT.test(text)) return { present: true };
  let m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(text);
  if (m) return monthOf(Number(m[1]), m[2] === undefined ? 1 : Number(m[2]));
  m = /^(\d{1,2})[/.](\d{4})$/.exec(text);
  if (m) return monthOf(Number(m[2]), Number(m[1]));
  m = /^([A-Za-z]{3,9})\.?,?\s+(\d{4})$/.exec(text);
  if (m) {
    const month = MONTHS.indexOf((m[1] ?? '').slice(0, 3).toLowerCase());
    if (month >= 0) return monthOf(Number(m[2]), month + 1);
  }
  return { invalid: true };
}

function monthOf(year: number, month: number): ParsedDate {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return { invalid: true };
  return { month: year * 12 + month - 1 };
}

export function monthOfDate(date: Date): MonthDate {
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

export function formatMonth(month: MonthDate): string {
  return `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
}

/** Date ranges written in free text: "Jan 2019 – Present", "2017 - 2019", "03/2018 to 05/2020". */
export const DATE_RANGE =
  /((?:[A-Za-z]{3,9}\.?\s+)?\d{4}|\d{1,2}\/\d{4})\s*(?:-|–|—|to)\s*((?:[A-Za-z]{3,9}\.?\s+)?\d{4}|\d{1,2}\/\d{4}|present|current|now|today)/gi;

export interface Interval {
  readonly start: MonthDate;
  readonly end: MonthDate;
}

/** Total months covered by the intervals, overlaps counted once. */
export function coveredMonths(intervals: readonly Interval[]): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let current: Interval | undefined;
  for (const next of sorted) {
    if (current && next.start <= current.end) current = { start: current.start, end: Math.max(current.end, next.end) };
    else {
      if (current) total += current.end - current.start + 1;
      current = next;
    }
  }
  if (current) total += current.end - current.start + 1;
  return total;
}

/** Gaps between intervals longer than `months`, as [last covered month, next start]. */
export function gapsLongerThan(intervals: readonly Interval[], months: number): Array<{ from: MonthDate; to: MonthDate }> {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const gaps: Array<{ from: MonthDate; to: MonthDate }> = [];
  let reach: MonthDate | undefined;
  for (const next of sorted) {
    if (reach !== undefined && next.start - reach - 1 > months) gaps.push({ from: reach, to: next.start });
    reach = reach === undefined ? next.end : Math.max(reach, next.end);
  }
  return gaps;
}
