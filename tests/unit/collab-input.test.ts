// Validation of uploaded JSON Resume files: loose, but the containers must be of the right type.
import { describe, expect, it } from 'vitest';
import { createResumeDoc, exportJsonResume, jsonResumeInput } from '../../collab/index.ts';
import { RESUME_FIXTURES, loadResumeFixture } from '../fixtures/resumes/index.ts';

describe('jsonResumeInput', () => {
  for (const name of RESUME_FIXTURES.filter((n) => !n.startsWith('synthetic'))) {
    it(`accepts ${name} and what it parses to imports losslessly`, () => {
      const source = loadResumeFixture(name);
      const parsed = jsonResumeInput.parse(source);
      expect(parsed).toEqual(source);
      expect(exportJsonResume(createResumeDoc(parsed))).toEqual(source);
    });
  }

  it('accepts unknown fields and any value in a text field', () => {
    const input = { basics: { name: 42, pronouns: 'she/her' }, work: [{ name: null, extra: { a: 1 } }], custom: [1] };
    expect(jsonResumeInput.parse(input)).toEqual(input);
  });

  it.each([
    ['a string', 'resume'],
    ['an array', []],
    ['work that is not a list', { work: 'lots' }],
    ['a work item that is not an object', { work: ['Acme'] }],
    ['basics that is a list', { basics: [] }],
    ['a location that is a string', { basics: { location: 'Paris' } }],
    ['profiles that are an object', { basics: { profiles: { network: 'GitHub' } } }],
    ['highlights that are a string', { work: [{ highlights: 'Did things' }] }],
    ['meta that is a string', { meta: 'v1' }],
  ])('rejects %s', (_label, input) => {
    expect(jsonResumeInput.safeParse(input).success).toBe(false);
  });
});
