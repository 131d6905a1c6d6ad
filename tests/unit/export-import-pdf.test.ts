// PDF import: our own PDFs of every template back into JSON Resume (export → import → the same
// fields), and resume PDFs made by other tools (tests/fixtures/pdf/), with field accuracy reported.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JsonResume } from '../../collab/schema.ts';
import { TEMPLATES } from '../../collab/templates.ts';
import { importPdf, isoDate } from '../../server/export/import-pdf.ts';
import { renderResumePdf } from '../../server/export/pdf.ts';
import { loadResumeFixture } from '../fixtures/resumes/index.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const norm = (v: unknown): string => str(v).normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** The fields a person checks after an import, expected value against imported value. */
function fieldPairs(expected: JsonResume, got: JsonResume): Array<[string, string, string]> {
  const pairs: Array<[string, string, string]> = [];
  const eb = obj(expected.basics);
  const gb = obj(got.basics);
  for (const key of ['name', 'email', 'phone', 'label']) if (str(eb[key])) pairs.push([`basics.${key}`, norm(eb[key]), norm(gb[key])]);
  const ework = arr(expected.work);
  const gwork = arr(got.work);
  ework.forEach((w, i) => {
    const g = gwork[i] ?? {};
    for (const key of ['position', 'name', 'startDate', 'endDate']) {
      // Dates read back at the precision they are shown: month and year.
      if (str(w[key])) pairs.push([`work.${i}.${key}`, key.endsWith('Date') ? norm(str(w[key]).slice(0, 7)) : norm(w[key]), norm(g[key])]);
    }
  });
  const eedu = arr(expected.education);
  const gedu = arr(got.education);
  eedu.forEach((e, i) => {
    const g = gedu[i] ?? {};
    for (const key of ['institution', 'studyType', 'area', 'startDate', 'endDate']) {
      if (str(e[key])) pairs.push([`education.${i}.${key}`, key.endsWith('Date') ? norm(str(e[key]).slice(0, 7)) : norm(e[key]), norm(g[key])]);
    }
  });
  const gotKeywords = new Set(arr(got.skills).flatMap((s) => (Array.isArray(s.keywords) ? s.keywords.map(norm) : [])));
  for (const skill of arr(expected.skills)) {
    for (const keyword of Array.isArray(skill.keywords) ? skill.keywords : []) {
      pairs.push([`skills.${str(skill.name)}.${str(keyword)}`, norm(keyword), gotKeywords.has(norm(keyword)) ? norm(keyword) : '']);
    }
  }
  return pairs;
}

function accuracy(pairs: Array<[string, string, string]>): { right: number; total: number; wrong: string[] } {
  const wrong = pairs.filter(([, e, g]) => e !== g).map(([field, e, g]) => `${field}: expected "${e}", got "${g}"`);
  return { right: pairs.length - wrong.length, total: pairs.length, wrong };
}

describe('PDF import', () => {
  it('reads dates as they are printed', () => {
    expect(isoDate('Mar 2021')).toBe('2021-03');
    expect(isoDate('September 2019')).toBe('2019-09');
    expect(isoDate('06/2019')).toBe('2019-06');
    expect(isoDate('2018')).toBe('2018');
    expect(isoDate('Present')).toBeUndefined();
  });

  it('round-trips our own PDFs of every template: name, contacts, work, education and skills come back', { timeout: 90_000 }, async () => {
    const fixtures = ['complete-resume.json', 'senior-engineer.resume.json', 'career-changer.resume.json'];
    let right = 0;
    let total = 0;
    const report: string[] = [];
    for (const template of TEMPLATES) {
      let templateRight = 0;
      let templateTotal = 0;
      for (const fixture of fixtures) {
        const resume = loadResumeFixture(fixture) as JsonResume;
        const { pdf } = await renderResumePdf(resume, { template: template.id, sectionOrder: [], hiddenSections: [] });
        const imported = await importPdf(pdf);
        const result = accuracy(fieldPairs(resume, imported));
        // The fields a person would otherwise retype: never missed on our own PDFs.
        expect(norm(obj(imported.basics).name), `${template.id} ${fixture}`).toBe(norm(obj(resume.basics).name));
        expect(norm(obj(imported.basics).email), `${template.id} ${fixture}`).toBe(norm(obj(resume.basics).email));
        expect(arr(imported.work).length, `${template.id} ${fixture}: work entries`).toBe(arr(resume.work).length);
        expect(arr(imported.education).length, `${template.id} ${fixture}: education entries`).toBe(arr(resume.education).length);
        templateRight += result.right;
        templateTotal += result.total;
        if (result.wrong.length > 0) report.push(`${template.id} ${fixture}: ${result.wrong.slice(0, 4).join('; ')}`);
      }
      report.unshift(`${template.id}: ${templateRight}/${templateTotal} fields (${((100 * templateRight) / templateTotal).toFixed(1)} %)`);
      right += templateRight;
      total += templateTotal;
    }
    console.log(`PDF import round trip: ${right}/${total} fields (${((100 * right) / total).toFixed(1)} %)\n${report.join('\n')}`);
    expect(right / total).toBeGreaterThan(0.9);
  });

  it('reads resume PDFs made by other tools (Resume-Matcher samples)', async () => {
    const samples = JSON.parse(readFileSync(new URL('../fixtures/pdf/expected.json', import.meta.url), 'utf8')) as Record<string, JsonResume>;
    let right = 0;
    let total = 0;
    const report: string[] = [];
    for (const [file, expected] of Object.entries(samples)) {
      const imported = await importPdf(readFileSync(new URL(`../fixtures/pdf/${file}`, import.meta.url)));
      const result = accuracy(fieldPairs(expected, imported));
      expect(norm(obj(imported.basics).email), file).toBe(norm(obj(expected.basics).email));
      right += result.right;
      total += result.total;
      report.push(`${file}: ${result.right}/${result.total}${result.wrong.length > 0 ? ` — ${result.wrong.slice(0, 3).join('; ')}` : ''}`);
    }
    console.log(`PDF import, other tools' PDFs: ${right}/${total} fields (${((100 * right) / total).toFixed(1)} %)\n${report.join('\n')}`);
    expect(right / total).toBeGreaterThan(0.8);
  });
});
