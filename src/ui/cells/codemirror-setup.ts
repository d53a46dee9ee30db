// CodeMirror 6 for Python cells. Only ever loaded with import() so it stays out of the main chunk.
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { python } from '@codemirror/lang-python';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, drawSelection, highlightSpecialChars, keymap } from '@codemirror/view';

export interface CellEditor {
  setEditable(on: boolean): void;
  getCode(): string;
  /** Put the cell's own code back (after an edit ran as a new cell, or was cancelled). */
  reset(code: string): void;
  focus(): void;
  destroy(): void;
}

export function createCellEditor(
  parent: HTMLElement,
  code: string,
  opts: { label: string; onRun: () => void },
): CellEditor {
  const editable = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: code,
      extensions: [
        highlightSpecialChars(),
        drawSelection(),
        python(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': opts.label }),
        history(),
        keymap.of([
          { key: 'Shift-Enter', run: () => (opts.onRun(), true) },
          ...defaultKeymap,
          ...historyKeymap,
        ]),
        editable.of([EditorView.editable.of(false), EditorState.readOnly.of(true)]),
      ],
    }),
  });
  return {
    setEditable(on) {
      view.dispatch({
        effects: editable.reconfigure([EditorView.editable.of(on), EditorState.readOnly.of(!on)]),
      });
    },
    getCode: () => view.state.doc.toString(),
    reset(code) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } });
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
