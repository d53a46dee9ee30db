// What is in /workspace, for the model: every file's name and size, and for tables (CSV, TSV,
// JSON, Excel) their columns, types and first rows, within a token budget. Built from the
// files' bytes through a small port (PythonClient's listFiles/readFile); no DOM, no worker.
import { previewDelimited, previewJson, type TablePreview } from './tables';
import { previewXlsx } from './xlsx';

export interface FilesPort {
  listFiles(): Promise<readonly { path: string; size: number }[]>;
  readFile(path: string): Promise<Uint8Array>;
}

/** Files larger than this are listed without a preview (reading them would cost too much). */
export const MAX_PREVIEW_BYTES = 20 * 1024 * 1024;
/** Characters per token assumed for the budget (conservative for tables and code). */
const CHARS_PER_TOKEN = 3;

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

type Previewer = (bytes: Uint8Array) => TablePreview | Promise<TablePreview>;

const PREVIEWERS: [RegExp, Previewer][] = [
  [/\.csv$/i, (b) => previewDelimited(b, false)],
  [/\.tsv$/i, (b) => previewDelimited(b, true)],
  [/\.(jsonl|ndjson)$/i, (b) => previewJson(b, true)],
  [/\.json$/i, (b) => previewJson(b, false)],
  [/\.(xlsx|xlsm)$/i, previewXlsx],
];

/** Hidden files and folders (e.g. matplotlib's `.matplotlib/` cache) are not the user's data. */
const hidden = (path: string) => path.split('/').some((part) => part.startsWith('.'));

function describe(path: string, size: number, p: TablePreview): string {
  const shape = [
    p.rows !== undefined ? plural(p.rows, 'row') : '',
    p.columns.length ? plural(p.columns.length, 'column') : '',
  ]
    .filter(Boolean)
    .join(' × ');
  const lines = [`- ${path} (${formatSize(size)}): ${p.kind}${shape ? `, ${shape}` : ''}`];
  if (p.note) lines.push(`  ${p.note}`);
  if (p.columns.length)
    lines.push(`  columns: ${p.columns.map((c) => `${c.name} (${c.type})`).join(', ')}`);
  if (p.sample.length) lines.push('  first rows:', ...p.sample.map((s) => `    ${s}`));
  return lines.join('\n');
}

/** The listing ('' when /workspace holds no files). */
export async function summarizeWorkspace(port: FilesPort, budgetTokens: number): Promise<string> {
  const files = [...(await port.listFiles())]
    .filter((f) => !hidden(f.path))
    .sort((a, b) => a.path.localeCompare(b.path));
  if (files.length === 0) return '';
  const budget = Math.max(200, budgetTokens * CHARS_PER_TOKEN);
  const lines = files.map((f) => `- ${f.path} (${formatSize(f.size)})`);
  // Short lines for everything first; then previews, in order, while they fit the budget.
  const total = () => lines.reduce((n, l) => n + l.length + 1, 0);
  const more = (n: number) => `- … and ${n} more files`;
  // Room for the count line once any name has to go.
  const reserve = total() > budget ? more(files.length).length + 1 : 0;
  while (lines.length > 1 && total() + reserve > budget) lines.pop();
  const kept = lines.length;
  if (kept < files.length) lines.push(more(files.length - kept));
  for (let i = 0; i < kept; i++) {
    const f = files[i]!;
    const previewer = PREVIEWERS.find(([re]) => re.test(f.path))?.[1];
    if (!previewer) continue;
    let detail: string;
    if (f.size > MAX_PREVIEW_BYTES) detail = `${lines[i]}: too large to preview`;
    else {
      try {
        detail = describe(f.path, f.size, await previewer(await port.readFile(f.path)));
      } catch (e) {
        detail = `${lines[i]}: could not be read (${e instanceof Error ? e.message : String(e)})`;
      }
    }
    const grown = total() - lines[i]!.length + detail.length;
    if (grown <= budget) lines[i] = detail;
  }
  return lines.join('\n');
}
