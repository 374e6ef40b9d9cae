/**
 * The pages for people with an account, through `app.request` over DynamoDB Local: the
 * sign-in page and its errors, the same throttling as the API, the session cookie and the
 * redirect back to a safe `next`, sign-out with and without the CSRF token, a page asked for
 * without a session, the home page for a reviewer and a submitter, the language cookie, and
 * the headers every page carries.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../functions/http/middleware/session.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';
import { setupEnv, signIn, submittedRegistration, type TestEnv } from './support.js';

let env: TestEnv;
let submissionId: string;

const FORM = 'application/x-www-form-urlencoded';

async function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return env.app.request(path, { method: 'POST', headers: { 'content-type': FORM, ...headers }, body: new URLSearchParams(fields).toString() });
}

/** The value of one cookie a response sets, or undefined. */
function setCookie(res: Response, name: string): string | undefined {
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return line?.split(';')[0].slice(name.length + 1);
}

/** Sign in through the page; the session cookie, the response and its CSRF token (from the home page's form). */
async function pageSignIn(username: string, next = '/') {
  const res = await post('/signin', { username, password: DEFAULT_DEMO_PASSWORD, next });
  const token = setCookie(res, SESSION_COOKIE);
  const cookie = `${SESSION_COOKIE}=${token}`;
  const home = await (await env.app.request('/', { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(home)?.[1];
  return { res, cookie, csrf, home };
}

beforeAll(async () => {
  env = await setupEnv({ signInLimits: { name: { attempts: 3, windowSeconds: 300 }, address: { attempts: 50, windowSeconds: 300 } } });
  const submitter = await signIn(env.app, 'acme.submitter');
  submissionId = (await submittedRegistration(submitter)).id;
});

describe('GET /signin', () => {
  it('shows labelled fields for 用户名 and 密码 and one 登录 button, keeping a safe next', async () => {
    const res = await env.app.request('/signin?next=%2Fsubmissions%2Fx');
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain('<label class="label" for="username"><span lang="zh-CN">用户名</span>');
    expect(text).toContain('<label class="label" for="password"><span lang="zh-CN">密码</span>');
    expect(text).toMatch(/<input type="text" id="username" name="username"/);
    expect(text).toMatch(/<input type="password" id="password" name="password" autocomplete="current-password"/);
    expect(text.match(/<main[\s\S]*<\/main>/)![0].match(/<button/g)).toHaveLength(1);
    expect(text).toContain('<input type="hidden" name="next" value="/submissions/x"/>');
  });

  it.each(['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)'])('replaces an unsafe next %s with /', async (next) => {
    const text = await (await env.app.request(`/signin?next=${encodeURIComponent(next)}`)).text();
    expect(text).toContain('<input type="hidden" name="next" value="/"/>');
  });
});

describe('POST /signin', () => {
  it('signs in, sets the session cookie and goes back to next with 303', async () => {
    const res = await post('/signin', { username: 'dinghailu.reviewer', password: DEFAULT_DEMO_PASSWORD, next: `/submissions/${submissionId}` });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/submissions/${submissionId}`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('goes home instead of to an unsafe next', async () => {
    const res = await post('/signin', { username: 'dinghailu.reviewer', password: DEFAULT_DEMO_PASSWORD, next: '//evil.example/' });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/']);
  });

  it('asks for a missing password in words, with a summary linking to the field and the message beside it: 400', async () => {
    const res = await post('/signin', { username: 'dinghailu.reviewer', password: '' });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(setCookie(res, SESSION_COOKIE)).toBeUndefined();
    expect(text).toMatch(/<div class="error-summary" role="alert"[^>]*>.*<a href="#password"><span lang="zh-CN">请输入密码<\/span> <span class="en" lang="en">Enter your password<\/span><\/a>/);
    expect(text).toContain('<p class="error" id="e-password"><span lang="zh-CN">请输入密码</span>');
    expect(text).toMatch(/id="password" name="password"[^>]*aria-invalid="true" aria-describedby="e-password"/);
    expect(text).not.toMatch(/Too small|expected string|Invalid input/i);
    expect(text).toContain('value="dinghailu.reviewer"');
  });

  it('asks for both when both are empty, the summary in field order', async () => {
    const text = await (await post('/signin', { username: ' ', password: '' })).text();
    expect(text.indexOf('href="#username"')).toBeGreaterThan(0);
    expect(text.indexOf('href="#username"')).toBeLessThan(text.indexOf('href="#password"'));
    expect(text).toContain('请输入用户名');
  });

  it('answers a wrong password as the API does: 401 用户名或密码错误, the password not shown again', async () => {
    const res = await post('/signin', { username: 'wujiaochang.reviewer', password: 'wrong-password-typed' });
    const text = await res.text();
    expect(res.status).toBe(401);
    expect(text).toContain('用户名或密码错误');
    expect(text).not.toContain('wrong-password-typed');
    expect(setCookie(res, SESSION_COOKIE)).toBeUndefined();
  });

  it('counts page and API attempts together, and answers 429 with Retry-After beyond the limit', async () => {
    const name = 'beta.submitter';
    await post('/signin', { username: name, password: 'nope-1' });
    await env.app.request('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: name, password: 'nope-2' }) });
    await post('/signin', { username: name, password: 'nope-3' });
    const res = await post('/signin', { username: name, password: DEFAULT_DEMO_PASSWORD });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.text()).toContain('登录尝试次数过多');
  });

  it('leaves the JSON sign-in as it was', async () => {
    const res = await env.app.request('/api/session', { method: 'POST', headers: { 'content-type': FORM }, body: 'username=admin&password=x' });
    expect(res.status).toBe(400);
  });
});

describe('pages without a session', () => {
  it('redirects a page to /signin?next=<path>', async () => {
    const res = await env.app.request(`/submissions/${submissionId}?tab=history`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/signin?next=${encodeURIComponent(`/submissions/${submissionId}?tab=history`)}`);
  });

  it('keeps 401 for the JSON API', async () => {
    expect((await env.app.request('/api/inbox')).status).toBe(401);
  });

  it('shows the public home page to a visitor, with a way to sign in', async () => {
    const res = await env.app.request('/');
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain('会员评家问卷');
    expect(text).toContain('href="/signin"');
    expect(text).not.toContain('action="/signout"');
  });
});

describe('the home page for a signed-in person', () => {
  it('lists what waits for a reviewer: form, union, step, since, due date in Asia/Shanghai, a link to the submission', async () => {
    const { home } = await pageSignIn('dinghailu.reviewer');
    expect(home).toContain(`href="/submissions/${submissionId}"`);
    expect(home).toContain('建会申请');
    expect(home).toContain('上海艾克米科技有限公司工会');
    expect(home).toContain('街道（行业）工会审核');
    expect(home).toMatch(/截止 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(home).not.toContain('已逾期');
    expect(home).toContain('action="/signout"');
  });

  it('lists a submitter’s own submissions with state and step', async () => {
    const { home } = await pageSignIn('acme.submitter');
    expect(home).toContain(`href="/submissions/${submissionId}"`);
    expect(home).toContain('审核中');
    expect(home).toContain('街道（行业）工会审核');
  });

  it('shows the submission page it links to, in the layout', async () => {
    const { cookie } = await pageSignIn('dinghailu.reviewer');
    const res = await env.app.request(`/submissions/${submissionId}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('上海艾克米科技有限公司工会');
  });
});

describe('the navigation', () => {
  const links = (home: string) => [...(/<nav class="nav"[\s\S]*?<\/nav>/.exec(home)?.[0] ?? '').matchAll(/href="([^"]+)"/g)].map((m) => m[1]);

  it.each([
    ['acme.submitter', ['/', '/forms', '/rounds', '/records']],
    ['dinghailu.reviewer', ['/', '/records']],
    ['district.reviewer', ['/', '/records', '/dashboard']],
    ['acme.auditor', ['/', '/records', '/exports']],
    ['district.auditor', ['/', '/records', '/exports', '/dashboard']],
    ['admin', ['/', '/dashboard', '/admin']],
  ])('links %s to the pages its roles open', async (username, expected) => {
    const { home } = await pageSignIn(username);
    expect(links(home)).toEqual(expected);
  });
});

describe('POST /signout', () => {
  it('refuses a sign-out without the CSRF token: 403, and the session still works', async () => {
    const { cookie } = await pageSignIn('dinghailu.reviewer');
    const res = await post('/signout', {}, { cookie });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('跨站请求校验失败');
    expect((await env.app.request('/api/me', { headers: { cookie } })).status).toBe(200);
  });

  it('ends the session on the server with the token and redirects to /signin', async () => {
    const { cookie, csrf } = await pageSignIn('dinghailu.reviewer');
    expect(csrf?.length ?? 0).toBeGreaterThan(10);
    const res = await post('/signout', { _csrf: csrf! }, { cookie });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/signin']);
    expect(setCookie(res, SESSION_COOKIE)).toBe('');
    // The old cookie no longer signs anyone in.
    expect((await env.app.request('/api/me', { headers: { cookie } })).status).toBe(401);
    expect((await env.app.request(`/submissions/${submissionId}`, { headers: { cookie } })).status).toBe(303);
  });
});

describe('the language switch', () => {
  it('shows Chinese first by default, and English first once the cookie says so', async () => {
    const zh = await (await env.app.request('/signin')).text();
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('<span lang="zh-CN">用户名</span> <span class="en" lang="en">Username</span>');
    const res = await post('/lang', { lang: 'en', next: '/signin?next=%2F' });
    expect([res.status, res.headers.get('location')]).toEqual([303, '/signin?next=%2F']);
    const lang = setCookie(res, 'uf_lang');
    expect(lang).toBe('en');
    const en = await (await env.app.request('/signin', { headers: { cookie: `uf_lang=${lang}` } })).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<span lang="en">Username</span> <span class="zh" lang="zh-CN">用户名</span>');
    expect(en).toContain('<title>Sign in / 登录</title>');
  });

  it('goes back only to a path on this site', async () => {
    const res = await post('/lang', { lang: 'zh', next: 'https://evil.example/' });
    expect([res.headers.get('location'), setCookie(res, 'uf_lang')]).toEqual(['/', 'zh']);
  });
});

describe('the headers and the stylesheet', () => {
  it.each(['/', '/signin', '/m/evaluate', '/submissions/x'])('sends the CSP, nosniff and no framing on %s', async (path) => {
    const res = await env.app.request(path);
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'"]) expect(csp).toContain(directive);
    expect(csp).not.toContain('unsafe');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('sends the same headers on a signed-in page and an error page', async () => {
    const { cookie } = await pageSignIn('dinghailu.reviewer');
    for (const path of ['/', '/submissions/nope']) {
      const res = await env.app.request(path, { headers: { cookie } });
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('serves the one stylesheet, cacheable, and puts no page header on the API', async () => {
    const home = await (await env.app.request('/')).text();
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(home)![1];
    const css = await env.app.request(href);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(css.headers.get('cache-control')).toContain('max-age=31536000');
    expect(await css.text()).toContain('background:#a4161a');
    expect((await env.app.request('/health')).headers.get('content-security-policy')).toBeNull();
  });
});
