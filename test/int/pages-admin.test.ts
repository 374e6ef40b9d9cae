/**
 * The admin pages through `app.request` over DynamoDB Local: admin-only (the same 404 as a
 * missing page for anyone else), the CSRF check, organisations, accounts (create then sign in,
 * disable then sign-in refused, password reset, roles, assignments), form publishing with its
 * preview (compile errors with their places, the changes, the publish), workflows and the log.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { XLSX_TYPE } from '../../functions/authoring/workbook.js';
import { SESSION_COOKIE } from '../../functions/http/middleware/session.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';
import { setupEnv, signIn, type Client, type TestEnv } from './support.js';

let env: TestEnv;
let admin: { cookie: string; csrf: string };
let api: Client;

const FORM = 'application/x-www-form-urlencoded';

function cookieOf(res: Response): string | undefined {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return line?.split(';')[0];
}

async function pageSignIn(username: string, password = DEFAULT_DEMO_PASSWORD) {
  const res = await env.app.request('/signin', { method: 'POST', headers: { 'content-type': FORM }, body: new URLSearchParams({ username, password, next: '/' }).toString() });
  const cookie = cookieOf(res);
  if (!cookie) return { res, cookie: '', csrf: '' };
  const home = await (await env.app.request('/', { headers: { cookie } })).text();
  return { res, cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(home)![1] };
}

const get = (path: string, who = admin) => env.app.request(path, { headers: { cookie: who.cookie } });

/** A form post as the admin, with the CSRF field unless `_csrf` is given; repeated fields as arrays. */
function post(path: string, fields: Record<string, string | string[]>, who = admin) {
  const body = new URLSearchParams({ _csrf: who.csrf });
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) k === '_csrf' ? body.set(k, one) : body.append(k, one);
  return env.app.request(path, { method: 'POST', headers: { 'content-type': FORM, cookie: who.cookie }, body: body.toString() });
}

const mainOf = (html: string) => /<main[\s\S]*<\/main>/.exec(html)![0];

beforeAll(async () => {
  env = await setupEnv();
  admin = await pageSignIn('admin');
  api = await signIn(env.app, 'admin');
});

