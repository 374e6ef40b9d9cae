/**
 * An XLSX download through exceljs's streaming WorkbookWriter: each row is committed (turned
 * into XML and handed to the zip) as soon as it is added, and no shared-strings table is kept,
 * so memory does not grow with the number of rows. The writer ignores backpressure itself, so
 * after each page we wait until the zip and the client have caught up before reading the next.
 *
 * Repeating groups get a sheet each, keyed by submission id. A zip entry cannot be written
 * while another is open, so their rows are spilled to a temporary file (one JSON line per
 * row) during the main sheet and streamed into their sheets after it: memory stays flat, and
 * the group sheets hold exactly the submissions of the main sheet (one read of the table).
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough, Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { isMoney, isWhen, type Cell, type Column, type GroupSheet } from './exports-columns.js';

/** exceljs is large: it is loaded by the first spreadsheet download, not at every start. */
const excel = async () => (await import('exceljs')).default;

/** A main-sheet row, with its rows on each group sheet when the form has repeating groups. */
export type XlsxRow = Cell[] | { cells: Cell[]; groups: Cell[][][] };

export const MONEY_FORMAT = '#,##0.00';
export const DATE_FORMAT = 'yyyy-mm-dd';
export const TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Excel refuses a longer cell; the full value is in the JSON Lines download. */
export const XLSX_MAX_CELL = 32_767;

/**
 * Text stays text: a cell written as a string is never evaluated, even one starting with `=`,
 * so XLSX needs no neutralising (and keeps exactly what was entered).
 */
function xlsxValue(cell: Cell): string | number | Date | null {
  if (cell === null || typeof cell === 'number') return cell;
  if (isMoney(cell)) return cell.fen / 100;
  // A spreadsheet date has no time zone: it is written as the wall-clock time in Shanghai.
  if (isWhen(cell)) return 'date' in cell ? new Date(`${cell.date}T00:00:00Z`) : new Date(Date.parse(cell.at) + SHANGHAI_OFFSET_MS);
  return cell.length > XLSX_MAX_CELL ? `${cell.slice(0, XLSX_MAX_CELL - 1)}…` : cell;
}

/**
 * One style object per format, shared by every cell that has it. exceljs remembers the style
 * id of a style object it has seen (a WeakMap by identity); a fresh object per cell, which is
 * what setting `numFmt` or inheriting the column's style makes, is looked up afresh each time,
 * and that lookup was a fifth of the writer's time.
 */
const STYLES = {
  plain: {},
  money: { numFmt: MONEY_FORMAT },
  date: { numFmt: DATE_FORMAT },
  time: { numFmt: TIME_FORMAT },
} satisfies Record<string, Partial<ExcelJS.Style>>;

function styleOf(cell: Cell): Partial<ExcelJS.Style> {
  if (isMoney(cell)) return STYLES.money;
  if (isWhen(cell)) return 'date' in cell ? STYLES.date : STYLES.time;
  return STYLES.plain;
}

type Sheet = ExcelJS.Worksheet & { commit(): void };

/** A sheet with a bold, frozen header row under an autofilter, columns as wide as their labels. */
function openSheet(book: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: Column[]): Sheet {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] }) as Sheet;
  sheet.columns = columns.map((c) => ({ width: c.width }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, columns.length) } };
  const head = sheet.addRow(columns.map((c) => c.header));
  head.font = { bold: true };
  head.commit();
  return sheet;
}

function addCells(sheet: Sheet, cells: Cell[]) {
  const row = sheet.addRow(cells.map(xlsxValue));
  cells.forEach((cell, i) => (row.getCell(i + 1).style = styleOf(cell)));
  row.commit();
}

/** Sheet names are unique in a workbook (case-insensitively): a clash gets a number. */
function uniqueNames(titles: string[]): string[] {
  const used = new Set<string>();
  return titles.map((title) => {
    let name = sheetName(title);
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${sheetName(title).slice(0, 28)} ${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

/** Resolves once the spill file has taken `text` (at once, or after a drain); its listeners are removed after. */
function write(stream: WriteStream, text: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (stream.write(text)) return resolve();
    const done = (error?: Error) => {
      stream.off('drain', done);
      stream.off('error', done);
      if (error) reject(error);
      else resolve();
    };
    stream.on('drain', done);
    stream.on('error', done);
  });
}
const close = (stream: WriteStream) => new Promise<void>((resolve, reject) => stream.end(() => resolve()).once('error', reject));

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

export function xlsxBody(title: string, columns: Column[], pages: AsyncIterable<XlsxRow[]>, groups: GroupSheet[] = []): ReadableStream<Uint8Array> {
  const out = new PassThrough();

  const spilled: WriteStream[] = [];

  async function run(spill: string | undefined) {
    const Excel = await excel();
    const book = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const [mainName, ...groupNames] = uniqueNames([title, ...groups.map((g) => g.title)]);
    const sheet = openSheet(book, mainName, columns);
    if (spill) spilled.push(...groups.map((_, i) => createWriteStream(join(spill, `group-${i}.jsonl`))));
    for await (const page of pages) {
      for (const row of page) {
        addCells(sheet, Array.isArray(row) ? row : row.cells);
        if (!Array.isArray(row)) {
          for (const [i, rows] of row.groups.entries()) if (spilled[i] && rows.length) await write(spilled[i], rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
        }
      }
      await caughtUp(out, book, sheet);
      if (out.destroyed) return; // leaving the loop ends the pages, and their reads
    }
    sheet.commit();
    for (const [i, group] of groups.entries()) {
      await close(spilled[i]);
      const groupSheet = openSheet(book, groupNames[i], group.columns);
      let count = 0;
      for await (const line of createInterface({ input: createReadStream(join(spill!, `group-${i}.jsonl`)), crlfDelay: Infinity })) {
        addCells(groupSheet, JSON.parse(line) as Cell[]);
        if (++count % 200 === 0) await caughtUp(out, book, groupSheet);
        if (out.destroyed) return;
      }
      groupSheet.commit();
    }
    await book.commit(); // ends `out` when the zip is complete
  }

  (async () => {
    const spill = groups.length ? await mkdtemp(join(tmpdir(), 'unionflow-xlsx-')) : undefined;
    try {
      await run(spill);
    } finally {
      for (const stream of spilled) stream.destroy();
      if (spill) await rm(spill, { recursive: true, force: true });
    }
  })().catch((error: Error) => {
    console.error(JSON.stringify({ level: 'error', msg: 'xlsx export failed mid-stream', error: String(error.stack ?? error) }));
    out.destroy(error);
  });
  return Readable.toWeb(out) as unknown as ReadableStream<Uint8Array>;
}
