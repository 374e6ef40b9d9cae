/**
 * The records pages through `app.request` over DynamoDB Local: `/records` in the caller's
 * scope with its filters (form, organisation with its subtree, state, period) and cursor
 * paging, a malformed filter re-shown with its errors, the complete record at `/records/{id}`
 * (every revision, the verification for an intact and a tampered chain, the print and export
 * links), the print view at `/records/{id}/print` with and without a session, and scope: out
 * of scope is the same 404 page as a record that does not exist.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../functions/http/middleware/session.js';
import { PAGE_SIZE } from '../../functions/http/pages/records.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';
import { keys } from '../../functions/store/keys.js';
import { ok } from './print-support.js';
import { act, formExample, ownRegistration, setupEnv, signIn, submittedRegistration, type Client, type TestEnv } from './support.js';

const NOW = new Date('2030-06-14T02:00:00.000Z');
const UNKNOWN = '01J00000000000000000000000';

let env: TestEnv;
let union: Client;
const ids = { approved: '', inReview: '', beta: '', assessment: '', tampered: '', funds: [] as string[] };
let number = '';

async function cookieFor(username: string): Promise<string> {
  const res = await env.app.request('/signin', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: DEFAULT_DEMO_PASSWORD, next: '/' }).toString(),
  });
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (res.status !== 303 || !line) throw new Error(`page sign-in as ${username} failed: ${res.status}`);
  return line.split(';')[0];
}

const cookies: Record<string, string> = {};
async function page(username: string | undefined, path: string) {
  const headers: Record<string, string> = username ? { cookie: (cookies[username] ??= await cookieFor(username)) } : {};
  const res = await env.app.request(path, { headers });
  return { res, status: res.status, text: await res.text() };
}

/** The record ids a list page links to, in order. */
const linked = (text: string) => [...text.matchAll(/<a href="\/records\/([0-9A-Z]{26})">/g)].map((m) => m[1]);

beforeAll(async () => {
  env = await setupEnv({ now: () => NOW });
  const [street, district, beta] = await Promise.all(['dinghailu.reviewer', 'district.reviewer', 'beta.submitter'].map((u) => signIn(env.app, u)));
  union = await signIn(env.app, 'acme.submitter');

  const submitted = await submittedRegistration(union);
  const returned = await ok(act(street, submitted, 'return', { comment: '请补充筹备组成员名单' }));
  const resubmitted = await ok(act(union, returned, 'submit', { data: { ...(await ownRegistration(union)), employees: 130 } }));
  const streetOk = await ok(act(street, resubmitted, 'approve', { comment: '同意' }));
  number = (await ok(act(district, streetOk, 'approve', { comment: '准予建会' }))).number;
  ids.approved = submitted.id;
  ids.inReview = (await submittedRegistration(union)).id;
  ids.beta = (await submittedRegistration(beta)).id;

  const draft = await ok(union.json('POST', '/api/submissions', { formId: 'home-assessment', data: formExample('home-assessment', NOW) }));
  const assessed = await ok(act(union, draft, 'submit'));
  const data = { ...assessed.data, org_committee: { ...assessed.data.org_committee, score: 5 } };
  await ok(act(street, assessed, 'edit', { data, reasons: { 'org_committee.score': '缺少选举记录，扣 2 分' } }));
  ids.assessment = draft.id;

  const tampered = await submittedRegistration(union);
  await ok(act(street, tampered, 'approve', { comment: '同意' }));
  const Key = keys.event(tampered.id, 3);
  const item = (await env.db.doc.send(new GetCommand({ TableName: env.db.table, Key }))).Item!;
  await env.db.doc.send(new PutCommand({ TableName: env.db.table, Item: { ...item, event: { ...item.event, comment: '事后补写的意见' } } }));
  ids.tampered = tampered.id;

  // One more than a page of fund disclosures, for paging.
  for (let i = 0; i <= PAGE_SIZE; i++) ids.funds.push((await ok(union.json('POST', '/api/submissions', { formId: 'fund-oversight', data: {} }))).id);
}, 60_000);

