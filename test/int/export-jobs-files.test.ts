/**
 * The files export jobs write, as their consumers read them: a fund-use disclosure (money,
 * dates, a repeating list of expenditures) exported as XLSX and CSV by a job, then
 * - the XLSX read with exceljs: money a number formatted #,##0.00, dates real dates, a bold
 *   frozen header under an autofilter, Chinese labels with room, the expenditures on a sheet
 *   of their own keyed by submission id;
 * - both opened in LibreOffice Calc headless (Debian's package, a consumer nobody here wrote)
 *   and converted to CSV: the Chinese labels and values, the money and the dates come back.
 * - the JSON Lines: one line per record whose history re-verifies offline.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../functions/http/app.js';
import { submissionView } from '../../functions/http/routes/submissions.js';
import { verifyChain } from '../../functions/records/chain.js';
import { LocalExportFiles } from '../../functions/records/exports-files.js';
import { InProcessExportRunner } from '../../functions/service/export-runner.js';
import { formExample, setupEnv, signIn, type Client } from './support.js';

const SOFFICE = '/usr/bin/soffice';

let app: App;
let dir: string;
let runner: InProcessExportRunner;
let union: Client;
let fundId: string;
const data = formExample('fund-oversight');
const items = data.notable as { date: string; amount: number; purpose: string }[];

/** A job's file, fetched through its link once the job is done. */
async function exported(format: 'csv' | 'xlsx' | 'jsonl', filter: Record<string, string>): Promise<Buffer> {
  const { body } = await union.json('POST', '/api/exports', { format, filter });
  await runner.idle();
  const job = await union.json('GET', `/api/exports/${body.id}`);
  expect(job.body.status).toBe('done');
  return Buffer.from(await (await app.request(job.body.url)).arrayBuffer());
}

