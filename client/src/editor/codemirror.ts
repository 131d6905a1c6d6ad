// CodeMirror 6 set up as a form field bound to one Y.Text: y-codemirror.next for the binding,
// remote carets and the editor's shared undo manager; single-line fields refuse line breaks.
import { Compartment, EditorSelection, EditorState, Prec, type Extension, type Transaction } from '@codemirror/state';
import { EditorView, keymap, placeholder as placeholderExt } from '@codemirror/view';
import { defaultKeymap } from '@codemirror/commands';
import { yCollab, ySyncAnnotation, yUndoManagerKeymap } from 'y-codemirror.next';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';

export interface FieldEditorOptions {
  parent: HTMLElement;
  ytext: Y.Text;
  awareness: Awareness;
  multiline: boolean;
  readOnly: boolean;
  labelId: string;
  placeholder?: string;
  /** The editor's one undo history (a field's own typing is a step in it like any change). */
  undoManager: Y.UndoManager;
  /** Keys of an entry of a list (a highlight, a keyword): Enter, Backspace at its start, paste. */
  entry?: ListEntryKeys;
  onfocus: () => void;
  onblur: () => void;
}

export interface ListEntryKeys {
  /** Enter: the text after the caret goes to a new entry after this one. */
  split(view: EditorView): boolean;
  /** Backspace with the caret at the start: join this entry to the previous one. */
  joinPrevious(view: EditorView): boolean;
  /** Pasting several lines: one entry per line. */
  pasteLines(view: EditorView, lines: string[]): boolean;
}

export interface FieldEditor {
  view: EditorView;
  setReadOnly(readOnly: boolean): void;
  destroy(): void;
}

/** Line breaks typed or pasted into a single-line field become spaces; remote changes pass untouched. */
const singleLine: Extension = [
  Prec.highest(keymap.of([{ key: 'Enter', run: () => true }, { key: 'Shift-Enter', run: () => true }])),
  EditorState.transactionFilter.of((tr: Transaction) => {
    if (!tr.docChanged || tr.annotation(ySyncAnnotation) !== undefined || tr.newDoc.lines === 1) return tr;
    const changes: { from: number; to: number; insert: string }[] = [];
    tr.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
      changes.push({ from: fromA, to: toA, insert: inserted.toString().replace(/\s*[\r\n]+\s*/g, ' ') });
    });
    const mapped = tr.startState.changes(changes);
    return { changes: mapped, selection: EditorSelection.cursor(mapped.mapPos(tr.startState.selection.main.head, 1)) };
  }),
];

function entryKeys(keys: ListEntryKeys): Extension {
  const atStart = (view: EditorView) => view.state.selection.main.empty && view.state.selection.main.head === 0;
  return [
    Prec.highest(
      keymap.of([
        { key: 'Enter', run: (view) => keys.split(view) },
        { key: 'Shift-Enter', run: (view) => keys.split(view) },
        { key: 'Backspace', run: (view) => atStart(view) && keys.joinPrevious(view) },
      ]),
    ),
    EditorView.domEventHandlers({
      paste(event, view) {
        const lines = (event.clipboardData?.getData('text/plain') ?? '').split(/\r\n|\r|\n/);
        if (lines.filter((line) => line.trim()).length < 2) return false;
        event.preventDefault();
        return keys.pasteLines(view, lines);
      },
    }),
  ];
}

const fieldTheme = EditorView.theme({
  '&': {
    border: '1px solid var(--border-strong)',
    borderRadius: '8px',
    background: 'var(--surface)',
    fontSize: '15px',
    transition: 'border-color 120ms, box-shadow 120ms',
  },
  '&.cm-focused': { outline: 'none', borderColor: 'var(--accent)', boxShadow: 'var(--focus)' },
  '.cm-scroller': { fontFamily: 'var(--font)', lineHeight: '1.5', overflow: 'visible' },
  '.cm-content': { padding: '6px 12px', minHeight: '22px', caretColor: 'var(--text)' },
  '.cm-line': { padding: '0' },
  '.cm-placeholder': { color: 'var(--text-3)' },
  '&.cm-readonly': { background: 'var(--surface-2)' },
  // Remote carets always carry their owner's name in a small flag.
  '.cm-ySelectionInfo': {
    opacity: '1',
    fontFamily: 'var(--font)',
    fontSize: '10px',
    fontWeight: '600',
    lineHeight: '14px',
    padding: '0 4px',
    borderRadius: '4px 4px 4px 0',
    top: '-14px',
  },
});
const multiLineTheme = EditorView.theme({ '.cm-content': { minHeight: '66px' } });

/** The live editor of each bound Y.Text, so list keys and focus moves can reach a sibling entry. */
const views = new WeakMap<Y.Text, EditorView>();
export function viewOf(ytext: Y.Text): EditorView | undefined {
  return views.get(ytext);
}
/** Puts the caret in a field at `at` (clamped; 'end' for its end). False when it is not shown. */
export function focusText(ytext: Y.Text, at: number | 'end'): boolean {
  const view = views.get(ytext);
  if (!view) return false;
  const length = view.state.doc.length;
  const pos = at === 'end' ? length : Math.min(Math.max(at, 0), length);
  view.focus();
  view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
  return true;
}

export function createFieldEditor(opts: FieldEditorOptions): FieldEditor {
  const readOnly = new Compartment();
  const readOnlyExt = (ro: boolean) => [EditorState.readOnly.of(ro), EditorView.editorAttributes.of({ class: ro ? 'cm-readonly' : '' })];
  const view = new EditorView({
    parent: opts.parent,
    state: EditorState.create({
      doc: opts.ytext.toString(),
      extensions: [
        opts.entry ? entryKeys(opts.entry) : [],
        keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
        yCollab(opts.ytext, opts.awareness, { undoManager: opts.undoManager }),
        // Long values wrap in every field, so a field never grows wider than its column.
        EditorView.lineWrapping,
        opts.multiline ? multiLineTheme : singleLine,
        fieldTheme,
        readOnly.of(readOnlyExt(opts.readOnly)),
        opts.placeholder ? placeholderExt(opts.placeholder) : [],
        EditorView.contentAttributes.of({
          'aria-labelledby': opts.labelId,
          'aria-multiline': String(opts.multiline),
        }),
        EditorView.domEventHandlers({
          focus: () => opts.onfocus(),
          blur: () => opts.onblur(),
        }),
      ],
    }),
  });
  views.set(opts.ytext, view);
  return {
    view,
    setReadOnly: (ro) => view.dispatch({ effects: readOnly.reconfigure(readOnlyExt(ro)) }),
    destroy: () => {
      if (views.get(opts.ytext) === view) views.delete(opts.ytext);
      view.destroy();
    },
  };
}
