// `npx tsx bench/pdf.ts`: PDF generation time per template, in process. Renders a set of real
// JSON Resume fixtures (English, accented, Japanese) in every template on A4, after one warm-up
// round, and prints p50/p95 per template with the page counts and sizes, and the time to count the
// pages without making the file (what the editor asks while people type); writes JSON to bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { TEMPLATES } from '../collab/templates.ts';
import type { JsonResume } from '../collab/schema.ts';
import { layoutResume } from '../collab/layout.ts';
import { countLayoutPages, renderResumePdf } from '../server/export/pdf.ts';
import { loadResumeFixture } from '../tests/fixtures/resumes/index.ts';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '10' } } });
const ROUNDS = Number(args.rounds);
const FIXTURES = ['complete-resume.json', 'kurone-kito-japanese.resume.json', 'senior-engineer.resume.json', 'theme-reference-complete-resume.json'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const resumes = FIXTURES.map((name) => ({ name, json: loadResumeFixture(name) as JsonResume }));
const rows: Array<{ template: string; p50: number; p95: number; pages: string; kib: string; countP50: number; countP95: number }> = [];
for (const template of TEMPLATES) {
  const settings = { template: template.id, sectionOrder: [], hiddenSections: [] };
  for (const { json } of resumes) await renderResumePdf(json, settings); // warm-up: fonts read, code compiled
  const times: number[] = [];
  const pages = new Set<number>();
  const sizes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const { json } of resumes) {
      const start = performance.now();
      const result = await renderResumePdf(json, settings);
      times.push(performance.now() - start);
      pages.add(result.pages);
      sizes.push(result.pdf.length);
    }
  }
  times.sort((a, b) => a - b);
  const counts: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const { json } of resumes) {
      const start = performance.now();
      countLayoutPages(layoutResume(json, settings), 'a4');
      counts.push(performance.now() - start);
    }
  }
  counts.sort((a, b) => a - b);
  rows.push({
    template: template.id,
    p50: Math.round(percentile(times, 50)),
    p95: Math.round(percentile(times, 95)),
    pages: [...pages].sort().join('/'),
    kib: `${Math.round(Math.min(...sizes) / 1024)}–${Math.round(Math.max(...sizes) / 1024)}`,
    countP50: Number(percentile(counts, 50).toFixed(1)),
    countP95: Number(percentile(counts, 95).toFixed(1)),
  });
}
console.log(`PDF generation, ${ROUNDS} rounds × ${FIXTURES.length} resumes per template (ms):`);
console.table(rows);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/pdf.json', `${JSON.stringify({ at: new Date().toISOString(), rounds: ROUNDS, fixtures: FIXTURES, rows }, null, 2)}\n`);
