// Comment and suggestion anchors: a span of a field follows the text as people type before,
// inside and after it, on one document and across two that edit at once; a deleted span is
// detached; a moved item is found again by its id and field.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createResumeDoc,
  getItems,
  moveItem,
  removeItem,
  removeTextEntry,
  resolveAnchor,
  spanAnchor,
  fieldText,
  type FieldRef,
  type ResolvedAnchor,
  type SpanAnchor,
} from '../../collab/index.ts';

const SUMMARY = 'Frontend engineer who ships accessible React apps.';

function setup(): { doc: Y.Doc; workId: string; summary: FieldRef; bullet: FieldRef } {
  const doc = createResumeDoc({
    basics: { name: 'Ana', summary: SUMMARY },
    work: [
      { name: 'Acme', position: 'Engineer', highlights: ['Cut build times by half', 'Mentored two juniors'] },
      { name: 'Globex', position: 'Intern' },
    ],
  });
  const workId = getItems(doc, 'work')[0]?.id ?? '';
  return { doc, workId, summary: { list: 'basics', itemId: 'basics', field: 'summary' }, bullet: { list: 'work', itemId: workId, field: 'highlights.1' } };
}

function text(doc: Y.Doc, ref: FieldRef): Y.Text {
  const found = fieldText(doc, ref);
  if (!found) throw new Error(`no field ${ref.list}/${ref.itemId}/${ref.field}`);
  return found;
}

/** An anchor on the first occurrence of `quote` in the field. */
function anchorOn(doc: Y.Doc, ref: FieldRef, quote: string): SpanAnchor {
  const t = text(doc, ref);
  const at = t.toString().indexOf(quote);
  if (at < 0) throw new Error(`"${quote}" is not in the field`);
  return spanAnchor(t, ref, at, quote.length);
}

function span(resolved: ResolvedAnchor): { text: string; index: number; reanchored: boolean } {
  if (resolved.state !== 'attached' || resolved.kind !== 'span') throw new Error(`expected an attached span, got ${JSON.stringify(resolved)}`);
  return { text: resolved.currentText, index: resolved.index, reanchored: resolved.reanchored };
}

/** What a peer that joined from the server's stored state has. */
function peerOf(doc: Y.Doc): Y.Doc {
  const peer = new Y.Doc();
  Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
  return peer;
}

function sync(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB);
  Y.applyUpdate(a, toA);
}

