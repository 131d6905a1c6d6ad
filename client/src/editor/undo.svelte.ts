// One undo history per open editor over the whole resume (content, settings, job description),
// holding only this person's changes; removals also offer "Undo" in a toast for ten seconds.
import * as Y from 'yjs';
import { getJobDescriptionText, getResumeMap, getSettingsMap } from '../../../collab/index.ts';

type StackItem = Y.UndoManager['undoStack'][number];

export interface Removal {
  /** Distinguishes two toasts with the same words, so the timer of the first cannot close the second. */
  readonly id: number;
  readonly message: string;
}

/** How long the "Undo" toast of a removal stays. */
export const TOAST_MS = 10_000;

export class EditorUndo {
  /**
   * The origin of every local structural change (and of nothing else): the undo manager tracks it
   * and the CodeMirror bindings' own origins, so a collaborator's edits (origin: the provider)
   * and automatic repairs (origin: none) are never undone here.
   */
  readonly origin = { editor: 'local' };
  readonly manager: Y.UndoManager;
  readonly #doc: Y.Doc;
  // Raw: the stack item is compared by identity with the manager's own.
  #removal = $state.raw<(Removal & { stackItem: StackItem; restored?: () => void }) | null>(null);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #nextId = 0;

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    this.manager = new Y.UndoManager([getResumeMap(doc), getSettingsMap(doc), getJobDescriptionText(doc)], {
      trackedOrigins: new Set([this.origin]),
    });
    // Undone with Ctrl+Z instead: the toast has nothing left to offer.
    this.manager.on('stack-item-popped', ({ stackItem }: { stackItem: StackItem }) => {
      if (stackItem === this.#removal?.stackItem) this.dismiss();
    });
  }

  /** The removal whose toast is showing. */
  get removal(): Removal | null {
    return this.#removal;
  }

  /**
   * Runs a local change as one step of the history: typing just before or after it is a step of
   * its own, so Ctrl+Z after adding an item removes the item and nothing else.
   */
  change<T>(fn: () => T): T {
    this.manager.stopCapturing();
    const result = this.#doc.transact(fn, this.origin);
    this.manager.stopCapturing();
    return result;
  }

  /**
   * A change that removes something the person may want back: it shows the toast. `restored`
   * runs after "Undo" in the toast brought it back (to put the focus there).
   */
  remove(message: string, fn: () => boolean | void, restored?: () => void): void {
    const before = this.manager.undoStack.length;
    const done = this.change(fn);
    const stackItem = this.manager.undoStack.at(-1);
    if (done === false || !stackItem || this.manager.undoStack.length === before) return;
    this.#removal = { id: ++this.#nextId, message, stackItem, restored };
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.dismiss(), TOAST_MS);
  }

  /**
   * Undoes the removal of the toast even when other changes were made since: its step is taken
   * out of the history and undone alone (a removal only deleted, so nothing later depends on it).
   */
  undoRemoval(): void {
    const removal = this.#removal;
    this.dismiss();
    if (!removal) return;
    const stack = this.manager.undoStack;
    const at = stack.indexOf(removal.stackItem);
    if (at < 0) return; // already undone with Ctrl+Z
    stack.splice(at, 1);
    stack.push(removal.stackItem);
    this.manager.undo();
    removal.restored?.();
  }

  dismiss(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#removal = null;
  }

  undo(): boolean {
    return this.manager.undo() !== null;
  }

  redo(): boolean {
    return this.manager.redo() !== null;
  }

  destroy(): void {
    this.dismiss();
    this.manager.destroy();
  }
}
