// The skills vocabulary (data/skills.json, built by scripts/build-vocabulary.ts) and the search
// for its skills in text: aliases, multi-word phrases, case rules and lemmatized word forms.

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { wordForms } from './nlp.ts';
import { tokenize, type Token } from './tokens.ts';

export const SKILL_KINDS = ['hard', 'soft', 'language', 'tool'] as const;
export type SkillKind = (typeof SKILL_KINDS)[number];

export interface Skill {
  readonly name: string;
  readonly kind: SkillKind;
  readonly aliases: readonly string[];
}

/** One place a skill was found: the token span and its character offsets. */
export interface SkillHit {
  readonly skill: Skill;
  readonly start: number;
  readonly end: number;
  /** The text as written, `text.slice(start, end)`. */
  readonly text: string;
}

const vocabularyFile = z.object({
  version: z.literal(1),
  skills: z.array(
    z.object({
      name: z.string().min(1),
      kind: z.enum(SKILL_KINDS),
      aliases: z.array(z.string()).optional(),
      exactCase: z.array(z.string()).optional(),
    }),
  ),
});

/**
 * How one written form of a skill matches:
 * - `exact`: token by token, ignoring case (tool and product names: "node.js" = "Node.js");
 * - `cased`: token by token with the case as written (Go, R, Excel, React, ML are also words);
 * - `fuzzy`: lower-case skill words by their lemma (one word: "algorithms" = "algorithm") or
 *   by stem (several words: "managing budgets" = "manage budgets", "machine-learning" =
 *   "machine learning"). Only vocabulary written in lower case is fuzzy: a name never is.
 */
type Mode = 'exact' | 'cased' | 'fuzzy';
interface Phrase {
  readonly skill: Skill;
  readonly mode: Mode;
  readonly tokens: readonly Token[];
  /** Per token: what the text token must equal, by mode. */
  readonly keys: readonly string[];
}

