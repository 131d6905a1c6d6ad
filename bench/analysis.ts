// `npx tsx bench/analysis.ts [--runs 200]`: the offline analyzer's latency on the fixture resumes
// against a ~600-word job description (the four fixture JDs together), as a resume document
// (the automatic path), as JSON Resume and as plain text. Prints p50/p95 per case and the cold
// start (vocabulary and model loading) once, and writes bench/results/analysis.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createResumeDoc, extractText } from '../collab/index.ts';
import { analyze } from '../server/analysis/index.ts';
import { countWords } from '../server/analysis/tokens.ts';
import { JOB_FIXTURES, loadJobFixture } from '../tests/fixtures/jobs/index.ts';
import { loadResumeFixture } from '../tests/fixtures/resumes/index.ts';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '200' } } });
const RUNS = Number(args.runs);
const RESUMES = ['storyResume.json', 'complete-resume.json', 'senior-engineer.resume.json', 'jane-fullstacker.json'];
const today = new Date('2026-06-01T00:00:00Z');

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const jobDescription = JOB_FIXTURES.map(loadJobFixture).join('\n\n');
const coldStart = performance.now();
analyze({ resume: loadResumeFixture(RESUMES[0] ?? ''), jobDescription }, { today });
const cold = performance.now() - coldStart;

const rows: string[][] = [];
const all: number[] = [];
for (const name of RESUMES) {
  const json = loadResumeFixture(name);
  const doc = createResumeDoc(json);
  const text = extractText(doc).text;
  for (const [form, resume] of [['document', doc], ['json', json], ['text', text]] as const) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      analyze({ resume, jobDescription }, { today });
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    rows.push([name, form, String(countWords(text)), percentile(times, 50).toFixed(2), percentile(times, 95).toFixed(2), (times.at(-1) ?? NaN).toFixed(2)]);
  }
}
all.sort((a, b) => a - b);
rows.push(['all', '', '', percentile(all, 50).toFixed(2), percentile(all, 95).toFixed(2), (all.at(-1) ?? NaN).toFixed(2)]);

const header = ['resume', 'input', 'words', 'p50 ms', 'p95 ms', 'max ms'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
process.stdout.write(
  [
    `job description: ${countWords(jobDescription)} words; ${RUNS} runs per row; cold start (vocabulary + model load + first run): ${cold.toFixed(0)} ms`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
  ].join('\n'),
);

mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/analysis.json',
  `${JSON.stringify({ date: new Date().toISOString(), runsPerRow: RUNS, jobDescriptionWords: countWords(jobDescription), coldStartMs: cold, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) }, null, 2)}\n`,
);
process.stdout.write('wrote bench/results/analysis.json\n');
