// The resume checks: contact details, standard headings, quantified bullets, action verbs, weak
// phrases, length, dates and gaps. Each says pass, warn or fail in words a job seeker can act on.

import { ACTION_VERBS, WEAK_PHRASES } from './data/phrases.ts';
import { coveredMonths, formatMonth, gapsLongerThan, monthOfDate, type Interval, type ParsedDate } from './dates.ts';
import { wordForms } from './nlp.ts';
import type { Check, CheckId, ResumeEvidence } from './report.ts';
import { evidenceOf, type ResumeField, type ResumeModel } from './resume.ts';
import { countWords, tokenize } from './tokens.ts';

const GAP_MONTHS = 6;
const MAX_EVIDENCE = 10;
const QUANTIFIED = /\d|%|\$|€|£/;
const WEAK = new RegExp(`(?<![\\p{L}])(${WEAK_PHRASES.map(escapeRegExp).join('|')})(?![\\p{L}])`, 'giu');
const STANDARD_SECTIONS: ReadonlyArray<readonly [string, string]> = [
  ['work', 'Work experience'],
  ['education', 'Education'],
  ['skills', 'Skills'],
];

export function runChecks(resume: ResumeModel, today: Date): Check[] {
  return [
    ...contactChecks(resume),
    headings(resume),
    quantified(resume),
    actionVerbs(resume),
    weakPhrases(resume),
    length(resume),
    dates(resume),
    gaps(resume, today),
  ];
}

function result(id: CheckId, status: Check['status'], message: string, evidence?: ResumeEvidence[]): Check {
  return evidence && evidence.length > 0 ? { id, status, message, evidence: evidence.slice(0, MAX_EVIDENCE) } : { id, status, message };
}

function contactChecks(resume: ResumeModel): Check[] {
  const { email, phone, location } = resume.contact;
  return [
    email
      ? result('contact.email', 'pass', 'An email address is given.', [evidenceOf(email)])
      : result('contact.email', 'fail', 'Add an email address: recruiters need a way to reach you.'),
    phone
      ? result('contact.phone', 'pass', 'A phone number is given.', [evidenceOf(phone)])
      : result('contact.phone', 'warn', 'Add a phone number; many recruiters call first.'),
    location
      ? result('contact.location', 'pass', 'A location is given.', [evidenceOf(location)])
      : result('contact.location', 'warn', 'Add your city and country (or "remote"): many searches filter by location.'),
  ];
}

function headings(resume: ResumeModel): Check {
  const missing = STANDARD_SECTIONS.filter(([id]) => !resume.sections.has(id)).map(([, title]) => title);
  if (missing.length === 0) return result('headings', 'pass', 'Work experience, education and skills each have their section.');
  const list = missing.join(', ');
  return result('headings', missing.length >= 2 ? 'fail' : 'warn', `Missing standard sections: ${list}. Applicant tracking systems look for them by name.`);
}

function bullets(resume: ResumeModel): ResumeField[] {
  return resume.fields.filter((f) => f.bullet && f.text.trim().length > 0);
}

function quantified(resume: ResumeModel): Check {
  const all = bullets(resume);
  if (all.length === 0) return result('bullets.quantified', 'warn', 'No bullet points: describe each job with a few results, with numbers where you can.');
  const without = all.filter((b) => !QUANTIFIED.test(b.text));
  const share = (all.length - without.length) / all.length;
  const percent = Math.round(share * 100);
  const status = share >= 0.5 ? 'pass' : share >= 0.25 ? 'warn' : 'fail';
  const message =
    status === 'pass'
      ? `${percent}% of your bullets carry a number.`
      : `Only ${percent}% of your bullets carry a number (aim for half): add figures, percentages or amounts.`;
  return result('bullets.quantified', status, message, status === 'pass' ? undefined : without.map((b) => evidenceOf(b)));
}

function firstWord(text: string): string | undefined {
  return tokenize(text).find((t) => t.word)?.lower;
}

function actionVerbs(resume: ResumeModel): Check {
  const all = bullets(resume);
  if (all.length === 0) return result('bullets.action-verbs', 'warn', 'No bullet points to check for action verbs.');
  const weak = all.filter((b) => {
    const word = firstWord(b.text);
    return word === undefined || !(ACTION_VERBS.has(word) || ACTION_VERBS.has(wordForms(word).lemma));
  });
  const share = (all.length - weak.length) / all.length;
  const percent = Math.round(share * 100);
  const status = share >= 0.7 ? 'pass' : share >= 0.4 ? 'warn' : 'fail';
  const message =
    status === 'pass'
      ? `${percent}% of your bullets start with an action verb.`
      : `${percent}% of your bullets start with an action verb: open each with what you did (led, built, cut, grew).`;
  return result('bullets.action-verbs', status, message, status === 'pass' ? undefined : weak.map((b) => evidenceOf(b)));
}