describe('GET /records', () => {
  it('sends a visitor without a session to sign in, and back here afterwards', async () => {
    const { status, res } = await page(undefined, '/records?formId=union-registration');
    expect(status).toBe(303);
    expect(res.headers.get('location')).toBe(`/signin?next=${encodeURIComponent('/records?formId=union-registration')}`);
  });

  it('lists every record in the district auditor’s scope, each linking to its page, with the page headers', async () => {
    const { status, text, res } = await page('district.auditor', '/records?formId=union-registration');
    expect(status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(new Set(linked(text))).toEqual(new Set([ids.approved, ids.inReview, ids.beta, ids.tampered]));
    expect(text).toContain(`<td class="nowrap">${number}</td>`);
    expect(text).toContain('<td class="when">2030-06-14 10:00</td>');
  });

  it('filters by form', async () => {
    const { text } = await page('district.auditor', '/records?formId=home-assessment');
    expect(linked(text)).toEqual([ids.assessment]);
    expect(text).toContain('<option value="home-assessment" selected="">');
  });

  it('filters by an organisation with the organisations under it', async () => {
    const street = linked((await page('district.auditor', '/records?formId=union-registration&orgId=dinghailu')).text);
    expect(new Set(street)).toEqual(new Set([ids.approved, ids.inReview, ids.tampered]));
    const other = linked((await page('district.auditor', '/records?formId=union-registration&orgId=wujiaochang')).text);
    expect(other).toEqual([ids.beta]);
  });

  it('filters by state', async () => {
    const { text } = await page('district.auditor', '/records?status=approved');
    expect(linked(text)).toEqual([ids.approved]);
  });

  it('filters by the month or the dates a record was created', async () => {
    const june = linked((await page('district.auditor', '/records?formId=union-registration&month=2030-06')).text);
    expect(june).toHaveLength(4);
    const may = await page('district.auditor', '/records?month=2030-05');
    expect([may.status, linked(may.text)]).toEqual([200, []]);
    expect(may.text).toContain('id="no-records"');
    expect(linked((await page('district.auditor', '/records?from=2030-06-15')).text)).toEqual([]);
    expect(linked((await page('district.auditor', '/records?formId=union-registration&from=2030-06-14&to=2030-06-14')).text)).toHaveLength(4);
  });

  it('pages with the service’s cursor: 下一页 carries the filter, and the pages neither repeat nor miss a record', async () => {
    const first = await page('acme.submitter', '/records?formId=fund-oversight');
    expect(linked(first.text)).toHaveLength(PAGE_SIZE);
    const next = /<a class="next" rel="next" href="([^"]+)">/.exec(first.text)![1].replaceAll('&amp;', '&');
    expect(next).toMatch(/^\/records\?formId=fund-oversight&cursor=/);
    const second = await page('acme.submitter', next);
    expect(linked(second.text)).toHaveLength(1);
    expect(second.text).not.toContain('rel="next"');
    expect(new Set([...linked(first.text), ...linked(second.text)])).toEqual(new Set(ids.funds));
  });

  it('re-shows a malformed filter with 400, an error summary linking to each field, the message beside it and what was typed', async () => {
    const { status, text } = await page('district.auditor', '/records?month=2030-13&from=2030-02-30&formId=%3Cscript%3E');
    expect(status).toBe(400);
    expect(text).toContain('<a href="#month">');
    expect(text).toContain('<a href="#from">');
    expect(text).toContain('<a href="#formId">');
    expect(text).toContain('<p class="error" id="e-month">');
    expect(text).toContain('value="2030-13"');
    expect(text).not.toContain('<script>');
    expect(linked(text)).toEqual([]);
  });

  it('refuses from after to, and a month together with dates', async () => {
    const reversed = await page('district.auditor', '/records?from=2030-06-20&to=2030-06-01');
    expect([reversed.status, reversed.text.includes('<a href="#to">')]).toEqual([400, true]);
    const both = await page('district.auditor', '/records?month=2030-06&from=2030-06-01');
    expect([both.status, both.text.includes('<a href="#month">')]).toEqual([400, true]);
  });

  it('answers a cursor that is not the service’s with 400 and a way back, never a 500', async () => {
    for (const cursor of ['nonsense', 'eyJyIjo5OX0', 'x'.repeat(600)]) {
      const { status, text } = await page('district.auditor', `/records?cursor=${cursor}`);
      expect(status).toBe(400);
      expect(text).toContain('<a href="#results">');
    }
  });

  it('refuses an organisation outside the caller’s scope as one not offered', async () => {
    const { status, text } = await page('acme.auditor', '/records?orgId=beta');
    expect(status).toBe(400);
    expect(text).toContain('<a href="#orgId">');
    expect(text).not.toContain('<option value="beta"');
  });

  it('shows the 特约经审员 only the union it is assigned to', async () => {
    const { status, text } = await page('acme.auditor', '/records?formId=union-registration');
    expect(status).toBe(200);
    expect(new Set(linked(text))).toEqual(new Set([ids.approved, ids.inReview, ids.tampered]));
    expect(text).not.toContain('上海贝塔设计有限公司工会');
  });

  it('shows a submitter its own union’s records only', async () => {
    const { text } = await page('beta.submitter', '/records');
    expect(linked(text)).toEqual([ids.beta]);
  });
});

