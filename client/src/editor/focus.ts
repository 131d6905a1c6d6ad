// A field rebuilt under the caret (a collaborator moved the item it is in, which copies the item)
// gets the focus and the caret back, found again by its presence id.
import type { EditorView } from '@codemirror/view';

/** Rebuilt fields appear in the same update as the old ones go; a second is ample. */
const WINDOW_MS = 1000;
let lost: { fieldId: string; anchor: number; head: number; at: number } | null = null;
let lastFocused: EditorView | null = null;

const nowhere = () => document.activeElement === null || document.activeElement === document.body;

/** Called when a field's editor takes the focus. */
export function noteFocus(view: EditorView): void {
  lastFocused = view;
}

/**
 * Called as a field's editor is destroyed (its DOM may already be gone, and the focus with it):
 * remembers where the caret was when it was the last field focused and nothing else is.
 */
export function keepFocus(fieldId: string, view: EditorView): void {
  if (lastFocused !== view) return;
  lastFocused = null;
  if (!view.hasFocus && !nowhere()) return;
  const { anchor, head } = view.state.selection.main;
  lost = { fieldId, anchor, head, at: performance.now() };
}

/** Called as a field's editor is made: takes the focus back when it was lost by its predecessor. */
export function takeFocus(fieldId: string, view: EditorView): void {
  const was = lost;
  if (!was || was.fieldId !== fieldId || performance.now() - was.at > WINDOW_MS) return;
  lost = null;
  if (!nowhere()) return; // the person is somewhere else by now
  const length = view.state.doc.length;
  view.focus();
  view.dispatch({ selection: { anchor: Math.min(was.anchor, length), head: Math.min(was.head, length) } });
}
