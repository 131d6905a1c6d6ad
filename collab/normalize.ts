// Cleans up what concurrent moves and reorders leave behind, deterministically, so that peers
// normalizing the same converged state make the same deletions.

import * as Y from 'yjs';
import { getList, getSettingsMap, itemIdOf } from './document.ts';
import { ARRAY_SECTION_NAMES, type ListName } from './schema.ts';
import { HIDDEN_SECTIONS_KEY, SECTION_ORDER_KEY } from './settings.ts';

const LISTS: readonly ListName[] = [...ARRAY_SECTION_NAMES, 'profiles'];

/**
 * Deletes later copies of items with the same id in every list (two concurrent moves of one item
 * leave two copies; the first in array order wins, as readers already assume, see listItems), and
 * later duplicate names in the section order and hidden sections. Returns how many entries it
 * deleted; 0 means the document was already normal and nothing was written.
 *
 * Safe to run on any peer at any time: array order is the same everywhere once updates converge,
 * so every peer keeps the same first copy, and deleting the same entry twice is harmless.
 */
export function normalizeResumeDoc(doc: Y.Doc): number {
  return doc.transact(() => {
    let deleted = 0;
    for (const list of LISTS) {
      const array = getList(doc, list);
      if (array) deleted += deleteLaterDuplicates(array, itemIdOf);
    }
    const settings = getSettingsMap(doc);
    for (const key of [SECTION_ORDER_KEY, HIDDEN_SECTIONS_KEY]) {
      const array = settings.get(key);
      if (array instanceof Y.Array) deleted += deleteLaterDuplicates(array, (v) => (typeof v === 'string' ? v : undefined));
    }
    return deleted;
  });
}

function deleteLaterDuplicates(array: Y.Array<unknown>, keyOf: (value: unknown) => string | undefined): number {
  const seen = new Set<string>();
  const later: number[] = [];
  array.forEach((value, index) => {
    const key = keyOf(value);
    if (key === undefined) return;
    if (seen.has(key)) later.push(index);
    else seen.add(key);
  });
  // From the end, so earlier indexes stay valid.
  for (const index of later.reverse()) array.delete(index, 1);
  return later.length;
}