describe('span anchors', () => {
  it('hold the quoted text and survive a JSON round trip', () => {
    const { doc, summary } = setup();
    const anchor = anchorOn(doc, summary, 'accessible React');
    expect(anchor).toMatchObject({ kind: 'span', list: 'basics', itemId: 'basics', field: 'summary', quote: 'accessible React' });
    const stored = JSON.parse(JSON.stringify(anchor)) as SpanAnchor;
    expect(span(resolveAnchor(doc, stored))).toEqual({ text: 'accessible React', index: SUMMARY.indexOf('accessible'), reanchored: false });
  });

  it('refuse an empty or out-of-range span', () => {
    const { doc, summary } = setup();
    const t = text(doc, summary);
    expect(() => spanAnchor(t, summary, 3, 0)).toThrow(RangeError);
    expect(() => spanAnchor(t, summary, t.length - 2, 5)).toThrow(RangeError);
    expect(() => spanAnchor(t, summary, -1, 2)).toThrow(RangeError);
  });

  it('follow insertions and deletions before the span', () => {
    const { doc, summary } = setup();
    const anchor = anchorOn(doc, summary, 'accessible');
    const t = text(doc, summary);
    t.insert(0, 'Senior ');
    expect(span(resolveAnchor(doc, anchor))).toMatchObject({ text: 'accessible', index: SUMMARY.indexOf('accessible') + 7 });
    t.delete(0, 'Senior Frontend '.length);
    expect(span(resolveAnchor(doc, anchor))).toMatchObject({ text: 'accessible', index: 'engineer who ships '.length });
  });

  it('take in text typed inside the span and shrink when part of it is deleted', () => {
    const { doc, summary } = setup();
    const anchor = anchorOn(doc, summary, 'accessible React');
    const t = text(doc, summary);
    const at = SUMMARY.indexOf('React');
    t.insert(at, 'and fast ');
    expect(span(resolveAnchor(doc, anchor)).text).toBe('accessible and fast React');
    t.delete(SUMMARY.indexOf('accessible'), 'accessible '.length);
    expect(span(resolveAnchor(doc, anchor)).text).toBe('and fast React');
  });

  it('leave text typed right before or right after the span outside it', () => {
    const { doc, summary } = setup();
    const anchor = anchorOn(doc, summary, 'accessible');
    const t = text(doc, summary);
    const at = SUMMARY.indexOf('accessible');
    t.insert(at + 'accessible'.length, ', tested');
    t.insert(at, 'very ');
    expect(span(resolveAnchor(doc, anchor))).toMatchObject({ text: 'accessible', index: at + 5 });
    expect(t.toString()).toContain('very accessible, tested React');
  });

  it('detach when the span’s text is deleted, and stay detached when the same words are typed again', () => {
    const { doc, summary } = setup();
    const anchor = anchorOn(doc, summary, 'accessible ');
    const t = text(doc, summary);
    const at = SUMMARY.indexOf('accessible');
    t.delete(at, 'accessible '.length);
    expect(resolveAnchor(doc, anchor)).toEqual({ state: 'detached', reason: 'deleted' });
    t.insert(at, 'accessible ');
    expect(resolveAnchor(doc, anchor)).toEqual({ state: 'detached', reason: 'deleted' });
  });

  it('detach when the item or the bullet is removed', () => {
    const { doc, workId, bullet } = setup();
    const onBullet = anchorOn(doc, bullet, 'two juniors');
    const onItem = { kind: 'item', list: 'work', itemId: workId } as const;
    expect(resolveAnchor(doc, onItem)).toMatchObject({ state: 'attached', kind: 'item' });
    const item = getItems(doc, 'work')[0];
    if (!item) throw new Error('no work item');
    removeTextEntry(item.map, 'highlights', 1);
    expect(resolveAnchor(doc, onBullet)).toEqual({ state: 'detached', reason: 'gone' });
    removeItem(doc, 'work', workId);
    expect(resolveAnchor(doc, onItem)).toEqual({ state: 'detached', reason: 'gone' });
  });

  it('are found again by item id and field when the item was moved (a move copies it)', () => {
    const { doc, workId, bullet } = setup();
    const anchor = anchorOn(doc, bullet, 'two juniors');
    moveItem(doc, 'work', workId, 1);
    expect(getItems(doc, 'work')[1]?.id).toBe(workId);
    expect(span(resolveAnchor(doc, anchor))).toEqual({ text: 'two juniors', index: 'Mentored '.length, reanchored: true });
  });

  it('are gone when the positions cannot be read', () => {
    const { doc, workId } = setup();
    const bogus: SpanAnchor = { kind: 'span', list: 'work', itemId: workId, field: 'name', start: '%%%', end: 'AAAA', quote: 'nowhere' };
    expect(resolveAnchor(doc, bogus)).toEqual({ state: 'detached', reason: 'deleted' });
    expect(resolveAnchor(doc, { ...bogus, itemId: 'missing' })).toEqual({ state: 'detached', reason: 'gone' });
  });

  it('agree on two documents after concurrent edits before, inside and after the span', () => {
    const { doc: a, summary } = setup();
    const b = peerOf(a);
    const anchor = anchorOn(a, summary, 'accessible React');
    // Concurrently: A types before the span and after it, B types inside it and deletes before it.
    const ta = text(a, summary);
    const tb = text(b, summary);
    ta.insert(0, 'Senior ');
    ta.insert(ta.toString().indexOf(' apps'), ' and Svelte');
    tb.insert(SUMMARY.indexOf('React'), 'TypeScript and ');
    tb.delete(SUMMARY.indexOf('who'), 'who '.length);
    // B resolves A's anchor before it has seen A's edits, then both converge.
    expect(span(resolveAnchor(b, anchor)).text).toBe('accessible TypeScript and React');
    sync(a, b);
    expect(ta.toString()).toBe(tb.toString());
    expect(ta.toString()).toBe('Senior Frontend engineer ships accessible TypeScript and React and Svelte apps.');
    for (const doc of [a, b]) {
      expect(span(resolveAnchor(doc, anchor))).toMatchObject({ text: 'accessible TypeScript and React', index: 'Senior Frontend engineer ships '.length });
    }
  });

  it('detach on both documents when one deletes the span while the other types elsewhere', () => {
    const { doc: a, summary } = setup();
    const b = peerOf(a);
    const anchor = anchorOn(b, summary, 'ships ');
    text(a, summary).delete(SUMMARY.indexOf('who ships '), 'who ships '.length);
    text(b, summary).insert(0, 'Calm ');
    sync(a, b);
    expect(resolveAnchor(a, anchor)).toEqual({ state: 'detached', reason: 'deleted' });
    expect(resolveAnchor(b, anchor)).toEqual({ state: 'detached', reason: 'deleted' });
  });
});
