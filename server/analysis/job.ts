// Reading a job description: its sentences, which of them require and which prefer, the skills
// they name, the job title, the education level and the years of experience asked for.

import type { EducationLevel } from './report.ts';
import { educationLevelIn } from './education.ts';
import { vocabulary, type SkillHit } from './vocabulary.ts';

export type Demand = 'required' | 'preferred' | 'neutral';

export interface JobSentence {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly demand: Demand;
}

export interface JobTerm {
  readonly hit: SkillHit;
  readonly sentence: JobSentence;
  readonly required: boolean;
}

export interface ParsedJob {
  readonly title: string | null;
  readonly education: EducationLevel | null;
  readonly years: number | null;
  readonly sentences: readonly JobSentence[];
  /** Each skill once, in order of first mention. */
  readonly terms: readonly JobTerm[];
}

// Wording that marks a sentence, or a heading and the paragraph under it.
const PREFERRED =
  /\b(nice[ -]to[ -]haves?|preferred|preferably|bonus|(?:a|big|huge) plus|desirable|desired|ideally|advantageous|appreciated|not required|optional)\b/i;
const REQUIRED =
  /\b(must|required|requirements?|qualifications|you have|you bring|you'?ll need|what you need|need to have|minimum|essential|mandatory|at least|\d+\s*\+?\s*years?)\b/i;
const BULLET = /^\s*(?:[-•*▪●◦–·]|\d{1,2}[.)])\s+/;
const INLINE_HEADING = /^\s*([A-Z][A-Za-z' /&-]{2,40}):\s+/;
const SENTENCE_END = /(?<=[.!?])\s+(?=\S)|;\s*/g;
const TITLE_LINE = /^\s*(?:job title|title|position|role)\s*:\s*(.+?)\s*$/im;
const TITLE_IN_PROSE =
  /\b(?:looking for|hiring|seeking|searching for|join (?:us|our team) as)\s+(?:an?\s+|the\s+)?((?:[A-Z][\w+#./-]*\s+){0,5}[A-Z][\w+#./-]*)/;
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, fifteen: 15,
};
const YEARS = /\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen)\s*\+?\s*(?:(?:-|–|to)\s*\d{1,2}\s*)?\+?\s*years?\b/gi;

export function parseJobDescription(text: string): ParsedJob {
  const sentences = splitSentences(text);
  const explicit = sentences.some((s) => s.demand === 'required');
  const terms = new Map<string, JobTerm>();
  const vocab = vocabulary();
  for (const sentence of sentences) {
    // A JD with an explicit requirements list asks for what it lists there; the skills its other
    // paragraphs mention are context, so preferred. A JD without one asks for everything it names.
    const required = sentence.demand === 'required' || (sentence.demand === 'neutral' && !explicit);
    for (const hit of vocab.find(sentence.text, sentence.start)) {
      const seen = terms.get(hit.skill.name);
      if (!seen || (required && !seen.required)) terms.set(hit.skill.name, { hit, sentence, required });
    }
  }
  const ordered = [...terms.values()].sort((a, b) => a.hit.start - b.hit.start);
  return { title: titleOf(text), education: educationLevelIn(text, 'minimum'), years: yearsIn(text), sentences, terms: ordered };
}

function demandOf(text: string, fallback: Demand): Demand {
  if (PREFERRED.test(text)) return 'preferred';
  if (REQUIRED.test(text)) return 'required';
  return fallback;
}

interface Unit {
  start: number;
  end: number;
  demand: Demand;
}

/**
 * Sentences, with hard-wrapped lines joined: a blank line, a heading or a bullet starts a new
 * unit, which is then cut at sentence ends and semicolons. A heading ("Nice to have:") sets the
 * demand of what follows until the next heading; an inline one ("Requirements: ...") of its
 * paragraph; the sentence's own wording wins over both.
 */
function splitSentences(text: string): JobSentence[] {
  const units: Unit[] = [];
  let section: Demand = 'neutral';
  let paragraph: Demand = 'neutral';
  let current: Unit | undefined;
  let firstOfParagraph = true;
  const flush = () => {
    if (current && current.end > current.start) units.push(current);
    current = undefined;
  };
  let offset = 0;
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    const lineStart = offset;
    offset += line.length + 1;
    const next = lines[index + 1];
    const trimmed = line.trim();
    if (trimmed.length === 0) {
      flush();
      paragraph = section;
      firstOfParagraph = true;
      continue;
    }
    const words = trimmed.split(/\s+/).length;
    // "Nice to have:", or a short capitalized line standing alone or over a list ("Benefits").
    const standsAlone = next === undefined || next.trim().length === 0 || BULLET.test(next);
    const shortHeading = words <= 5 && firstOfParagraph && standsAlone && /^[A-Z]/.test(trimmed) && !/[.,;]$/.test(trimmed) && !INLINE_HEADING.test(line);
    if ((trimmed.endsWith(':') && words <= 8) || shortHeading) {
      flush();
      section = demandOf(trimmed, 'neutral');
      paragraph = section;
      firstOfParagraph = true;
      continue;
    }
    let bodyStart = lineStart + (line.length - line.trimStart().length);
    const bullet = BULLET.exec(line);
    if (bullet) {
      flush();
      bodyStart = lineStart + bullet[0].length;
    }
    const inline = firstOfParagraph ? INLINE_HEADING.exec(line) : null;
    if (inline?.[1]) {
      paragraph = demandOf(inline[1], section);
      bodyStart = lineStart + inline[0].length;
    }
    firstOfParagraph = false;
    const lineEnd = lineStart + line.trimEnd().length;
    if (current) current.end = lineEnd;
    else current = { start: bodyStart, end: lineEnd, demand: paragraph };
  }
  flush();
  return units.flatMap((unit) => cut(text, unit));
}

function cut(text: string, unit: Unit): JobSentence[] {
  const body = text.slice(unit.start, unit.end);
  const out: JobSentence[] = [];
  let from = 0;
  const push = (to: number) => {
    const piece = body.slice(from, to);
    const lead = piece.length - piece.trimStart().length;
    const sentence = piece.trim();
    if (sentence.length > 0) {
      const start = unit.start + from + lead;
      out.push({ text: sentence, start, end: start + sentence.length, demand: demandOf(sentence, unit.demand) });
    }
  };
  for (const m of body.matchAll(SENTENCE_END)) {
    push(m.index);
    from = m.index + m[0].length;
  }
  push(body.length);
  return out;
}

function titleOf(text: string): string | null {
  const labelled = TITLE_LINE.exec(text)?.[1];
  if (labelled) return labelled;
  const first = text.split('\n').find((l) => l.trim().length > 0)?.trim() ?? '';
  if (first.length > 0 && first.split(/\s+/).length <= 8 && !/[.:;!?]$/.test(first) && /^[A-Z]/.test(first)) return first;
  return TITLE_IN_PROSE.exec(text)?.[1]?.trim() ?? null;
}

/** The most years of experience any sentence asks for ("5+ years", "3-5 years", "five years"). */
function yearsIn(text: string): number | null {
  let most: number | null = null;
  for (const m of text.matchAll(YEARS)) {
    const word = (m[1] ?? '').toLowerCase();
    const years = NUMBER_WORDS[word] ?? Number(word);
    if (Number.isFinite(years) && years > 0 && years <= 30) most = Math.max(most ?? 0, years);
  }
  return most;
}
