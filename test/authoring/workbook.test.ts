/**
 * Form declarations as real .xlsx workbooks (exceljs): every declared form written and read
 * back is the same declaration; a workbook edited as a person would (Excel's booleans, dates,
 * rich text) reads as they meant; a file that is not a workbook is refused, not a crash.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { compileForm } from '../../forms/compile.js';
import { DECLARATIONS } from '../../forms/registry.js';
import { checkWorkbook, declarationWorkbook, readSheets, workbookDeclaration } from '../../functions/authoring/workbook.js';

const definitions = DECLARATIONS.map((decl) => compileForm(decl).definition());
const definition = (id: string) => definitions.find((d) => d.id === id)!;

async function edit(bytes: Buffer, change: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  change(book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The first row of the survey sheet whose `name` column holds `name`, and that sheet's columns by header. */
function surveyRow(book: ExcelJS.Workbook, name: string) {
  const sheet = book.getWorksheet('survey')!;
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, column) => columns.set(String(cell.value), column));
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row, number) => {
    if (number > 1 && !found && row.getCell(columns.get('name')!).value === name && !String(row.getCell(columns.get('type')!).value).startsWith('end')) found = row;
  });
  return { row: found!, column: (header: string) => columns.get(header)! };
}

describe('a declaration as an .xlsx workbook', () => {
  it.each(definitions.map((d) => [d.id, d] as const))('writes %s and reads back an equal declaration', async (_id, decl) => {
    const read = await workbookDeclaration(await declarationWorkbook(decl));
    expect(read.ok && read.declaration).toEqual(decl);
  });

  it('has the six sheets, each with a frozen header row', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await declarationWorkbook(definition('home-assessment'))) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['settings', 'survey', 'choices', 'rules', 'params', 'example']);
    for (const sheet of book.worksheets) expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('reads an edit made in a spreadsheet: a new label, TRUE typed as text, a rich-text cell', async () => {
    const bytes = await edit(await declarationWorkbook(definition('union-registration')), (book) => {
      const { row, column } = surveyRow(book, 'name');
      row.getCell(column('label::zh')).value = { richText: [{ text: '单位' }, { text: '全称', font: { bold: true } }] };
      row.getCell(column('required')).value = '是';
    });
    const read = await workbookDeclaration(bytes);
    const fields = read.ok ? (read.declaration.sections as { fields: { key: string; label: unknown; required?: boolean }[] }[]).flatMap((s) => s.fields) : [];
    expect(fields.find((f) => f.key === 'name')).toMatchObject({ label: { zh: '单位全称' }, required: true });
  });

  it('reads a date typed into an example cell as YYYY-MM-DD', async () => {
    const bytes = await edit(await declarationWorkbook(definition('union-registration')), (book) => {
      const sheet = book.getWorksheet('example')!;
      sheet.addRow(['foundingDate', new Date(Date.UTC(2027, 2, 15))]);
    });
    const sheets = await readSheets(bytes);
    expect(sheets?.example.at(-1)).toEqual({ name: 'foundingDate', value: '2027-03-15' });
  });

  it('refuses a file that is not a workbook with 422-style issues, not a throw', async () => {
    const read = await workbookDeclaration(new TextEncoder().encode('name,label\nx,y\n'));
    expect(read).toMatchObject({ ok: false, issues: [{ path: 'workbook' }] });
  });

  it('checks the declaration a workbook holds: a field type the language lacks is refused at compile', async () => {
    const bytes = await edit(await declarationWorkbook(definition('union-registration')), (book) => {
      const { row, column } = surveyRow(book, 'name');
      row.getCell(column('type')).value = 'txet';
    });
    const checked = await checkWorkbook(bytes);
    expect(checked.ok).toBe(false);
    expect(JSON.stringify(checked)).toContain('txet');
  });
});
