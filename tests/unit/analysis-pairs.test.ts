// Resume/job-description pairs written for the tests: for each job a resume that fits and one
// that does not, described by role, skills shown and years. The fitting one must score higher.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../server/analysis/index.ts';

const today = new Date('2026-06-01T00:00:00Z');

interface Candidate {
  readonly title: string;
  readonly since: string;
  readonly highlights: readonly string[];
  readonly skills: readonly string[];
  readonly degree?: string;
}

function resumeOf(c: Candidate) {
  return {
    basics: { name: 'Sam Example', label: c.title, email: 'sam@example.com', phone: '+1 415 555 0100', location: { city: 'Austin', region: 'TX' } },
    work: [{ name: 'Example Corp', position: c.title, startDate: c.since, highlights: [...c.highlights] }],
    education: [{ institution: 'State University', studyType: c.degree ?? 'Bachelor of Science', area: 'General Studies' }],
    skills: [{ name: 'Skills', keywords: [...c.skills] }],
  };
}

const PAIRS: ReadonlyArray<{ job: string; fit: Candidate; misfit: Candidate }> = [
  {
    job: 'Data Analyst\n\nRequirements:\n- 2+ years with SQL and Tableau\n- Python for data analysis\n\nNice to have:\n- Looker',
    fit: { title: 'Data Analyst', since: '2021-01', highlights: ['Wrote 120 SQL reports', 'Built 14 Tableau dashboards', 'Automated data analysis in Python, saving 6 hours a week'], skills: ['Looker'] },
    misfit: { title: 'Line Cook', since: '2021-01', highlights: ['Prepared 200 meals a night'], skills: ['Knife skills'] },
  },
  {
    job: 'Frontend Developer\n\nRequirements:\n- 3+ years of React and TypeScript\n- CSS and accessibility\n\nNice to have:\n- Storybook',
    fit: { title: 'Frontend Developer', since: '2020-03', highlights: ['Shipped 30 React screens in TypeScript', 'Rewrote CSS for accessibility, reaching WCAG AA on 12 pages'], skills: ['Storybook'] },
    misfit: { title: 'Accountant', since: '2020-03', highlights: ['Closed books for 40 clients'], skills: ['QuickBooks'] },
  },
  {
    job: 'DevOps Engineer\n\nRequirements:\n- Must know Kubernetes, Terraform and AWS\n- 4+ years of CI/CD\n\nBonus: Datadog',
    fit: { title: 'DevOps Engineer', since: '2019-06', highlights: ['Ran 60 services on k8s', 'Provisioned AWS with Terraform across 3 regions', 'Built CI/CD for 25 repositories'], skills: ['Datadog'] },
    misfit: { title: 'Teacher', since: '2019-06', highlights: ['Taught 120 students a year'], skills: ['Lesson planning'] },
  },
  {
    job: 'Machine Learning Engineer\n\nRequirements:\n- PyTorch and Python\n- Experience with SQL\n\nNice to have:\n- Spark',
    fit: { title: 'Machine Learning Engineer', since: '2020-01', highlights: ['Trained 8 PyTorch models in Python', 'Cut SQL feature query time by 70%'], skills: ['Spark'] },
    misfit: { title: 'Retail Associate', since: '2020-01', highlights: ['Served 80 customers a day'], skills: ['Cash handling'] },
  },
  {
    job: 'Product Manager\n\nRequirements:\n- 4+ years of product management\n- A/B testing and SQL\n\nPreferred: Mixpanel',
    fit: { title: 'Product Manager', since: '2018-09', highlights: ['Led product management for 3 apps', 'Ran 40 A/B testing rounds and SQL analyses'], skills: ['Mixpanel'] },
    misfit: { title: 'Warehouse Worker', since: '2018-09', highlights: ['Moved 500 boxes a shift'], skills: ['Forklift'] },
  },
  {
    job: 'Backend Engineer\n\nRequirements:\n- Go and PostgreSQL\n- Docker\n\nNice to have:\n- Redis',
    fit: { title: 'Backend Engineer', since: '2019-01', highlights: ['Wrote 12 golang services on Postgres', 'Packaged them with Docker'], skills: ['Redis'] },
    misfit: { title: 'Backend Engineer', since: '2019-01', highlights: ['Wrote 12 PHP pages'], skills: ['WordPress'] },
  },
  {
    job: 'Java Developer\n\nRequirements:\n- Java and Spring\n- 5+ years of experience\n\nNice to have:\n- Kafka',
    fit: { title: 'Java Developer', since: '2017-01', highlights: ['Built 9 Java services with Spring', 'Streamed 1M events a day through Kafka'], skills: [] },
    misfit: { title: 'Java Developer', since: '2025-01', highlights: ['Wrote 3 scripts'], skills: ['Java'] },
  },
  {
    job: "Financial Analyst\n\nRequirements:\n- Microsoft Excel and financial modelling\n- Bachelor's degree\n\nNice to have:\n- SQL",
    fit: { title: 'Financial Analyst', since: '2020-01', highlights: ['Built 25 financial models in Excel', 'Queried ledgers with SQL for 4 audits'], skills: [] },
    misfit: { title: 'Barista', since: '2020-01', highlights: ['Made 300 coffees a day'], skills: [], degree: 'High school diploma' },
  },
  {
    job: 'iOS Developer\n\nRequirements:\n- Swift and iOS\n- Git\n\nNice to have:\n- Firebase',
    fit: { title: 'iOS Developer', since: '2020-01', highlights: ['Shipped 6 iOS apps in Swift', 'Reviewed 400 Git pull requests'], skills: ['Firebase'] },
    misfit: { title: 'Android Developer', since: '2020-01', highlights: ['Shipped 6 apps in Kotlin'], skills: ['Gradle'] },
  },
  {
    job: 'Security Engineer\n\nRequirements:\n- Linux and Python\n- Must have penetration testing experience\n\nBonus: Splunk',
    fit: { title: 'Security Engineer', since: '2019-01', highlights: ['Hardened 200 Linux hosts', 'Ran 15 penetration testing engagements', 'Automated triage in Python'], skills: ['Splunk'] },
    misfit: { title: 'Graphic Designer', since: '2019-01', highlights: ['Designed 50 posters'], skills: ['Adobe Photoshop'] },
  },
];

describe('written pairs: the resume that fits scores higher', () => {
  it.each(PAIRS.map((p) => [p.job.split('\n')[0] ?? '', p] as const))('%s', (_title, { job, fit, misfit }) => {
    const good = analyze({ resume: resumeOf(fit), jobDescription: job }, { today });
    const bad = analyze({ resume: resumeOf(misfit), jobDescription: job }, { today });
    expect(good.score).toBeGreaterThan(bad.score);
    expect(good.missing.filter((t) => t.required)).toEqual([]);
    expect(good.matched.filter((t) => t.required).length).toBeGreaterThanOrEqual(2);
    expect(good.matched.length).toBeGreaterThan(bad.matched.length);
  });
});
