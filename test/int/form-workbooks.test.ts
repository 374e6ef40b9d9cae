/**
 * Form versions as workbooks through the API: anyone signed in downloads a version as .xlsx;
 * the admin uploads an edited workbook as the next version; a workbook in the wrong shape, or
 * whose declaration does not compile, is refused with 422 naming its cells; nobody else may.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { XLSX_TYPE } from '../../functions/authoring/workbook.js';
import { setupEnv, signIn, type Client, type TestEnv } from './support.js';

let env: TestEnv;
let admin: Client;
let submitter: Client;

beforeAll(async () => {
  env = await setupEnv();
  [admin, submitter] = await Promise.all(['admin', 'acme.submitter'].map((u) => signIn(env.app, u)));
});

async function download(client: Client, formId: string, version: number): Promise<Buffer> {
  const res = await client.request('GET', `/api/forms/${formId}/versions/${version}/workbook`);
  expect([res.status, res.headers.get('content-type')]).toEqual([200, XLSX_TYPE]);
  return Buffer.from(await res.arrayBuffer());
}

async function edited(bytes: Buffer, change: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  change(book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Set `header` of the settings sheet's row 2. */
const setting = (header: string, value: ExcelJS.CellValue) => (book: ExcelJS.Workbook) => {
  const sheet = book.getWorksheet('settings')!;
  sheet.getRow(1).eachCell((cell, column) => {
    if (cell.value === header) sheet.getRow(2).getCell(column).value = value;
  });
};

const upload = (client: Client, formId: string, bytes: Buffer) =>
  Promise.resolve(
    env.app.request(`/api/forms/${formId}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.token}`, 'content-type': XLSX_TYPE },
      body: new Uint8Array(bytes),
    }),
  );

describe('form versions as workbooks', () => {
  it('lets a submitter download the current version as a workbook named after it', async () => {
    const res = await submitter.request('GET', '/api/forms/member-evaluation/versions/1/workbook');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="member-evaluation-v1.xlsx"');
  });

  it('answers 404 for a version that does not exist', async () => {
    expect((await submitter.request('GET', '/api/forms/member-evaluation/versions/9/workbook')).status).toBe(404);
  });

  it('publishes an edited workbook as the next version, with the edit in it', async () => {
    const bytes = await edited(await download(admin, 'member-evaluation', 1), setting('title::zh', '会员评家问卷（2027 版）'));
    const res = await upload(admin, 'member-evaluation', bytes);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ version: 2 });
    const v2 = (await submitter.json('GET', '/api/forms/member-evaluation/versions/2')).body;
    expect(v2.title.zh).toBe('会员评家问卷（2027 版）');
  });

  it('refuses a workbook in the wrong shape with 422 naming the cell, and publishes nothing', async () => {
    const before = (await admin.json('GET', '/api/forms/fund-query/versions')).body.items.length;
    const bytes = await edited(await download(admin, 'fund-query', 1), (book) => {
      const sheet = book.getWorksheet('survey')!;
      sheet.getRow(3).getCell(1).value = 'select_one nowhere';
    });
    const res = await upload(admin, 'fund-query', bytes);
    const body = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
    expect([res.status, body.error.code, body.error.issues.map((i) => i.path)]).toEqual([422, 'validation_failed', ['survey!type3']]);
    expect((await admin.json('GET', '/api/forms/fund-query/versions')).body.items.length).toBe(before);
  });

  it('refuses a workbook whose declaration does not compile, with 422', async () => {
    const bytes = await edited(await download(admin, 'fund-query', 1), (book) => {
      book.getWorksheet('survey')!.getRow(3).getCell(1).value = 'txet';
    });
    const res = await upload(admin, 'fund-query', bytes);
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([422, 'validation_failed']);
  });

  it('refuses bytes that are not a workbook with 422, not a 500', async () => {
    const res = await upload(admin, 'fund-query', Buffer.from('PK\u0003\u0004 not really a zip'));
    expect(res.status).toBe(422);
  });

  it('lets only the admin publish a workbook: 403 for a submitter', async () => {
    const res = await upload(submitter, 'member-evaluation', await download(submitter, 'member-evaluation', 1));
    expect(res.status).toBe(403);
  });
});
