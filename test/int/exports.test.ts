/**
 * Downloads (API.md, "Downloads") against DynamoDB Local: scope, columns, neutralised CSV
 * cells, JSON Lines that carry the API's view and hash, XLSX read back with exceljs, filters,
 * refused queries, and more rows than one listing page.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../../functions/http/env.js';
import { handleError } from '../../functions/http/errors.js';
import { session } from '../../functions/http/middleware/session.js';
import { exportRoutes } from '../../functions/http/routes/exports.js';
import { verifyChain } from '../../functions/records/chain.js';
import { anonymousJson, formExample, setupEnv, signIn, submittedRegistration, type Client, type TestEnv } from './support.js';

type Row = Record<string, string>;
const EXPORT = '/api/exports/submissions';

/** RFC 4180 as csv-stringify writes it: quoted cells, doubled quotes, CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}

/** The CSV download as header and rows keyed by header label; fails on anything but 200. */
async function csv(client: Client, query: string): Promise<{ header: string[]; rows: Row[] }> {
  const res = await client.request('GET', `${EXPORT}?${query}`);
  const text = await res.text();
  expect(res.status, text.slice(0, 300)).toBe(200);
  const [header, ...records] = parseCsv(text.replace(/^\ufeff/, ''));
  return { header, rows: records.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

async function xlsx(client: Client, query: string): Promise<ExcelJS.Worksheet> {
  const res = await client.request('GET', `${EXPORT}?${query}`);
  expect(res.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  return book.worksheets[0];
}

const REG = 'format=csv&formId=union-registration';
const HOSTILE = { name: '=HYPERLINK("http://evil.example","点我")', industry: '+1', address: '@x', leaderName: '-2', chairCandidate: '\tTAB', womenCommitteeChair: '\rCR' };

describe('submission downloads', () => {
  let env: TestEnv;
  // Day one is 2025-03-01 in Shanghai (20:00), day two 2025-03-02 (01:00): five hours apart.
  const DAY_ONE = Date.parse('2025-03-01T12:00:00.000Z');
  const DAY_TWO = Date.parse('2025-03-01T17:00:00.000Z');
  let clock = DAY_ONE;
  const c: Record<string, Client> = {};
  const ids = { acme: [] as string[], beta: [] as string[], hostile: '', fund: '' };

  beforeAll(async () => {
    env = await setupEnv({ now: () => new Date(clock) });
    for (const n of ['acme.submitter', 'beta.submitter', 'dinghailu.reviewer', 'district.reviewer', 'admin']) c[n] = await signIn(env.app, n);
    ids.acme.push((await submittedRegistration(c['acme.submitter'])).id);
    ids.hostile = (await c['acme.submitter'].json('POST', '/api/submissions', { formId: 'union-registration', data: { kind: 'enterprise', largeEnterprise: false, ...HOSTILE } })).body.id;
    ids.fund = (await c['acme.submitter'].json('POST', '/api/submissions', { formId: 'fund-oversight', data: formExample('fund-oversight') })).body.id;
    clock = DAY_TWO;
    ids.beta.push((await submittedRegistration(c['beta.submitter'])).id);
    ids.acme.push((await submittedRegistration(c['acme.submitter'])).id);
  });

  it('sends CSV as an attachment with a UTF-8 BOM first and a Chinese file name', async () => {
    const res = await c['acme.submitter'].request('GET', `${EXPORT}?${REG}`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="union-registration-20250302.csv"; filename*=UTF-8''${encodeURIComponent('建会申请-20250302.csv')}`,
    );
    expect([...new Uint8Array(await res.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('puts the fixed columns first, then the fields, then the computed values, labelled in Chinese and English', async () => {
    const { header } = await csv(c['acme.submitter'], REG);
    expect(header.slice(0, 9)).toEqual(['ID', '表单版本 / Form version', '组织 / Organisation', '状态 / Status', '步骤 / Step', '编号 / Number', '创建时间 / Created', '更新时间 / Updated', '最新哈希 / Latest hash']);
    expect(header[9]).toBe('建会类型 / Kind');
    expect(header.at(-1)).toBe('入会率(%) / Membership rate (%)');
  });

  it('gives acme.submitter one row per acme submission of the form and nothing of beta', async () => {
    const { rows } = await csv(c['acme.submitter'], REG);
    expect(rows.map((r) => r.ID).sort()).toEqual([...ids.acme, ids.hostile].sort());
  });

  it('gives dinghailu.reviewer its street only and the district every union', async () => {
    expect((await csv(c['dinghailu.reviewer'], REG)).rows.map((r) => r.ID).sort()).toEqual([...ids.acme, ids.hostile].sort());
    expect((await csv(c['district.reviewer'], REG)).rows.map((r) => r.ID).sort()).toEqual([...ids.acme, ids.hostile, ...ids.beta].sort());
  });

  it('neutralises text cells that start with = + - @, a tab or a carriage return', async () => {
    const row = (await csv(c['acme.submitter'], REG)).rows.find((r) => r.ID === ids.hostile)!;
    expect(row['单位名称 / Name']).toBe(`'${HOSTILE.name}`);
    expect(row['所属行业 / Industry']).toBe("'+1");
    expect(row['地址 / Address']).toBe("'@x");
    expect(row['筹备组负责人 / Preparatory group leader']).toBe("'-2");
    expect(row['主席候选人 / Chair candidate']).toBe("'\tTAB");
    expect(row['女职工委员会主任人选 / Women’s committee chair candidate']).toBe("'\rCR");
  });

  it('writes status with its code, the step, Shanghai times, choice labels, 是/否 and the latest hash the API reports', async () => {
    const api = (await c['acme.submitter'].json('GET', `/api/submissions/${ids.acme[0]}`)).body;
    const row = (await csv(c['acme.submitter'], REG)).rows.find((r) => r.ID === ids.acme[0])!;
    expect(row).toMatchObject({
      '表单版本 / Form version': '1',
      '组织 / Organisation': '上海艾克米科技有限公司工会',
      '状态 / Status': '审核中 (in_review)',
      '步骤 / Step': '街道（行业）工会审核 (street-review)',
      '创建时间 / Created': '2025-03-01 20:00:00',
      '最新哈希 / Latest hash': api.lastHash,
      '建会类型 / Kind': '企业单独建会',
      '规模企业 / Large enterprise': '是',
      '重点企业 / Key enterprise': '否',
      '职工人数 / Employees': '120',
    });
  });

  it('writes money as yuan with two decimals and a group as one readable cell', async () => {
    const { rows } = await csv(c['acme.submitter'], 'format=csv&formId=fund-oversight');
    expect(rows).toHaveLength(1);
    expect(rows[0]['期初结余 / Opening balance']).toBe('123456.00');
    expect(rows[0]['本期收入合计 / Total income']).toBe('66723.00');
    expect(rows[0]['支出明细 / Items'].split('\n')[0]).toBe('1. 日期：2025-05-28；支出类别：职工活动支出；用途：端午节会员慰问品；金额：36000.00；集体决策依据：工会委员会 2025 年第 3 次会议纪要');
  });

  it('streams JSON Lines of every form in scope, each line the API view of the submission with its lastHash and its whole history', async () => {
    const res = await c['acme.submitter'].request('GET', `${EXPORT}?format=jsonl`);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = (await res.text()).split('\n');
    expect(lines.pop()).toBe('');
    const records = lines.map((l) => JSON.parse(l));
    const items = records.map((r) => r.submission);
    expect(items.map((i) => i.id).sort()).toEqual([...ids.acme, ids.hostile, ids.fund].sort());
    for (const item of items) expect(item).toEqual((await c['acme.submitter'].json('GET', `/api/submissions/${item.id}`)).body);
    expect(items.every((i) => /^[0-9a-f]{64}$/.test(i.lastHash))).toBe(true);
    // The history as the API gives it, and a chain that verifies offline and ends at lastHash.
    for (const { submission, events } of records) {
      expect(events).toEqual((await c['acme.submitter'].json('GET', `/api/submissions/${submission.id}/history`)).body.events);
      expect(verifyChain(events).ok).toBe(true);
      expect(events.at(-1).hash).toBe(submission.lastHash);
    }
  });

  it('writes an XLSX that exceljs reads back with a bold, frozen header and one row per submission', async () => {
    const sheet = await xlsx(c['district.reviewer'], 'format=xlsx&formId=union-registration');
    expect(sheet.name).toBe('建会申请');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).getCell(4).value).toBe('状态 / Status');
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.actualRowCount).toBe(1 + 4);
    const idsInSheet = Array.from({ length: 4 }, (_, i) => sheet.getRow(i + 2).getCell(1).value);
    expect(idsInSheet.sort()).toEqual([...ids.acme, ids.hostile, ...ids.beta].sort());
  });

  it('keeps XLSX money a number formatted #,##0.00 and hostile text a plain string, never a formula', async () => {
    const fund = await xlsx(c['acme.submitter'], 'format=xlsx&formId=fund-oversight');
    const col = (fund.getRow(1).values as unknown[]).indexOf('期初结余 / Opening balance');
    expect(fund.getRow(2).getCell(col).value).toBe(123456);
    expect(fund.getRow(2).getCell(col).numFmt).toBe('#,##0.00');
    const reg = await xlsx(c['acme.submitter'], 'format=xlsx&formId=union-registration&status=draft');
    const name = reg.getRow(2).getCell((reg.getRow(1).values as unknown[]).indexOf('单位名称 / Name'));
    expect(name.type).toBe(ExcelJS.ValueType.String);
    expect(name.value).toBe(HOSTILE.name);
  });

  it('applies the status filter', async () => {
    const { rows } = await csv(c['district.reviewer'], `${REG}&status=in_review`);
    expect(rows.map((r) => r.ID).sort()).toEqual([...ids.acme, ...ids.beta].sort());
  });

  it('applies from and to as Shanghai calendar dates', async () => {
    expect((await csv(c['district.reviewer'], `${REG}&from=2025-03-02`)).rows.map((r) => r.ID).sort()).toEqual([ids.acme[1], ids.beta[0]].sort());
    expect((await csv(c['district.reviewer'], `${REG}&to=2025-03-01`)).rows.map((r) => r.ID).sort()).toEqual([ids.acme[0], ids.hostile].sort());
  });

  it.each([
    [`${REG}&from=2025-02-30`, 422, 'validation_failed'],
    [`${REG}&from=2025-03-02&to=2025-03-01`, 422, 'validation_failed'],
    [`${REG}&status=pending`, 422, 'validation_failed'],
    ['format=pdf&formId=union-registration', 422, 'validation_failed'],
    [`${REG}&limit=5`, 400, 'bad_request'],
  ])('refuses %s as the listing would: %i %s', async (query, status, code) => {
    const res = await c['district.reviewer'].json('GET', `${EXPORT}?${query}`);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });

  it.each(['format=csv&formId=no-such-form', 'format=jsonl&formId=no-such-form', 'format=csv', 'format=xlsx'])('answers 422 on formId for %s', async (query) => {
    const res = await c['district.reviewer'].json('GET', `${EXPORT}?${query}`);
    expect(res.status).toBe(422);
    expect(res.body.error.issues[0].path).toBe('formId');
  });

  it('answers 401 to a caller without a session', async () => {
    expect((await anonymousJson(env.app, 'GET', `${EXPORT}?${REG}`)).status).toBe(401);
  });

  it('never answers 5xx, whatever the query', async () => {
    const key = fc.constantFrom('format', 'formId', 'status', 'orgId', 'from', 'to', 'cursor', '');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, fc.oneof(fc.string(), fc.constantFrom('csv', 'xlsx', 'jsonl', 'union-registration', '2025-03-01'))), { maxLength: 4 }), async (pairs) => {
        const res = await c['district.reviewer'].request('GET', `${EXPORT}?${new URLSearchParams(pairs)}`);
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });

  // Last: publishing a version changes what the form's later drafts start on.
  it('covers every version of the form when rows were filled on different ones, labelled by the newest', async () => {
    const v1 = (await c.admin.json('GET', '/api/forms/union-registration')).body;
    const v2 = structuredClone(v1);
    const org = v2.sections[0].fields;
    v2.sections[0].fields = org.filter((f: { key: string }) => f.key !== 'address');
    v2.sections[0].fields.splice(1, 0, { key: 'website', type: 'text', label: { zh: '网站', en: 'Website' } });
    v2.sections[0].fields[2].label = { zh: '单位全称', en: 'Full name' };
    delete v2.example.address;
    expect((await c.admin.json('POST', '/api/forms/union-registration/versions', { declaration: v2 })).status).toBe(201);
    const onV2 = (await c['acme.submitter'].json('POST', '/api/submissions', { formId: 'union-registration', data: { website: 'https://acme.example', name: '新版' } })).body;

    const { header, rows } = await csv(c['acme.submitter'], REG);
    expect(header.slice(9, 13)).toEqual(['建会类型 / Kind', '网站 / Website', '单位全称 / Full name', '统一社会信用代码 / Unified social credit code']);
    expect(header.indexOf('地址 / Address')).toBe(header.indexOf('所属街道 / Street') + 1);
    const v2Row = rows.find((r) => r.ID === onV2.id)!;
    expect(v2Row).toMatchObject({ '表单版本 / Form version': '2', '网站 / Website': 'https://acme.example', '单位全称 / Full name': '新版', '地址 / Address': '' });
    expect(rows.find((r) => r.ID === ids.hostile)!['地址 / Address']).toBe("'@x");
  });
});

