/**
 * The member pages at /m (server-rendered HTML for a phone) through the real app and
 * DynamoDB Local: the questionnaire is rendered from the current form declaration, answers
 * and queries go through the same services as /api/member, an unknown and a used code get
 * the same 404 page without the code in it, and whatever a member types comes back escaped.
 */
import { releaseQueries } from '../../functions/service/member-queries.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { getForm } from '../../forms/registry.js';
import { act, formExample, inboxIds, setupEnv, signIn, type Client, type TestEnv } from './support.js';

const HOSTILE = '<script>alert("x")</script>';
const ANSWERS = { q_activities: 'satisfied', q_rights: 'basic', q_openness: 'satisfied', q_services: 'unsatisfied', overall: 'basic' };

type Page = { status: number; text: string; headers: Headers };

let env: TestEnv;
let union: Client;
let roundId: string;
let evalCodes: string[];
let disclosureId: string;
let draftDisclosureId: string;
let queryCodes: string[];

async function get(path: string): Promise<Page> {
  const res = await env.app.request(path);
  return { status: res.status, text: await res.text(), headers: res.headers };
}

async function post(path: string, fields: Record<string, string>, type = 'application/x-www-form-urlencoded'): Promise<Page> {
  const body = type === 'application/json' ? JSON.stringify(fields) : new URLSearchParams(fields).toString();
  const res = await env.app.request(path, { method: 'POST', headers: { 'content-type': type }, body });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const evaluate = (code: string, fields: Record<string, string> = ANSWERS) => post('/m/evaluate', { code, ...fields });

/** The disclosure example for 10 members, so its festival gifts exceed the yearly allowance. */
function disclosureData() {
  const data = { ...formExample('fund-oversight'), members: 10 } as Record<string, any>;
  data.notable = data.notable.map((row: Record<string, unknown>, i: number) => (i === 1 ? { ...row, purpose: `${HOSTILE}困难职工帮扶` } : row));
  return data;
}

beforeAll(async () => {
  env = await setupEnv();
  const committee = await signIn(env.app, 'acme.committee');
  union = await signIn(env.app, 'acme.submitter');

  const assessment = await union.json('POST', '/api/submissions', { formId: 'home-assessment', data: {} });
  const evalRound = await union.json('POST', '/api/rounds', { purpose: 'evaluation', submissionId: assessment.body.id, count: 12 });
  expect(evalRound.status).toBe(201);
  [roundId, evalCodes] = [evalRound.body.round.id, evalRound.body.codes];

  const draft = await union.json('POST', '/api/submissions', { formId: 'fund-oversight', data: disclosureData() });
  draftDisclosureId = (await union.json('POST', '/api/submissions', { formId: 'fund-oversight', data: {} })).body.id;
  const submitted = await act(union, draft.body, 'submit');
  const published = await act(committee, submitted.body, 'approve', { comment: '经审查，收支真实' });
  expect(published.body.step).toBe('published');
  disclosureId = published.body.id;
  const queryRound = await union.json('POST', '/api/rounds', { purpose: 'fund-query', submissionId: disclosureId, count: 6 });
  queryCodes = queryRound.body.codes;
});

describe('the page headers', () => {
  it('sends a strict CSP, no-store and nosniff on a page', async () => {
    const page = await get('/m/evaluate');
    expect(page.headers.get('content-type')).toMatch(/^text\/html; charset=UTF-8/i);
    const csp = page.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "form-action 'self'", "frame-ancestors 'none'"]) expect(csp).toContain(directive);
    expect(page.text).toContain('<link rel="stylesheet" href="/assets/app.css?v=');
    expect(page.text).not.toMatch(/<style|<script| style=/);
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe');
    expect([page.headers.get('cache-control'), page.headers.get('x-content-type-options')]).toEqual(['no-store', 'nosniff']);
  });

  it('sends the same headers on an error page', async () => {
    const page = await get('/m/disclosures/nope');
    expect(page.status).toBe(404);
    expect([page.headers.get('cache-control'), page.headers.get('x-content-type-options')]).toEqual(['no-store', 'nosniff']);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('answers an unknown path under /m with an HTML 404 page', async () => {
    const page = await get('/m/nothing-here');
    expect([page.status, page.text]).toEqual([404, expect.stringContaining('找不到该页面')]);
  });
});

describe('GET /m/evaluate', () => {
  it('renders each choice question of the current form as a radio group with its zh and en labels', async () => {
    const page = await get('/m/evaluate');
    const fields = getForm('member-evaluation')!.decl.sections.flatMap((s) => s.fields).filter((f) => f.type === 'choice');
    expect(fields.length).toBeGreaterThan(0);
    for (const field of fields) {
      expect(page.text).toContain(field.label.zh);
      expect(page.text).toContain(field.label.en);
      for (const o of field.type === 'choice' ? field.options : []) {
        expect(page.text).toContain(`type="radio" name="${field.key}" value="${o.value}"`);
      }
    }
    expect(page.text).toContain('基本满意</span> <span class="en" lang="en">Basically satisfied');
  });

  it('renders the optional comment and an empty code field', async () => {
    const page = await get('/m/evaluate');
    expect(page.text).toMatch(/<textarea id="f-comment" name="comment" maxlength="500">/);
    expect(page.text).toContain('name="code" value=""');
  });

  it('prefills the code from ?code=, escaped', async () => {
    const page = await get(`/m/evaluate?code=${encodeURIComponent('AB"><b>x')}`);
    expect(page.text).toContain('name="code" value="AB&quot;&gt;&lt;b&gt;x"');
    expect(page.text).not.toContain('<b>x');
  });
});

describe('POST /m/evaluate', () => {
  it('records the answer and shows the thank-you page', async () => {
    const page = await evaluate(evalCodes[0], { ...ANSWERS, comment: '书屋很好' });
    expect(page.status).toBe(201);
    expect(page.text).toContain('感谢您的评价');
    const round = await union.json('GET', `/api/rounds/${roundId}`);
    expect(round.body.tally).toMatchObject({ answers: 1, basic: 1 });
  });

  it('shows the form again with a message beside each missing answer and the entered values kept: 422', async () => {
    const page = await evaluate(evalCodes[1], { q_activities: 'basic', comment: '周末活动多一些' });
    expect(page.status).toBe(422);
    for (const key of ['q_rights', 'q_openness', 'q_services', 'overall']) {
      expect(page.text).toMatch(new RegExp(`<p class="error" id="e-${key}"><span lang="zh-CN">必填</span> <span class="en" lang="en">Required</span>`));
    }
    expect(page.text).not.toContain('id="e-q_activities"');
    expect(page.text).toContain('name="q_activities" value="basic" checked');
    expect(page.text).toContain('>周末活动多一些</textarea>');
    expect(page.text).toContain(`name="code" value="${evalCodes[1]}"`);
  });

  it('does not use the code when the answers are refused', async () => {
    await evaluate(evalCodes[2], {});
    expect((await evaluate(evalCodes[2])).status).toBe(201);
  });

  it('asks for the code when it is left empty: 422', async () => {
    const page = await evaluate('  ');
    expect(page.status).toBe(422);
    expect(page.text).toContain('<p class="error" id="e-code">');
  });

  it('escapes a hostile comment when it shows the form again', async () => {
    const page = await evaluate(evalCodes[3], { q_activities: 'satisfied', comment: HOSTILE });
    expect(page.status).toBe(422);
    expect(page.text).not.toContain('<script>');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</textarea>');
  });

  it('refuses an answer outside the declared options: 422', async () => {
    const page = await evaluate(evalCodes[3], { ...ANSWERS, overall: 'delighted' });
    expect(page.status).toBe(422);
    expect(page.text).toContain('id="e-overall"');
  });

  it('answers an unknown and a used code with the same 404 page, without the code in it', async () => {
    const used = evalCodes[4];
    expect((await evaluate(used)).status).toBe(201);
    const unknown = 'ZZZZ-ZZZZ-ZZZZ';
    const [again, never] = [await evaluate(used), await evaluate(unknown)];
    expect([again.status, never.status]).toEqual([404, 404]);
    expect(again.text).toBe(never.text);
    expect(again.text).toContain('评议码无效或已使用');
    expect(again.text).not.toContain(used);
    expect(again.text).not.toContain(used.replace(/-/g, ''));
    expect(never.text).not.toContain(unknown);
  });

  it('keeps the answers when it refuses a code, so the member can retype only the code', async () => {
    const page = await evaluate('ZZZZ-ZZZZ-ZZZZ', { ...ANSWERS, comment: '留言' });
    expect(page.text).toContain('name="overall" value="basic" checked');
    expect(page.text).toContain('>留言</textarea>');
  });

  it('refuses a body over 8 KiB with a 413 page', async () => {
    const page = await evaluate(evalCodes[5], { ...ANSWERS, comment: 'x'.repeat(9 * 1024) });
    expect(page.status).toBe(413);
    expect(page.text).toContain('提交的内容过长');
  });

  it('refuses a JSON body with a 415 page', async () => {
    const page = await post('/m/evaluate', { code: evalCodes[5], ...ANSWERS }, 'application/json');
    expect(page.status).toBe(415);
  });
});

describe('GET /m/disclosures/:id', () => {
  it('shows the figures in yuan with two decimals: opening 123,456.00, closing balance 125,479.00', async () => {
    const page = await get(`/m/disclosures/${disclosureId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('上海艾克米科技有限公司工会');
    expect(page.text).toMatch(/期初结余.*?<td class="num">123,456\.00<\/td>/);
    expect(page.text).toMatch(/<tr class="total"><th scope="row"><span lang="zh-CN">期末结余<\/span>.*?<td class="num">125,479\.00<\/td>/);
  });

  it('labels income and expenditure by the form’s categories', async () => {
    const page = await get(`/m/disclosures/${disclosureId}`);
    for (const label of ['会费收入', 'Membership dues', '职工活动支出', 'Member activities']) expect(page.text).toContain(label);
    expect(page.text).toMatch(/职工活动支出.*?<td class="num">52,000\.00<\/td>/);
  });

  it('lists the notable expenditures with their category labels, escaping what was typed', async () => {
    const page = await get(`/m/disclosures/${disclosureId}`);
    expect(page.text).toMatch(/<td>2025-05-28<\/td><td><span lang="zh-CN">职工活动支出<\/span>.*?端午节会员慰问品.*?36,000\.00/);
    expect(page.text).not.toContain('<script>');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;困难职工帮扶');
  });

  it('shows the festival-gift policy warning', async () => {
    const page = await get(`/m/disclosures/${disclosureId}`);
    expect(page.text).toMatch(/<p class="warn">.*人均节日慰问品超过每名会员每年的标准/);
  });

  it('links to the query form for this disclosure', async () => {
    const page = await get(`/m/disclosures/${disclosureId}`);
    expect(page.text).toContain(`href="/m/query?disclosure=${disclosureId}"`);
  });

  it('answers an unknown and an unpublished disclosure with the same 404 page', async () => {
    const [unknown, draft] = [await get('/m/disclosures/01ARZ3NDEKTSV4RRFFQ69G5FAV'), await get(`/m/disclosures/${draftDisclosureId}`)];
    expect([unknown.status, draft.status]).toEqual([404, 404]);
    expect(draft.text).toBe(unknown.text);
    expect(draft.text).toContain('没有这份已公开的经费收支信息');
  });
});

describe('/m/query', () => {
  const query = (fields: Record<string, string>) => post('/m/query', { disclosure: disclosureId, ...fields });

  it('offers the disclosure’s categories and notable items as the lines to query', async () => {
    const page = await get(`/m/query?disclosure=${disclosureId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<option value="field:exp_activities">职工活动支出 Member activities</option>');
    expect(page.text).toContain('<option value="row:notable:0">支出明细 1：2025-05-28 端午节会员慰问品 · 36,000.00</option>');
    expect(page.text).not.toContain('<script>');
  });

  it('explains where to start when no disclosure is named', async () => {
    const page = await get('/m/query');
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="disclosure"');
  });

  it('answers a query form for an unpublished disclosure with 404', async () => {
    expect((await get(`/m/query?disclosure=${draftDisclosureId}`)).status).toBe(404);
  });

  it('raises the query on the chosen line and confirms it: the union finds it in its inbox after the release', async () => {
    const before = await inboxIds(union);
    const page = await query({ code: queryCodes[0], line: 'field:exp_activities', question: '活动支出为何增加？' });
    expect(page.status).toBe(201);
    expect(page.text).toContain('监督意见已提交');
    expect(page.text).toContain('不分先后');
    await releaseQueries(env.deps);
    const added = (await inboxIds(union)).filter((id) => !before.includes(id));
    expect(added).toHaveLength(1);
    const sub = await union.json('GET', `/api/submissions/${added[0]}`);
    expect(sub.body).toMatchObject({ formId: 'fund-query', data: { disclosureId, line: '职工活动支出', question: '活动支出为何增加？' } });
  });

  it('keeps and escapes a hostile question when it asks for the missing code: 422', async () => {
    const page = await query({ code: '', line: 'row:notable:1', question: HOSTILE });
    expect(page.status).toBe(422);
    expect(page.text).toContain('<p class="error" id="e-code">');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</textarea>');
    expect(page.text).toContain('<option value="row:notable:1" selected="">');
    expect(page.text).not.toContain('<script>');
  });

  it('refuses a line that is not one of the disclosure’s: 422', async () => {
    const page = await query({ code: queryCodes[1], line: 'field:salaries', question: '?' });
    expect(page.status).toBe(422);
    expect(page.text).toContain('<p class="error" id="e-line">');
  });

  it('asks for the question when it is empty: 422', async () => {
    const page = await query({ code: queryCodes[1], line: '', question: '   ' });
    expect(page.status).toBe(422);
    expect(page.text).toContain('<p class="error" id="e-question">');
  });

  it('answers an unknown and a used code with the same 404 page, without the code in it', async () => {
    const used = queryCodes[2];
    expect((await query({ code: used, line: '', question: '请说明' })).status).toBe(201);
    const [again, never] = [await query({ code: used, line: '', question: '请说明' }), await query({ code: 'ZZZZ-ZZZZ-ZZZZ', line: '', question: '请说明' })];
    expect([again.status, never.status]).toEqual([404, 404]);
    expect(again.text).toBe(never.text);
    expect(again.text).toContain('监督码无效或已使用');
    expect(again.text).not.toContain(used);
  });
});