/** Every sheet of `file` as LibreOffice Calc converts it to CSV (UTF-8, comma, "as shown"). */
async function calcCsv(file: Buffer, ext: 'csv' | 'xlsx'): Promise<Map<string, string[][]>> {
  if (!existsSync(SOFFICE)) throw new Error(`${SOFFICE} is missing: apt-get install libreoffice-calc-nogui`);
  const work = await mkdtemp(join(tmpdir(), 'unionflow-calc-'));
  try {
    await writeFile(join(work, `in.${ext}`), file);
    const args = [`-env:UserInstallation=${pathToFileURL(join(work, 'profile')).href}`, '--headless', '--norestore', '--nolockcheck'];
    // CSV in: UTF-8, comma, quoted text kept as text. Out: every sheet (-1), each to its own file.
    if (ext === 'csv') args.push('--infilter=CSV:44,34,76,1,,0,true,true');
    args.push('--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1', '--outdir', join(work, 'out'), join(work, `in.${ext}`));
    await promisify(execFile)(SOFFICE, args, { timeout: 120_000, env: { ...process.env, HOME: work } });
    const sheets = new Map<string, string[][]>();
    for (const name of await readdir(join(work, 'out'))) {
      sheets.set(name.replace(/^in-?/, '').replace(/\.csv$/, ''), parse(await readFile(join(work, 'out', name), 'utf8'), { bom: true, relax_column_count: true }));
    }
    return sheets;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  const env = await setupEnv();
  dir = await mkdtemp(join(tmpdir(), 'unionflow-export-files-'));
  runner = new InProcessExportRunner({ db: env.db, now: () => new Date(), files: new LocalExportFiles({ dir }), view: submissionView, pageSize: 1 });
  app = createApp({ ...env.deps, exports: runner });
  union = await signIn(app, 'acme.submitter');
  const draft = await union.json('POST', '/api/submissions', { formId: 'fund-oversight', data });
  expect(draft.status).toBe(201);
  fundId = draft.body.id;
  expect(items.length).toBeGreaterThan(0);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('an XLSX export job', () => {
  let book: ExcelJS.Workbook;
  let file: Buffer;

  beforeAll(async () => {
    file = await exported('xlsx', { formId: 'fund-oversight' });
    book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
  });

  it('writes money as numbers in yuan formatted #,##0.00 and times as real dates', () => {
    const sheet = book.worksheets[0];
    const header = sheet.getRow(1).values as unknown[];
    const opening = sheet.getRow(2).getCell(header.indexOf('期初结余 / Opening balance'));
    expect(opening.value).toBe(data.openingBalance as number / 100);
    expect(opening.numFmt).toBe('#,##0.00');
    const created = sheet.getRow(2).getCell(header.indexOf('创建时间 / Created'));
    expect(created.value).toBeInstanceOf(Date);
    expect(created.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
  });

  it('freezes a bold header row under an autofilter, with columns wide enough for their Chinese labels', () => {
    const sheet = book.worksheets[0];
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeDefined();
    expect(JSON.stringify(sheet.autoFilter)).toMatch(/A1/);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    const header = sheet.getRow(1).values as unknown[];
    const col = header.indexOf('本期收入合计 / Total income');
    // 6 CJK characters count 12, plus ' / Total income' 15: at least 27 wide.
    expect(sheet.getColumn(col).width).toBeGreaterThanOrEqual(27);
  });

  it('puts the repeating expenditures on a sheet of their own, one row each, keyed by the submission id', () => {
    expect(book.worksheets).toHaveLength(2);
    const group = book.worksheets[1];
    const header = group.getRow(1).values as unknown[];
    expect(header.slice(1, 3)).toEqual(['ID', '行号 / Row']);
    expect(group.actualRowCount).toBe(1 + items.length);
    const row = group.getRow(2);
    expect(row.getCell(1).value).toBe(fundId);
    expect(row.getCell(2).value).toBe(1);
    const date = row.getCell(header.indexOf('日期 / Date'));
    expect(date.value).toEqual(new Date(`${items[0].date}T00:00:00Z`));
    expect(date.numFmt).toBe('yyyy-mm-dd');
    const amount = row.getCell(header.indexOf('金额 / Amount'));
    expect(amount.value).toBe(items[0].amount / 100);
    expect(amount.numFmt).toBe('#,##0.00');
    expect(group.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('comes back from LibreOffice with its Chinese labels and values, money and dates intact', async () => {
    const sheets = await calcCsv(file, 'xlsx');
    expect(sheets.size).toBe(2);
    const all = [...sheets.values()];
    const main = all.find((rows) => rows[0].includes('期初结余 / Opening balance'))!;
    const group = all.find((rows) => rows[0].includes('用途 / Purpose'))!;
    expect(main).toBeDefined();
    const col = main[0].indexOf('期初结余 / Opening balance');
    expect(col).toBeGreaterThan(0);
    expect(main[1][col]).toBe(((data.openingBalance as number) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 }));
    expect(main[1][main[0].indexOf('组织 / Organisation')]).toMatch(/工会/);
    expect(main[1][main[0].indexOf('创建时间 / Created')]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(group[0]).toContain('用途 / Purpose');
    expect(group[1][0]).toBe(fundId);
    expect(group[1][group[0].indexOf('日期 / Date')]).toBe(items[0].date);
    expect(group[1][group[0].indexOf('用途 / Purpose')]).toBe(items[0].purpose);
    expect(group[1][group[0].indexOf('金额 / Amount')]).toBe((items[0].amount / 100).toLocaleString('en-US', { minimumFractionDigits: 2 }));
  }, 120_000);
});

describe('a CSV export job', () => {
  it('comes back from LibreOffice with its Chinese labels and values, money and dates intact', async () => {
    const file = await exported('csv', { formId: 'fund-oversight' });
    const [rows] = [...(await calcCsv(file, 'csv')).values()];
    const col = rows[0].indexOf('期初结余 / Opening balance');
    expect(col).toBeGreaterThan(0);
    expect(rows[1][col]).toMatch(new RegExp(`^${(data.openingBalance as number) / 100}(\\.00)?$`));
    expect(rows[1][rows[0].indexOf('组织 / Organisation')]).toMatch(/工会/);
    expect(rows[1][rows[0].indexOf('创建时间 / Created')]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const summary = rows[1][rows[0].indexOf('支出明细 / Items')];
    expect(summary).toContain(`日期：${items[0].date}`);
    expect(summary).toContain(items[0].purpose);
  }, 120_000);
});

describe('a JSON Lines export job', () => {
  it('writes one line per record whose whole history re-verifies offline', async () => {
    const lines = (await exported('jsonl', {})).toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.submission.id)).toEqual([fundId]);
    expect(verifyChain(lines[0].events)).toEqual({ ok: true, events: lines[0].events.length });
    expect(lines[0].events.at(-1).hash).toBe(lines[0].submission.lastHash);
  });
});
