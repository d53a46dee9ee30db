// Sheet names, columns and first rows of an Excel workbook (.xlsx: a zip of XML parts), read
// with the platform's DecompressionStream. Only what a preview needs: no styles, so dates
// stored as serial numbers show as numbers.
import { columnsOf, type TablePreview } from './tables';

const SAMPLE_ROWS = 3;
const TYPE_ROWS = 50;
/** Bytes of a sheet's XML read: enough for its dimension, header and first rows. */
const SHEET_PREFIX = 512 * 1024;
const STRINGS_PREFIX = 2 * 1024 * 1024;

interface ZipEntry {
  method: number;
  size: number;
  offset: number;
}

function zipEntries(b: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 65_558); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = view.getUint16(eocd + 10, true);
  let p = view.getUint32(eocd + 16, true);
  const entries = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n++) {
    if (view.getUint32(p, true) !== 0x02014b50) throw new Error('damaged zip central directory');
    const nameLen = view.getUint16(p + 28, true);
    const skip = nameLen + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
    const name = new TextDecoder().decode(b.subarray(p + 46, p + 46 + nameLen));
    const local = view.getUint32(p + 42, true);
    const dataAt = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    entries.set(name, {
      method: view.getUint16(p + 10, true),
      size: view.getUint32(p + 20, true),
      offset: dataAt,
    });
    p += 46 + skip;
  }
  return entries;
}

/** Up to `max` bytes of an entry, decompressed. */
async function readEntry(b: Uint8Array, e: ZipEntry, max: number): Promise<string> {
  const raw = b.subarray(e.offset, e.offset + e.size);
  if (e.method === 0) return new TextDecoder().decode(raw.subarray(0, max));
  if (e.method !== 8) throw new Error(`unsupported zip compression method ${e.method}`);
  const reader = new Blob([raw as BlobPart])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'))
    .getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (total < max) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
  }
  await reader.cancel().catch(() => {});
  const out = new Uint8Array(Math.min(total, max));
  let at = 0;
  for (const c of chunks) {
    const part = c.subarray(0, out.length - at);
    out.set(part, at);
    at += part.length;
    if (at >= out.length) break;
  }
  return new TextDecoder().decode(out);
}

function unescapeXml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#x[0-9a-f]+|#\d+);/gi, (_, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[e.toLowerCase()]) return named[e.toLowerCase()]!;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : '';
  });
}

const textOf = (xml: string) =>
  unescapeXml([...xml.matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)].map((m) => m[1]).join(''));

function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of /^[A-Z]+/i.exec(ref)?.[0].toUpperCase() ?? 'A')
    n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

function sheetRows(xml: string, strings: readonly string[], limit: number): string[][] {
  const rows: string[][] = [];
  for (const row of xml.matchAll(/<row\b[^>]*>([\s\S]*?)<\/row>/g)) {
    if (rows.length >= limit) break;
    const cells: string[] = [];
    for (const c of (row[1] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = c[1] ?? '';
      const body = c[2] ?? '';
      const at = columnIndex(
        /\br="([A-Z]+)\d*"/i.exec(attrs)?.[1] ?? String.fromCharCode(65 + cells.length),
      );
      const type = /\bt="(\w+)"/.exec(attrs)?.[1];
      const v = unescapeXml(/<v>([\s\S]*?)<\/v>/.exec(body)?.[1] ?? '');
      const value =
        type === 's' ? (strings[Number(v)] ?? '') : type === 'inlineStr' ? textOf(body) : v;
      while (cells.length < at) cells.push('');
      cells[at] = value;
    }
    rows.push(cells);
  }
  return rows;
}

export async function previewXlsx(bytes: Uint8Array): Promise<TablePreview> {
  const entries = zipEntries(bytes);
  const read = async (name: string, max: number) => {
    const e = entries.get(name);
    return e ? readEntry(bytes, e, max) : '';
  };
  const workbook = await read('xl/workbook.xml', 256 * 1024);
  const sheets = [...workbook.matchAll(/<sheet\b[^>]*\bname="([^"]*)"[^>]*\br:id="([^"]*)"/g)];
  const rels = await read('xl/_rels/workbook.xml.rels', 256 * 1024);
  const firstId = sheets[0]?.[2];
  const target = [...rels.matchAll(/<Relationship\b([^>]*)\/?>/g)]
    .map((m) => m[1] ?? '')
    .find((a) => a.includes(`Id="${firstId}"`));
  const path = /Target="([^"]+)"/.exec(target ?? '')?.[1] ?? 'worksheets/sheet1.xml';
  const sheetPath = path.startsWith('/') ? path.slice(1) : `xl/${path}`;
  const strings = [
    ...(await read('xl/sharedStrings.xml', STRINGS_PREFIX)).matchAll(/<si>([\s\S]*?)<\/si>/g),
  ].map((m) => textOf(m[1] ?? ''));
  const sheet = await read(sheetPath, SHEET_PREFIX);
  const [header = [], ...rows] = sheetRows(sheet, strings, TYPE_ROWS + 1);
  const dim = /<dimension ref="[A-Z]+(\d+)(?::[A-Z]+(\d+))?"/.exec(sheet);
  const lastRow = dim ? Number(dim[2] ?? dim[1]) : undefined;
  const names = sheets.map((s) => unescapeXml(s[1] ?? ''));
  return {
    kind: 'Excel workbook',
    ...(lastRow !== undefined ? { rows: Math.max(0, lastRow - 1) } : {}),
    columns: columnsOf(header, rows),
    sample: [header, ...rows.slice(0, SAMPLE_ROWS)].map((r) => r.join(',')),
    note: `sheets: ${names.join(', ') || '(unnamed)'}; first sheet shown`,
  };
}
