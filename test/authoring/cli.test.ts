/** `npx unionflow-form`: export a built-in form, check a workbook, report a broken one. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { compileForm } from '../../forms/compile.js';
import { getForm } from '../../forms/registry.js';
import { main } from '../../functions/authoring/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'unionflow-form-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('unionflow-form', () => {
  const file = join(dir, 'audit.xlsx');

  it('exports a built-in form as a workbook and reads it back as the same declaration', async () => {
    expect((await run('export', 'audit-submission', file)).code).toBe(0);
    const read = await run(file);
    expect(read.code).toBe(0);
    expect(JSON.parse(read.out)).toEqual(getForm('audit-submission')!.definition());
    expect(() => compileForm(JSON.parse(read.out))).not.toThrow();
  });

  it('prints each issue of a broken workbook at its cell and exits 1', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    book.getWorksheet('survey')!.getRow(3).getCell(1).value = 'select_one nowhere';
    const broken = join(dir, 'broken.xlsx');
    writeFileSync(broken, Buffer.from(await book.xlsx.writeBuffer()));
    const read = await run(broken);
    expect([read.code, read.out, read.err.trim().split('\n')]).toEqual([1, '', [expect.stringMatching(/^survey!type3: .*nowhere/)]]);
  });

  it('says how to use it, exit 2, for an unknown form or no arguments', async () => {
    expect((await run('export', 'nope')).code).toBe(2);
    const none = await run();
    expect([none.code, none.err]).toEqual([2, expect.stringContaining('usage')]);
  });

  it('runs as the package’s bin, as npx runs it', () => {
    const out = join(dir, 'query.xlsx');
    const run = spawnSync(process.execPath, ['bin/unionflow-form.mjs', 'export', 'fund-query', out], { encoding: 'utf8', timeout: 60_000 });
    expect([run.status, existsSync(out)]).toEqual([0, true]);
    const check = spawnSync(process.execPath, ['bin/unionflow-form.mjs', out], { encoding: 'utf8', timeout: 60_000 });
    expect([check.status, JSON.parse(check.stdout).id]).toEqual([0, 'fund-query']);
  });
});
