/**
 * CSV written from cells a submitter chose to make hostile: line breaks of every kind, quotes,
 * commas and formula starts on any line of a cell. Read back strictly (csv-parse, no relaxing,
 * any line break outside quotes ending a record as spreadsheets read it), every input row is
 * one record of the same width, and every cell is its input with `'` before each line that
 * starts like a formula. The code sheet's CSV follows the same rules.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { codeSheetCsv } from '../../functions/http/code-sheet.js';
import type { Cell } from '../../functions/records/exports-columns.js';
import { csvBody } from '../../functions/records/exports-csv.js';
import type { Round } from '../../functions/store/rounds.js';
import { openInCalc } from './libreoffice.js';

/** Each hostile text and what the file must hold for it, written out by hand. */
export const HOSTILE: [input: string, written: string][] = [
  ['a\nb', 'a\nb'],
  ['a\rb', 'a\rb'],
  ['a\r\nb', 'a\r\nb'],
  ['say "hi", then "bye"', 'say "hi", then "bye"'],
  ['a\n=1+1', "a\n'=1+1"],
  ['x\r=HYPERLINK("http://evil","y")', `x\r'=HYPERLINK("http://evil","y")`],
  ['\n+SUM(A1)', "\n'+SUM(A1)"],
  ['ok\r\n-2\r\n@cmd', "ok\r\n'-2\r\n'@cmd"],
  ['@cmd', "'@cmd"],
  ['\tstart', "'\tstart"],
  ['\rCR', "'\rCR"],
  ['\r\n=1', "'\r\n'=1"],
  ['\n', '\n'],
  ['\r', "'\r"],
  ['a,b,,c', 'a,b,,c'],
  ['=1+1', "'=1+1"],
  ['"=1+1"\n,=2', `"=1+1"\n,=2`],
  ['a\n\n=1\n\t=2', "a\n\n'=1\n'\t=2"],
  ['plain 文本', 'plain 文本'],
];

/** RFC 4180 read strictly, with a lone CR or LF outside quotes ending a record as well. */
export function parseStrict(text: string | Uint8Array): string[][] {
  return parse(typeof text === 'string' ? text : Buffer.from(text), { bom: true, record_delimiter: ['\r\n', '\n', '\r'] });
}

async function written(header: string[], rows: Cell[][]): Promise<string> {
  async function* pages() {
    yield rows;
  }
  // The BOM is kept, so that the strict parse below is the one to skip it.
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await new Response(csvBody(header, pages())).arrayBuffer());
}

describe('CSV from hostile cells', () => {
  const header = ['ID', 'Text', 'Number', 'Money', 'Empty', 'After'];
  const rows: Cell[][] = HOSTILE.map(([input], i) => [`row-${i}`, input, -2, { fen: -150 }, null, 'end']);

  it('keeps every input row one record of the same width, each cell its input neutralised line by line', async () => {
    const text = await written(header, rows);
    expect(text.startsWith('\ufeffID,')).toBe(true);
    const records = parseStrict(text);
    expect(records).toHaveLength(1 + rows.length);
    expect(new Set(records.map((r) => r.length))).toEqual(new Set([header.length]));
    expect(records[0]).toEqual(header);
    expect(records.slice(1)).toEqual(HOSTILE.map(([, text], i) => [`row-${i}`, text, '-2', '-1.50', '', 'end']));
  });

  it('keeps one record when every cell of a row is hostile', async () => {
    const wide = HOSTILE.map(([input]) => input);
    const records = parseStrict(await written(wide, [wide, wide]));
    expect(records).toEqual([0, 1, 2].map(() => HOSTILE.map(([, text]) => text)));
  });

  it('quotes every cell holding a CR or an LF', async () => {
    const broken = HOSTILE.filter(([input]) => /[\r\n]/.test(input));
    expect(broken.length).toBeGreaterThan(10);
    for (const [input] of broken) {
      const text = await written(['x'], [[input]]);
      expect(text.startsWith('\ufeffx\r\n') && text.endsWith('\r\n'), JSON.stringify(text)).toBe(true);
      expect(text.slice('\ufeffx\r\n'.length, -2), JSON.stringify(input)).toMatch(/^"[^]*"$/);
    }
  });
});

describe('CSV from hostile cells, opened in LibreOffice Calc with formulas evaluated', () => {
  const header = ['ID', 'Text', 'Number', 'Money', 'Empty', 'After'];
  const rows: Cell[][] = HOSTILE.map(([input], i) => [`row-${i}`, input, -2, { fen: -150 }, null, 'end']);

  it('sees formulas and forged rows in a file written without quoting line breaks or neutralising', async () => {
    const raw = stringify([header, ...rows.map((r) => r.map((c) => (c === null ? '' : typeof c === 'object' ? '-1.50' : String(c))))], { bom: true, record_delimiter: 'windows' });
    const sheet = await openInCalc(raw);
    expect(sheet.formulas.length).toBeGreaterThan(0);
    expect(sheet.rows.length).toBeGreaterThan(1 + rows.length);
  }, 120_000);

  it('sees one row per record plus the header, the columns in place and no formula', async () => {
    const sheet = await openInCalc(await written(header, rows));
    expect(sheet.formulas).toEqual([]);
    expect(sheet.rows).toHaveLength(1 + rows.length);
    expect(sheet.rows[0]).toEqual(header);
    expect(sheet.rows.slice(1).map((r) => [r[0], r[2], r[3], r[4], r[5]])).toEqual(rows.map((_, i) => [`row-${i}`, -2, -1.5, null, 'end']));
  }, 120_000);
});

describe('the code sheet CSV', () => {
  const round: Round = {
    id: 'r1',
    orgId: 'o1',
    orgPath: ['o1'],
    purpose: 'evaluation',
    title: 'Round\n=HYPERLINK("http://evil","y")',
    count: 2,
    createdAt: '2025-03-01T12:00:00.000Z',
    createdBy: 'u1',
  };

  it('writes a header and one record per code, hostile text neutralised on every line', () => {
    const text = codeSheetCsv({ orgName: '工会\r@cmd', round, codes: ['AAAA-BBBB-CCCC', 'DDDD-EEEE-FFFF'], answerUrl: 'http://localhost/m/evaluate' });
    expect(text.startsWith('\ufeff')).toBe(true);
    const records = parseStrict(text);
    expect(records).toHaveLength(3);
    expect(records.slice(1)).toEqual([
      ['1', 'AAAA-BBBB-CCCC', 'http://localhost/m/evaluate', "工会\r'@cmd", `Round\n'=HYPERLINK("http://evil","y")`],
      ['2', 'DDDD-EEEE-FFFF', 'http://localhost/m/evaluate', "工会\r'@cmd", `Round\n'=HYPERLINK("http://evil","y")`],
    ]);
  });
});
