import { describe, expect, it } from 'vitest';
import { summarizeWorkspace, type FilesPort } from '../../src/agent/workspace/summary';
import { inferType, parseDelimited } from '../../src/agent/workspace/tables';
import { FILES_OPEN, workspaceNote } from '../../src/agent/workspace/listing-note';
import { harness } from '../support/agent-harness';

const enc = (s: string) => new TextEncoder().encode(s);

function port(files: Record<string, Uint8Array | string>): FilesPort & { reads: string[] } {
  const bytes = Object.fromEntries(
    Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? enc(v) : v]),
  );
  const reads: string[] = [];
  return {
    reads,
    listFiles: async () => Object.entries(bytes).map(([path, b]) => ({ path, size: b.length })),
    readFile: async (path) => {
      reads.push(path);
      const b = bytes[path];
      if (!b) throw new Error(`no such file: ${path}`);
      return b;
    },
  };
}

/** A minimal .xlsx (zip) built here: hand-made test data, one part deflated, the rest stored. */
async function xlsx(parts: Record<string, string>, deflate: string[]): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(parts)) {
    const raw = enc(text);
    const data = deflate.includes(name)
      ? new Uint8Array(
          await new Response(
            new Blob([raw]).stream().pipeThrough(new CompressionStream('deflate-raw')),
          ).arrayBuffer(),
        )
      : raw;
    const method = deflate.includes(name) ? 8 : 0;
    const n = enc(name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(8, method, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, raw.length, true);
    local.setUint16(26, n.length, true);
    const head = new DataView(new ArrayBuffer(46));
    head.setUint32(0, 0x02014b50, true);
    head.setUint16(10, method, true);
    head.setUint32(20, data.length, true);
    head.setUint32(24, raw.length, true);
    head.setUint16(28, n.length, true);
    head.setUint32(42, offset, true);
    chunks.push(new Uint8Array(local.buffer), n, data);
    central.push(new Uint8Array(head.buffer), n);
    offset += 30 + n.length + data.length;
  }
  const size = central.reduce((s, c) => s + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(10, Object.keys(parts).length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  const all = [...chunks, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of all) out.set(c, (at += c.length) - c.length);
  return out;
}

describe('workspace summary', () => {
  it('CSV: columns with types, row count and first rows', async () => {
    const csv =
      'region,units,unit_price,date,paid\nNorth,3,9.99,2024-01-02,yes\nSouth,5,4.5,2024-01-03,no\nEast,2,12,2024-01-04,yes\n';
    const s = await summarizeWorkspace(port({ 'sales.csv': csv }), 500);
    expect(s).toContain('- sales.csv (');
    expect(s).toContain('CSV, 3 rows × 5 columns');
    expect(s).toContain(
      'columns: region (text), units (integer), unit_price (number), date (date), paid (boolean)',
    );
    expect(s).toContain('    North,3,9.99,2024-01-02,yes');
  });

  it('TSV, semicolon CSV, JSON records, JSON Lines, JSON objects and other files', async () => {
    const s = await summarizeWorkspace(
      port({
        'a.tsv': 'x\ty\n1\t2\n',
        'b.csv': 'name;score\n"Smith; J.";7.5\n',
        'c.json': JSON.stringify([
          { id: 1, tag: 'a' },
          { id: 2, tag: null },
        ]),
        'd.jsonl': '{"t":1.5}\n{"t":2}\n',
        'e.json': JSON.stringify({ meta: { v: 1 }, items: [1, 2, 3], name: 'x' }),
        'notes.txt': 'hello',
        '.matplotlib/fontlist.json': '{}',
      }),
      800,
    );
    expect(s).toContain('a.tsv (8 B): TSV, 1 row × 2 columns');
    expect(s).toContain('CSV (separator ";")');
    expect(s).toContain('name (text), score (number)');
    expect(s).toContain('c.json');
    expect(s).toContain('JSON list, 2 rows × 2 columns');
    expect(s).toContain('id (integer), tag (text)');
    expect(s).toContain('JSON Lines, 2 rows × 1 column');
    expect(s).toContain('keys: meta (object), items (list of 3), name (text)');
    expect(s).toContain('- notes.txt (5 B)');
    expect(s).not.toContain('.matplotlib'); // hidden folders are not the user's data
  });

  it('Excel: sheet names, columns from shared and inline strings, row count', async () => {
    const book = await xlsx(
      {
        'xl/workbook.xml':
          '<workbook><sheets><sheet name="Sales &amp; costs" sheetId="1" r:id="rId1"/><sheet name="Notes" sheetId="2" r:id="rId2"/></sheets></workbook>',
        'xl/_rels/workbook.xml.rels':
          '<Relationships><Relationship Id="rId2" Target="worksheets/sheet2.xml"/><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
        'xl/sharedStrings.xml':
          '<sst><si><t>city</t></si><si><r><t>po</t></r><r><t>p</t></r></si><si><t>Oslo</t></si></sst>',
        'xl/worksheets/sheet1.xml':
          '<worksheet><dimension ref="A1:C3"/><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>rate</t></is></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>700000</v></c><c r="C2"><v>0.5</v></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>Rome</t></is></c><c r="C3"><v>1.25</v></c></row></sheetData></worksheet>',
      },
      ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml'],
    );
    const s = await summarizeWorkspace(port({ 'data.xlsx': book }), 500);
    expect(s).toContain('Excel workbook, 2 rows × 3 columns');
    expect(s).toContain('sheets: Sales & costs, Notes; first sheet shown');
    expect(s).toContain('columns: city (text), pop (integer), rate (number)');
    expect(s).toContain('    Oslo,700000,0.5');
  });

  it('stays within the budget: previews first, names for the rest, a count beyond that', async () => {
    const many = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [
        `file-${String(i).padStart(3, '0')}.csv`,
        'a,b\n1,2\n',
      ]),
    );
    const s = await summarizeWorkspace(port(many), 200);
    expect(s.length).toBeLessThanOrEqual(600);
    expect(s).toContain('- file-000.csv');
    expect(s).toMatch(/- … and \d+ more files$/);
  });

  it('unreadable or broken files are named, not fatal', async () => {
    const p = port({ 'bad.json': '{"a": ', 'x.xlsx': 'not a zip' });
    const s = await summarizeWorkspace(p, 500);
    expect(s).toContain('bad.json');
    expect(s).toContain('not valid JSON');
    expect(s).toMatch(/x\.xlsx \(9 B\): could not be read \(not a zip file/);
  });

  it('nothing to say for an empty /workspace', async () => {
    expect(await summarizeWorkspace(port({}), 500)).toBe('');
  });

  it('helpers: RFC 4180 quoting and type inference', () => {
    expect(parseDelimited('a,"b,c","d ""q"""\n1,2,3', ',', 10)).toEqual([
      ['a', 'b,c', 'd "q"'],
      ['1', '2', '3'],
    ]);
    expect(inferType(['1', '2', ''])).toBe('integer');
    expect(inferType(['1', '2.5'])).toBe('number');
    expect(inferType(['2024-01-02T10:00:00Z'])).toBe('date');
    expect(inferType(['', ' '])).toBe('empty');
  });
});

describe('the listing in the request', () => {
  it('is sent with a user message when files changed, not again when they did not', () => {
    expect(workspaceNote([], '')).toBe('');
    const note = workspaceNote([], '- a.csv (1 B)');
    expect(note).toContain(`${FILES_OPEN}\n- a.csv (1 B)\n`);
    const history = [{ role: 'user' as const, content: `${note}question` }];
    expect(workspaceNote(history, '- a.csv (1 B)')).toBe('');
    expect(workspaceNote(history, '- b.csv (2 B)')).toContain('- b.csv (2 B)');
    expect(workspaceNote(history, '')).toContain('/workspace is empty now');
  });

  it('the agent loop carries it in the request (fake engine)', async () => {
    let listing =
      '- sales.csv (42 B): CSV, 3 rows × 2 columns\n  columns: region (text), amount (integer)';
    const budgets: number[] = [];
    const h = harness(['First answer.', 'Second answer.', 'Third answer.'], undefined, {
      workspaceSummary: async (budget) => {
        budgets.push(budget);
        return listing;
      },
    });
    await h.agent.send('What drives sales?', { onEvent: h.onEvent });
    const first = h.engine.requests[0]!.messages.at(-1)!;
    expect(first.role).toBe('user');
    expect(first.content).toContain('region (text), amount (integer)');
    expect(first.content.endsWith('What drives sales?')).toBe(true);
    expect(budgets[0]).toBe(409); // a tenth of the 4096-token window
    await h.agent.send('And?', { onEvent: h.onEvent });
    expect(h.engine.requests[1]!.messages.at(-1)!.content).toBe('And?');
    listing = `${listing}\n- notes.txt (5 B)`;
    await h.agent.send('Now?', { onEvent: h.onEvent });
    expect(h.engine.requests[2]!.messages.at(-1)!.content).toContain('notes.txt');
  });

  it('a failing listing never fails the message', async () => {
    const h = harness(['Fine.'], undefined, {
      workspaceSummary: () => Promise.reject(new Error('storage gone')),
    });
    await h.agent.send('hi', { onEvent: h.onEvent });
    expect(h.engine.requests[0]!.messages.at(-1)!.content).toBe('hi');
  });
});