describe('downloads larger than one listing page', () => {
  const COUNT = 120;
  let env: TestEnv;
  let submitter: Client;
  let created: string[];

  beforeAll(async () => {
    env = await setupEnv();
    submitter = await signIn(env.app, 'acme.submitter');
    created = [];
    for (let batch = 0; batch < COUNT / 10; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => submitter.json('POST', '/api/submissions', { formId: 'union-registration', data: { name: `第 ${batch * 10 + i} 家` } })),
      );
      created.push(...answers.map((a) => a.body.id));
    }
  });

  /** The same route with a small listing page, so a download spans many pages. */
  function smallPages(pageSize: number) {
    const app = new Hono<AppEnv>();
    app.onError(handleError);
    app.use('*', session(env.deps));
    app.route('/api/exports', exportRoutes(env.deps, { pageSize }));
    return app;
  }

  it('delivers every row exactly once through the app (page size 100)', async () => {
    const { rows } = await csv(submitter, REG);
    expect(rows.map((r) => r.ID).sort()).toEqual([...created].sort());
  });

  it('delivers every row exactly once, newest first, across pages of 7 in CSV, XLSX and JSON Lines', async () => {
    const app = smallPages(7);
    const get = (q: string) => app.request(`${EXPORT}?${q}`, { headers: { authorization: `Bearer ${submitter.token}` } });
    const newestFirst = [...created].sort().reverse();

    const csvRows = parseCsv((await (await get(REG)).text()).slice(1)).slice(1);
    expect(csvRows.map((r) => r[0])).toEqual(newestFirst);

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await get('format=xlsx&formId=union-registration')).arrayBuffer());
    expect(book.worksheets[0].actualRowCount).toBe(COUNT + 1);

    const lines = (await (await get('format=jsonl')).text()).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).submission.id)).toEqual(newestFirst);
  });
});
