// The client's page table: every bookmarkable page of CONTRACT.md, and no open redirect after login.
import { describe, expect, it } from 'vitest';
import { matchRoute } from '../../client/src/lib/routes.ts';

describe('client routes', () => {
  it('maps each page of the contract', () => {
    expect(matchRoute('/')).toEqual({ page: 'list' });
    expect(matchRoute('/login')).toEqual({ page: 'login', next: null });
    expect(matchRoute('/signup', '?next=%2Fresumes%2Fabc')).toEqual({ page: 'signup', next: '/resumes/abc' });
    expect(matchRoute('/resumes/0b7c-1')).toEqual({ page: 'editor', id: '0b7c-1' });
    expect(matchRoute('/resumes/0b7c-1', '?share=1')).toEqual({ page: 'editor', id: '0b7c-1', share: true });
    expect(matchRoute('/coach')).toEqual({ page: 'coach' });
    expect(matchRoute('/invite/tok_en-1')).toEqual({ page: 'invite', token: 'tok_en-1' });
    expect(matchRoute('/p/Pub_lic-Token')).toEqual({ page: 'public', token: 'Pub_lic-Token' });
    expect(matchRoute('/nothing/here')).toEqual({ page: 'not-found' });
    expect(matchRoute('/resumes/%E0%A4%A')).toEqual({ page: 'editor', id: '%E0%A4%A' });
  });

  it('only returns to same-site paths after login', () => {
    expect(matchRoute('/login', '?next=https://evil.example')).toEqual({ page: 'login', next: null });
    expect(matchRoute('/login', '?next=//evil.example')).toEqual({ page: 'login', next: null });
    expect(matchRoute('/login', '?next=/\\evil.example')).toEqual({ page: 'login', next: null });
    expect(matchRoute('/login', '?next=/invite/abc')).toEqual({ page: 'login', next: '/invite/abc' });
  });
});
