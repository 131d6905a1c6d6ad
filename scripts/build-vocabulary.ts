// Builds server/analysis/data/skills.json, the analyzer's skills vocabulary, from the openly
// licensed O*NET and ESCO files in ../shared/data/skills/ plus a hand-written alias table.
// Run with `npx tsx scripts/build-vocabulary.ts [sourceDir]`; the output is committed.
//
// Output: { version, sources, skills: [{ name, kind, aliases?, exactCase? }] }. `aliases` are the
// other ways of writing the skill; `exactCase` lists those of name + aliases that must match with
// their case (a common English word like "Go", "Excel", "Access", or a 1–2 letter name like "R").

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

type Kind = 'hard' | 'soft' | 'language' | 'tool';
interface Skill {
  name: string;
  kind: Kind;
  aliases: Set<string>;
  exactCase: Set<string>;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = resolve(process.argv[2] ?? join(ROOT, '..', 'shared', 'data', 'skills'));
const OUT = join(ROOT, 'server', 'analysis', 'data', 'skills.json');

const MAX_WORDS = 5;
const MAX_CHARS = 48;

/**
 * Short forms and spellings the sources lack, and skills they miss (soft skills as job ads word
 * them). A leading `=` marks a form that must match with its case (ML, not "ml" for millilitres).
 */
const HAND: ReadonlyArray<readonly [string, Kind, readonly string[]]> = [
  ['JavaScript', 'hard', ['=JS', 'ECMAScript', 'ES6', 'Vanilla JS']],
  ['TypeScript', 'hard', ['=TS']],
  ['Python', 'hard', ['Python 3', 'Python3']],
  ['Java', 'hard', ['Oracle Java', 'Java SE', 'Java EE', 'J2EE']],
  ['Go', 'hard', ['golang', 'Go language', 'Go programming language']],
  ['Rust', 'hard', ['Rust programming language', 'Rust language']],
  ['C++', 'hard', ['cpp', 'C plus plus']],
  ['C#', 'hard', ['C sharp', 'csharp']],
  ['.NET', 'hard', ['dotnet', '.NET Framework', '.NET Core', 'ASP.NET', 'Microsoft .NET Framework']],
  ['Kubernetes', 'tool', ['k8s', '=K8S', 'kube']],
  ['PostgreSQL', 'tool', ['Postgres', 'psql', 'pgsql']],
  ['MySQL', 'tool', []],
  ['MongoDB', 'tool', ['Mongo']],
  ['Node.js', 'tool', ['node', 'nodejs', 'node js']],
  ['React', 'tool', ['React.js', 'ReactJS', 'React JS']],
  ['Vue.js', 'tool', ['Vue', 'VueJS']],
  ['Angular', 'tool', ['AngularJS', 'Angular.js', 'Google Angular']],
  ['Next.js', 'tool', ['NextJS']],
  ['Amazon Web Services', 'tool', ['=AWS', 'Amazon Web Services AWS software']],
  ['Google Cloud Platform', 'tool', ['=GCP', 'Google Cloud']],
  ['Microsoft Azure', 'tool', ['Azure']],
  ['CI/CD', 'hard', ['CI / CD', 'continuous integration', 'continuous delivery', 'continuous deployment', 'CICD']],
  ['machine learning', 'hard', ['=ML']],
  ['artificial intelligence', 'hard', ['=AI']],
  ['natural language processing', 'hard', ['=NLP']],
  ['deep learning', 'hard', []],
  ['SQL', 'hard', ['Structured query language SQL', 'structured query language']],
  ['NoSQL', 'hard', []],
  ['HTML', 'hard', ['HTML5', 'Hypertext markup language HTML']],
  ['CSS', 'hard', ['CSS3', 'Cascading style sheets CSS']],
  ['REST APIs', 'hard', ['REST', 'RESTful', 'REST API', 'RESTful APIs']],
  ['GraphQL', 'tool', []],
  ['Docker', 'tool', ['containerization', 'containerisation']],
  ['Amazon ECS', 'tool', ['=ECS', 'Amazon Elastic Container Service']],
  ['Amazon RDS', 'tool', ['=RDS', 'Amazon Relational Database Service']],
  ['Amazon ElastiCache', 'tool', ['ElastiCache']],
  ['Amazon SageMaker', 'tool', ['SageMaker', 'Amazon Web Services AWS SageMaker']],
  ['asyncio', 'tool', []],
  ['CircleCI', 'tool', []],
  ['Datadog', 'tool', []],
  ['OpenTelemetry', 'tool', []],
  ['Hugging Face Transformers', 'tool', ['Hugging Face']],
  ['Dask', 'tool', []],
  ['Mixpanel', 'tool', []],
  ['Amplitude', 'tool', []],
  ['Looker', 'tool', ['Google Looker Analytics']],
  ['Jest', 'tool', []],
  ['Vitest', 'tool', []],
  ['Playwright', 'tool', []],
  ['Storybook', 'tool', []],
  ['Spring Framework', 'tool', ['=Spring', 'Java Spring']],
  ['Firebase', 'tool', ['Google Firebase']],
  ['penetration testing', 'hard', ['pen testing', 'pentesting', 'ethical hacking']],
  ['financial modelling', 'hard', ['financial modeling', 'financial models']],
  ['Terraform', 'tool', ['HashiCorp Terraform']],
  ['Git', 'tool', []],
  ['GitHub Actions', 'tool', []],
  ['Microsoft Excel', 'tool', ['=Excel', 'MS Excel']],
  ['Redis', 'tool', []],
  ['Apache Kafka', 'tool', ['Kafka']],
  ['Apache Spark', 'tool', ['=Spark', 'PySpark']],
  ['scikit-learn', 'tool', ['sklearn', 'scikit learn']],
  ['PyTorch', 'tool', []],
  ['TensorFlow', 'tool', []],
  ['Tailwind CSS', 'tool', ['Tailwind']],
  ['Django REST Framework', 'tool', ['=DRF']],
  ['FastAPI', 'tool', []],
  ['microservices', 'hard', ['microservice architecture', 'micro-services']],
  ['A/B testing', 'hard', ['AB testing', 'split testing', 'experimentation']],
  ['user experience design', 'hard', ['=UX', 'UX design']],
  ['user interface design', 'hard', ['=UI design']],
  ['search engine optimization', 'hard', ['=SEO']],
  ['key performance indicators', 'hard', ['=KPI', '=KPIs']],
  ['objectives and key results', 'hard', ['=OKR', '=OKRs']],
  ['product management', 'hard', ['manage products']],
  ['project management', 'hard', ['=PMP', 'manage projects', 'perform project management']],
  ['stakeholder management', 'soft', []],
  ['Agile', 'hard', ['Agile development', 'Agile methodology', 'Agile project management']],
  ['Scrum', 'hard', []],
  ['data analysis', 'hard', ['data analytics']],
  ['unit testing', 'hard', ['unit tests']],
  ['accessibility', 'hard', ['a11y', '=WCAG']],
  ['communication', 'soft', ['communication skills', 'communicate effectively', 'written communication', 'verbal communication']],
  ['teamwork', 'soft', ['team player', 'work in teams', 'collaboration', 'collaborate']],
  ['leadership', 'soft', ['lead others', 'team leadership']],
  ['problem solving', 'soft', ['problem-solving', 'solve problems']],
  ['critical thinking', 'soft', ['think critically']],
  ['attention to detail', 'soft', ['detail-oriented', 'detail oriented', 'attend to detail']],
  ['time management', 'soft', ['manage time']],
  ['adaptability', 'soft', ['adapt to change', 'flexibility']],
  ['creativity', 'soft', ['think creatively']],
  ['mentoring', 'soft', ['mentorship', 'coaching']],
  ['ownership', 'soft', ['take ownership']],
  ['negotiation', 'soft', ['negotiate compromises']],
  ['presentation skills', 'soft', ['public speaking', 'address an audience']],
  ['decision making', 'soft', ['make decisions', 'decision-making']],
  ['conflict resolution', 'soft', ['resolve conflicts']],
  ['self-motivation', 'soft', ['self-motivated', 'self-starter']],
];

/** Whole-name junk: vendors and words too generic to be a skill on their own. */
const GENERIC = new Set(
  [
    'microsoft', 'google', 'software', 'internet', 'apple', 'oracle', 'ibm', 'adobe', 'amazon', 'sap', 'email', 'web',
    'computer', 'data', 'information', 'plan', 'source', 'mocha', 'operating system', 'database', 'spreadsheet',
    'presentation', 'word processing', 'web browser', 'the', 'system', 'systems', 'tools', 'formulas', 'formulae',
    'subquery', 'live script', 'escript', 'python 3k', 'java 2', 'algorithm', 'use hardware', 'scan documents',
  ],
);
/** Vendor prefixes whose product is also written without them (Oracle Java → Java). */
const VENDORS = ['Microsoft', 'Oracle', 'Adobe', 'Atlassian', 'Apache', 'The MathWorks', 'Autodesk', 'Intuit', 'IBM', 'Google', 'Apple', 'HashiCorp'];
const SMALL_WORDS = new Set(['and', 'of', 'for', 'the', 'to', 'in', 'on', 'a', 'an', 'with']);

// ---- CSV/TSV reading ----

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field.length > 0 || row.length > 0) rows.push([...row, field]);
  return rows;
}

