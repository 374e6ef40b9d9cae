/**
 * The spreadsheet conventions of the writers, without a database: widths that count a Chinese
 * character as two, dates and instants as cells (text in CSV, real dates in XLSX at Shanghai
 * wall-clock time), and repeating groups on sheets of their own with unique names.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellText, displayWidth, fieldCell, type Cell } from '../../functions/records/exports-columns.js';
import { csvText } from '../../functions/records/exports-csv.js';
import { xlsxBody, type XlsxRow } from '../../functions/records/exports-xlsx.js';

async function* pages(rows: XlsxRow[]): AsyncGenerator<XlsxRow[]> {
  yield rows;
}

async function workbook(body: ReadableStream<Uint8Array>): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await new Response(body).arrayBuffer()) as ArrayBuffer);
  return book;
}

describe('spreadsheet cells', () => {
  it('counts a CJK or full-width character as two columns and ASCII as one', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('建会申请')).toBe(8);
    expect(displayWidth('金额（元）')).toBe(10);
  });

  it('turns a calendar date field into a date cell, and anything else stays visible text', () => {
    const field = { key: 'd', type: 'date', label: { zh: '日期', en: 'Date' } } as const;
    expect(fieldCell(field as never, '2025-05-28')).toEqual({ date: '2025-05-28' });
    expect(fieldCell(field as never, '2025-02-30x')).toBe('2025-02-30x');
    expect(fieldCell(field as never, 20250528)).toBe('20250528');
  });

  it('writes dates and instants as Shanghai text in CSV', () => {
    expect(csvText({ date: '2025-05-28' })).toBe('2025-05-28');
    expect(csvText({ at: '2025-05-27T16:30:00.000Z' })).toBe('2025-05-28 00:30:00');
    expect(cellText({ fen: -150 })).toBe('-1.50');
  });
});

describe('xlsxBody', () => {
  const columns = [{ header: 'ID', width: 28 }, { header: '创建时间 / Created', width: 20 }, { header: '金额 / Amount', width: 16 }];
  const groups = [
    { title: '明细', columns: [{ header: 'ID', width: 28 }, { header: '行号 / Row', width: 12 }, { header: '日期 / Date', width: 14 }] },
    { title: '明细', columns: [{ header: 'ID', width: 28 }, { header: '行号 / Row', width: 12 }] },
  ];
  const row = (id: string, rows: Cell[][][]): XlsxRow => ({ cells: [id, { at: '2025-05-27T16:30:00.000Z' }, { fen: 123456 }], groups: rows });

  it('writes instants as dates at Shanghai wall-clock time and money as #,##0.00 numbers, under a frozen autofiltered header', async () => {
    const book = await workbook(xlsxBody('表', columns, pages([row('A', [[], []])])));
    const sheet = book.worksheets[0];
    expect(sheet.getRow(2).getCell(2).value).toEqual(new Date('2025-05-28T00:30:00.000Z'));
    expect(sheet.getRow(2).getCell(2).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(sheet.getRow(2).getCell(3).value).toBe(1234.56);
    expect(sheet.getRow(2).getCell(3).numFmt).toBe('#,##0.00');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(JSON.stringify(sheet.autoFilter)).toContain('A1');
  });

  it('puts each group on its own uniquely named sheet, rows in order, keyed by the submission', async () => {
    const body = xlsxBody('表', columns, pages([
      row('A', [[['A', 1, { date: '2025-05-28' }], ['A', 2, null]], [['A', 1]]]),
      row('B', [[['B', 1, { date: '2025-06-01' }]], []]),
    ]), groups);
    const book = await workbook(body);
    expect(book.worksheets.map((s) => s.name)).toEqual(['表', '明细', '明细 2']);
    const first = book.worksheets[1];
    expect(first.actualRowCount).toBe(4);
    expect([2, 3, 4].map((r) => [first.getRow(r).getCell(1).value, first.getRow(r).getCell(2).value])).toEqual([['A', 1], ['A', 2], ['B', 1]]);
    expect(first.getRow(4).getCell(3).value).toEqual(new Date('2025-06-01T00:00:00.000Z'));
    expect(book.worksheets[2].actualRowCount).toBe(2);
  });
});
