/**
 * The code-round pages through `app.request` over DynamoDB Local: `/rounds` lists the union's
 * rounds with their tallies, `/rounds/new` opens one, and `POST /rounds` answers the code
 * sheet once (201, no-store, the sheet's own hashed-style policy). Failed input comes back as
 * the form with its error summary; a home assessment already submitted is refused; another
 * union's submission, a reviewer, no session and no CSRF token are answered as elsewhere.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CODE_SHEET_CSP } from '../../functions/http/code-sheet.js';
import { SESSION_COOKIE } from '../../functions/http/middleware/session.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';
import { act, formExample, setupEnv, signIn, type Client, type TestEnv } from './support.js';

const FORM = 'application/x-www-form-urlencoded';
const ANSWERS = { q_activities: 'satisfied', q_rights: 'basic', q_openness: 'satisfied', q_services: 'unsatisfied', overall: 'basic' };

let env: TestEnv;
let acme: Client;
let draftId: string;
let submittedId: string;

type Session = { cookie: string; csrf: string };

async function pageSignIn(username: string): Promise<Session> {
  const res = await env.app.request('/signin', { method: 'POST', headers: { 'content-type': FORM }, body: new URLSearchParams({ username, password: DEFAULT_DEMO_PASSWORD }).toString() });
  const token = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.split(';')[0];
  const home = await (await env.app.request('/', { headers: { cookie: token } })).text();
  return { cookie: token, csrf: /name="_csrf" value="([^"]+)"/.exec(home)![1] };
}

const get = (s: Session | undefined, path: string) => env.app.request(path, { headers: s ? { cookie: s.cookie } : {} });

function post(s: Session, fields: Record<string, string>, csrf = true) {
  const body = new URLSearchParams({ ...(csrf ? { _csrf: s.csrf } : {}), ...fields }).toString();
  return env.app.request('/rounds', { method: 'POST', headers: { 'content-type': FORM, cookie: s.cookie }, body });
}

let union: Session;
let beta: Session;
let street: Session;

beforeAll(async () => {
  env = await setupEnv();
  acme = await signIn(env.app, 'acme.submitter');
  draftId = (await acme.json('POST', '/api/submissions', { formId: 'home-assessment', data: {} })).body.id;
  const other = await acme.json('POST', '/api/submissions', { formId: 'home-assessment', data: formExample('home-assessment') });
  submittedId = (await act(acme, other.body, 'submit')).body.id;
  [union, beta, street] = await Promise.all(['acme.submitter', 'beta.submitter', 'dinghailu.reviewer'].map(pageSignIn));
});

describe('GET /rounds/new', () => {
  it('sends a visitor without a session to sign in and back', async () => {
    const res = await get(undefined, `/rounds/new?submission=${draftId}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(`/rounds/new?submission=${draftId}`)}`);
  });

  it('shows the form for the union’s draft assessment: labelled fields, 会员评家 chosen, the draft selected', async () => {
    const res = await get(union, `/rounds/new?submission=${draftId}`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    for (const id of ['submission', 'count', 'title']) expect(html).toContain(`<label class="label" for="${id}">`);
    expect(html).toMatch(/<input type="radio" name="purpose" value="evaluation" id="purpose" checked=""/);
    expect(html).toContain(`<option value="${draftId}" selected="">`);
    expect(html.match(/<h1/g)).toHaveLength(1);
  });

  it('is the same 404 for another union’s assessment as for one that does not exist', async () => {
    const [theirs, missing] = await Promise.all([get(beta, `/rounds/new?submission=${draftId}`), get(beta, '/rounds/new?submission=01JNOSUCHSUBMISSION0000000')]);
    expect([theirs.status, missing.status]).toEqual([404, 404]);
    const [a, b] = await Promise.all([theirs.text(), missing.text()]);
    expect(a.replace(/name="_csrf" value="[^"]+"/g, '')).toBe(b.replace(/name="_csrf" value="[^"]+"/g, ''));
  });

  it('chooses 监督码 for the union’s fund disclosure', async () => {
    const disclosure = await acme.json('POST', '/api/submissions', { formId: 'fund-oversight', data: {} });
    const html = await (await get(union, `/rounds/new?submission=${disclosure.body.id}`)).text();
    expect(html).toMatch(/<input type="radio" name="purpose" value="fund-query" id="purpose-fund-query" checked=""/);
    expect(html).toContain(`<option value="${disclosure.body.id}" selected="">`);
  });

  it.each(['%00', 'x'.repeat(3000), '../../admin', '<script>'])('answers a malformed submission id %j with the 404 page, never a 500', async (given) => {
    expect((await get(union, `/rounds/new?submission=${encodeURIComponent(given)}`)).status).toBe(404);
  });

  it('is not a page for a reviewer, who opens no rounds', async () => {
    expect((await get(street, '/rounds/new')).status).toBe(404);
  });
});

describe('POST /rounds', () => {
  it('refuses a post without the CSRF token, opening nothing', async () => {
    const res = await post(union, { purpose: 'evaluation', submission: draftId, count: '2' }, false);
    expect(res.status).toBe(403);
    expect(await (await get(union, '/rounds')).text()).not.toContain('<td class="num">2</td>');
  });

  it.each([
    ['0', '数量须为 1 至 2000 的整数'],
    ['2001', '数量须为 1 至 2000 的整数'],
    ['1e3', '数量须为 1 至 2000 的整数'],
    ['', '请填写数量'],
  ])('re-renders the form for a count of %j: 400, the summary links to the field, what was typed kept', async (count, message) => {
    const res = await post(union, { purpose: 'evaluation', submission: draftId, count, title: '年度评家' });
    const html = await res.text();
    expect(res.status).toBe(400);
    expect(html).toMatch(new RegExp(`<div class="error-summary"[\\s\\S]*<a href="#count"><span lang="zh-CN">${message}</span>`));
    expect(html).toContain(`<p class="error" id="e-count"><span lang="zh-CN">${message}`);
    expect(html).toMatch(/id="count" name="count"[^>]*aria-invalid="true"/);
    expect(html).toContain('value="年度评家"');
    expect(html).toContain(`<option value="${draftId}" selected="">`);
  });

  it('answers malformed input with the form, never a 500', async () => {
    const res = await post(union, { purpose: 'nonsense', submission: 'x'.repeat(500), count: '-1', title: '长'.repeat(101) });
    const html = await res.text();
    expect(res.status).toBe(400);
    for (const path of ['purpose', 'submission', 'count', 'title']) expect(html).toContain(`href="#${path}"`);
  });

  it('refuses an evaluation round without an assessment: 422 at the submission', async () => {
    const res = await post(union, { purpose: 'evaluation', submission: '', count: '3' });
    expect(res.status).toBe(422);
    expect(await res.text()).toMatch(/<a href="#submission"><span lang="zh-CN">会员评家须关联本单位的职工之家建设自评/);
  });

  it('refuses a round for an assessment already submitted: 422, saying why', async () => {
    const res = await post(union, { purpose: 'evaluation', submission: submittedId, count: '3' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('此自评已经提交');
  });

  it('answers another union’s assessment with the 404 page', async () => {
    const res = await post(beta, { purpose: 'evaluation', submission: draftId, count: '3' });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('找不到该页面');
  });

  it('opens the round and answers its code sheet once: 201, no-store, the sheet’s own strict policy', async () => {
    const res = await post(union, { purpose: 'evaluation', submission: draftId, count: '3', title: '2026 年会员评家', format: 'html' });
    const html = await res.text();
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toBe(CODE_SHEET_CSP);
    expect(CODE_SHEET_CSP).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(html).toContain('本页仅显示这一次');
    expect(html).toContain('2026 年会员评家');
    expect(html).toContain('<a href="/rounds">');
    const codes = [...html.matchAll(/<div class="code">([^<]+)<\/div>/g)].map((m) => m[1]);
    expect(new Set(codes).size).toBe(3);
    // The codes work once each, and the list shows the tally of what members answered.
    for (const code of codes.slice(0, 2)) {
      const answered = await env.app.request('/api/member/evaluations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, answers: ANSWERS }) });
      expect(answered.status).toBe(201);
    }
    const list = await (await get(union, '/rounds')).text();
    expect(list).toContain('2026 年会员评家');
    expect(list).toMatch(/<td class="num">3<\/td><td class="num">2<\/td><td>0 \/ 2 \/ 0<\/td><td class="num">100.0%<\/td>/);
  });

  it('gives a CSV for a mail merge when asked: one row per code', async () => {
    const res = await post(union, { purpose: 'fund-query', submission: '', count: '2', format: 'csv' });
    const text = await res.text();
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(text.trim().split(/\r?\n/)).toHaveLength(3);
  });
});

describe('GET /rounds', () => {
  it('lists only the caller’s own union’s rounds', async () => {
    const theirs = await (await get(beta, '/rounds')).text();
    expect(theirs).not.toContain('2026 年会员评家');
    expect(theirs).toContain('还没有发放过');
  });

  it('offers the way to open a round to a submitter only', async () => {
    expect(await (await get(union, '/rounds')).text()).toContain('href="/rounds/new"');
    expect(await (await get(street, '/rounds')).text()).not.toContain('href="/rounds/new"');
  });
});

describe('the way to a round from a submission', () => {
  it('links the union’s draft assessment to /rounds/new, on its fill and record pages', async () => {
    const href = `/rounds/new?submission=${draftId}`;
    expect(await (await get(union, `/fill/${draftId}`)).text()).toContain(`href="${href}"`);
    expect(await (await get(union, `/submissions/${draftId}`)).text()).toContain(`href="${href}"`);
  });

  it('does not offer it for an assessment already submitted', async () => {
    expect(await (await get(union, `/submissions/${submittedId}`)).text()).not.toContain('/rounds/new?submission=');
  });
});