function records(file: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(readFileSync(join(SOURCE, file), 'utf8').replace(/^\uFEFF/, ''));
  if (!header) throw new Error(`${file} is empty`);
  return rows.filter((r) => r.length === header.length).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function tsv(file: string): Array<Record<string, string>> {
  const [header, ...rows] = readFileSync(join(SOURCE, file), 'utf8').split(/\r?\n/).filter(Boolean).map((l) => l.split('\t'));
  if (!header) throw new Error(`${file} is empty`);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

// ---- The vocabulary being built ----

const skills: Skill[] = [];
/** Every name and alias, normalized, to the skill that owns it (first owner wins). */
const owner = new Map<string, Skill>();

function norm(form: string): string {
  return form.toLowerCase().replace(/[\s-]+/g, ' ').trim();
}

function acceptable(form: string): boolean {
  const words = form.trim().split(/\s+/);
  return form.length >= 1 && form.length <= MAX_CHARS && words.length <= MAX_WORDS && !GENERIC.has(norm(form)) && !/[;:|]/.test(form);
}

/**
 * Adds a skill, or merges it into the skill that already owns its name or one of its `same`
 * forms (O*NET's "Oracle Java" joins the hand-written "Java"). Other aliases attach only while no
 * skill owns them: ESCO lists products as altLabels of their category ("Excel" under
 * "spreadsheets software"), which must not merge the category into the product.
 */
function add(name: string, kind: Kind, aliases: readonly string[], same: readonly string[] = []): Skill | undefined {
  const clean = (forms: readonly string[]) => forms.map((f) => f.trim()).filter((f) => acceptable(f.replace(/^=/, '')));
  const identity = clean([name, ...same]);
  const forms = [...identity, ...clean(aliases)];
  if (forms.length === 0) return undefined;
  const existing = identity.map((f) => owner.get(norm(f.replace(/^=/, '')))).find((s) => s !== undefined);
  const first = forms[0] ?? name;
  const skill = existing ?? { name: first.replace(/^=/, ''), kind, aliases: new Set<string>(), exactCase: new Set<string>() };
  if (!existing) skills.push(skill);
  for (const raw of forms) {
    const exact = raw.startsWith('=');
    const form = raw.replace(/^=/, '');
    const key = norm(form);
    if (owner.has(key)) {
      if (exact && owner.get(key) === skill) skill.exactCase.add(form);
      continue;
    }
    owner.set(key, skill);
    if (form !== skill.name) skill.aliases.add(form);
    if (exact) skill.exactCase.add(form);
  }
  return skill;
}

// ---- The sources ----

/** "Java (computer programming)" → Java; "AWS Elastic MapReduce (EMR)" → name + alias EMR. */
function splitParenthesis(label: string): { base: string; inner?: string } {
  const m = /^(.*?)\s*\(([^)]*)\)\s*$/.exec(label);
  if (!m || !m[1]) return { base: label };
  return { base: m[1], inner: m[2] };
}

function isAcronym(word: string): boolean {
  return /^[A-Z][A-Z0-9&+]{1,7}$/.test(word) && /[A-Z].*[A-Z]|[A-Z][0-9]/.test(word);
}

/** True when the acronym's letters follow the initials of the words ("Structured query language" / SQL). */
function abbreviates(acronym: string, words: readonly string[]): boolean {
  const initials = words.filter((w) => !SMALL_WORDS.has(w.toLowerCase())).map((w) => w[0]?.toUpperCase() ?? '').join('');
  const letters = acronym.replace(/[^A-Z]/g, '');
  let j = 0;
  for (const c of initials) if (c === letters[j]) j++;
  return letters.length >= 2 && j === letters.length && initials[0] === letters[0];
}

function fromOnet(common: CommonWords): number {
  const seen = new Set<string>();
  let count = 0;
  for (const row of tsv(join('onet', 'Technology Skills.txt'))) {
    const example = row['Example']?.trim();
    if (!example || seen.has(example)) continue;
    seen.add(example);
    let name = example;
    const same: string[] = [];
    const aliases: string[] = [];
    const paren = splitParenthesis(name);
    if (paren.inner !== undefined) {
      name = paren.base;
      if (isAcronym(paren.inner)) aliases.push(paren.inner);
    }
    let generic = false;
    if (/ software$/.test(name)) {
      name = name.replace(/ software$/, '');
      const words = name.split(' ');
      // "Salesforce software" names a product; "Word processing software" a kind of program.
      generic =
        (words.length > 1 && words.slice(1).every((w) => /^[a-z]/.test(w)) && !/[A-Z].*[A-Z]/.test(words[0] ?? '')) ||
        (words.length === 1 && common.isCommon(name)); // "Accounting software", "Scheduling software"
    }
    const words = name.split(' ');
    const last = words[words.length - 1] ?? '';
    if (words.length > 1 && isAcronym(last) && abbreviates(last, words.slice(0, -1))) {
      const long = words.slice(0, -1).join(' ');
      // The acronym merges only with a skill named exactly so (SQL, HTML), not React with REACT.
      if (owner.get(norm(last))?.name === last) same.push(last);
      else aliases.push(last);
      same.push(long);
      name = `${long} (${last})`;
      generic = false;
    }
    if (generic) continue;
    for (const vendor of VENDORS) {
      if (!name.startsWith(`${vendor} `)) continue;
      const rest = name.slice(vendor.length + 1);
      // "Microsoft Project" is not written "Project": a common word alone would match prose.
      if (rest.length > 1 && !GENERIC.has(norm(rest)) && !(!/\s/.test(rest) && common.isCommon(rest))) same.push(rest);
    }
    // "Splunk Enterprise" is written "Splunk".
    const edition = / (Enterprise|Framework|Suite)$/.exec(name);
    if (edition && name.split(' ').length === 2) aliases.push(name.slice(0, edition.index));
    if (add(name, 'tool', aliases, same)) count++;
  }
  return count;
}

function altLabels(value: string | undefined): string[] {
  return (value ?? '').split(/\s*\|\s*|\n/).map((s) => s.trim()).filter(Boolean);
}

/** ESCO verb phrases of one word ("plan", "improvise") match too much prose to be useful. */
function escoForms(row: Record<string, string>, common: CommonWords, digital: boolean): { name: string; aliases: string[] } | undefined {
  const label = row['preferredLabel']?.trim() ?? '';
  const isSkill = row['skillType'] === 'skill/competence';
  const { base, inner } = splitParenthesis(label);
  // "Unity (digital game creation systems)": keep the product, not its category in brackets.
  const name = inner !== undefined && !isAcronym(inner) ? base : label;
  // A one-word knowledge label that prose uses all the time ("energy", "history") is no skill.
  const ok = (f: string) => !(/^[a-z]+$/.test(f) && (isSkill || common.isCommon(f))) && f.split(' ').length <= 4;
  // Outside the digital collection a one-word altLabel is mostly a loose synonym ("transformers"
  // for electrical machines), so only phrases are kept there.
  const alt = altLabels(row['altLabels']).filter((f) => digital || /\s/.test(f));
  const aliases = [...(inner !== undefined && isAcronym(inner) ? [inner, base] : []), ...alt].filter(ok);
  if (!ok(name)) return undefined;
  return { name, aliases };
}

function fromEsco(file: string, common: CommonWords, kindOf: (row: Record<string, string>) => Kind): number {
  let count = 0;
  for (const row of records(join('esco', file))) {
    const forms = escoForms(row, common, file.startsWith('digital'));
    if (forms && add(forms.name, kindOf(row), forms.aliases)) count++;
  }
  return count;
}

function fromLanguages(): number {
  let count = 0;
  const names = new Set<string>();
  for (const row of records(join('esco', 'languageSkillsCollection_en.csv'))) {
    const language = row['broaderConceptPT']?.trim() ?? '';
    if (/^[A-Z][a-z]+( [A-Z][a-z]+)?$/.test(language)) names.add(language);
  }
  for (const name of [...names].sort()) if (add(name, 'language', [])) count++;
  return count;
}

interface CommonWords {
  isCommon(word: string): boolean;
}

/**
 * Words English prose writes in lower case, from the ESCO descriptions: a one-word product named
 * like one ("Go", "Access", "React") must then be written with its capital to count.
 */
function commonWords(): CommonWords {
  const lower = new Map<string, number>();
  const capitalized = new Map<string, number>();
  for (const file of ['esco_skills.csv', 'digitalSkillsCollection_en.csv', 'transversalSkillsCollection_en.csv']) {
    for (const row of records(join('esco', file))) {
      // Words after the first of a sentence, so a capital means a name.
      for (const w of (row['description'] ?? '').match(/(?<=[a-z,;] )[A-Za-z]+\b/g) ?? []) {
        const map = /^[a-z]/.test(w) ? lower : capitalized;
        const key = w.toLowerCase();
        map.set(key, (map.get(key) ?? 0) + 1);
      }
    }
  }
  // O*NET's commodity titles ("Data base user interface and query software") are plain words too.
  for (const row of tsv(join('onet', 'Technology Skills.txt'))) {
    for (const w of (row['Commodity Title'] ?? '').match(/\b[a-z]+\b/g) ?? []) lower.set(w, (lower.get(w) ?? 0) + 1);
  }
  return {
    isCommon: (word) => {
      const key = word.toLowerCase();
      const l = lower.get(key) ?? 0;
      return l >= 1 && l > (capitalized.get(key) ?? 0);
    },
  };
}

function markExactCase(common: CommonWords): void {
  const hand = new Set(HAND.map(([name]) => name));
  for (const skill of skills) {
    for (const form of [skill.name, ...skill.aliases]) {
      const single = !/\s/.test(form);
      // An acronym alias is written in capitals; in lower case it is usually a word ("APPS", "apps").
      // So is a product named in capitals ("MAGIC", "PEAR"); the well-known ones (SQL) are hand-written.
      const acronym = /^[A-Z][A-Z0-9]+$/.test(form) && !hand.has(form);
      if (single && /[A-Z]/.test(form) && (form.length <= 2 || acronym || common.isCommon(form))) skill.exactCase.add(form);
    }
  }
}

function main(): void {
  const counts: Record<string, number> = {};
  const common = commonWords();
  for (const [name, kind, aliases] of HAND) add(name, kind, aliases);
  counts['hand'] = HAND.length;
  counts['esco-languages'] = fromLanguages();
  counts['esco-digital'] = fromEsco('digitalSkillsCollection_en.csv', common, () => 'hard');
  counts['onet'] = fromOnet(common);
  counts['esco-transversal'] = fromEsco('transversalSkillsCollection_en.csv', common, () => 'soft');
  counts['esco-skills'] = fromEsco('esco_skills.csv', common, (row) => (row['reuseLevel'] === 'transversal' ? 'soft' : 'hard'));
  markExactCase(common);

  const out = {
    version: 1,
    sources: [
      'O*NET 29.2 Technology Skills (USDOL/ETA, CC BY 4.0)',
      'ESCO v1.2.1 digital, transversal and language skills collections; esco_skills.csv (European Commission)',
      'hand-written aliases in scripts/build-vocabulary.ts',
    ],
    skills: skills.map((s) => ({
      name: s.name,
      kind: s.kind,
      ...(s.aliases.size > 0 ? { aliases: [...s.aliases] } : {}),
      ...(s.exactCase.size > 0 ? { exactCase: [...s.exactCase] } : {}),
    })),
  };
  mkdirSync(dirname(OUT), { recursive: true });
  const json = JSON.stringify(out);
  writeFileSync(OUT, `${json}\n`);
  const aliasCount = skills.reduce((n, s) => n + s.aliases.size, 0);
  process.stdout.write(
    `${skills.length} skills, ${aliasCount} aliases, ${(json.length / 1024).toFixed(0)} KiB → ${OUT}\n` +
      `added per source (before merging): ${JSON.stringify(counts)}\n`,
  );
}

main();
