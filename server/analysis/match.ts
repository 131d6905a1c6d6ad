// Job-description terms found in the resume, with evidence on both sides; missing terms split
// into "elsewhere in your resume" (named only where no use shows) and "not in your resume".

import type { ParsedJob, JobTerm } from './job.ts';
import type { JobEvidence, MatchedTerm, MissingTerm, ResumeEvidence } from './report.ts';
import { evidenceOf, type ResumeModel } from './resume.ts';
import { vocabulary } from './vocabulary.ts';

/** Enough places to jump to; a skill written twenty times needs no twenty links. */
const MAX_EVIDENCE = 5;

export interface TermMatches {
  readonly matched: MatchedTerm[];
  readonly missing: MissingTerm[];
}

interface Occurrences {
  readonly use: ResumeEvidence[];
  readonly listing: ResumeEvidence[];
}

/** Every skill of the vocabulary in the resume's searchable fields, by canonical name. */
export function skillsInResume(resume: ResumeModel): Map<string, Occurrences> {
  const found = new Map<string, Occurrences>();
  const vocab = vocabulary();
  for (const field of resume.fields) {
    if (field.place !== 'use' && field.place !== 'listing') continue;
    for (const hit of vocab.find(field.text, field.start)) {
      let entry = found.get(hit.skill.name);
      if (!entry) {
        entry = { use: [], listing: [] };
        found.set(hit.skill.name, entry);
      }
      const list = field.place === 'use' ? entry.use : entry.listing;
      if (list.length < MAX_EVIDENCE) list.push(evidenceOf(field, hit.start, hit.end));
    }
  }
  return found;
}

export function matchTerms(job: ParsedJob, resume: ResumeModel): TermMatches {
  const inResume = skillsInResume(resume);
  const matched: MatchedTerm[] = [];
  const missing: MissingTerm[] = [];
  for (const term of job.terms) {
    const found = inResume.get(term.hit.skill.name);
    const base = { term: term.hit.skill.name, kind: term.hit.skill.kind, required: term.required, jobEvidence: jobEvidenceOf(term) };
    const use = found?.use ?? [];
    const listing = found?.listing ?? [];
    if (use.length > 0) matched.push({ ...base, evidence: [...use, ...listing].slice(0, MAX_EVIDENCE) });
    else missing.push({ ...base, where: listing.length > 0 ? 'elsewhere' : 'absent', evidence: listing });
  }
  // Required first, each group in the order the job description names them.
  const byDemand = (a: { required: boolean }, b: { required: boolean }) => Number(b.required) - Number(a.required);
  return { matched: matched.sort(byDemand), missing: missing.sort(byDemand) };
}

function jobEvidenceOf(term: JobTerm): JobEvidence {
  return { sentence: term.sentence.text, start: term.hit.start, end: term.hit.end, text: term.hit.text };
}
