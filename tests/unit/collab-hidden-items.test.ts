// Hiding an item keeps its content in the document and in the JSON Resume export, leaves it out
// of the printed view, and converges like any other edit when two people toggle it at once.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, createResumeDoc, exportJsonResume, getItems, isItemHidden, setItemHidden } from '../../collab/index.ts';

function work(doc: Y.Doc) {
  return getItems(doc, 'work').map((item) => item.id);
}

describe('hidden items', () => {
  it('keeps a hidden item in the data export and leaves it out of the printed view', () => {
    const doc = createResumeDoc({ work: [{ name: 'Acme', position: 'Engineer' }, { name: 'Globex', position: 'Intern' }] });
    const [, intern] = work(doc);
    expect(intern).toBeDefined();
    expect(setItemHidden(doc, 'work', intern ?? '', true)).toBe(true);

    expect(exportJsonResume(doc).work).toEqual([{ name: 'Acme', position: 'Engineer' }, { name: 'Globex', position: 'Intern' }]);
    expect(exportJsonResume(doc, { omitHidden: true }).work).toEqual([{ name: 'Acme', position: 'Engineer' }]);

    setItemHidden(doc, 'work', intern ?? '', false);
    expect(exportJsonResume(doc, { omitHidden: true }).work).toHaveLength(2);
    expect(setItemHidden(doc, 'work', 'no-such-item', true)).toBe(false);
  });

  it('converges when two people hide and edit the same item at once', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const id = addItem(a, 'projects', { name: 'Side project' });
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    setItemHidden(a, 'projects', id, true);
    addItem(b, 'projects', { name: 'Another' });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(exportJsonResume(a, { omitHidden: true })).toEqual(exportJsonResume(b, { omitHidden: true }));
    expect(getItems(b, 'projects').map((item) => isItemHidden(item.map))).toEqual([true, false]);
  });
});
