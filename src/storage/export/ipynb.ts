// Jupyter notebook export (nbformat 4.5): messages become markdown cells, code actions become
// code cells with their outputs (streams, repr text, HTML, PNG, errors).
import type { RunOutput } from '../../runtime/types';
import type { CellItem, ConversationRecord, MessageItem } from '../types';
import { mismatchNote } from './markdown';

type MultilineString = string[];

export interface NbOutput {
  output_type: 'stream' | 'display_data' | 'execute_result' | 'error';
  [key: string]: unknown;
}

export interface NbCell {
  id: string;
  cell_type: 'markdown' | 'code';
  metadata: Record<string, unknown>;
  source: MultilineString;
  execution_count?: number | null;
  outputs?: NbOutput[];
}

export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NbCell[];
}

/** nbformat stores text as a list of lines, each keeping its newline. */
export function toLines(text: string): MultilineString {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Cell ids: 1-64 chars of letters, digits, '-' and '_'. */
function cellId(id: string, index: number): string {
  const clean = id.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40);
  return `${clean || 'cell'}-${index}`;
}

function outputToNb(out: RunOutput, executionCount: number): NbOutput {
  switch (out.type) {
    case 'stream':
      return { output_type: 'stream', name: out.name, text: toLines(out.text) };
    case 'text':
      return {
        output_type: 'execute_result',
        execution_count: executionCount,
        data: { 'text/plain': toLines(out.text) },
        metadata: {},
      };
    case 'html':
      return {
        output_type: 'display_data',
        data: { 'text/html': toLines(out.html), 'text/plain': toLines(out.text) },
        metadata: {},
      };
    case 'png': {
      const size = out.width && out.height ? { width: out.width, height: out.height } : undefined;
      return {
        output_type: 'display_data',
        data: { 'image/png': out.data, 'text/plain': ['<Figure>'] },
        metadata: size ? { 'image/png': size } : {},
      };
    }
  }
}

function messageMarkdown(m: MessageItem): string {
  const who = m.role === 'user' ? 'User' : m.role === 'assistant' ? 'Assistant' : 'Note';
  return `**${who}:**\n\n${mismatchNote(m)}${m.text}`;
}

function codeCell(c: CellItem, index: number, executionCount: number): NbCell {
  const outputs = c.outputs.map((o) => outputToNb(o, executionCount));
  if (c.error) {
    outputs.push({
      output_type: 'error',
      ename: c.error.ename,
      evalue: c.error.evalue,
      traceback: c.error.traceback.split('\n'),
    });
  }
  return {
    id: cellId(c.id, index),
    cell_type: 'code',
    metadata: c.manual ? { tags: ['manual'] } : {},
    source: toLines(c.code),
    execution_count: executionCount,
    outputs,
  };
}

export function toNotebook(conv: ConversationRecord): Notebook {
  let executionCount = 0;
  const cells: NbCell[] = [
    {
      id: 'title-0',
      cell_type: 'markdown',
      metadata: {},
      source: toLines(`# ${conv.title}\n\nExported from CodeAct in the browser.`),
    },
  ];
  conv.items.forEach((item, i) => {
    if (item.kind === 'cell') cells.push(codeCell(item, i + 1, ++executionCount));
    else
      cells.push({
        id: cellId(item.id, i + 1),
        cell_type: 'markdown',
        metadata: {},
        source: toLines(messageMarkdown(item)),
      });
  });
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'python3', display_name: 'Python 3 (Pyodide)', language: 'python' },
      language_info: { name: 'python', file_extension: '.py', mimetype: 'text/x-python' },
      codeact: { engine: conv.engineLabel ?? null, exportedAt: new Date().toISOString() },
    },
    cells,
  };
}

export function notebookJSON(conv: ConversationRecord): string {
  return JSON.stringify(toNotebook(conv), null, 1) + '\n';
}
