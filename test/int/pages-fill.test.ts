/**
 * The submitter's pages through `app.request` over DynamoDB Local: the forms open to the union,
 * starting a draft, the fill page for every declared form a union starts, saving (money typed
 * in yuan, stored in fen), rows added and removed without JavaScript, a stale version, input
 * that does not read, a submit refused with its error summary and one accepted, a return's
 * comment, a file posted with the form, and the 404 for anyone who may not edit it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getForm } from '../../forms/registry.js';
import { enteredOf, pageModel } from '../../functions/http/pages/fill-data.js';
import { SESSION_COOKIE } from '../../functions/http/middleware/session.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';
import { shanghaiDate } from '../../workflows/calendar.js';
import { act, setupEnv, signIn, type Client, type TestEnv } from './support.js';

let env: TestEnv;
let api: Client;
const FORM = 'application/x-www-form-urlencoded';

type Page = { cookie: string; csrf: string };

async function pageSignIn(username: string): Promise<Page> {
  const res = await env.app.request('/signin', { method: 'POST', headers: { 'content-type': FORM }, body: new URLSearchParams({ username, password: DEFAULT_DEMO_PASSWORD, next: '/' }).toString() });
  const token = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.split(';')[0];
  const home = await (await env.app.request('/', { headers: { cookie: token } })).text();
  return { cookie: token, csrf: /name="_csrf" value="([^"]+)"/.exec(home)![1] };
}

const get = (who: Page, path: string) => env.app.request(path, { headers: { cookie: who.cookie } });
const post = (who: Page, path: string, fields: Record<string, string> | [string, string][], csrf = true) => {
  const body = new URLSearchParams(fields);
  if (csrf) body.set('_csrf', who.csrf);
  return env.app.request(path, { method: 'POST', headers: { cookie: who.cookie, 'content-type': FORM }, body: body.toString() });
};

/** Fields a later step of the form's workflow owns. */
const LATER: Record<string, string[]> = { 'home-assessment': ['districtGrade', 'recommendModel', 'districtOpinion'], 'audit-submission': ['findings'] };

let acme: Page;
let beta: Page;

async function start(formId: string): Promise<string> {
  const res = await post(acme, `/forms/${formId}/start`, {});
  expect(res.status).toBe(303);
  return /^\/fill\/([0-9A-Z]{26})$/.exec(res.headers.get('location')!)![1];
}
const stored = async (id: string) => (await api.json('GET', `/api/submissions/${id}`)).body;

/** The inputs of a draft holding `data`, as the page would post them. */
function inputsOf(formId: string, data: Record<string, unknown>, version: number, intent: string): [string, string][] {
  return [...enteredOf(pageModel(getForm(formId)!), data), ['version', String(version)], ['intent', intent]];
}

beforeAll(async () => {
  env = await setupEnv();
  api = await signIn(env.app, 'acme.submitter');
  [acme, beta] = await Promise.all([pageSignIn('acme.submitter'), pageSignIn('beta.submitter')]);
});

describe('GET /forms', () => {
  it('lists the forms the union can start, each with a start button, and not those members start', async () => {
    const res = await get(acme, '/forms');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('建会申请');
    expect(html).toContain('action="/forms/union-registration/start"');
    expect(html).toContain('一企一方案');
    expect(html).not.toContain('action="/forms/fund-query/start"');
    // The members' questionnaire has no workflow for a union to start.
    expect(html).not.toContain('action="/forms/member-evaluation/start"');
  });

  it('sends a visitor without a session to sign in', async () => {
    const res = await env.app.request('/forms');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/signin?next=%2Fforms');
  });
});

