// The folded job description's chip: the posting's title and company read from its first lines.
import { describe, expect, it } from 'vitest';
import { postingName } from '../../client/src/editor/job-posting.ts';

describe('postingName', () => {
  it('reads "Title at Company", dashes and bars on the first line', () => {
    expect(postingName('Senior Data Analyst at Acme Corp\n\nWe are looking for…')).toEqual({ title: 'Senior Data Analyst', company: 'Acme Corp' });
    expect(postingName('Product Designer – Globex\nRemote')).toEqual({ title: 'Product Designer', company: 'Globex' });
    expect(postingName('Backend Engineer | Initech')).toEqual({ title: 'Backend Engineer', company: 'Initech' });
  });

  it('reads "Company is hiring a Title" and labelled lines', () => {
    expect(postingName('Umbrella Health is hiring a Nurse Practitioner.\nFull time.')).toEqual({ title: 'Nurse Practitioner', company: 'Umbrella Health' });
    expect(postingName('About the role\nJob title: Staff Engineer\nCompany: Hooli\n')).toEqual({ title: 'Staff Engineer', company: 'Hooli' });
  });

  it('takes the first line as the title and a short second line as the company', () => {
    expect(postingName('  Marketing Manager  \n  Stark Industries \nWe make things. You will lead our team.')).toEqual({ title: 'Marketing Manager', company: 'Stark Industries' });
    expect(postingName('Marketing Manager\nYou will lead a team of five people and report to the CMO.')).toEqual({ title: 'Marketing Manager', company: null });
  });

  it('is null for empty text and clips a long first line', () => {
    expect(postingName(' \n\n ')).toBeNull();
    const long = postingName(`${'word '.repeat(40)}\nrest`);
    expect(long?.title.length).toBeLessThanOrEqual(80);
    expect(long?.title.endsWith('…')).toBe(true);
  });
});