describe('who may see /admin', () => {
  it('shows the admin its pages: 200 with one h1', async () => {
    for (const path of ['/admin', '/admin/orgs', '/admin/orgs/dinghailu', '/admin/orgs/acme/accounts/acme.submitter', '/admin/forms', '/admin/forms/union-registration', '/admin/workflows', '/admin/log']) {
      const res = await get(path);
      const text = await res.text();
      expect([path, res.status]).toEqual([path, 200]);
      expect(text.match(/<h1/g)).toHaveLength(1);
    }
  });

  it('answers a reviewer with the same 404 page as a page that does not exist', async () => {
    const reviewer = await pageSignIn('district.reviewer');
    const admins = await get('/admin/orgs', reviewer);
    const missing = await get('/submissions/nothing-here', reviewer);
    expect([admins.status, missing.status]).toEqual([404, 404]);
    expect(mainOf(await admins.text())).toBe(mainOf(await missing.text()));
    expect((await post('/admin/orgs', { parentId: 'dinghailu', type: 'grassroots', id: 'sneaky', name: 'x' }, reviewer)).status).toBe(404);
    expect((await api.json('GET', '/api/admin/orgs')).body.items.some((o: { id: string }) => o.id === 'sneaky')).toBe(false);
  });

  it('sends a visitor without a session to sign in, coming back afterwards', async () => {
    const res = await env.app.request('/admin/orgs');
    expect([res.status, res.headers.get('location')]).toEqual([303, '/signin?next=%2Fadmin%2Forgs']);
  });

  it('refuses a post without the CSRF token: 403, nothing created', async () => {
    const res = await post('/admin/orgs', { _csrf: 'wrong', parentId: 'dinghailu', type: 'grassroots', id: 'no-csrf', name: '无令牌工会' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('跨站请求校验失败');
    expect((await get('/admin/orgs/no-csrf')).status).toBe(404);
  });

  it('answers a page that is not there with the 404 page, and a malformed log month with 400', async () => {
    expect((await get('/admin/nothing')).status).toBe(404);
    expect((await get('/admin/orgs/NO SUCH')).status).toBe(404);
    expect((await get('/admin/forms/no-such-form')).status).toBe(404);
    expect((await get('/admin/log?month=2026-13')).status).toBe(400);
    expect((await get('/admin/log?cursor=garbage')).status).toBe(400);
  });
});

describe('organisations', () => {
  it('shows the tree: the district, its streets, their unions', async () => {
    const text = await (await get('/admin/orgs')).text();
    expect(text.indexOf('杨浦区总工会')).toBeLessThan(text.indexOf('定海路街道总工会'));
    expect(text.indexOf('定海路街道总工会')).toBeLessThan(text.indexOf('上海艾克米科技有限公司工会'));
  });

  it('creates an organisation under a parent, then 303 to its page', async () => {
    const res = await post('/admin/orgs', { parentId: 'dinghailu', type: 'grassroots', id: 'gamma', name: '上海伽马科技有限公司工会', nameEn: 'Gamma Union' });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/admin/orgs/gamma?done=created']);
    const page = await (await get('/admin/orgs/gamma?done=created')).text();
    expect(page).toContain('组织已建立');
    expect(page).toContain('定海路街道总工会');
    expect(await (await get('/admin/orgs/dinghailu')).text()).toContain('href="/admin/orgs/gamma"');
  });

  it('refuses a duplicate id with 409 at the id field, keeping what was typed', async () => {
    const res = await post('/admin/orgs', { parentId: 'dinghailu', type: 'grassroots', id: 'acme', name: '重复的工会' });
    const text = await res.text();
    expect(res.status).toBe(409);
    expect(text).toContain('<a href="#id">');
    expect(text).toMatch(/<p class="error" id="e-id">.*组织编号 acme 已存在/);
    expect(text).toContain('value="重复的工会"');
  });

  it('refuses a bad id pattern and a missing name with 422, both in the summary in field order', async () => {
    const res = await post('/admin/orgs', { parentId: 'dinghailu', type: 'grassroots', id: 'Bad Id!', name: '  ' });
    const text = await res.text();
    expect(res.status).toBe(422);
    expect(text).toContain('请输入中文名称');
    expect(text.indexOf('href="#id"')).toBeLessThan(text.indexOf('href="#name"'));
    const again = await post('/admin/orgs', { parentId: 'dinghailu', type: 'grassroots', id: 'Bad Id!', name: '名称' });
    expect(await again.text()).toContain('编号应为 2 到 40 位小写字母、数字或连字符');
  });

  it('renames an organisation', async () => {
    const res = await post('/admin/orgs/gamma/rename', { name: '上海伽马有限公司工会', nameEn: '' });
    expect(res.status).toBe(303);
    expect((await api.json('GET', '/api/admin/orgs')).body.items.find((o: { id: string }) => o.id === 'gamma').name).toBe('上海伽马有限公司工会');
  });
});

describe('accounts', () => {
  it('creates an account that then signs in with its initial password', async () => {
    const res = await post('/admin/orgs/gamma/accounts', { id: 'gamma.submitter', name: '伽马 钱主席', roles: ['submitter'], password: 'gamma-initial-1' });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/admin/orgs/gamma/accounts/gamma.submitter?done=created']);
    expect((await pageSignIn('gamma.submitter', 'gamma-initial-1')).res.status).toBe(303);
  });

  it('refuses an empty password, no role and a bad username, never showing the password again', async () => {
    const res = await post('/admin/orgs/gamma/accounts', { id: 'Gamma Bad', name: '某人', password: '' });
    const text = await res.text();
    expect(res.status).toBe(422);
    expect(text).toContain('请输入初始密码');
    expect(text).toContain('请至少选择一个角色');
    const weak = await post('/admin/orgs/gamma/accounts', { id: 'Gamma Bad', name: '某人', roles: 'submitter', password: 'short-1' });
    const weakText = await weak.text();
    expect(weak.status).toBe(422);
    expect(weakText).toContain('密码至少 8 位');
    expect(weakText).toContain('用户名应为 2 到 64 位');
    expect(weakText).not.toContain('short-1');
    expect(weakText).toContain('value="Gamma Bad"');
  });

  it('refuses a username that exists with 409', async () => {
    const res = await post('/admin/orgs/gamma/accounts', { id: 'acme.submitter', name: '重复', roles: 'submitter', password: 'long-enough-1' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('用户名 acme.submitter 已存在');
  });

  it('resets a password: the old one is refused, the new one signs in', async () => {
    const res = await post('/admin/orgs/gamma/accounts/gamma.submitter/password', { password: 'gamma-second-2' });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/admin/orgs/gamma/accounts/gamma.submitter?done=password']);
    expect((await pageSignIn('gamma.submitter', 'gamma-initial-1')).res.status).toBe(401);
    expect((await pageSignIn('gamma.submitter', 'gamma-second-2')).res.status).toBe(303);
  });

  it('disables an account, whose sign-in is then refused, and enables it again', async () => {
    expect((await post('/admin/orgs/gamma/accounts/gamma.submitter/disabled', { disabled: 'yes' })).status).toBe(303);
    expect((await pageSignIn('gamma.submitter', 'gamma-second-2')).res.status).toBe(401);
    expect(await (await get('/admin/orgs/gamma')).text()).toContain('已停用');
    expect((await post('/admin/orgs/gamma/accounts/gamma.submitter/disabled', { disabled: 'no' })).status).toBe(303);
    expect((await pageSignIn('gamma.submitter', 'gamma-second-2')).res.status).toBe(303);
  });

  it('changes roles, and refuses a role the organisation cannot hold with the reason', async () => {
    const bad = await post('/admin/orgs/gamma/accounts/gamma.submitter/roles', { name: '伽马 钱主席', roles: ['submitter', 'admin'] });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('系统管理员只能属于区总工会');
    const ok = await post('/admin/orgs/gamma/accounts/gamma.submitter/roles', { name: '伽马 钱主席', roles: ['submitter', 'reviewer'] });
    expect(ok.status).toBe(303);
    expect((await api.json('GET', '/api/admin/users?orgId=gamma')).body.items[0].roles).toEqual(['submitter', 'reviewer']);
  });

  it('answers an account asked for under another organisation with 404', async () => {
    expect((await get('/admin/orgs/gamma/accounts/acme.submitter')).status).toBe(404);
    expect((await post('/admin/orgs/gamma/accounts/acme.submitter/disabled', { disabled: 'yes' })).status).toBe(404);
  });

  it('sets a 特约经审员’s assigned unions, and refuses none', async () => {
    const none = await post('/admin/orgs/yangpu/accounts/acme.auditor/assignments', {});
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('至少指定一个基层工会');
    const res = await post('/admin/orgs/yangpu/accounts/acme.auditor/assignments', { orgIds: ['acme', 'gamma'] });
    expect(res.status).toBe(303);
    const auditor = (await api.json('GET', '/api/admin/users?orgId=yangpu')).body.items.find((u: { id: string }) => u.id === 'acme.auditor');
    expect(auditor.assignedOrgIds).toEqual(['acme', 'gamma']);
  });
});

describe('publishing a form version', () => {
  const current = async () => (await api.json('GET', '/api/forms/union-registration')).body;

  it('shows the compile errors with their places in words, keeping the pasted text: 422', async () => {
    const decl = await current();
    decl.sections[0].fields[0].type = 'nonsense';
    const pasted = JSON.stringify(decl);
    const res = await post('/admin/forms/union-registration/preview', { declaration: pasted });
    const text = await res.text();
    expect(res.status).toBe(422);
    expect(text).toMatch(/<div class="error-summary"[\s\S]*<a href="#declaration">.*表单定义中 节 \w+ › 字段 \w+/);
    expect(text).toContain('aria-describedby="e-declaration"');
    expect(text).toContain('nonsense');
    expect((await current()).version).toBe(decl.version);
  });

  it('refuses text that is not JSON, and an empty post, with the reason', async () => {
    expect(await (await post('/admin/forms/union-registration/preview', { declaration: '{not json' })).text()).toContain('粘贴的内容不是合法的 JSON');
    const empty = await post('/admin/forms/union-registration/preview', { declaration: '' });
    expect([empty.status, (await empty.text()).includes('请上传工作簿，或粘贴表单定义')]).toEqual([422, true]);
  });

  it('previews a changed help text: the change, the dry run and the form, then publishes it', async () => {
    const decl = await current();
    const field = decl.sections[0].fields[0];
    field.help = { zh: '新的帮助文字', en: 'A new help text' };
    const res = await post('/admin/forms/union-registration/preview', { declaration: JSON.stringify(decl) });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toMatch(new RegExp(`修改</span>.*字段</span>.*<code>${field.key}</code>.*<code>help</code>`));
    expect(text).toContain('份填报');
    expect(text).toContain('新的帮助文字');
    expect(text).toContain(`第 ${decl.version + 1} 版`);
    expect((await current()).version).toBe(decl.version);
    const hidden = /name="declaration" value="([^"]*)"/.exec(text)![1].replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'");
    const published = await post('/admin/forms/union-registration/publish', { declaration: hidden });
    expect([published.status, published.headers.get('location')]).toEqual([303, '/admin/forms/union-registration?done=published']);
    const now = await current();
    expect([now.version, now.sections[0].fields[0].help.zh]).toEqual([decl.version + 1, '新的帮助文字']);
  });

  it('previews the form with the fill page’s own inputs, disabled and outside any form', async () => {
    const decl = await current();
    const field = decl.sections[0].fields.find((f: { key: string }) => f.key === 'name');
    field.label = { zh: '预览中的新标签', en: 'A label seen in the preview' };
    const text = mainOf(await (await post('/admin/forms/union-registration/preview', { declaration: JSON.stringify(decl) })).text());
    const preview = text.slice(text.indexOf('<div class="form-preview">'), text.indexOf('<form '));
    expect(preview).toMatch(/^<div class="form-preview">.*<fieldset class="fill" disabled="">/);
    // The fill page's label tied to the fill page's input, for the changed label.
    expect(preview).toMatch(new RegExp(`<label class="label" for="f-${field.key}"><span lang="zh-CN">预览中的新标签</span>`));
    expect(preview).toContain(`id="f-${field.key}" name="${field.key}"`);
    // A group's add-row button and its row template, as on the fill page.
    expect(preview).toContain('name="intent" value="add-row:');
    expect(preview).toContain('<template id="t-coveredEnterprises">');
    expect(preview).not.toContain('<form');
    // Parameters written into the texts, as the compiled form shows them to the submitter.
    expect(preview).not.toContain('{param:');
    // The only forms on the page are the publish form, the sign-out and the language switch.
    expect([...text.matchAll(/<form [^>]*action="([^"]+)"/g)].map((m) => m[1])).toEqual(['/admin/forms/union-registration/publish']);
  });

  it('links each version’s workbook to the API route', async () => {
    const text = await (await get('/admin/forms/union-registration')).text();
    expect(text).toContain('href="/api/forms/union-registration/versions/1/workbook"');
  });
});

describe('publishing a workflow version', () => {
  it('shows a broken workflow’s errors: 422, nothing published', async () => {
    const before = (await api.json('GET', '/api/workflows/fund-oversight/versions')).body.items.length;
    const res = await post('/admin/workflows/fund-oversight/publish', { declaration: JSON.stringify({ title: { zh: 'x', en: 'x' }, steps: 'no' }) });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('<a href="#declaration">');
    expect((await api.json('GET', '/api/workflows/fund-oversight/versions')).body.items.length).toBe(before);
  });

  it('publishes the current declaration pasted back as the next version', async () => {
    const versions = (await api.json('GET', '/api/workflows/fund-oversight/versions')).body.items;
    const decl = (await api.json('GET', `/api/workflows/fund-oversight/versions/${versions[0].version}`)).body;
    const res = await post('/admin/workflows/fund-oversight/publish', { declaration: JSON.stringify(decl) });
    expect(res.status).toBe(303);
    expect((await api.json('GET', '/api/workflows/fund-oversight/versions')).body.items[0].version).toBe(versions[0].version + 1);
  });
});

describe('the admin log', () => {
  it('lists what was done this month, newest first, in words', async () => {
    const text = await (await get('/admin/log')).text();
    for (const words of ['新建组织', '组织更名', '新建账号', '修改账号', '设置定点联系', '发布表单版本', '发布流程版本']) expect(text).toContain(words);
    expect(text.indexOf('发布流程版本')).toBeLessThan(text.indexOf('新建组织'));
    expect(text).toContain('org:gamma');
  });
});

describe('publishing from a workbook', () => {
  it('names the workbook cell of a problem in words, from a multipart upload with the CSRF field: 422', async () => {
    const res = await api.request('GET', '/api/forms/fund-query/versions/1/workbook');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    book.getWorksheet('survey')!.getRow(3).getCell(1).value = 'select_one nowhere';
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const form = new FormData();
    form.set('_csrf', admin.csrf);
    form.set('workbook', new File([new Uint8Array(bytes)], 'fund-query.xlsx', { type: XLSX_TYPE }));
    form.set('declaration', '');
    const answer = await env.app.request('/admin/forms/fund-query/preview', { method: 'POST', headers: { cookie: admin.cookie }, body: form });
    const text = await answer.text();
    expect(answer.status).toBe(422);
    expect(text).toMatch(/<a href="#workbook">.*工作表 survey 第 3 行 type 列/);
  });

  it('previews a workbook that compiles', async () => {
    const res = await api.request('GET', '/api/forms/member-evaluation/versions/1/workbook');
    const form = new FormData();
    form.set('_csrf', admin.csrf);
    form.set('workbook', new File([new Uint8Array(await res.arrayBuffer())], 'm.xlsx', { type: XLSX_TYPE }));
    const answer = await env.app.request('/admin/forms/member-evaluation/preview', { method: 'POST', headers: { cookie: admin.cookie }, body: form });
    const text = await answer.text();
    expect(answer.status).toBe(200);
    expect(text).toContain('与当前版本相比没有变化');
    expect(text).toContain('发布第 2 版');
  });
});
