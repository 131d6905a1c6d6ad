// Comments and suggestions inside a CodeMirror field: a comment's span is highlighted; a
// suggestion strikes its span and shows the replacement after it with its author and, for those
// who may decide, Accept and Reject. The marks come from the shared document's relative positions
// (Coaching resolves them on every change) and are mapped through edits in between.
import { Compartment, StateEffect, StateField, type Extension, type Range } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';
import type { FieldMark } from './coaching.svelte.ts';

type SuggestionMark = Extract<FieldMark, { kind: 'suggestion' }>;

export interface FieldCoachingHooks {
  /** The main selection changed (from === to: none), or the field lost focus (null). */
  onselection(range: { from: number; to: number } | null): void;
  /** The pointer is over a comment or suggestion (its id), or left it (null). */
  onactive(id: string | null): void;
  ondecide(id: string, decision: 'accept' | 'reject'): void;
}

const setMarks = StateEffect.define<DecorationSet>();

const marksField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    for (const effect of tr.effects) if (effect.is(setMarks)) return effect.value;
    return marks.map(tr.changes);
  },
  provide: (field) => EditorView.decorations.from(field),
});

class ReplacementWidget extends WidgetType {
  constructor(
    readonly mark: SuggestionMark,
    readonly canDecide: boolean,
    readonly hooks: FieldCoachingHooks,
  ) {
    super();
  }

  override eq(other: ReplacementWidget): boolean {
    const a = this.mark;
    const b = other.mark;
    return a.id === b.id && a.replacement === b.replacement && a.author === b.author && a.active === b.active && this.canDecide === other.canDecide;
  }

  toDOM(): HTMLElement {
    const { id, replacement, author, ai, active } = this.mark;
    const root = el('span', `cm-suggestion${active ? ' cm-suggestion-active' : ''}`);
    root.dataset.suggestion = id;
    const ins = root.appendChild(el('ins', 'cm-suggestion-text', replacement || '(remove)'));
    ins.title = ai ? `AI rewrite proposed by ${author}` : `Suggested by ${author}`;
    root.appendChild(el('span', 'cm-suggestion-by', ai ? `AI · ${author}` : author));
    if (this.canDecide) {
      for (const [decision, glyph, label] of [
        ['accept', '✓', 'Accept'],
        ['reject', '✕', 'Reject'],
      ] as const) {
        const button = root.appendChild(el('button', `cm-suggestion-${decision}`, glyph));
        button.type = 'button';
        button.title = `${label} ${ai ? 'AI rewrite' : 'suggestion'} by ${author}`;
        button.setAttribute('aria-label', button.title);
        button.addEventListener('mousedown', (e) => e.preventDefault()); // keep the editor's selection
        button.addEventListener('click', () => this.hooks.ondecide(id, decision));
      }
    }
    root.addEventListener('mouseenter', () => this.hooks.onactive(id));
    root.addEventListener('mouseleave', () => this.hooks.onactive(null));
    return root;
  }

  override ignoreEvent(): boolean {
    return true; // clicks belong to the buttons, not to the editor
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const theme = EditorView.baseTheme({
  '.cm-comment': { background: '#fff1c2', borderBottom: '2px solid #e5b700', borderRadius: '2px', cursor: 'pointer' },
  '.cm-comment-active': { background: '#ffe38a' },
  '.cm-comment-draft': { background: '#ffe38a', borderBottom: '2px solid #e5b700' },
  '.cm-suggest-del': { textDecoration: 'line-through', textDecorationColor: 'var(--danger)', color: 'var(--text-2)', background: 'var(--danger-soft)' },
  '.cm-suggestion': {
    display: 'inline-flex',
    alignItems: 'baseline',
    gap: '4px',
    margin: '0 2px',
    padding: '0 2px 0 4px',
    borderRadius: '4px',
    background: 'var(--accent-soft)',
    boxShadow: 'inset 0 -2px 0 var(--accent)',
  },
  '.cm-suggestion-active': { boxShadow: 'inset 0 -2px 0 var(--accent), 0 0 0 2px rgba(36, 87, 197, 0.25)' },
  '.cm-suggestion-text': { textDecoration: 'none', color: 'var(--text)' },
  '.cm-suggestion-by': { fontSize: '11px', fontWeight: '600', color: 'var(--accent)', whiteSpace: 'nowrap' },
  '.cm-suggestion button': {
    border: '1px solid var(--border-strong)',
    background: 'var(--surface)',
    borderRadius: '4px',
    width: '22px',
    height: '20px',
    padding: '0',
    fontSize: '12px',
    lineHeight: '18px',
    cursor: 'pointer',
    alignSelf: 'center',
  },
  '.cm-suggestion-accept': { color: 'var(--ok)' },
  '.cm-suggestion-reject': { color: 'var(--danger)' },
  '.cm-suggestion button:hover': { background: 'var(--surface-2)' },
  '.cm-suggestion button:focus-visible': { outline: 'none', boxShadow: 'var(--focus)' },
});

/** The extension a field gets once (in its own compartment, so the field's setup stays as it is). */
export function fieldCoaching(view: EditorView, hooks: FieldCoachingHooks): void {
  const compartment = new Compartment();
  const extension: Extension = [
    marksField,
    theme,
    EditorView.updateListener.of((update) => {
      if (!update.selectionSet && !update.focusChanged) return;
      const { from, to } = update.state.selection.main;
      hooks.onselection(update.view.hasFocus ? { from, to } : null);
    }),
    EditorView.domEventHandlers({
      mouseover: (event) => {
        const target = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-thread]') : null;
        hooks.onactive(target?.dataset.thread ?? null);
      },
      mouseleave: () => hooks.onactive(null),
    }),
  ];
  view.dispatch({ effects: StateEffect.appendConfig.of(compartment.of(extension)) });
}

/** Draws these marks in the field, replacing what it drew before. */
export function showMarks(view: EditorView, marks: readonly FieldMark[], canDecide: boolean, hooks: FieldCoachingHooks): void {
  const length = view.state.doc.length;
  const ranges: Range<Decoration>[] = [];
  for (const mark of marks) {
    const from = Math.min(mark.from, length);
    const to = Math.min(mark.to, length);
    if (to <= from) continue;
    if (mark.kind === 'draft') {
      ranges.push(Decoration.mark({ class: 'cm-comment-draft' }).range(from, to));
    } else if (mark.kind === 'comment') {
      ranges.push(
        Decoration.mark({
          class: `cm-comment${mark.active ? ' cm-comment-active' : ''}`,
          attributes: { 'data-thread': mark.id, title: `Comment by ${mark.author}` },
        }).range(from, to),
      );
    } else {
      ranges.push(Decoration.mark({ class: 'cm-suggest-del', attributes: { 'data-suggestion-span': mark.id } }).range(from, to));
      ranges.push(Decoration.widget({ widget: new ReplacementWidget(mark, canDecide, hooks), side: 1 }).range(to));
    }
  }
  view.dispatch({ effects: setMarks.of(Decoration.set(ranges, true)) });
}
