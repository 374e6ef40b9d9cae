/**
 * The inbox on the home page and its batch actions, through `app.request` over DynamoDB
 * Local: ordering by due date and overdue in words, why each item is the caller's for a
 * street reviewer, a district reviewer, a union's funds committee and a 特约经审员, batch
 * approve and batch return (each item its own action at its own version, a partial failure
 * named), the CSRF check, malformed input, and items out of scope never shown nor acted on.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../functions/http/middleware/session.js';
import { byDue } from '../../functions/service/inbox.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';
import { act, formExample, setupEnv, signIn, submittedRegistration, type Client, type TestEnv } from './support.js';

const FORM = 'application/x-www-form-urlencoded';
const DAY = 24 * 3600_000;

let env: TestEnv;
let clock = Date.now();
let submitter: Client;
let beta: Client;

type PageUser = { cookie: string; csrf: string };

async function pageSignIn(username: string): Promise<PageUser> {
  const res = await env.app.request('/signin', {
    method: 'POST',
    headers: { 'content-type': FORM },
    body: new URLSearchParams({ username, password: DEFAULT_DEMO_PASSWORD, next: '/' }).toString(),
  });
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
  const cookie = line.split(';')[0];
  const home = await (await env.app.request('/', { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(home)?.[1];
  if (!csrf) throw new Error('no csrf token on the home page');
  return { cookie, csrf };
}

const home = async (user: PageUser, query = '') => {
  const res = await env.app.request(`/${query}`, { headers: { cookie: user.cookie } });
  return { status: res.status, text: await res.text() };
};

/** The inbox's items in page order, each as its id and the checkbox value the page wrote. */
function picks(text: string): { id: string; value: string }[] {
  return [...text.matchAll(/name="pick\.([0-9A-Z]{26})" value="([^"]*)"/g)].map((m) => ({ id: m[1], value: m[2] }));
}

/** The ids of the items listed in the inbox, in order (links to their pages). */
function listed(text: string): string[] {
  const inbox = /<ul class="tasks inbox">([\s\S]*?)<\/ul>/.exec(text)?.[1] ?? '';
  return [...inbox.matchAll(/href="\/submissions\/([0-9A-Z]{26})"/g)].map((m) => m[1]);
}

