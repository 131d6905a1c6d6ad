// Resume dates as people read them: ISO `yyyy`, `yyyy-mm` or `yyyy-mm-dd` become "2020" or
// "Jan 2020"; anything else is shown as written. English month names, the same in every runtime.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const ISO_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[\d:.]+Z?)?$/;

/** The word for a range that has not ended. */
export const PRESENT = 'Present';
/** An en dash between spaces, as typeset ranges use. */
export const RANGE_SEPARATOR = ' – ';

/** "Jan 2020" for `2020-01` or `2020-01-15`, "2020" for `2020`, else the text as written (trimmed). */
export function formatDate(value: string): string {
  const text = value.trim();
  const match = ISO_DATE.exec(text);
  if (!match) return text;
  const [, year, month] = match;
  if (month === undefined) return year ?? text;
  const name = MONTHS[Number(month) - 1];
  return name === undefined ? text : `${name} ${year}`;
}

/**
 * "Jan 2020 – Present" when only the start is known, "Jan 2020 – Mar 2021" for both, the one date
 * when only the end is known or both read the same; undefined when neither is given.
 */
export function formatDateRange(start: string | undefined, end: string | undefined): string | undefined {
  const from = start === undefined || start.trim() === '' ? undefined : formatDate(start);
  const to = end === undefined || end.trim() === '' ? undefined : formatDate(end);
  if (from === undefined) return to;
  if (to === undefined) return `${from}${RANGE_SEPARATOR}${PRESENT}`;
  return from === to ? from : `${from}${RANGE_SEPARATOR}${to}`;
}
