// Item ids: short, random and safe to put in URLs and comment anchors.
import { describe, expect, it } from 'vitest';
import { newItemId } from '../../collab/index.ts';

describe('newItemId', () => {
  it('is 10 characters of base36', () => {
    for (let i = 0; i < 200; i++) expect(newItemId()).toMatch(/^[0-9a-z]{10}$/);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newItemId()));
    expect(ids.size).toBe(10_000);
  });
});
