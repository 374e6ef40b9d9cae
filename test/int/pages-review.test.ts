/**
 * The record/review page through `app.request` over DynamoDB Local: who sees it (out of scope
 * is the same 404 as a missing id), the actions it offers each person, the CSRF check, a
 * refused action shown again with its reason at its field, a return and a resubmit shown as a
 * field-by-field diff, an approval, a street re-score with its reason, and an audit finding
 * raised, answered and accepted through the page.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../forms/validators.js';
import { SESSION_COOKIE } from '../../functions/http/middleware/session.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';
import { shanghaiDate } from '../../workflows/calendar.js';
import { act, formExample, setupEnv, signIn, submittedRegistration, type Client, type TestEnv } from './support.js';

const NOW = new Date('2030-06-14T02:00:00.000Z');
const FORM = 'application/x-www-form-urlencoded';
let env: TestEnv;

type Page = { cookie: string; get: (path: string) => Promise<{ status: number; text: string }>; post: (path: string, fields: Record<string, string>, opts?: { csrf?: boolean }) => Promise<Response>; csrf: string };

/** Sign in through the sign-in page as a demo account: the session cookie and the CSRF token pages carry. */
async function pageAs(username: string): Promise<Page> {
  const res = await env.app.request('/signin', { method: 'POST', headers: { 'content-type': FORM }, body: new URLSearchParams({ username, password: DEFAULT_DEMO_PASSWORD, next: '/' }).toString() });
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
  const cookie = line.split(';')[0];
  const home = await (await env.app.request('/', { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(home)![1];
  const get = async (path: string) => {
    const r = await env.app.request(path, { headers: { cookie } });
    return { status: r.status, text: await r.text() };
  };
  const post = (path: string, fields: Record<string, string>, opts: { csrf?: boolean } = {}) =>
    Promise.resolve(env.app.request(path, { method: 'POST', headers: { 'content-type': FORM, cookie }, body: new URLSearchParams({ ...(opts.csrf === false ? {} : { _csrf: csrf }), ...fields }).toString() }));
  return { cookie, get, post, csrf };
}

/** The names of the actions a page offers: its action forms' hidden fields and its data form's buttons. */
const offered = (html: string) => [...html.matchAll(/name="action" value="([^"]+)"/g)].map((m) => m[1]);
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)![1];
const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)![0];

let submitter: Client;
let reviewer: Page;
let acmePage: Page;
let regId: string;

beforeAll(async () => {
  env = await setupEnv({ now: () => NOW });
  submitter = await signIn(env.app, 'acme.submitter');
  regId = (await submittedRegistration(submitter)).id;
  [reviewer, acmePage] = await Promise.all([pageAs('dinghailu.reviewer'), pageAs('acme.submitter')]);
});

describe('GET /submissions/{id}', () => {
  it('sends a visitor without a session to sign in and back', async () => {
    const res = await env.app.request(`/submissions/${regId}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(`/submissions/${regId}`)}`);
  });

  it('shows the street reviewer the data, 首次提交, the history and 同意 / 退回 / 驳回 in 街道审核', async () => {
    const page = await reviewer.get(`/submissions/${regId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('街道（行业）工会审核');
    expect(page.text).toContain('id="first-submit"');
    expect(page.text).toContain('单位名称');
    expect(page.text).toContain('<span lang="zh-CN">办理记录</span>');
    expect(offered(page.text)).toEqual(['approve', 'return', 'reject', 'transfer', 'addSigner', 'cc', 'comment']);
    expect(page.text).toMatch(/<button type="submit" name="action" value="approve"><span lang="zh-CN">同意<\/span>/);
    expect(main(page.text).match(/<h1/g)).toHaveLength(1);
  });

  it('puts English first for a person who chose it', async () => {
    const r = await env.app.request(`/submissions/${regId}`, { headers: { cookie: `${reviewer.cookie}; uf_lang=en` } });
    const text = await r.text();
    expect(r.status).toBe(200);
    expect(text).toContain('<span lang="en">Approve</span> <span class="zh" lang="zh-CN">同意</span>');
  });

  it('shows the submitter 撤回 and 催办 while the street has not acted, and no review action', async () => {
    const page = await acmePage.get(`/submissions/${regId}`);
    expect(page.status).toBe(200);
    expect(offered(page.text)).toEqual(['withdraw', 'comment', 'remind']);
  });

  it('offers acme’s own committee no review action on its union’s registration', async () => {
    const committee = await pageAs('acme.committee');
    const page = await committee.get(`/submissions/${regId}`);
    expect(page.status).toBe(200);
    expect(offered(page.text)).not.toContain('approve');
    expect(offered(page.text)).not.toContain('return');
  });

  it('answers another union’s submitter and another street’s reviewer with the same 404 page as a missing id', async () => {
    const missing = await reviewer.get('/submissions/01ARZ3NDEKTSV4RRFFQ69G5FAV');
    const [beta, wujiaochang] = await Promise.all([pageAs('beta.submitter'), pageAs('wujiaochang.reviewer')]);
    for (const page of [await beta.get(`/submissions/${regId}`), await wujiaochang.get(`/submissions/${regId}`)]) {
      expect(page.status).toBe(404);
      expect(main(page.text)).toBe(main(missing.text));
    }
    expect(missing.status).toBe(404);
    expect((await reviewer.get('/submissions/not-an-id%27%3E')).status).toBe(404);
  });
});

describe('POST /submissions/{id}/actions', () => {
  it('refuses a post without the CSRF token with 403 and changes nothing', async () => {
    const before = (await submitter.json('GET', `/api/submissions/${regId}`)).body.version;
    const res = await reviewer.post(`/submissions/${regId}/actions`, { action: 'approve', version: String(before) }, { csrf: false });
    expect(res.status).toBe(403);
    expect((await submitter.json('GET', `/api/submissions/${regId}`)).body.version).toBe(before);
  });

  it('answers a garbled version with 400 and a stale one with 409, on the page', async () => {
    expect((await reviewer.post(`/submissions/${regId}/actions`, { action: 'approve', version: 'x' })).status).toBe(400);
    const stale = await reviewer.post(`/submissions/${regId}/actions`, { action: 'approve', version: '1' });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain('class="error-summary"');
  });

  it('answers malformed posts with a page and a 4xx, never a 500', async () => {
    const version = versionOf((await reviewer.get(`/submissions/${regId}`)).text);
    const bodies: Record<string, string>[] = [
      { action: 'constructor', version },
      { action: '__proto__', version, form: 'decide' },
      { action: 'transfer', version, to: '<script>alert(1)</script>' },
      { action: 'addSigner', version, to: 'district.reviewer', position: 'sideways' },
      { action: 'approve', version: '999999999999' },
      { action: 'return', version, form: 'decide', comment: 'x'.repeat(5000) },
    ];
    for (const body of bodies) {
      const res = await reviewer.post(`/submissions/${regId}/actions`, body);
      expect([400, 409, 422], JSON.stringify(body).slice(0, 80)).toContain(res.status);
      expect(await res.text()).toContain('class="error-summary"');
    }
    expect((await submitter.json('GET', `/api/submissions/${regId}`)).body.version).toBe(Number(version));
  });

  it('refuses a return without a comment with 422, the summary linking to the comment and the message beside it', async () => {
    const version = versionOf((await reviewer.get(`/submissions/${regId}`)).text);
    const res = await reviewer.post(`/submissions/${regId}/actions`, { form: 'decide', action: 'return', version, comment: '  ' });
    const text = await res.text();
    expect(res.status).toBe(422);
    expect(text).toContain('<a href="#decide-comment"><span lang="zh-CN">请填写意见</span>');
    expect(text).toMatch(/<p class="error" id="e-decide-comment">/);
    expect(text).toMatch(/<textarea id="decide-comment" name="comment"[^>]*aria-invalid="true"/);
  });

  it('returns with a comment: 303 back to the page, which confirms it and shows the comment in the history', async () => {
    const version = versionOf((await reviewer.get(`/submissions/${regId}`)).text);
    const res = await reviewer.post(`/submissions/${regId}/actions`, { form: 'decide', action: 'return', version, comment: '请补充职工人数的依据' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/submissions/${regId}?done=return`);
    const page = await reviewer.get(res.headers.get('location')!);
    expect(page.text).toContain('已办理：退回');
    expect(page.text).toContain('请补充职工人数的依据');
    const api = await submitter.json('GET', `/api/submissions/${regId}`);
    expect(api.body).toMatchObject({ step: 'fill', status: 'returned' });
  });

  it('sends the submitter of the returned registration to the fill page, where 撤回 is still open', async () => {
    const page = await acmePage.get(`/submissions/${regId}`);
    expect(page.text).toContain(`href="/fill/${regId}"`);
    expect(offered(page.text)).toEqual(['withdraw', 'comment']);
  });

  it('shows the changes of a resubmission field by field, before → after, by the field’s label', async () => {
    const sub = (await submitter.json('GET', `/api/submissions/${regId}`)).body;
    const resubmitted = await act(submitter, sub, 'submit', { data: { ...sub.data, employees: sub.data.employees + 7 } });
    expect(resubmitted.status).toBe(200);
    const text = (await reviewer.get(`/submissions/${regId}`)).text;
    const diff = /<ul class="diff">([\s\S]*?)<\/ul>/.exec(text)![1];
    expect(diff).toContain('职工人数');
    expect(diff).toContain(`<del>${sub.data.employees}</del>`);
    expect(diff).toContain(`<ins>${sub.data.employees + 7}</ins>`);
    expect(diff.match(/<li>/g)).toHaveLength(1);
  });

  it('takes the submitter’s 撤回 away once the street has acted', async () => {
    const version = versionOf((await reviewer.get(`/submissions/${regId}`)).text);
    const res = await reviewer.post(`/submissions/${regId}/actions`, { action: 'comment', version, comment: '已收到，正在审核' });
    expect(res.status).toBe(303);
    expect(offered((await acmePage.get(`/submissions/${regId}`)).text)).toEqual(['comment', 'remind']);
  });

  it('refuses a transfer to nobody with 422 at its own form’s person field, that form opened', async () => {
    const version = versionOf((await reviewer.get(`/submissions/${regId}`)).text);
    const res = await reviewer.post(`/submissions/${regId}/actions`, { action: 'transfer', version, to: 'no.such.person' });
    const text = await res.text();
    expect(res.status).toBe(422);
    expect(text).toContain('<a href="#transfer-to"><span lang="zh-CN">转交对象不存在</span>');
    expect(text).toMatch(/<input type="text" id="transfer-to" name="to" value="no.such.person"/);
    expect(text).toContain('<details class="more" open="">');
  });

  it('approves: the registration moves to the district', async () => {
    const version = versionOf((await reviewer.get(`/submissions/${regId}`)).text);
    const res = await reviewer.post(`/submissions/${regId}/actions`, { form: 'decide', action: 'approve', version, comment: '' });
    expect(res.status).toBe(303);
    expect((await submitter.json('GET', `/api/submissions/${regId}`)).body.step).toBe('district-review');
    expect(offered((await reviewer.get(`/submissions/${regId}`)).text)).toEqual(['comment']);
  });

  it('refuses an action the person may not take with 409 and the engine’s reason', async () => {
    const version = versionOf((await reviewer.get(`/submissions/${regId}`)).text);
    const res = await reviewer.post(`/submissions/${regId}/actions`, { form: 'decide', action: 'approve', version });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('您不是此步骤的办理人');
  });
});

describe('a street re-score with its reason', () => {
  let id: string;
  beforeAll(async () => {
    const created = await submitter.json('POST', '/api/submissions', { formId: 'home-assessment', data: formExample('home-assessment', NOW) });
    id = (await act(submitter, created.body, 'submit')).body.id;
  });

  it('shows the score items as inputs with a reason beside each', async () => {
    const text = (await reviewer.get(`/submissions/${id}`)).text;
    expect(text).toMatch(/<input type="text" inputmode="numeric" class="score" id="d.org_committee.score" name="d.org_committee.score" value="7"/);
    expect(text).toContain('<label class="label" for="r.org_committee.score">');
    expect(offered(text).slice(0, 4)).toEqual(['edit', 'approve', 'return', 'reject']);
  });

  it('refuses a changed score without a reason with 422, keeping the typed score', async () => {
    const version = versionOf((await reviewer.get(`/submissions/${id}`)).text);
    const res = await reviewer.post(`/submissions/${id}/actions`, { form: 'decide', action: 'edit', version, 'd.org_committee.score': '5' });
    const text = await res.text();
    expect(res.status).toBe(422);
    expect(text).toContain('<a href="#r.org_committee.score"><span lang="zh-CN">请填写修改理由</span>');
    expect(text).toMatch(/id="d.org_committee.score" name="d.org_committee.score" value="5"/);
  });

  it('re-scores with the reason; the history keeps both scores and the reason', async () => {
    const version = versionOf((await reviewer.get(`/submissions/${id}`)).text);
    const res = await reviewer.post(`/submissions/${id}/actions`, { form: 'decide', action: 'edit', version, 'd.org_committee.score': '5', 'r.org_committee.score': '换届材料不全' });
    expect(res.status).toBe(303);
    const api = await submitter.json('GET', `/api/submissions/${id}`);
    expect(api.body.data.org_committee.score).toBe(5);
    const text = (await reviewer.get(`/submissions/${id}`)).text;
    const timeline = /<ol class="timeline">([\s\S]*?)<\/ol>/.exec(text)![1];
    expect(timeline).toContain('理由：换届材料不全');
    expect(timeline).toContain('<del>7</del>');
    expect(timeline).toContain('<ins>5</ins>');
  });
});

describe('an audit finding raised, answered and accepted through the page', () => {
  let id: string;
  let auditor: Page;
  const deadline = addDays(shanghaiDate(NOW), 30);
  const post = async (page: Page, fields: Record<string, string>) => {
    const version = versionOf((await page.get(`/submissions/${id}`)).text);
    return page.post(`/submissions/${id}/actions`, { form: 'decide', version, ...fields });
  };
  const step = async () => (await submitter.json('GET', `/api/submissions/${id}`)).body.step;

  beforeAll(async () => {
    const created = await submitter.json('POST', '/api/submissions', { formId: 'audit-submission', data: formExample('audit-submission', NOW) });
    id = (await act(submitter, created.body, 'submit')).body.id;
    auditor = await pageAs('acme.auditor');
  });

  it('offers the assigned auditor 提出审计发现 with blank finding rows, and refuses an incomplete finding at its field', async () => {
    const text = (await auditor.get(`/submissions/${id}`)).text;
    expect(offered(text)).toContain('raise-findings');
    expect(text).toContain('提出审计发现');
    const res = await post(auditor, { action: 'raise-findings', 'd.findings.0.id': 'F1', 'd.findings.0.description': '活动支出缺少签到表' });
    expect(res.status).toBe(422);
    const refused = await res.text();
    expect(refused).toContain('href="#d.findings.0.category"');
    expect(refused).toContain('活动支出缺少签到表');
  });

  it('raises two findings in the blank rows: the audit goes to rectification', async () => {
    const finding = (i: number, description: string) => ({
      [`d.findings.${i}.id`]: `F${i + 1}`,
      [`d.findings.${i}.category`]: 'spending',
      [`d.findings.${i}.description`]: description,
      [`d.findings.${i}.severity`]: 'general',
      [`d.findings.${i}.deadline`]: deadline,
    });
    const res = await post(auditor, { action: 'raise-findings', ...finding(0, '活动支出缺少签到表'), ...finding(1, '未达账项未调整'), comment: '请限期整改' });
    expect(res.status).toBe(303);
    expect(await step()).toBe('rectification');
  });

  it('lets the union answer the findings item by item, and not rewrite them', async () => {
    const text = (await acmePage.get(`/submissions/${id}`)).text;
    expect(offered(text)).toEqual(['submit-answers', 'edit', 'comment']);
    expect(text).toContain('name="d.findings.0.answer"');
    expect(text).toContain('name="d.findings.1.answer"');
    expect(text).not.toContain('name="d.findings.0.description"');
    const missing = await post(acmePage, { action: 'submit-answers', 'd.findings.0.answer': '已补齐全年签到表' });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('href="#d.findings.1.answer"');
    const res = await post(acmePage, { action: 'submit-answers', 'd.findings.0.answer': '已补齐全年签到表', 'd.findings.1.answer': '已调整' });
    expect(res.status).toBe(303);
    expect(await step()).toBe('audit-verify');
  });

  it('lets the auditor accept one answer and send the other back with a note', async () => {
    const text = (await auditor.get(`/submissions/${id}`)).text;
    expect(text).toContain('name="d.findings.0.verdict"');
    expect(text).not.toContain('name="d.findings.0.answer"');
    const res = await post(auditor, { action: 'return', 'd.findings.0.verdict': 'accepted', 'd.findings.1.verdict': 'returned', 'd.findings.1.verdictNote': '未附余额调节表', comment: '一项整改不到位' });
    expect(res.status).toBe(303);
    expect(await step()).toBe('rectification');
  });

  it('shows the union the accepted answer as settled and asks again only for the one sent back', async () => {
    const text = (await acmePage.get(`/submissions/${id}`)).text;
    expect(text).not.toContain('name="d.findings.0.answer"');
    expect(text).toContain('name="d.findings.1.answer"');
    expect(text).toContain('已确认，不能再修改');
    expect(text).toContain('未附余额调节表');
    const res = await post(acmePage, { action: 'submit-answers', 'd.findings.1.answer': '已调整，附余额调节表' });
    expect(res.status).toBe(303);
  });

  it('lets the auditor accept the new answer, and the audit goes to the district sign-off', async () => {
    const res = await post(auditor, { action: 'approve', 'd.findings.1.verdict': 'accepted', comment: '整改到位' });
    expect(res.status).toBe(303);
    const sub = (await submitter.json('GET', `/api/submissions/${id}`)).body;
    expect(sub.step).toBe('district-signoff');
    expect(sub.data.findings.map((f: Record<string, unknown>) => [f.id, f.answer, f.verdict])).toEqual([
      ['F1', '已补齐全年签到表', 'accepted'],
      ['F2', '已调整，附余额调节表', 'accepted'],
    ]);
  });
});
