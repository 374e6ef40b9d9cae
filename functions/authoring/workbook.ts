/**
 * Form declarations as .xlsx workbooks (the sheets of forms/xlsform.ts), read and written with
 * exceljs: an admin downloads a version as a workbook, edits it in Excel or WPS, and uploads
 * it as the next version; `npx unionflow-form` does the same offline.
 */
import type ExcelJS from 'exceljs';
import { compileForm } from '../../forms/compile.js';
import type { FormIssue } from '../../forms/language.js';
import { DomainError, validationFailed } from '../store/errors.js';
import { columnsOf, declarationToSheets, SHEETS, sheetsToDeclaration, type Cell, type Location, type Row, type Sheets, type SheetIssue } from '../../forms/xlsform.js';

/** exceljs is large: it is loaded by the first workbook read or written, not at every start. */
const excel = async () => (await import('exceljs')).default;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A workbook of a declaration: one sheet each, a bold frozen header, columns wide enough to read. */
export async function declarationWorkbook(declaration: object): Promise<Buffer> {
  const sheets = declarationToSheets(declaration);
  const book = new (await excel()).Workbook();
  book.creator = 'unionflow';
  for (const name of SHEETS) {
    const rows = sheets[name] ?? [];
    const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    const columns = columnsOf(rows);
    sheet.columns = columns.map((header) => ({ header, key: header, width: Math.min(60, Math.max(12, header.length + 2)) }));
    sheet.getRow(1).font = { bold: true };
    for (const row of rows) {
      const values: Record<string, Cell> = {};
      // A string is written as text even when it looks like a number, so it reads back the same.
      for (const column of columns) values[column] = row[column] ?? null;
      sheet.addRow(values);
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** One cell's value as a plain value: rich text joined, a formula's result, a date as YYYY-MM-DD. */
function plain(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text;
  if ('result' in value) return plain(value.result as ExcelJS.CellValue);
  if ('error' in value) return null;
  return String(value);
}

export type WorkbookResult =
  | { ok: true; declaration: Record<string, unknown>; locate: (path: string) => Location | undefined }
  | { ok: false; issues: (SheetIssue | FormIssue)[] };

const unreadable = (): WorkbookResult => ({
  ok: false,
  issues: [{ path: 'workbook', message: { zh: '无法读取该文件：请上传 .xlsx 工作簿', en: 'The file cannot be read: upload an .xlsx workbook' } }],
});

/** The rows of every sheet of a workbook, by the header row's names; empty rows skipped. */
export async function readSheets(bytes: Uint8Array): Promise<Sheets | undefined> {
  const book = new (await excel()).Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return undefined;
  }
  const sheets: Sheets = {};
  book.eachSheet((sheet) => {
    const headers: string[] = [];
    sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, column) => {
      headers[column] = String(plain(cell.value) ?? '').trim();
    });
    const rows: Row[] = [];
    sheet.eachRow({ includeEmpty: true }, (row, number) => {
      if (number === 1) return;
      const values: Row = {};
      let empty = true;
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        const header = headers[column];
        const value = plain(cell.value);
        if (!header || value === null || value === '') return;
        values[header] = value;
        empty = false;
      });
      // Rows are numbered as the spreadsheet numbers them, so a blank row keeps its place.
      rows[number - 2] = empty ? {} : values;
    });
    sheets[sheet.name.trim()] = Array.from(rows, (row) => row ?? {});
  });
  return sheets;
}

/** A workbook's declaration, its shape checked, or the issues with their cells. */
export async function workbookDeclaration(bytes: Uint8Array): Promise<WorkbookResult> {
  const sheets = await readSheets(bytes);
  return sheets ? sheetsToDeclaration(sheets) : unreadable();
}

/**
 * A use of a workbook's declaration (a publish, a preview) whose refusals point back at the
 * workbook: a sheet in the wrong shape at its cells, and a declaration's issue
 * (`declaration.sections.0.fields.2.type`) at the cell it came from (`survey!type3`).
 */
export async function withWorkbook<T>(bytes: Uint8Array, use: (declaration: Record<string, unknown>) => Promise<T>): Promise<T> {
  const read = await workbookDeclaration(bytes);
  if (!read.ok) throw validationFailed(read.issues);
  try {
    return await use(read.declaration);
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'validation_failed' || !error.issues) throw error;
    throw validationFailed(
      error.issues.map((issue) => {
        const at = read.locate(issue.path.replace(/^declaration\.?/, ''));
        return at ? { ...issue, path: `${at.sheet}!${at.column ?? ''}${at.row}` } : issue;
      }),
    );
  }
}

/** A workbook compiled as a form: what `npx unionflow-form` prints. */
export async function checkWorkbook(bytes: Uint8Array): Promise<WorkbookResult> {
  const read = await workbookDeclaration(bytes);
  if (!read.ok) return read;
  try {
    compileForm(read.declaration as never);
  } catch (error) {
    return { ok: false, issues: [{ path: 'declaration', message: { zh: `表单定义有误：${(error as Error).message}`, en: `The declaration is not valid: ${(error as Error).message}` } }] };
  }
  return read;
}
