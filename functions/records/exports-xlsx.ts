/**
 * An XLSX download through exceljs's streaming WorkbookWriter: each row is committed (turned
 * into XML and handed to the zip) as soon as it is added, and no shared-strings table is kept,
 * so memory does not grow with the number of rows. The writer ignores backpressure itself, so
 * after each page we wait until the zip and the client have caught up before reading the next.
 */
import { PassThrough, Readable } from 'node:stream';
import type ExcelJS from 'exceljs';

/** exceljs is large: it is loaded by the first spreadsheet download, not at every start. */
const excel = async () => (await import('exceljs')).default;
import { isMoney, type Cell, type Column } from './exports-columns.js';

/** Excel refuses a longer cell; the full value is in the JSON Lines download. */
export const XLSX_MAX_CELL = 32_767;

/**
 * Text stays text: a cell written as a string is never evaluated, even one starting with `=`,
 * so XLSX needs no neutralising (and keeps exactly what was entered).
 */
function xlsxValue(cell: Cell): string | number | null {
  if (cell === null || typeof cell === 'number') return cell;
  if (isMoney(cell)) return cell.fen / 100;
  return cell.length > XLSX_MAX_CELL ? `${cell.slice(0, XLSX_MAX_CELL - 1)}…` : cell;
}

/** A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`. */
export function sheetName(title: string): string {
  const clean = [...title.replace(/[[\]:*?/\\]/g, ' ').replace(/^'+|'+$/g, '')].slice(0, 31).join('').trim();
  return clean || 'Sheet1';
}

/** Uncompressed sheet XML allowed to wait for the zip before we stop reading pages. */
const MAX_BACKLOG = 1024 * 1024;

type Buffered = { _writableState?: { length: number }; _readableState?: { length: number } };

const queued = (s: Buffered | undefined) => (s?._writableState?.length ?? 0) + (s?._readableState?.length ?? 0);

/**
 * What is written but not yet sent: the sheet's XML that the zip has not taken, and the zip's
 * output that `out` has not. exceljs pushes into the zip without waiting (so `out` filling up
 * does not stop it) and keeps no public count: this reads its sheet buffers, the zip's
 * PassThrough source and the zip stream itself, defensively (0 where absent).
 */
function backlog(book: object, sheet: object, out: PassThrough): number {
  const stream = (sheet as { stream?: { buffers?: { length: number }[]; pipes?: Buffered[] } }).stream;
  const own = stream?.buffers?.reduce((n, b) => n + b.length, 0) ?? 0;
  const piped = stream?.pipes?.reduce((n, p) => n + queued(p), 0) ?? 0;
  return own + piped + queued((book as { zip?: Buffered }).zip) + out.readableLength + out.writableLength;
}

/** Resolves once `out` has room again (or is gone: a client that left wants no more rows). */
function roomIn(out: PassThrough): Promise<void> {
  if (!out.writableNeedDrain || out.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}

/** Waits until the client has taken nearly all that is queued: at most about one page stays in memory. */
async function caughtUp(out: PassThrough, book: object, sheet: object): Promise<void> {
  await roomIn(out);
  while (!out.destroyed && backlog(book, sheet, out) > MAX_BACKLOG) await new Promise((r) => setTimeout(r, 5));
}

export function xlsxBody(title: string, columns: Column[], pages: AsyncIterable<Cell[][]>): ReadableStream<Uint8Array> {
  const out = new PassThrough();

  async function write() {
    const Excel = await excel();
    const book = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = book.addWorksheet(sheetName(title), { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((c) => ({ width: c.width }));
    const head = sheet.addRow(columns.map((c) => c.header));
    head.font = { bold: true };
    head.commit();
    for await (const page of pages) {
      for (const cells of page) {
        const row = sheet.addRow(cells.map(xlsxValue));
        cells.forEach((cell, i) => {
          if (isMoney(cell)) row.getCell(i + 1).numFmt = '0.00';
        });
        row.commit();
      }
      await caughtUp(out, book, sheet);
      if (out.destroyed) return; // leaving the loop ends the pages, and their reads
    }
    sheet.commit();
    await book.commit(); // ends `out` when the zip is complete
  }
  write().catch((error: Error) => {
    console.error(JSON.stringify({ level: 'error', msg: 'xlsx export failed mid-stream', error: String(error.stack ?? error) }));
    out.destroy(error);
  });
  return Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>;
}
