/**
 * What every page shares, through `app.request` over DynamoDB Local: a path no page has is
 * the pages' 404 page for a browser and JSON for the API; the code sheet admits only its own
 * style, by its hash; the printable record follows the language switch; the fill page may
 * send uploads to the S3 bucket's origin when the files are in S3, and only to itself otherwise.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { S3Client } from '@aws-sdk/client-s3';
import { s3Client, S3FileStore } from '../../functions/files/s3.js';
import { pageCookie, setupEnv, signIn, submittedRegistration, type TestEnv } from './support.js';

let env: TestEnv;
let cookie: string;
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

beforeAll(async () => {
  env = await setupEnv();
  cookie = await pageCookie(env.app, 'dinghailu.reviewer');
});

describe('a path no page has', () => {
  it.each(['/nope', '/records/x/y/z', '/submissions/a/b', '/admin/nothing/here'])('answers a browser asking for %s with the pages’ 404 page', async (path) => {
    const res = await env.app.request(path, { headers: { accept: HTML, cookie } });
    const text = await res.text();
    expect([res.status, res.headers.get('content-type')]).toEqual([404, 'text/html; charset=UTF-8']);
    expect(text).toMatch(/^<!doctype html>/);
    expect(text.match(/<h1/g)).toHaveLength(1);
    expect(text).toContain('找不到该页面');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('is the same page as a record that does not exist', async () => {
    const missing = await env.app.request('/records/01J00000000000000000000000', { headers: { accept: HTML, cookie } });
    const nowhere = await env.app.request('/records/x/y/z', { headers: { accept: HTML, cookie } });
    const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)![0];
    expect(missing.status).toBe(404);
    expect(main(await nowhere.text())).toBe(main(await missing.text()));
  });

  it('keeps JSON for the API, and for a client that does not ask for HTML', async () => {
    for (const [path, accept] of [['/api/nope', HTML], ['/api', HTML], ['/nope', 'application/json'], ['/nope', '*/*']]) {
      const res = await env.app.request(path, { headers: { accept } });
      expect([path, accept, res.status, res.headers.get('content-type')]).toEqual([path, accept, 404, 'application/json']);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });
});

describe('a posted form too long for its page', () => {
  it.each(['/submissions/x/actions', '/inbox/batch', '/signin'])('is refused at %s with the pages’ 413 page, not a half-read form', async (path) => {
    const res = await env.app.request(path, {
      method: 'POST',
      headers: { accept: HTML, cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `comment=${'长'.repeat(400_000)}`,
    });
    const text = await res.text();
    expect([res.status, res.headers.get('content-type')]).toEqual([413, 'text/html; charset=UTF-8']);
    expect(text).toContain('提交的内容过长');
    expect(text.match(/<h1/g)).toHaveLength(1);
  });
});

describe('the tab icon', () => {
  it('is linked from every page by its hash and served as SVG, at /favicon.ico too, with no session', async () => {
    const home = await (await env.app.request('/', { headers: { accept: HTML, cookie } })).text();
    const href = /<link rel="icon" type="image\/svg\+xml" href="([^"]+)"/.exec(home)?.[1];
    expect(href).toMatch(/^\/assets\/icon\.svg\?v=[\w-]{12}$/);
    for (const path of [href!, '/favicon.ico']) {
      const res = await env.app.request(path);
      expect([path, res.status, res.headers.get('content-type')]).toEqual([path, 200, 'image/svg+xml']);
      expect(await res.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*<\/svg>$/);
    }
  });
});

