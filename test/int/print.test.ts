/**
 * `GET /api/submissions/{id}/print` through the real app on DynamoDB Local: a registration
 * returned once and approved prints its number, every event with actor, comment and hash,
 * and a latest hash equal to the record's; fields and choices by their labels; a fund
 * disclosure's money in yuan and its files' hashes; a reviewer's re-score with both values
 * and the reason; a tampered history reported; hostile text escaped; and the same 404 outside
 * the caller's scope.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFileStore } from '../../functions/files/local.js';
import { keys } from '../../functions/store/keys.js';
import { eventBlock, ok, print, printed, rowValue } from './print-support.js';
import { act, formExample, setupEnv, signIn, submittedRegistration, validRegistration, type Client, type TestEnv } from './support.js';

const NOW = new Date('2030-06-14T02:00:00.000Z');
const SHANGHAI_NOW = '2030-06-14 10:00:00';
const dir = mkdtempSync(join(tmpdir(), 'unionflow-print-'));

let env: TestEnv;
let union: Client;
let street: Client;
let district: Client;
let committee: Client;

beforeAll(async () => {
  env = await setupEnv({ now: () => NOW, files: new LocalFileStore({ dir, secret: 'print-test', now: () => NOW }) });
  [union, street, district, committee] = await Promise.all(
    ['acme.submitter', 'dinghailu.reviewer', 'district.reviewer', 'acme.committee'].map((u) => signIn(env.app, u)),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a registration returned once, then approved, printed', () => {
  const edited = { ...validRegistration(NOW), employees: 130 };
  let page: string;
  let response: Response;
  let sub: any;
  let events: any[];

  beforeAll(async () => {
    const submitted = await submittedRegistration(union, validRegistration(NOW));
    const returned = await ok(act(street, submitted, 'return', { comment: '请补充筹备组成员名单' }));
    const resubmitted = await ok(act(union, returned, 'submit', { data: edited }));
    const streetApproved = await ok(act(street, resubmitted, 'approve', { comment: '同意，报区总工会' }));
    await ok(act(district, streetApproved, 'approve', { comment: '准予建会' }));
    sub = await ok(district.json('GET', `/api/submissions/${submitted.id}`));
    events = (await ok(district.json('GET', `/api/submissions/${submitted.id}/history`))).events;
    response = await print(district, sub.id);
    page = await response.clone().text();
  });

  it('answers an HTML page that no cache may keep', () => {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('admits only its own stylesheet, by hash, and no script', () => {
    const style = page.match(/<style>([\s\S]*?)<\/style>/)![1];
    const hash = createHash('sha256').update(style, 'utf8').digest('base64');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(csp).not.toContain('script-src');
  });

  it('prints the form title and version, the organisation, the status and the registration number', () => {
    expect(sub.number).toMatch(/^YP-2030-\d{4}$/);
    expect(page).toContain(`<strong id="number">${sub.number}</strong>`);
    expect(rowValue(page, '表单')).toContain('建会申请');
    expect(rowValue(page, '表单')).toContain('union-registration · v1');
    expect(rowValue(page, '填报单位')).toBe(sub.orgName);
    expect(rowValue(page, '状态')).toContain('已批准');
  });

  it('prints the created and updated times in Asia/Shanghai', () => {
    expect(rowValue(page, '创建时间')).toBe(SHANGHAI_NOW);
    expect(rowValue(page, '更新时间')).toBe(SHANGHAI_NOW);
  });

  it('labels fields by the declaration and choices by their label, not their raw value', () => {
    expect(rowValue(page, '建会类型')).toContain('企业单独建会');
    expect(rowValue(page, '所属街道')).toContain('定海路街道');
    expect(rowValue(page, '经济类型')).toContain('私营');
    expect(page).not.toMatch(/>(enterprise|dinghailu|private)</);
    expect(rowValue(page, '职工人数')).toBe('130');
  });

  it('prints every event in order with its action, actor name and organisation, and hash', () => {
    expect(events.map((e) => e.action)).toEqual(['create', 'submit', 'return', 'submit', 'approve', 'approve']);
    for (const e of events) {
      const block = eventBlock(page, e.seq);
      expect(block).toContain(`#${e.seq} `);
      expect(block).toContain(e.actor.name);
      expect(block).toContain(`<td class="hash">${e.hash}</td>`);
      expect(rowValue(block, '时间')).toBe(SHANGHAI_NOW);
    }
    expect(eventBlock(page, 3)).toContain('定海路街道总工会');
    expect(eventBlock(page, 6)).toContain('杨浦区总工会');
    expect(eventBlock(page, 3)).toContain('街道（行业）工会审核</span> <span class="en" lang="en">Street (industry) union review</span> → ');
  });

  it('prints each comment with the event it was given in', () => {
    expect(rowValue(eventBlock(page, 3), '意见')).toContain('请补充筹备组成员名单');
    expect(rowValue(eventBlock(page, 5), '意见')).toContain('同意，报区总工会');
    expect(rowValue(eventBlock(page, 6), '意见')).toContain('准予建会');
    expect(eventBlock(page, 6)).toContain(`<strong>${sub.number}</strong>`);
  });

  it('notes the full data snapshot of each submit, and which one the current data matches', () => {
    expect(rowValue(eventBlock(page, 2), '数据快照')).toContain('与上文当前数据不同');
    expect(rowValue(eventBlock(page, 4), '数据快照')).toContain('与上文当前数据一致');
    expect(eventBlock(page, 5)).not.toContain('数据快照');
  });

  it('prints the latest hash equal to the record’s and reports the chain verified', () => {
    expect(page).toContain(`<p class="hash" id="latest-hash">${sub.lastHash}</p>`);
    expect(sub.lastHash).toBe(events[events.length - 1].hash);
    expect(page).toMatch(/<div class="ok" id="verify-result">[\s\S]*6 个事件的哈希链完整/);
  });
});

describe('a fund disclosure with a voucher, printed', () => {
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 7)]);
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  let page: string;

  beforeAll(async () => {
    const declared = await ok(union.json('POST', '/api/attachments', { name: '端午慰问品发票.pdf', contentType: 'application/pdf', size: pdf.length, sha256 }));
    const put = await env.app.request(declared.upload.url, { method: declared.upload.method, headers: declared.upload.headers, body: pdf });
    expect(put.status).toBe(200);
    await ok(union.json('POST', `/api/attachments/${declared.id}/complete`));
    const ref = { id: declared.id, name: '端午慰问品发票.pdf', size: pdf.length, contentType: 'application/pdf', sha256 };
    const example = formExample('fund-oversight', NOW) as Record<string, any>;
    // 10 members: 3,600.00 yuan of gifts each, above the yearly allowance, so the policy warns.
    const data = { ...example, members: 10, notable: [{ ...example.notable[0], attachments: [ref] }, example.notable[1]] };
    const draft = await ok(union.json('POST', '/api/submissions', { formId: 'fund-oversight', data }));
    const submitted = await ok(act(union, draft, 'submit'));
    await ok(act(committee, submitted, 'approve', { comment: '收支相符，同意公开' }));
    page = await printed(committee, draft.id);
  });

  it('prints money in yuan with two decimals, never in fen', () => {
    expect(rowValue(page, '期初结余')).toBe('123,456.00 元');
    expect(rowValue(page, '其中：节日慰问品')).toBe('36,000.00 元');
    expect(page).not.toContain('12345600');
  });

  it('prints the computed totals in yuan', () => {
    expect(rowValue(page, '期末结余')).toBe('125,479.00 元');
    expect(rowValue(page, '人均节日慰问品')).toBe('3,600.00 元');
  });

  it('prints the notable items as a table with category labels and amounts in yuan', () => {
    const table = page.slice(page.indexOf('支出明细'));
    expect(table).toMatch(/<td>1<\/td><td class="nowrap">2025-05-28<\/td><td><span lang="zh-CN">职工活动支出<\/span>/);
    expect(table).toContain('<td class="num">36,000.00</td>');
    expect(page).not.toMatch(/>exp_activities</);
    expect(rowValue(page, '公开周期')).toContain('季度');
  });

  it('prints each voucher with its name, size and SHA-256', () => {
    expect(page).toContain('<strong>端午慰问品发票.pdf</strong> <span class="note">2.9 KiB (3,009 B)</span>');
    expect(page).toContain(`SHA-256 ${sha256}`);
  });

  it('prints the policy warning with the field it is about', () => {
    expect(page).toMatch(/<p class="warn"><strong><span lang="zh-CN">其中：节日慰问品<\/span>[\s\S]*?人均节日慰问品超过每名会员每年的标准/);
  });
});

describe('a home assessment re-scored by the street, printed', () => {
  const REASON = '委员会换届材料缺少经审会选举记录，扣 2 分';
  let page: string;

  beforeAll(async () => {
    const draft = await ok(union.json('POST', '/api/submissions', { formId: 'home-assessment', data: formExample('home-assessment', NOW) }));
    const submitted = await ok(act(union, draft, 'submit'));
    const data = { ...submitted.data, org_committee: { ...submitted.data.org_committee, score: 5 } };
    await ok(act(street, submitted, 'edit', { data, reasons: { 'org_committee.score': REASON } }));
    page = await printed(street, draft.id);
  });

  it('prints a score item with its score out of its maximum and its evidence note', () => {
    const cell = rowValue(page, '工会委员会');
    expect(cell).toMatch(/^<strong>5<\/strong> \/ \d+<div class="text">2023 年按期换届/);
  });

  it('prints the edit with the field’s label, the value before, the value after and the reason', () => {
    const edit = page.match(/<tbody><tr><td><span lang="zh-CN">工会委员会 · 得分<\/span>[\s\S]*?<\/tr>/)![0];
    expect(edit).toMatch(/<td>7<\/td><td>5<\/td><td class="text">委员会换届材料缺少经审会选举记录，扣 2 分<\/td>/);
  });
});

describe('hostile text in a record', () => {
  const HOSTILE = '<script>alert("name")</script>';
  const COMMENT = '</td><img src=x onerror=alert(1)> & "quoted"';
  let page: string;

  beforeAll(async () => {
    const submitted = await submittedRegistration(union, { ...validRegistration(NOW), name: HOSTILE });
    await ok(act(street, submitted, 'return', { comment: COMMENT }));
    page = await printed(street, submitted.id);
  });

  it('prints a field value escaped, never as markup', () => {
    expect(rowValue(page, '单位名称')).toBe('&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;');
    expect(page).not.toContain('<script');
  });

  it('prints a comment escaped, never as markup', () => {
    expect(page).toContain('&lt;/td&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot;');
    expect(page).not.toContain('<img');
  });
});

describe('a history changed afterwards in the database', () => {
  let page: string;

  beforeAll(async () => {
    const submitted = await submittedRegistration(union, validRegistration(NOW));
    await ok(act(street, submitted, 'approve', { comment: '同意' }));
    // Rewrite the comment of event 3 behind the application's back, as a tamperer would.
    const Key = keys.event(submitted.id, 3);
    const item = (await env.db.doc.send(new GetCommand({ TableName: env.db.table, Key }))).Item!;
    await env.db.doc.send(new PutCommand({ TableName: env.db.table, Item: { ...item, event: { ...item.event, comment: '事后补写的意见' } } }));
    page = await printed(district, submitted.id);
  });

  it('reports the chain broken at the first event that no longer holds', () => {
    expect(page).toMatch(/<div class="bad" id="verify-result">[\s\S]*?哈希链自第 3 个事件起不成立/);
    expect(page).not.toContain('<div class="ok"');
  });

  it('still prints the event as it is stored now, so the change can be seen', () => {
    expect(rowValue(eventBlock(page, 3), '意见')).toBe('事后补写的意见');
  });
});

describe('scope', () => {
  let id: string;
  const UNKNOWN = '01J00000000000000000000000';

  beforeAll(async () => {
    id = (await ok(union.json('POST', '/api/submissions', { formId: 'union-registration', data: {} }))).id;
  });

  it('answers a record outside the caller’s scope with the same 404 as an unknown id', async () => {
    const beta = await signIn(env.app, 'beta.submitter');
    const outside = await print(beta, id);
    const unknown = await print(beta, UNKNOWN);
    const malformed = await print(beta, 'not-an-id');
    expect([outside.status, unknown.status, malformed.status]).toEqual([404, 404, 404]);
    const bodies = [await outside.json(), await unknown.json(), await malformed.json()];
    expect(bodies[0]).toEqual({ error: { code: 'not_found', message: '找不到该内容' } });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
  });

  it('answers the same 404 as GET /api/submissions/{id} for a reviewer of another street', async () => {
    const other = await signIn(env.app, 'wujiaochang.reviewer');
    const read = await other.json('GET', `/api/submissions/${id}`);
    const res = await print(other, id);
    expect(res.status).toBe(read.status);
    expect(await res.json()).toEqual(read.body);
  });

  it('asks for sign-in without a session', async () => {
    const res = await env.app.request(`/api/submissions/${id}/print`);
    expect(res.status).toBe(401);
  });

  it('prints a draft for the union that owns it', async () => {
    const page = await printed(union, id);
    expect(rowValue(page, '状态')).toContain('草稿');
    expect(page).not.toContain('id="number"');
  });
});
