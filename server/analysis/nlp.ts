// Word forms for matching: lemma (wink-nlp with its lite English model, offline) and the
// Porter2 stem of that lemma, cached per word so one word always gets the same forms.

import winkNLP, { type ItsFunction } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

export interface WordForms {
  /** "managed" → "manage", "led" → "lead", "engineers" → "engineer". */
  readonly lemma: string;
  /** The stem of the lemma: "management" and "managing" both → "manag". */
  readonly stem: string;
}

// Loaded on first use, once per process (~250 ms); the lemmatizer needs the POS tagger.
let nlp: ReturnType<typeof winkNLP> | undefined;
const cache = new Map<string, WordForms>();
// Words seen by a long-running server are bounded by the language, but a hostile input could
// send random strings: past this size the cache starts again.
const CACHE_LIMIT = 200_000;
const PLAIN_WORD = /^[a-z]+$/;

// wink-nlp's own declarations type `its.lemma`/`its.stem` with parameters that its `out()` does
// not accept (index, rdd, addons vs index, token, cache, addons); at run time they are what
// `out()` expects, so they are re-typed here once.
function tokenFunction(f: unknown): ItsFunction<string> {
  return f as ItsFunction<string>;
}

function pipeline(): ReturnType<typeof winkNLP> {
  nlp ??= winkNLP(model, ['sbd', 'pos']);
  return nlp;
}

/**
 * The forms of one lower-case word, lemmatized on its own (never in context) so the result is
 * a function of the word alone, and the same in the job description and the resume.
 */
export function wordForms(lower: string): WordForms {
  const hit = cache.get(lower);
  if (hit) return hit;
  let forms: WordForms = { lemma: lower, stem: lower };
  if (PLAIN_WORD.test(lower) && lower.length > 2) {
    const { its } = pipeline();
    const lemma = pipeline().readDoc(lower).tokens().out(tokenFunction(its.lemma))[0] ?? lower;
    const stem = pipeline().readDoc(lemma).tokens().out(tokenFunction(its.stem))[0] ?? lemma;
    forms = { lemma, stem };
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(lower, forms);
  return forms;
}