const FUZZY_FORM = /^[a-z]+( [a-z]+)*$/;
/** Nominalizations that a verb can stand for in reverse order: "managed projects" = "project management". */
const NOMINAL = /(ment|tion|sion|ing|ance|ence|ysis)$/;
const REVERSE_WINDOW = 3;
// A bare domain only in lower case: "ASP.NET" is no link.
const LINK = /\b(?:[Hh][Tt][Tt][Pp][Ss]?:\/\/|[Ww][Ww][Ww]\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[a-z0-9-]+\.(?:com|org|net|io|dev|me|co|app)(?:\/\S*)?(?![\w.])/g;

/** Phrases by their first token's key, then the second's: hundreds start with "Microsoft" or "manage". */
interface Bucket {
  readonly single: Phrase[];
  readonly bySecond: Map<string, Phrase[]>;
}

/** The tokens of one text with the lemma and stem of each word, computed once per search. */
interface Scan {
  readonly tokens: readonly Token[];
  readonly lemmas: readonly string[];
  readonly stems: readonly string[];
}

interface Best {
  skill: Skill;
  end: number;
  mode: Mode;
}

export class Vocabulary {
  readonly skills: readonly Skill[];
  private readonly byForm = new Map<string, Skill>();
  /** Exact and cased phrases by lower case (`matches` then checks the case); fuzzy ones by word forms. */
  private readonly exact = new Map<string, Bucket>();
  private readonly fuzzy = new Map<string, Bucket>();
  /** Two-word fuzzy phrases ending in a nominalization, by the stem of that last word. */
  private readonly reversed = new Map<string, Phrase[]>();

  constructor(entries: ReadonlyArray<{ name: string; kind: SkillKind; aliases?: string[]; exactCase?: string[] }>) {
    const skills: Skill[] = [];
    for (const entry of entries) {
      const skill: Skill = { name: entry.name, kind: entry.kind, aliases: entry.aliases ?? [] };
      skills.push(skill);
      const cased = new Set(entry.exactCase ?? []);
      for (const form of [entry.name, ...skill.aliases]) {
        if (form.includes('(')) continue; // "Computer aided design (CAD)" is a display name
        const key = normalizeForm(form);
        if (!this.byForm.has(key)) this.byForm.set(key, skill);
        this.index(skill, form, cased.has(form) ? 'cased' : FUZZY_FORM.test(form) && skill.kind !== 'tool' ? 'fuzzy' : 'exact');
      }
    }
    this.skills = skills;
    const longestFirst = (list: Phrase[]) => list.sort((a, b) => b.tokens.length - a.tokens.length);
    for (const map of [this.exact, this.fuzzy]) {
      for (const bucket of map.values()) for (const list of bucket.bySecond.values()) longestFirst(list);
    }
    for (const list of this.reversed.values()) longestFirst(list);
  }

  /** The skill a written form names ("k8s" → Kubernetes), ignoring case, spaces and hyphens. */
  resolve(form: string): Skill | undefined {
    return this.byForm.get(normalizeForm(form));
  }

  /** Every skill in `text`, longest phrase first, without overlaps; offsets start at `base`. */
  find(text: string, base = 0): SkillHit[] {
    const links = [...text.matchAll(LINK)].map((m) => [base + m.index, base + m.index + m[0].length] as const);
    // Links and email addresses name no skills: "austinfree.net" holds no .NET.
    const tokens = links.length === 0 ? tokenize(text, base) : tokenize(text, base).filter((t) => !links.some(([s, e]) => t.start >= s && t.start < e));
    const lemmas: string[] = [];
    const stems: string[] = [];
    for (const token of tokens) {
      const forms = token.word ? wordForms(token.lower) : undefined;
      lemmas.push(forms?.lemma ?? token.lower);
      stems.push(forms?.stem ?? token.lower);
    }
    const scan: Scan = { tokens, lemmas, stems };
    const hits: SkillHit[] = [];
    let i = 0;
    while (i < tokens.length) {
      const match = this.longestAt(scan, i);
      const first = tokens[i];
      const last = match ? tokens[match.end - 1] : undefined;
      if (match && first && last) {
        hits.push({ skill: match.skill, start: first.start, end: last.end, text: text.slice(first.start - base, last.end - base) });
        i = match.end;
      } else i++;
    }
    return hits;
  }

  private index(skill: Skill, form: string, mode: Mode): void {
    const tokens = tokenize(form);
    if (tokens.length === 0) return;
    const keys = tokens.map((t) => (mode === 'cased' ? t.text : mode === 'exact' ? t.lower : fuzzyKeyOf(t, tokens.length)));
    const phrase: Phrase = { skill, mode, tokens, keys };
    const lookup = mode === 'fuzzy' ? keys : tokens.map((t) => t.lower);
    const map = mode === 'fuzzy' ? this.fuzzy : this.exact;
    let bucket = map.get(lookup[0] ?? '');
    if (!bucket) {
      bucket = { single: [], bySecond: new Map() };
      map.set(lookup[0] ?? '', bucket);
    }
    if (tokens.length === 1) bucket.single.push(phrase);
    else push(bucket.bySecond, lookup[1] ?? '', phrase);
    const second = tokens[1];
    if (mode === 'fuzzy' && tokens.length === 2 && second && NOMINAL.test(second.lower)) push(this.reversed, keys[1] ?? '', phrase);
  }

  private longestAt(scan: Scan, i: number): { skill: Skill; end: number } | undefined {
    const { tokens } = scan;
    const token = tokens[i];
    if (!token) return undefined;
    // A word glued after a dot continues a dotted name ("js" in "Node.js"), never starts a skill.
    if (token.word && token.glued && tokens[i - 1]?.text === '.' && tokens[i - 1]?.glued) return undefined;
    const next = tokens[i + 1];
    let best: Best | undefined;
    const exact = this.exact.get(token.lower);
    if (exact) {
      if (next) best = this.consider(exact.bySecond.get(next.lower), scan, i, best);
      best = this.consider(exact.single, scan, i, best);
    }
    if (token.word && /^\p{L}/u.test(token.text)) {
      const stemBucket = this.fuzzy.get(scan.stems[i] ?? '');
      if (next && stemBucket) best = this.consider(stemBucket.bySecond.get(scan.stems[i + 1] ?? ''), scan, i, best);
      best = this.consider(this.fuzzy.get(scan.lemmas[i] ?? '')?.single, scan, i, best);
      if (!best) {
        for (const phrase of this.reversed.get(scan.stems[i] ?? '') ?? []) {
          const end = this.reversedEnd(phrase, scan, i);
          if (end !== undefined) return { skill: phrase.skill, end };
        }
      }
    }
    return best;
  }

  private consider(phrases: readonly Phrase[] | undefined, scan: Scan, i: number, best: Best | undefined): Best | undefined {
    if (!phrases) return best;
    for (const phrase of phrases) {
      const end = i + phrase.tokens.length;
      if (best && (end < best.end || (end === best.end && best.mode !== 'fuzzy'))) continue;
      if (this.matches(phrase, scan, i)) best = { skill: phrase.skill, end, mode: phrase.mode };
    }
    return best;
  }

  private matches(phrase: Phrase, scan: Scan, i: number): boolean {
    const { tokens } = scan;
    const n = phrase.tokens.length;
    for (let k = 0; k < n; k++) {
      const token = tokens[i + k];
      const want = phrase.tokens[k];
      if (!token || !want) return false;
      if (k > 0 && token.glued !== want.glued) return false;
      const key = phrase.keys[k];
      const have =
        phrase.mode === 'cased' ? token.text : phrase.mode === 'exact' || !token.word ? token.lower : n === 1 ? scan.lemmas[i + k] : scan.stems[i + k];
      if (have !== key) return false;
    }
    // The phrase must end where the written name ends: not "Node" of "Node.js".
    const next = tokens[i + n];
    const after = tokens[i + n + 1];
    const last = tokens[i + n - 1];
    if (last?.word && next?.glued && next.text === '.' && after?.glued && after.word) return false;
    // A one- or two-letter name inside a hyphenated word is part of that word: "C-suite", "Go-to-market".
    const first = tokens[i];
    if (n === 1 && first && first.text.length <= 2 && (first.afterHyphen || next?.afterHyphen)) return false;
    return true;
  }

  /**
   * "managed (the) projects" for "project management": an inflected verb (not the noun
   * "training" of "training and evaluation"), up to 2 more words, then the object.
   */
  private reversedEnd(phrase: Phrase, scan: Scan, i: number): number | undefined {
    const verb = scan.tokens[i];
    if (!verb || scan.lemmas[i] === verb.lower) return undefined;
    const objectKey = phrase.keys[0];
    for (let j = i + 1; j <= i + REVERSE_WINDOW && j < scan.tokens.length; j++) {
      const token = scan.tokens[j];
      if (!token?.word || token.lower === 'and' || token.lower === 'or') return undefined;
      if (scan.stems[j] === objectKey) return j + 1;
    }
    return undefined;
  }
}

/** One-word phrases compare lemmas ("marketing" must not match "market"); longer ones stems. */
function fuzzyKeyOf(token: Token, phraseLength: number): string {
  if (!token.word) return token.lower;
  const forms = wordForms(token.lower);
  return phraseLength === 1 ? forms.lemma : forms.stem;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function normalizeForm(form: string): string {
  return form.toLowerCase().replace(/[\s-]+/g, ' ').trim();
}

let loaded: Vocabulary | undefined;

/** The committed vocabulary, parsed and indexed on first use, once per process. */
export function vocabulary(): Vocabulary {
  loaded ??= new Vocabulary(vocabularyFile.parse(JSON.parse(readFileSync(new URL('./data/skills.json', import.meta.url), 'utf8'))).skills);
  return loaded;
}
