/**
 * The download's pure parts, no database: cell formatting, the union of form versions, CSV
 * neutralising, and that a client who stops reading stops the pages being read.
 */
import { describe, expect, it } from 'vitest';
import { computedCell, fieldCell, unionOrder, yuan, type Cell } from '../../functions/records/exports-columns.js';
import { shanghaiTime } from '../../workflows/calendar.js';
import { csvBody, csvText, jsonlBody } from '../../functions/records/exports-csv.js';
import { sheetName, xlsxBody } from '../../functions/records/exports-xlsx.js';

describe('export cells', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [123_456_78, '123456.78'],
    [-150, '-1.50'],
    [1_000_000_000_000, '10000000000.00'],
  ])('writes %i fen as %s yuan', (fen, text) => {
    expect(yuan(fen)).toBe(text);
  });

  it('shows an instant in Asia/Shanghai as YYYY-MM-DD HH:mm:ss', () => {
    expect(shanghaiTime('2025-03-01T16:00:00.000Z', 'seconds')).toBe('2025-03-02 00:00:00');
  });

  it('neutralises text starting with = + - @ tab or CR, but not numbers or money it wrote itself', () => {
    expect(['=1+1', '+1', '-2', '@x', '\tx', '\rx', 'a=b'].map(csvText)).toEqual(["'=1+1", "'+1", "'-2", "'@x", "'\tx", "'\rx", 'a=b']);
    expect([-2, { fen: -150 }, null].map((c) => csvText(c as Cell))).toEqual(['-2', '-1.50', '']);
  });

  it('flattens a group with money and files into one line per row', () => {
    const group = {
      key: 'items',
      type: 'group' as const,
      label: { zh: '明细', en: 'Items' },
      fields: [
        { key: 'amount', type: 'money' as const, label: { zh: '金额', en: 'Amount' } },
        { key: 'files', type: 'attachment' as const, label: { zh: '凭证', en: 'Vouchers' } },
      ],
    };
    const file = { id: 'f', name: '发票.pdf', size: 10, contentType: 'application/pdf', sha256: 'ab'.repeat(32) };
    expect(fieldCell(group, [{ amount: 1234, files: [file, file] }, { amount: 5 }])).toBe(
      `1. 金额：12.34；凭证：发票.pdf（10 字节，SHA-256 ${'ab'.repeat(32)}）、发票.pdf（10 字节，SHA-256 ${'ab'.repeat(32)}）\n2. 金额：0.05`,
    );
  });

  it('keeps computed money as money and a computed flag as 是/否', () => {
    expect(computedCell({ key: 'total', label: { zh: '合计', en: 'Total' }, expr: 0, format: 'money' }, 250)).toEqual({ fen: 250 });
    expect(computedCell({ key: 'ok', label: { zh: '达标', en: 'OK' }, expr: 0, format: 'flag' }, false)).toBe('否');
  });

  it('orders the keys of several versions by the newest, keeping a retired key after the one it followed', () => {
    const keys = (...k: string[]) => k.map((key) => ({ key }));
    expect(unionOrder([keys('a', 'x', 'b', 'd'), keys('a', 'b', 'c', 'd')])).toEqual(['a', 'x', 'b', 'c', 'd']);
  });

  it('makes a worksheet name Excel accepts', () => {
    expect(sheetName('建会申请[2027]: 草案/修订?')).toBe('建会申请 2027   草案 修订');
    expect(sheetName('x'.repeat(40))).toHaveLength(31);
  });
});

describe('a client that stops reading', () => {
  /** Endless pages of ten text columns, counting what was read and whether reading ended. */
  function endless() {
    const state = { read: 0, closed: false };
    async function* pages() {
      try {
        for (;;) {
          await new Promise((r) => setTimeout(r, 1));
          state.read++;
          yield Array.from({ length: 100 }, (_, i) => Array.from({ length: 10 }, () => `第 ${i} 行`));
        }
      } finally {
        state.closed = true;
      }
    }
    return { state, pages: pages() };
  }
  const columns = Array.from({ length: 10 }, (_, i) => ({ header: `列 ${i}`, width: 10 }));

  it.each([
    ['csv', (p: AsyncIterable<Cell[][]>) => csvBody(columns.map((c) => c.header), p)],
    ['xlsx', (p: AsyncIterable<Cell[][]>) => xlsxBody('x', columns, p)],
    ['jsonl', (p: AsyncIterable<Cell[][]>) => jsonlBody(p as unknown as AsyncIterable<Record<string, unknown>[]>)],
  ])('stops reading pages once a %s download is cancelled', async (_format, body) => {
    const { state, pages } = endless();
    const reader = body(pages).getReader();
    await reader.read();
    await new Promise((r) => setTimeout(r, 100));
    await reader.cancel();
    const atCancel = state.read;
    await new Promise((r) => setTimeout(r, 200));
    expect(state.closed).toBe(true);
    expect(state.read).toBeLessThanOrEqual(atCancel + 1);
    // Read ahead is bounded by the buffers (about a megabyte), not by the endless source.
    expect(atCancel).toBeLessThan(40);
  });
});