describe('the code sheet', () => {
  it('admits its one inline style by its hash, and nothing inline besides', async () => {
    const union = await signIn(env.app, 'acme.submitter');
    const draft = await union.json('POST', '/api/submissions', { formId: 'home-assessment', data: {} });
    const res = await union.request('POST', '/api/rounds', { purpose: 'evaluation', submissionId: draft.body.id, count: 2 }, { accept: 'text/html' });
    const text = await res.text();
    const style = /<style>([\s\S]*?)<\/style>/.exec(text)![1];
    const hash = createHash('sha256').update(style, 'utf8').digest('base64');
    const csp = res.headers.get('content-security-policy')!;
    expect(res.status).toBe(201);
    expect(csp).toContain(`style-src 'sha256-${hash}'`);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toMatch(/^default-src 'none';/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('the printable record', () => {
  let id: string;
  beforeAll(async () => {
    id = (await submittedRegistration(await signIn(env.app, 'acme.submitter'))).id;
  });
  const print = async (lang?: 'en' | 'zh') => {
    const res = await env.app.request(`/records/${id}/print`, { headers: { cookie: lang ? `${cookie}; uf_lang=${lang}` : cookie } });
    expect(res.status).toBe(200);
    return res.text();
  };

  it('is in English first for a person who chose English', async () => {
    const text = await print('en');
    expect(text).toContain('<html lang="en">');
    expect(text).toMatch(/<title>Union registration \S+ \/ 建会申请 /);
    expect(text).toMatch(/<h1><span lang="en">[^<]+<\/span> <span class="zh" lang="zh-CN">/);
    expect(text).toContain('<span lang="en">Back to the record</span> <span class="zh" lang="zh-CN">← 返回记录</span>');
  });

  it('shows a declaration’s statement in English first, as the declaration has it', async () => {
    const text = await print('en');
    expect(text).toMatch(/<span class="note"><span lang="en">The chair candidate is neither[^<]*<\/span> <span class="zh" lang="zh-CN">主席候选人不是/);
  });

  it('is in Chinese first otherwise', async () => {
    for (const text of [await print(), await print('zh')]) {
      expect(text).toContain('<html lang="zh-CN">');
      expect(text).toMatch(/<title>建会申请 \S+ \/ Union registration /);
      expect(text).toMatch(/<h1><span lang="zh-CN">/);
    }
  });

  it('still admits its one style by its hash in either language', async () => {
    const res = await env.app.request(`/records/${id}/print`, { headers: { cookie: `${cookie}; uf_lang=en` } });
    const style = /<style>([\s\S]*?)<\/style>/.exec(await res.text())![1];
    expect(res.headers.get('content-security-policy')).toContain(`style-src 'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`);
  });
});

describe('where the fill page may send an upload', () => {
  /** The fill page's CSP for a new draft of acme's, in an app over `testEnv`. */
  async function fillCsp(testEnv: TestEnv): Promise<string> {
    const draft = await (await signIn(testEnv.app, 'acme.submitter')).json('POST', '/api/submissions', { formId: 'union-registration', data: {} });
    const res = await testEnv.app.request(`/fill/${draft.body.id}`, { headers: { cookie: await pageCookie(testEnv.app, 'acme.submitter') } });
    expect(res.status).toBe(200);
    return res.headers.get('content-security-policy')!;
  }

  it('is the app alone when the files are kept by the app', async () => {
    const csp = await fillCsp(env);
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('connect-src');
  });

  it('adds the bucket’s origin to connect-src when the files are in S3, and nothing else changes', async () => {
    const inS3 = await setupEnv({ files: new S3FileStore({ bucket: 'unionflow-files-test' }) });
    const csp = await fillCsp(inS3);
    expect(csp).toMatch(/ connect-src 'self' https:\/\/unionflow-files-test\.s3\.[a-z0-9-]+\.amazonaws\.com;/);
    expect(csp.replace(/ connect-src [^;]+;/, '')).toBe(await fillCsp(env));
    // Only the fill page uploads: the other pages keep the app alone.
    const home = await inS3.app.request('/', { headers: { cookie: await pageCookie(inS3.app, 'acme.submitter') } });
    expect(home.headers.get('content-security-policy')).not.toContain('connect-src');
  });

  it('names the origin the store’s own presigned upload URLs have', async () => {
    const config = s3Client().config;
    const client = new S3Client({ region: await config.region(), credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'example' } });
    const store = new S3FileStore({ bucket: 'unionflow-files-test', client });
    const target = await store.uploadTarget('attachments/x', { contentType: 'application/pdf', size: 10, sha256: '00'.repeat(32) });
    expect(new URL(target.url).origin).toBe(store.uploadOrigin);
  });
});

describe('organisation names in English', () => {
  it('names an organisation in English first on the admin pages for a person who chose English', async () => {
    const admin = await pageCookie(env.app, 'admin');
    const text = await (await env.app.request('/admin/orgs/dinghailu', { headers: { cookie: `${admin}; uf_lang=en` } })).text();
    expect(text).toContain('<h1><span lang="en">Dinghailu Street FTU</span> <span class="zh" lang="zh-CN">定海路街道总工会</span></h1>');
  });

  it('names who acted in a record’s history in English first, on the review and record pages', async () => {
    const sub = await submittedRegistration(await signIn(env.app, 'acme.submitter'));
    const street = await signIn(env.app, 'dinghailu.reviewer');
    await street.json('POST', `/api/submissions/${sub.id}/actions`, { action: 'return', comment: '请补充', version: sub.version });
    const english = '<span lang="en">Dinghailu Street FTU</span> <span class="zh" lang="zh-CN">定海路街道总工会</span>';
    const union = '<span lang="en">Acme Technology Co. Union</span>';
    const review = await (await env.app.request(`/submissions/${sub.id}`, { headers: { cookie: `${cookie}; uf_lang=en` } })).text();
    expect(review).toContain(english);
    expect(review).toContain(union);
    const auditor = await pageCookie(env.app, 'district.auditor');
    const record = await (await env.app.request(`/records/${sub.id}`, { headers: { cookie: `${auditor}; uf_lang=en` } })).text();
    expect(record).toContain(english);
    const chinese = await (await env.app.request(`/records/${sub.id}`, { headers: { cookie: auditor } })).text();
    expect(chinese).toContain('<span lang="zh-CN">定海路街道总工会</span> <span class="en" lang="en">Dinghailu Street FTU</span>');
  });

  it('names the signed-in person’s organisation in the bar in the page’s language', async () => {
    const reviewer = await pageCookie(env.app, 'dinghailu.reviewer');
    const who = async (lang: string) => /<span class="who"[^>]*>([\s\S]*?)<\/span><\/span>/.exec(await (await env.app.request('/', { headers: { cookie: `${reviewer}; uf_lang=${lang}` } })).text())?.[1];
    expect(await who('en')).toMatch(/ · <span lang="en">Dinghailu Street FTU$/);
    expect(await who('zh')).toMatch(/ · <span lang="zh-CN">定海路街道总工会$/);
  });
});
