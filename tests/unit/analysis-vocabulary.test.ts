// The skills vocabulary: built from O*NET and ESCO with hand-written aliases, and found in text
// with its aliases, multi-word phrases, case rules, punctuation and lemmatized word forms.
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { vocabulary } from '../../server/analysis/index.ts';

const vocab = vocabulary();

function found(text: string): Array<[string, string]> {
  return vocab.find(text).map((hit) => [hit.text, hit.skill.name]);
}

describe('the vocabulary', () => {
  it('holds at least 5,000 skills of every kind, in a file under 1.5 MB', () => {
    expect(vocab.skills.length).toBeGreaterThanOrEqual(5000);
    const kinds = new Set(vocab.skills.map((s) => s.kind));
    expect([...kinds].sort()).toEqual(['hard', 'language', 'soft', 'tool']);
    expect(statSync(new URL('../../server/analysis/data/skills.json', import.meta.url)).size).toBeLessThan(1.5 * 1024 * 1024);
  });

  it.each([
    ['JS', 'JavaScript'],
    ['k8s', 'Kubernetes'],
    ['golang', 'Go'],
    ['Postgres', 'PostgreSQL'],
    ['psql', 'PostgreSQL'],
    ['nodejs', 'Node.js'],
    ['ReactJS', 'React'],
    ['React.js', 'React'],
    ['TS', 'TypeScript'],
    ['AWS', 'Amazon Web Services'],
    ['GCP', 'Google Cloud Platform'],
    ['ML', 'machine learning'],
    ['Oracle Java', 'Java'],
  ])('resolves %s to %s', (alias, name) => {
    expect(vocab.resolve(alias)?.name).toBe(name);
  });

  it('leaves out generic words as skills', () => {
    for (const word of ['Microsoft', 'Software', 'Google', 'Database software']) expect(vocab.resolve(word)).toBeUndefined();
  });
});

describe('finding skills in text', () => {
  it('keeps names with punctuation whole: C++, C#, .NET, Node.js, CI/CD', () => {
    expect(found('Wrote C++, C# and .NET services; moved Node.js apps to CI/CD.')).toEqual([
      ['C++', 'C++'],
      ['C#', 'C#'],
      ['.NET', '.NET'],
      ['Node.js', 'Node.js'],
      ['CI/CD', 'CI/CD'],
    ]);
  });

  it('finds aliases and gives the text as written with its offsets', () => {
    const text = 'Ran k8s clusters and Postgres; wrote golang.';
    const hits = vocab.find(text, 100);
    expect(hits.map((h) => [h.skill.name, h.text, text.slice(h.start - 100, h.end - 100)])).toEqual([
      ['Kubernetes', 'k8s', 'k8s'],
      ['PostgreSQL', 'Postgres', 'Postgres'],
      ['Go', 'golang', 'golang'],
    ]);
  });

  it('prefers the longest phrase and splits compounds at slashes and hyphens', () => {
    expect(found('Django REST Framework on Python/Django; problem-solving')).toEqual([
      ['Django REST Framework', 'Django REST Framework'],
      ['Python', 'Python'],
      ['Django', 'Django'],
      ['problem-solving', 'problem solving'],
    ]);
  });

  it('matches names that are also English words only with their capital', () => {
    expect(found('We are going to react quickly and excel.')).not.toContainEqual(expect.arrayContaining(['Go']));
    expect(found('Built it in Go with React and Excel.').map(([, name]) => name)).toEqual(['Go', 'React', 'Microsoft Excel']);
    expect(found('Worked with the C-suite on go-to-market.').map(([, name]) => name)).not.toContain('C');
    expect(found('Shipped apps to app stores')).toEqual([]);
  });

  it('matches lower-case skills by their lemmas: managed budgets, machine-learning, attention to details', () => {
    expect(found('Managed budgets for machine-learning teams with attention to details.').map(([, name]) => name)).toEqual([
      'manage budgets',
      'machine learning',
      'attention to detail',
    ]);
  });

  it('reads "managed projects" as project management, but not "training and evaluation" in reverse', () => {
    expect(found('Managed projects across three teams.')).toEqual([['Managed projects', 'project management']]);
    expect(found('Managed the projects of three teams.')).toEqual([['Managed the projects', 'project management']]);
    expect(found('training and evaluation of models').map(([, name]) => name)).not.toContain('evaluate training');
  });
});

describe('what names no skill', () => {
  it('skips links and email addresses', () => {
    expect(found('See https://www.austinfree.net/ or mail js@react.dev, then austinfree.net')).toEqual([]);
    expect(found('Built .NET and ASP.NET apps; see example.org.')).toEqual([
      ['.NET', '.NET'],
      ['ASP.NET', '.NET'],
    ]);
  });
});
