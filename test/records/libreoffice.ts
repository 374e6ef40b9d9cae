/**
 * A CSV opened the way a spreadsheet user opens it: Debian's LibreOffice Calc, headless, with
 * formulas evaluated on import, saved as XLSX and read back with exceljs. Each run has its own
 * profile directory, so runs side by side do not share a LibreOffice instance. Without soffice
 * the tests fail, never skip: .ci/run installs libreoffice-calc-nogui.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';

const SOFFICE = '/usr/bin/soffice';

/**
 * The CSV import filter's tokens: comma, double quote, UTF-8, from line 1, no column formats,
 * default language, quoted fields not forced to text, special numbers detected, (three export
 * tokens), all sheets, and the 13th, "evaluate formulas", on: a cell starting with `=` is
 * imported as a formula, as a spreadsheet user opening the file would get it.
 */
export const CSV_IMPORT = 'CSV:44,34,76,1,,0,false,true,false,false,false,-1,true';

/** Text LibreOffice split into runs of different fonts (CJK and Latin) is read as one string. */
const plain = (value: ExcelJS.CellValue) =>
  value !== null && typeof value === 'object' && 'richText' in value ? value.richText.map((run) => run.text).join('') : value;

/** An imported sheet: every row's cell values, and the address of every formula cell. */
export type CalcSheet = { rows: unknown[][]; formulas: string[] };

export async function openInCalc(csv: string | Uint8Array): Promise<CalcSheet> {
  if (!existsSync(SOFFICE)) throw new Error(`${SOFFICE} is missing: apt-get install libreoffice-calc-nogui (.ci/run does)`);
  const dir = await mkdtemp(join(tmpdir(), 'unionflow-calc-'));
  try {
    await writeFile(join(dir, 'in.csv'), csv);
    const profile = pathToFileURL(join(dir, 'profile')).href;
    await promisify(execFile)(
      SOFFICE,
      [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--nolockcheck', `--infilter=${CSV_IMPORT}`, '--convert-to', 'xlsx', '--outdir', join(dir, 'out'), join(dir, 'in.csv')],
      { timeout: 120_000, env: { ...process.env, HOME: dir } },
    );
    const out: string[] = await readdir(join(dir, 'out')).catch(() => []);
    if (!out.includes('in.xlsx')) throw new Error(`LibreOffice wrote no workbook (got ${JSON.stringify(out)})`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, 'out', 'in.xlsx'));
    const sheet = book.worksheets[0];
    const rows: unknown[][] = [];
    const formulas: string[] = [];
    for (let n = 1; n <= sheet.rowCount; n++) {
      const row = sheet.getRow(n);
      const values: unknown[] = [];
      for (let col = 1; col <= sheet.columnCount; col++) {
        const cell = row.getCell(col);
        if (cell.type === ExcelJS.ValueType.Formula || cell.formula !== undefined) formulas.push(cell.address);
        values.push(plain(cell.value));
      }
      rows.push(values);
    }
    return { rows, formulas };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
