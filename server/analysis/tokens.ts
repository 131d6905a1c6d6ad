// Tokens with their offsets, cut so that skill names survive: C++, C#, .NET, Node.js and CI/CD
// come out as the same token sequence wherever they are written.

export interface Token {
  /** As written. */
  readonly text: string;
  readonly lower: string;
  /** `[start, end)` in the text that was tokenized, plus the caller's base offset. */
  readonly start: number;
  readonly end: number;
  /** True when no space separates it from the previous token ("js" in "Node.js"). */
  readonly glued: boolean;
  /** Letters or digits, as opposed to one punctuation character. */
  readonly word: boolean;
  /** Joined to the previous token by a hyphen ("suite" in "C-suite"). */
  readonly afterHyphen: boolean;
}

// A word is a run of letters and digits with trailing + or # (C++, C#, F#, 5+); any other
// non-space character is a token of its own.
const TOKEN = /[\p{L}\p{N}]+[+#]*|[^\s\p{L}\p{N}]/gu;

/**
 * The tokens of `text`. A hyphen between two words reads as a space ("problem-solving" =
 * "problem solving", "Python-based" holds "Python"), so it is not a token.
 */
export function tokenize(text: string, base = 0): Token[] {
  const tokens: Token[] = [];
  let previousEnd = -1;
  let hyphenGap = false;
  for (const m of text.matchAll(TOKEN)) {
    const value = m[0];
    const start = m.index;
    if (value === '-' || value === '–') {
      hyphenGap = start === previousEnd;
      previousEnd = -1;
      continue;
    }
    const afterHyphen = hyphenGap && (text[start - 1] === '-' || text[start - 1] === '–');
    const glued = start === previousEnd;
    tokens.push({
      text: value,
      lower: value.toLowerCase(),
      start: base + start,
      end: base + start + value.length,
      glued,
      word: /^[\p{L}\p{N}]/u.test(value),
      afterHyphen,
    });
    previousEnd = start + value.length;
    hyphenGap = false;
  }
  return tokens;
}

/** Number of words in a text, as a reader counts them. */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}][\p{L}\p{N}'’+#.-]*/gu)?.length ?? 0;
}