describe('POST /forms/:formId/start', () => {
  it('refuses a post without the CSRF token', async () => {
    expect((await post(acme, '/forms/union-registration/start', {}, false)).status).toBe(403);
  });

  it('answers 404 for a form that does not exist or that members start', async () => {
    expect((await post(acme, '/forms/no-such-form/start', {})).status).toBe(404);
    expect((await post(acme, '/forms/fund-query/start', {})).status).toBe(404);
  });

  it('starts a draft with the union’s street and goes to its fill page, which the home page links to', async () => {
    const id = await start('union-registration');
    expect(await (await get(acme, '/')).text()).toContain(`href="/fill/${id}"`);
    expect((await stored(id)).data.street).toBe('dinghailu');
    const html = await (await get(acme, `/fill/${id}`)).text();
    expect(html).toMatch(/<option value="dinghailu" selected="">/);
    expect(html).toContain('<label class="label" for="f-name">');
    expect(html).toContain('提交后将经过');
    expect(html).toContain('<span lang="zh-CN">定海路街道总工会</span> <span class="en" lang="en">Dinghailu Street FTU</span> · <span lang="zh-CN">审核人</span>');
  });
});

describe('GET /fill/:id', () => {
  it.each(['union-registration', 'home-assessment', 'audit-submission', 'fund-oversight'])('renders %s with a labelled input for every field the union fills', async (formId) => {
    const id = await start(formId);
    const res = await get(acme, `/fill/${id}`);
    const html = await res.text();
    expect(res.status).toBe(200);
    const form = getForm(formId)!;
    for (const field of form.decl.sections.flatMap((s) => s.fields)) {
      // Read-only, or owned by a later step (the district's grade, the auditor's findings): shown, not typed.
      if (field.readOnly || LATER[formId]?.includes(field.key)) expect(html).toContain(`<div class="field readonly" id="w-${field.key}">`);
      else if (field.type === 'flag' || field.type === 'declaration') expect(html).toMatch(new RegExp(`<label class="opt"><input type="checkbox" id="f-${field.key}"`));
      else if (field.type === 'group') expect(html).toContain(`data-group="${field.key}"`);
      else if (field.type === 'score') expect(html).toContain(`for="f-${field.key}.score"`);
      else if (field.type === 'choice' && field.options.length <= 6) expect(html).toContain(`id="f-${field.key}"`);
      else expect(html).toMatch(new RegExp(`for="f-${field.key}"`));
    }
    expect(html).toContain('<script type="application/json" id="fill-model">');
    expect(html).toMatch(/<script src="\/assets\/app\.js\?v=[\w-]+" defer="">/);
  });

  it('answers the same 404 to another union, to a reviewer of the same union and for an id that does not exist', async () => {
    const id = await start('union-registration');
    const committee = await pageSignIn('acme.committee');
    const missing = await get(acme, '/fill/01ARZ3NDEKTSV4RRFFQ69G5FAV');
    const h1 = (html: string) => /<h1>[\s\S]*?<\/h1>/.exec(html)![0];
    const expected = h1(await missing.text());
    expect(missing.status).toBe(404);
    for (const who of [beta, committee]) {
      const res = await get(who, `/fill/${id}`);
      expect(res.status).toBe(404);
      expect(h1(await res.text())).toBe(expected);
    }
    expect((await post(beta, `/fill/${id}`, { intent: 'save', version: '1', name: 'x' })).status).toBe(404);
    expect((await get(acme, '/fill/not-an-id')).status).toBe(404);
  });
});