function weakPhrases(resume: ResumeModel): Check {
  const found: ResumeEvidence[] = [];
  for (const field of resume.fields) {
    if (field.place !== 'use') continue;
    for (const m of field.text.matchAll(WEAK)) {
      const start = field.start + m.index;
      found.push(evidenceOf(field, start, start + m[0].length));
    }
  }
  if (found.length === 0) return result('bullets.weak-phrases', 'pass', 'No weak phrases such as "responsible for" or "helped with".');
  const phrases = [...new Set(found.map((e) => `"${e.text.toLowerCase()}"`))].join(', ');
  return result(
    'bullets.weak-phrases',
    found.length >= 3 ? 'fail' : 'warn',
    `Weak phrases found: ${phrases}. Say what you did and what came of it instead.`,
    found,
  );
}

function length(resume: ResumeModel): Check {
  const words = resumeWords(resume);
  if (words < 200) return result('length', 'fail', `${words} words is too short to show your experience; aim for 400 to 1,000.`);
  if (words < 400) return result('length', 'warn', `${words} words: a little short; aim for 400 to 1,000.`);
  if (words <= 1000) return result('length', 'pass', `${words} words: a good length.`);
  if (words <= 1400) return result('length', 'warn', `${words} words: more than two pages' worth; cut what does not serve this job.`);
  return result('length', 'fail', `${words} words is too long; keep to two pages (about 1,000 words).`);
}

export function resumeWords(resume: ResumeModel): number {
  return resume.fields.reduce((n, f) => n + (f.place === 'meta' ? 0 : countWords(f.text)), 0);
}

function label(field: ResumeField | undefined): string {
  return field ? `"${field.text}"` : 'a job';
}

function dates(resume: ResumeModel): Check {
  if (resume.undatedWork) return result('dates', 'warn', 'No dates found in your work experience: give a start and end (month and year) for each job.');
  const problems: string[] = [];
  const evidence: ResumeEvidence[] = [];
  // A missing end date reads as a current job; anything else wrong with a job's dates fails.
  for (const job of resume.work) {
    const problem =
      job.start === undefined
        ? 'has no start date'
        : 'invalid' in job.start
          ? 'has a start date that is not a date'
          : job.end !== undefined && 'invalid' in job.end
            ? 'has an end date that is not a date'
            : job.end !== undefined && 'month' in job.end && 'month' in job.start && job.end.month < job.start.month
              ? 'ends before it starts'
              : undefined;
    if (!problem) continue;
    problems.push(`${label(job.label)} ${problem}`);
    if (job.label) evidence.push(evidenceOf(job.label));
  }
  if (problems.length === 0) return result('dates', 'pass', resume.work.length > 0 ? 'Every job has valid dates.' : 'No jobs to date.');
  return result('dates', 'fail', `${problems.join('; ')}. Use month and year, like 2021-03.`, evidence);
}

/** Work intervals with a valid start; no end date or "present" runs to `today`. */
export function workIntervals(resume: ResumeModel, today: Date): Interval[] {
  const now = monthOfDate(today);
  const endOf = (end: ParsedDate | undefined): number | undefined =>
    end === undefined || 'present' in end ? now : 'month' in end ? end.month : undefined;
  return resume.work.flatMap((job) => {
    if (!job.start || !('month' in job.start)) return [];
    const end = endOf(job.end);
    return end !== undefined && end >= job.start.month ? [{ start: job.start.month, end: Math.min(end, now) }] : [];
  });
}

export function experienceYears(resume: ResumeModel, today: Date): number {
  return Math.round((coveredMonths(workIntervals(resume, today)) / 12) * 10) / 10;
}

function gaps(resume: ResumeModel, today: Date): Check {
  const found = gapsLongerThan(workIntervals(resume, today), GAP_MONTHS);
  if (found.length === 0) return result('gaps', 'pass', `No gaps longer than ${GAP_MONTHS} months between jobs.`);
  const spans = found.map((g) => `${formatMonth(g.from)} to ${formatMonth(g.to)}`).join(', ');
  return result('gaps', 'warn', `Gap of more than ${GAP_MONTHS} months between jobs (${spans}): a line on what you did then helps.`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
