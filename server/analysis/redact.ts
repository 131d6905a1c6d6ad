// Contact details out of text bound for an LLM: emails, phones, links, the person's name and
// street address become placeholders. What is sent is the resume's content, not its owner.

import type { ResumeModel } from './resume.ts';

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s)>\]]+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|dev|me|co|app|ai)(?:\/[^\s)>\]]*)?/gi;
// Seven or more digits with the usual separators: phone numbers, not years or "40%".
const PHONE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d[\d\s.-]{5,}\d/g;
const STREET =
  /\b\d{1,5}\s+(?:[A-Z][\w'-]*\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Court|Ct|Place|Pl|Square|Sq|Terrace|Parkway|Pkwy|Highway|Hwy)\b\.?(?:,?\s*(?:Unit|Apt|Suite|#)\s*[\w-]+)?/g;

export interface Redactor {
  redact(text: string): string;
}

/**
 * A redactor for one resume: the patterns above plus its owner's name (whole and each part of
 * two letters or more) and street address as written in its contact fields.
 */
export function redactorFor(resume: ResumeModel): Redactor {
  const literals: Array<[string, string]> = [];
  const first = resume.fields[0];
  // A plain-text resume opens with the name: two to four capitalized words.
  const plainName = first && first.itemId === null && /^\s*(?:\p{Lu}[\p{L}'.-]*\s+){1,3}\p{Lu}[\p{L}'.-]*\s*$/u.test(first.text) ? first : undefined;
  const name = resume.fields.find((f) => f.itemId === 'basics' && f.path === 'name') ?? plainName;
  if (name) {
    literals.push([name.text.trim(), '[NAME]']);
    for (const part of name.text.split(/[\s,.]+/)) if (part.length >= 2) literals.push([part, '[NAME]']);
  }
  for (const f of resume.fields) if (f.path === 'location.address') literals.push([f.text.trim(), '[ADDRESS]']);
  // Longest first, so "Lena Vasquez" goes before "Lena".
  literals.sort((a, b) => b[0].length - a[0].length);
  const named = literals
    .filter(([text]) => text.length > 0)
    .map(([text, placeholder]) => [new RegExp(`(?<![\\p{L}])${escapeRegExp(text)}(?![\\p{L}])`, 'giu'), placeholder] as const);
  return {
    redact(text) {
      let out = redactContacts(text).replace(STREET, '[ADDRESS]');
      for (const [pattern, placeholder] of named) out = out.replace(pattern, placeholder);
      return out;
    },
  };
}

/** Emails, links and phone numbers only, for text with no known owner (a job description). */
export function redactContacts(text: string): string {
  return text.replace(EMAIL, '[EMAIL]').replace(URL_PATTERN, '[URL]').replace(PHONE, (m) => (isPhone(m) ? '[PHONE]' : m));
}

/** Nine digits or more; seven or eight unless it reads as a year range or a date (2019-2021). */
function isPhone(text: string): boolean {
  const digits = text.replace(/\D/g, '').length;
  return digits >= 9 || (digits >= 7 && !/^(19|20)\d\d[\s.-]/.test(text));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
