// Column names, types and first rows of tabular files (CSV/TSV, JSON), from their bytes.
// Pure and small on purpose: a preview for the model, not a data loader.

export type ColumnType = 'integer' | 'number' | 'boolean' | 'date' | 'text' | 'empty';

export interface TablePreview {
  kind: string;
  /** Data rows (without the header), when known. */
  rows?: number;
  columns: { name: string; type: ColumnType }[];
  /** The first rows as the file writes them (header first for delimited files). */
  sample: string[];
  /** Anything else worth one line (sheet names, a JSON shape). */
  note?: string;
}

const SAMPLE_ROWS = 3;
const TYPE_ROWS = 50;
/** Characters of a file read for the header, types and sample. */
const HEAD_CHARS = 64 * 1024;
const MAX_SAMPLE_LINE = 160;

const INT = /^[-+]?\d+$/;
const NUM = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const BOOL = /^(true|false|yes|no)$/i;
const DATE =
  /^(\d{4}[-/]\d{1,2}[-/]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}[./]\d{1,2}[./]\d{4})$/;

/** The narrowest type every non-empty value fits. */
export function inferType(values: readonly string[]): ColumnType {
  const seen = values.map((v) => v.trim()).filter((v) => v !== '');
  if (seen.length === 0) return 'empty';
  if (seen.every((v) => INT.test(v))) return 'integer';
  if (seen.every((v) => NUM.test(v))) return 'number';
  if (seen.every((v) => BOOL.test(v))) return 'boolean';
  if (seen.every((v) => DATE.test(v))) return 'date';
  return 'text';
}

/** Rows of a delimited text (RFC 4180 quoting), at most `limit`. */
export function parseDelimited(text: string, delimiter: string, limit: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endRow = () => {
    row.push(field);
    rows.push(row);
    row = [];
    field = '';
  };
  for (let i = 0; i < text.length && rows.length < limit; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else field += c;
  }
  if ((field !== '' || row.length > 0) && rows.length < limit) endRow();
  return rows;
}

/** The delimiter of a CSV-like header: the most frequent of comma, semicolon and tab. */
export function sniffDelimiter(firstLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

/** Line breaks in the bytes (rows of a delimited file, give or take quoted newlines). */
export function countLines(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if (b === 10) n++;
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) n++;
  return n;
}

const clip = (line: string) =>
  line.length > MAX_SAMPLE_LINE ? `${line.slice(0, MAX_SAMPLE_LINE - 1)}…` : line;

export function columnsOf(header: readonly string[], rows: readonly string[][]) {
  return header.map((name, i) => ({
    name: name.trim() || `column ${i + 1}`,
    type: inferType(rows.map((r) => r[i] ?? '')),
  }));
}

/** CSV or TSV preview; `tsv` forces a tab delimiter. */
export function previewDelimited(bytes: Uint8Array, tsv: boolean): TablePreview {
  const head = new TextDecoder().decode(bytes.subarray(0, HEAD_CHARS)).replace(/^\uFEFF/, '');
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = tsv ? '\t' : sniffDelimiter(firstLine);
  const [header = [], ...rows] = parseDelimited(head, delimiter, TYPE_ROWS + 1);
  const lines = head
    .split(/\r?\n/)
    .slice(0, SAMPLE_ROWS + 1)
    .filter((l) => l !== '');
  const name = tsv
    ? 'TSV'
    : delimiter === ','
      ? 'CSV'
      : `CSV (separator ${JSON.stringify(delimiter)})`;
  return {
    kind: name,
    rows: Math.max(0, countLines(bytes) - 1),
    columns: columnsOf(header, rows),
    sample: lines.map(clip),
  };
}

function jsonType(v: unknown): ColumnType {
  if (v === null || v === undefined) return 'empty';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'string') return inferType([v]);
  return 'text';
}

function recordsPreview(kind: string, records: unknown[]): TablePreview {
  const objects = records.filter(
    (r): r is Record<string, unknown> => !!r && typeof r === 'object' && !Array.isArray(r),
  );
  if (objects.length === 0)
    return {
      kind,
      rows: records.length,
      columns: [],
      sample: records.slice(0, SAMPLE_ROWS).map((r) => clip(JSON.stringify(r))),
    };
  const names = [...new Set(objects.slice(0, TYPE_ROWS).flatMap((o) => Object.keys(o)))];
  const columns = names.map((name) => {
    const types = new Set(objects.slice(0, TYPE_ROWS).map((o) => jsonType(o[name])));
    types.delete('empty');
    const type: ColumnType =
      types.size === 0
        ? 'empty'
        : types.size === 1
          ? [...types][0]!
          : types.has('text')
            ? 'text'
            : 'number';
    return { name, type };
  });
  return {
    kind,
    rows: records.length,
    columns,
    sample: objects.slice(0, SAMPLE_ROWS).map((o) => clip(JSON.stringify(o))),
  };
}

/** JSON (a list of records, or an object) or JSON Lines. */
export function previewJson(bytes: Uint8Array, lines: boolean): TablePreview {
  const text = new TextDecoder().decode(bytes);
  if (lines) {
    const records = text
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .map((l) => {
        try {
          return JSON.parse(l) as unknown;
        } catch {
          return undefined;
        }
      });
    return recordsPreview('JSON Lines', records);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return {
      kind: 'JSON',
      columns: [],
      sample: [],
      note: `not valid JSON (${(e as Error).message})`,
    };
  }
  if (Array.isArray(data)) return recordsPreview('JSON list', data);
  if (data && typeof data === 'object') {
    const entries = Object.entries(data as Record<string, unknown>);
    const keys = entries
      .slice(0, 20)
      .map(
        ([k, v]) =>
          `${k} (${Array.isArray(v) ? `list of ${v.length}` : v && typeof v === 'object' ? 'object' : jsonType(v)})`,
      );
    return {
      kind: 'JSON object',
      columns: [],
      sample: [],
      note: `keys: ${keys.join(', ')}${entries.length > 20 ? `, and ${entries.length - 20} more` : ''}`,
    };
  }
  return { kind: 'JSON', columns: [], sample: [clip(JSON.stringify(data))] };
}