describe('GET /records/{id}', () => {
  it('shows the summary, the verification passed, the print link and the downloads of its form', async () => {
    const { status, text } = await page('district.auditor', `/records/${ids.approved}`);
    expect(status).toBe(200);
    expect(text).toContain(`<strong id="number">${number}</strong>`);
    expect(text).toMatch(/<div class="ok" id="verify-result">[\s\S]*?6 个事件的哈希链完整/);
    expect(text).toContain(`href="/records/${ids.approved}/print"`);
    expect(text).toContain('href="/api/exports/submissions?format=csv&amp;formId=union-registration"');
    expect(text).toContain('href="/api/exports/submissions?format=xlsx&amp;formId=union-registration&amp;orgId=acme"');
  });

  it('shows every submitted revision’s data in its own collapsible block, the latest open', async () => {
    const { text } = await page('district.auditor', `/records/${ids.approved}`);
    const blocks = [...text.matchAll(/<details class="revision" id="revision-(\d+)"( open="")?>([\s\S]*?)<\/details>/g)];
    expect(blocks.map((b) => [b[1], Boolean(b[2])])).toEqual([['2', false], ['4', true]]);
    // The employees count as first submitted, then as resubmitted: each revision keeps its own.
    const employees = (block: string) => /职工人数<\/span>[\s\S]*?<td class="num">(\d+)<\/td>/.exec(block)![1];
    expect(employees(blocks[0][3])).not.toBe('130');
    expect(employees(blocks[1][3])).toBe('130');
  });

  it('shows every history event with who, organisation, comment and hash', async () => {
    const { text } = await page('district.auditor', `/records/${ids.approved}`);
    expect(text.match(/<section class="event" id="event-\d+">/g)).toHaveLength(6);
    expect(text).toContain('请补充筹备组成员名单');
    expect(text).toContain('定海路街道总工会');
  });

  it('shows a reviewer’s re-score as a revision derived from the previous one and the recorded edit', async () => {
    const { text } = await page('district.auditor', `/records/${ids.assessment}`);
    const blocks = [...text.matchAll(/<details class="revision" id="revision-(\d+)"[^>]*>([\s\S]*?)<\/details>/g)];
    expect(blocks).toHaveLength(2);
    expect(blocks[1][2]).toContain('由上一版数据加上本事件记录的修改得出');
    const score = (block: string) => /工会委员会<\/span>[\s\S]*?<td><strong>(\d+)<\/strong>/.exec(block)![1];
    expect([score(blocks[0][2]), score(blocks[1][2])]).toEqual(['7', '5']);
  });

  it('reports a history changed afterwards in the database, at the first event that no longer holds', async () => {
    const { status, text } = await page('district.auditor', `/records/${ids.tampered}`);
    expect(status).toBe(200);
    expect(text).toMatch(/<div class="bad" id="verify-result">[\s\S]*?哈希链自第 3 个事件起不成立/);
    expect(text).not.toMatch(/<div class="ok" id="verify-result">/);
  });

  it('answers a record out of scope with exactly the page of one that does not exist', async () => {
    const outside = await page('beta.submitter', `/records/${ids.approved}`);
    const unknown = await page('beta.submitter', `/records/${UNKNOWN}`);
    const malformed = await page('beta.submitter', '/records/not-an-id');
    expect([outside.status, unknown.status, malformed.status]).toEqual([404, 404, 404]);
    // The language switch returns to the path asked for; apart from that path, the pages are one.
    const as = (text: string, id: string) => text.replaceAll(`/records/${id}`, '/records/ID');
    expect(as(outside.text, ids.approved)).toBe(as(unknown.text, UNKNOWN));
    expect(as(malformed.text, 'not-an-id')).toBe(as(unknown.text, UNKNOWN));
    expect(outside.text).toContain('找不到');
  });

  it('keeps a 特约经审员 out of another union’s record', async () => {
    expect((await page('acme.auditor', `/records/${ids.beta}`)).status).toBe(404);
    expect((await page('acme.auditor', `/records/${ids.approved}`)).status).toBe(200);
  });
});

describe('GET /records/{id}/print', () => {
  it('shows the printable record to a signed-in person under its own style hash, with a way back', async () => {
    const { status, text, res } = await page('district.auditor', `/records/${ids.approved}/print`);
    expect(status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(text).toContain(`<strong id="number">${number}</strong>`);
    expect(text).toContain(`<p class="back"><a href="/records/${ids.approved}">`);
    expect(text.match(/<section class="event"/g)).toHaveLength(6);
  });

  it('sends a visitor without a session to sign in first', async () => {
    const { status, res } = await page(undefined, `/records/${ids.approved}/print`);
    expect(status).toBe(303);
    expect(res.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(`/records/${ids.approved}/print`)}`);
  });

  it('answers out of scope with the pages’ 404, under the pages’ headers', async () => {
    const { status, text, res } = await page('beta.submitter', `/records/${ids.approved}/print`);
    expect(status).toBe(404);
    expect(res.headers.get('content-security-policy')).toContain("style-src 'self'");
    expect(text).toContain('找不到');
    expect(text).not.toContain(number);
  });
});

describe('the code sheet, as a hono/jsx document', () => {
  it('escapes a round’s title and keeps its one inline style intact', async () => {
    const draft = await ok(union.json('POST', '/api/submissions', { formId: 'home-assessment', data: {} }));
    const res = await union.request('POST', '/api/rounds', { purpose: 'evaluation', submissionId: draft.id, count: 2, title: '<img src=x onerror=alert(1)> "2030"' }, { accept: 'text/html' });
    const text = await res.text();
    expect(res.status).toBe(201);
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;2030&quot;');
    expect(text).not.toContain('<img');
    // Font names keep their quotes: the stylesheet is not escaped as text would be.
    expect(text).toContain('font-family: "PingFang SC"');
    expect(text.match(/<div class="card">/g)).toHaveLength(2);
  });
});