describe('POST /fill/:id', () => {
  it('saves a draft and comes back to the page saying so; money typed in yuan is stored in fen', async () => {
    const id = await start('audit-submission');
    const res = await post(acme, `/fill/${id}`, { intent: 'save', version: '1', bud_inc_dues: '1,234.5', auditYear: '2024' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/fill/${id}?saved=1`);
    const sub = await stored(id);
    expect(sub.data.bud_inc_dues).toBe(123450);
    expect(sub.data.auditYear).toBe(2024);
    const html = await (await get(acme, res.headers.get('location')!)).text();
    expect(html).toContain('草稿已保存');
    expect(html).toContain('value="1234.50"');
  });

  it('refuses a post without the CSRF token', async () => {
    const id = await start('union-registration');
    expect((await post(acme, `/fill/${id}`, { intent: 'save', version: '1' }, false)).status).toBe(403);
  });

  it('keeps input that does not read, with an error summary linking to it, and saves nothing', async () => {
    const id = await start('audit-submission');
    const res = await post(acme, `/fill/${id}`, { intent: 'save', version: '1', bud_inc_dues: '12元3角', auditYear: 'twenty' });
    const html = await res.text();
    expect(res.status).toBe(422);
    expect(html).toContain('<div class="error-summary"');
    expect(html).toContain('href="#f-bud_inc_dues"');
    expect(html).toContain('href="#f-auditYear"');
    expect(html).toContain('value="12元3角"');
    expect(html).toMatch(/id="f-auditYear" name="auditYear" value="twenty" class="short" aria-invalid="true" aria-describedby="e-auditYear"/);
    expect((await stored(id)).version).toBe(1);
  });

  it('answers 409 for a stale version, keeping what was typed', async () => {
    const id = await start('union-registration');
    await post(acme, `/fill/${id}`, { intent: 'save', version: '1', name: '第一次' });
    const res = await post(acme, `/fill/${id}`, { intent: 'save', version: '1', name: '第二次' });
    const html = await res.text();
    expect(res.status).toBe(409);
    expect(html).toContain('value="第二次"');
    expect(html).toContain('name="version" value="2"');
    expect((await stored(id)).data.name).toBe('第一次');
  });

  it('adds a row to a group and removes one, saving the draft each time', async () => {
    const id = await start('union-registration');
    const rows = { 'coveredEnterprises.count': '2', 'coveredEnterprises.0.name': '甲公司', 'coveredEnterprises.1.name': '乙公司' };
    const added = await post(acme, `/fill/${id}`, { ...rows, intent: 'add-row:coveredEnterprises', version: '1' });
    const html = await added.text();
    expect(added.status).toBe(200);
    expect(html).toContain('name="coveredEnterprises.2.name"');
    expect(html).toContain('name="version" value="2"');
    expect((await stored(id)).data.coveredEnterprises).toEqual([{ name: '甲公司' }, { name: '乙公司' }]);

    const removed = await post(acme, `/fill/${id}`, { ...rows, 'coveredEnterprises.count': '3', intent: 'remove-row:coveredEnterprises:0', version: '2' });
    expect(removed.status).toBe(200);
    expect((await stored(id)).data.coveredEnterprises).toEqual([{ name: '乙公司' }]);
  });

  it('refuses an incomplete submit with 422, the summary linking to each field, and nothing submitted', async () => {
    const id = await start('union-registration');
    const res = await post(acme, `/fill/${id}`, { intent: 'submit', version: '1', name: '只填了名称' });
    const html = await res.text();
    expect(res.status).toBe(422);
    expect(html).toContain('href="#f-kind"');
    expect(html).toContain('href="#f-employees"');
    expect(html).toContain('id="e-employees"');
    // Each problem in the summary names its field.
    expect(html).toContain('<a href="#f-employees"><span lang="zh-CN">职工人数：必填</span>');
    expect(html).toContain('value="只填了名称"');
    expect((await stored(id)).status).toBe('draft');
  });

  it('links a score item’s problem to its score input', async () => {
    const id = await start('home-assessment');
    const html = await (await post(acme, `/fill/${id}`, { intent: 'submit', version: '1' })).text();
    expect(html).toContain('href="#f-org_committee.score"');
    expect(html).toContain('id="f-org_committee.score"');
  });

  it.each(['union-registration', 'home-assessment', 'audit-submission', 'fund-oversight'])('submits %s filled with its example through the page’s inputs', async (formId) => {
    const id = await start(formId);
    const example = getForm(formId)!.decl.example(shanghaiDate(new Date()));
    const res = await post(acme, `/fill/${id}`, inputsOf(formId, example, 1, 'submit'));
    if (res.status !== 303) throw new Error(await res.text());
    expect(res.headers.get('location')).toBe(`/submissions/${id}`);
    expect((await stored(id)).status).toBe('in_review');
    // Submitted, it is no longer filled in here.
    expect((await get(acme, `/fill/${id}`)).headers.get('location')).toBe(`/submissions/${id}`);
  });

  it('shows a returned submission’s comment at the top of its fill page', async () => {
    const id = await start('union-registration');
    const example = getForm('union-registration')!.decl.example(shanghaiDate(new Date()));
    expect((await post(acme, `/fill/${id}`, inputsOf('union-registration', example, 1, 'submit'))).status).toBe(303);
    const reviewer = await signIn(env.app, 'dinghailu.reviewer');
    const returned = await act(reviewer, await stored(id), 'return', { comment: '请补充建会方案的经费保障' });
    expect(returned.status).toBe(200);
    const html = await (await get(acme, `/fill/${id}`)).text();
    expect(html).toContain('已退回修改');
    expect(html).toContain('请补充建会方案的经费保障');
    expect(html).toContain('定海路 张审核');
  });

  it('stores a file posted with the form like an API upload, cited by its SHA-256', async () => {
    const id = await start('audit-submission');
    const form = new FormData();
    form.set('_csrf', acme.csrf);
    form.set('version', '1');
    form.set('intent', 'save');
    form.set('statements.count', '0');
    const bytes = new TextEncoder().encode('%PDF-1.4 statements');
    form.set('statements.file', new File([bytes], '财务报表.pdf', { type: 'application/pdf' }));
    const res = await env.app.request(`/fill/${id}`, { method: 'POST', headers: { cookie: acme.cookie }, body: form });
    expect(res.status).toBe(303);
    const [ref] = (await stored(id)).data.statements;
    const sha = Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');
    expect(ref).toMatchObject({ name: '财务报表.pdf', size: bytes.byteLength, contentType: 'application/pdf', sha256: sha });
    const meta = await api.json('GET', `/api/attachments/${ref.id}`);
    expect(meta.body).toMatchObject({ status: 'ready', sha256: sha });
    expect(await (await get(acme, `/fill/${id}`)).text()).toContain('财务报表.pdf');
  });

  it('refuses a file type the attachments do not take, beside its field', async () => {
    const id = await start('audit-submission');
    const form = new FormData();
    form.set('_csrf', acme.csrf);
    form.set('version', '1');
    form.set('intent', 'save');
    form.set('statements.file', new File(['MZ'], 'tool.exe', { type: 'application/x-msdownload' }));
    const res = await env.app.request(`/fill/${id}`, { method: 'POST', headers: { cookie: acme.cookie }, body: form });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('href="#f-statements"');
  });

  it('answers malformed posts with a page, never a 500', async () => {
    const id = await start('union-registration');
    const junk = await env.app.request(`/fill/${id}`, { method: 'POST', headers: { cookie: acme.cookie, 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\nnot a part' });
    expect(junk.status).toBeLessThan(500);
    const odd = await post(acme, `/fill/${id}`, { intent: 'remove-row:coveredEnterprises:99999999999', version: 'NaN', 'coveredEnterprises.count': '1e9', __proto__: 'x' } as Record<string, string>);
    expect(odd.status).toBeLessThan(500);
    const forged = await post(acme, `/fill/${id}`, { intent: 'add-row:constructor', version: '1' });
    expect(forged.status).toBeLessThan(500);
  });

  it('renders in English first for a person who chose English', async () => {
    const id = await start('union-registration');
    const html = await (await env.app.request(`/fill/${id}`, { headers: { cookie: `${acme.cookie}; uf_lang=en` } })).text();
    expect(html).toContain('<h1><span lang="en">Union registration</span> <span class="zh" lang="zh-CN">建会申请</span>');
    expect(html).toContain('<span lang="en">After you submit</span>');
  });
});