async function batch(user: PageUser | { cookie: string }, fields: Record<string, string>) {
  const res = await env.app.request('/inbox/batch', {
    method: 'POST',
    headers: { 'content-type': FORM, cookie: user.cookie },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

const pickFields = (items: { id: string; value: string }[]) => Object.fromEntries(items.map((p) => [`pick.${p.id}`, p.value]));
const status = async (id: string) => (await submitter.json('GET', `/api/submissions/${id}`)).body as { step: string; status: string; version: number };

beforeAll(async () => {
  env = await setupEnv({ now: () => new Date(clock) });
  [submitter, beta] = await Promise.all([signIn(env.app, 'acme.submitter'), signIn(env.app, 'beta.submitter')]);
});

describe('the inbox: order, overdue and why it is yours', () => {
  let later: string;
  let earlier: string;
  let betaSub: string;

  beforeAll(async () => {
    // Submitted today: due in five working days. Then one submitted twelve days ago: already overdue.
    later = (await submittedRegistration(submitter)).id;
    const today = clock;
    clock = today - 12 * DAY;
    earlier = (await submittedRegistration(submitter)).id;
    clock = today;
    betaSub = (await submittedRegistration(beta)).id;
  });

  it('lists the soonest due first, whatever was received first, and marks the overdue one in words', async () => {
    const page = await home(await pageSignIn('dinghailu.reviewer'));
    expect(page.status).toBe(200);
    expect(listed(page.text)).toEqual([earlier, later]);
    const items = page.text.split('<li class="inbox-item">').slice(1);
    expect(items[0]).toContain('已逾期');
    expect(items[1]).not.toContain('已逾期');
  });

  it('puts items without a due date after those with one, the longest waiting first', () => {
    const sorted = [
      { since: '2026-01-03T00:00:00Z' },
      { since: '2026-01-02T00:00:00Z', dueAt: '2026-02-01T00:00:00Z' },
      { since: '2026-01-01T00:00:00Z' },
      { since: '2026-01-05T00:00:00Z', dueAt: '2026-01-10T00:00:00Z' },
    ].sort(byDue);
    expect(sorted.map((s) => s.since.slice(8, 10))).toEqual(['05', '02', '01', '03']);
  });

  it('says a street reviewer has it as 定海路街道总工会 · 审核人 · the street step', async () => {
    const page = await home(await pageSignIn('dinghailu.reviewer'));
    expect(page.text).toContain('定海路街道总工会 · 审核人 · 街道（行业）工会审核');
  });

  it('never shows another street’s submission, and a batch naming it acts on nothing: the same as an unknown id', async () => {
    const user = await pageSignIn('dinghailu.reviewer');
    const page = await home(user);
    expect(page.text).not.toContain(betaSub);
    expect(page.text).not.toContain('上海贝塔设计有限公司工会');
    const before = await beta.json('GET', `/api/submissions/${betaSub}`);
    const res = await batch(user, { _csrf: user.csrf, op: 'approve', [`pick.${betaSub}`]: `${before.body.version}:approve:return`, [`pick.01ARZ3NDEKTSV4RRFFQ69G5FAV`]: '1:approve:return' });
    expect(res.status).toBe(409);
    const failed = /<div class="alert">([\s\S]*?)<\/div>/.exec(res.text)![1];
    expect(failed).toContain('未能同意');
    // Both say the same: no such submission, not "not yours".
    expect(failed.match(/找不到/g)).toHaveLength(2);
    expect((await beta.json('GET', `/api/submissions/${betaSub}`)).body).toMatchObject({ step: 'street-review', version: before.body.version });
  });

  it('says a district reviewer has it as 杨浦区总工会 · 审核人 · the district step', async () => {
    const street = await signIn(env.app, 'dinghailu.reviewer');
    const sub = await status(later);
    expect((await act(street, { id: later, version: sub.version }, 'approve')).status).toBe(200);
    const page = await home(await pageSignIn('district.reviewer'));
    expect(listed(page.text)).toEqual([later]);
    expect(page.text).toContain('杨浦区总工会 · 审核人 · 区总工会组织部审批');
  });

  it('says the union’s funds committee has a disclosure as its own union · 审核人 · 经费审查委员会审查', async () => {
    const created = await submitter.json('POST', '/api/submissions', { formId: 'fund-oversight', data: { ...formExample('fund-oversight', new Date(clock)), members: 10 } });
    expect(created.status).toBe(201);
    expect((await act(submitter, created.body, 'submit')).status).toBe(200);
    const page = await home(await pageSignIn('acme.committee'));
    expect(listed(page.text)).toEqual([created.body.id]);
    expect(page.text).toContain('上海艾克米科技有限公司工会 · 审核人 · 经费审查委员会审查');
  });

  it('says a 特约经审员 has an audit as 特约经审员 · the assigned union · the audit step, and offers only to return it', async () => {
    const created = await submitter.json('POST', '/api/submissions', { formId: 'audit-submission', data: formExample('audit-submission', new Date(clock)) });
    expect(created.status).toBe(201);
    expect((await act(submitter, created.body, 'submit')).status).toBe(200);
    const user = await pageSignIn('acme.auditor');
    const page = await home(user);
    expect(listed(page.text)).toEqual([created.body.id]);
    expect(page.text).toContain('特约经审员 · 上海艾克米科技有限公司工会 · 特约经审员审计');
    // Two ways to approve (no findings, raise findings): the person chooses on the record's page.
    const [pick] = picks(page.text);
    expect(pick.value).toBe('2::return');
    const res = await batch(user, { _csrf: user.csrf, op: 'approve', ...pickFields([pick]) });
    expect(res.status).toBe(409);
    expect(res.text).toContain('此项不能在待办中批量同意');
    expect((await status(created.body.id)).step).toBe('audit-review');
  });

  it('says 指定给您 for an item transferred to the person by name', async () => {
    const admin = await signIn(env.app, 'admin');
    const created = await admin.json('POST', '/api/admin/users', { id: 'district.reviewer2', name: '区总组织部 刘审核', orgId: 'yangpu', roles: ['reviewer'], password: 'another-long-password-1' });
    expect(created.status).toBe(201);
    const district = await signIn(env.app, 'district.reviewer');
    const sub = await status(later);
    const moved = await act(district, { id: later, version: sub.version }, 'transfer', { to: 'district.reviewer2', comment: '请协助' });
    if (moved.status !== 200) throw new Error(JSON.stringify(moved.body));
    const res = await env.app.request('/signin', {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: new URLSearchParams({ username: 'district.reviewer2', password: 'another-long-password-1', next: '/' }).toString(),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.split(';')[0];
    const page = await home({ cookie, csrf: '' });
    expect(listed(page.text)).toEqual([later]);
    expect(page.text).toContain('指定给您 · 区总工会组织部审批');
  });
});

describe('batch approve and batch return', () => {
  let user: PageUser;

  beforeAll(async () => {
    const fresh = await setupEnv();
    env = fresh;
    [submitter] = await Promise.all([signIn(env.app, 'acme.submitter')]);
    user = await pageSignIn('dinghailu.reviewer');
  });

  it('approves three ticked items, each its own action, then says so on the home page (303)', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await submittedRegistration(submitter)).id);
    const page = await home(user);
    const items = picks(page.text);
    expect(items.map((p) => p.id).sort()).toEqual([...ids].sort());
    const res = await batch(user, { _csrf: user.csrf, op: 'approve', comment: '', ...pickFields(items) });
    expect([res.status, res.location]).toEqual([303, '/?done=approve&n=3']);
    for (const id of ids) expect(await status(id)).toMatchObject({ step: 'district-review', status: 'in_review' });
    const after = await home(user, '?done=approve&n=3');
    expect(after.text).toContain('已同意 3 项');
    expect(picks(after.text)).toEqual([]);
  });

  it('returns three with a comment where one was acted on meanwhile: says which failed and why, returns the other two (409)', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await submittedRegistration(submitter)).id);
    const items = picks((await home(user)).text);
    expect(items).toHaveLength(3);
    // Someone approves the first through the API after the page was shown.
    const other = await signIn(env.app, 'dinghailu.reviewer');
    const first = await status(items[0].id);
    expect((await act(other, { id: items[0].id, version: first.version }, 'approve')).status).toBe(200);

    const res = await batch(user, { _csrf: user.csrf, op: 'return', comment: '请补充会员名单', ...pickFields(items) });
    expect(res.status).toBe(409);
    const done = /<div class="ok">([\s\S]*?)<\/div>/.exec(res.text)![1];
    const failed = /<div class="alert">([\s\S]*?)<\/div>/.exec(res.text)![1];
    expect(done).toContain('已退回</span> <span class="en" lang="en">Returned</span> 2');
    expect(failed).toContain(`failed-${items[0].id}`);
    expect(failed).not.toContain(items[1].id);
    expect(failed).toMatch(/已被他人修改|版本|conflict/i);
    // The summary at the top links to the failed line.
    expect(res.text).toContain(`href="#failed-${items[0].id}"`);
    // Named by what it is, though it has left this inbox.
    expect(failed).toContain('建会申请');
    expect(failed).toContain('上海艾克米科技有限公司工会');
    expect(await status(items[0].id)).toMatchObject({ step: 'district-review' });
    for (const p of items.slice(1)) expect(await status(p.id)).toMatchObject({ step: 'fill', status: 'returned' });
  });

  it('refuses to return without a comment, each item saying so, and acts on none (422)', async () => {
    const id = (await submittedRegistration(submitter)).id;
    const items = picks((await home(user)).text).filter((p) => p.id === id);
    const before = await status(id);
    const res = await batch(user, { _csrf: user.csrf, op: 'return', comment: '  ', ...pickFields(items) });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`failed-${id}`);
    // Said once beside the comment box, which the summary links to first.
    expect(res.text).toMatch(/<div class="error-summary"[\s\S]*?<a href="#batch-comment">/);
    expect(res.text).toMatch(/<p class="error" id="e-batch-comment">/);
    expect(res.text).toContain('aria-invalid="true"');
    expect(await status(id)).toEqual(before);
    // The failed item is still there and still ticked.
    expect(res.text).toMatch(new RegExp(`name="pick\\.${id}" value="[^"]*" checked`));
  });

  it('refuses a batch without the CSRF token (403) and acts on nothing', async () => {
    const id = (await submittedRegistration(submitter)).id;
    const items = picks((await home(user)).text).filter((p) => p.id === id);
    const before = await status(id);
    const res = await batch(user, { op: 'approve', ...pickFields(items) });
    expect(res.status).toBe(403);
    expect(res.text).toContain('跨站请求校验失败');
    const wrong = await batch(user, { _csrf: 'x'.repeat(43), op: 'approve', ...pickFields(items) });
    expect(wrong.status).toBe(403);
    expect(await status(id)).toEqual(before);
  });

  it('asks for a choice when nothing is ticked (400, a summary linking to the first checkbox)', async () => {
    const res = await batch(user, { _csrf: user.csrf, op: 'approve', comment: 'x' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('请至少勾选一项待办');
    expect(res.text).toContain('>x</textarea>');
    expect(res.text).toMatch(/href="#pick-[0-9A-Z]{26}"/);
  });

  it('answers malformed input with a page, never a 500', async () => {
    const [first] = picks((await home(user)).text);
    const before = await status(first.id);
    const cases: Record<string, string>[] = [
      { _csrf: user.csrf, op: 'delete', [`pick.${first.id}`]: first.value },
      { _csrf: user.csrf, op: 'approve', [`pick.${first.id}`]: 'nine:approve:return' },
      { _csrf: user.csrf, op: 'approve', [`pick.${first.id}`]: `${before.version}:reject:return` },
      { _csrf: user.csrf, op: 'approve', 'pick.../../x': '1:approve:return' },
      { _csrf: user.csrf, op: 'approve', [`pick.${first.id}`]: '99999999999999999999:approve:' },
    ];
    for (const fields of cases) {
      const res = await batch(user, fields);
      expect(res.status, JSON.stringify(fields)).toBeGreaterThanOrEqual(400);
      expect(res.status, JSON.stringify(fields)).toBeLessThan(500);
    }
    // A declared action of another kind, named in a forged value, is the engine's to refuse or take:
    // here "reject" needs a comment, so nothing moved.
    expect(await status(first.id)).toEqual(before);
    const bare = await env.app.request('/inbox/batch', { method: 'POST', headers: { cookie: user.cookie, 'content-type': 'text/plain' }, body: 'x' });
    expect(bare.status).toBe(403);
  });

  it('sends a visitor without a session to sign in', async () => {
    const res = await env.app.request('/inbox/batch', { method: 'POST', headers: { 'content-type': FORM }, body: 'op=approve' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/signin');
  });
});
