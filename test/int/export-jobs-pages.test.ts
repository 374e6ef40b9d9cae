/**
 * The `/exports` page through `app.request` over DynamoDB Local: the records page links to it
 * with its filter, the start form (no format chosen is a 422 with the error summary and the
 * filter kept; a good one is a 303 and a queued job), progress with a reload while a job is
 * unfinished, the download link once done, cancel by form post (303; a finished job's cancel
 * is a 409 page; someone else's is the 404 page), and the CSRF check on every post.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../functions/http/app.js';
import { SESSION_COOKIE } from '../../functions/http/middleware/session.js';
import { submissionView } from '../../functions/http/routes/submissions.js';
import { LocalExportFiles } from '../../functions/records/exports-files.js';
import { runExport, type RunDeps } from '../../functions/service/export-jobs.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';
import { listJobs } from '../../functions/store/export-jobs.js';
import { setupEnv, signIn, submittedRegistration, type TestEnv } from './support.js';

let env: TestEnv;
let app: App;
let dir: string;
let files: LocalExportFiles;
const queued: string[] = [];

async function cookieFor(username: string): Promise<string> {
  const res = await app.request('/signin', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: DEFAULT_DEMO_PASSWORD, next: '/' }).toString(),
  });
  const line = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (res.status !== 303 || !line) throw new Error(`page sign-in as ${username} failed: ${res.status}`);
  return line.split(';')[0];
}

const cookies: Record<string, string> = {};
async function get(username: string, path: string) {
  const res = await app.request(path, { headers: { cookie: (cookies[username] ??= await cookieFor(username)) } });
  return { res, status: res.status, text: await res.text() };
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

async function post(username: string, path: string, fields: Record<string, string>, withCsrf = true) {
  const csrf = withCsrf ? csrfOf((await get(username, '/exports')).text) : '';
  const res = await app.request(path, {
    method: 'POST',
    headers: { cookie: cookies[username], 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, ...(withCsrf ? { _csrf: csrf } : {}) }).toString(),
  });
  return { res, status: res.status, text: await res.text() };
}

const runDeps = (): RunDeps => ({ db: env.db, now: () => new Date(), files, view: submissionView, pageSize: 50 });

beforeAll(async () => {
  env = await setupEnv();
  dir = await mkdtemp(join(tmpdir(), 'unionflow-export-pages-'));
  files = new LocalExportFiles({ dir });
  app = createApp({ ...env.deps, exports: { files, start: (id) => queued.push(id) } });
  const submitter = await signIn(app, 'acme.submitter');
  for (let i = 0; i < 3; i++) await submittedRegistration(submitter);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the exports page', () => {
  it('is linked from the records page with the current filter', async () => {
    const { text } = await get('district.auditor', '/records?formId=union-registration&status=in_review');
    const href = /<a class="export-link" href="([^"]+)"/.exec(text)?.[1]?.replaceAll('&amp;', '&');
    expect(href).toBeDefined();
    const url = new URL(href!, 'http://x');
    expect(url.pathname).toBe('/exports');
    expect(Object.fromEntries(url.searchParams)).toEqual({ formId: 'union-registration', status: 'in_review' });
  });

  it('shows the filter it will export, in words, and carries it in hidden fields', async () => {
    const { status, text } = await get('district.auditor', '/exports?formId=union-registration&status=in_review');
    expect(status).toBe(200);
    expect(text.match(/<h1>/g)).toHaveLength(1);
    expect(text).toContain('建会申请');
    expect(text).toContain('<input type="hidden" name="formId" value="union-registration"/>');
    expect(text).toContain('<input type="hidden" name="status" value="in_review"/>');
    expect(text).toContain('id="no-exports"');
    expect(text).toMatch(/<label class="opt" for="format-xlsx">/);
  });

  it('carries the search filters the records page listed by (step, name or number) into the job', async () => {
    const { text } = await get('district.auditor', '/exports?formId=union-registration&step=street-review&q=%E7%A4%BA%E4%BE%8B');
    expect(text).toContain('<input type="hidden" name="step" value="street-review"/>');
    expect(text).toContain('<input type="hidden" name="q" value="示例"/>');
    // Another person's jobs, so the tests after this one still find only their own.
    const res = await post('acme.auditor', '/exports', { format: 'csv', formId: 'union-registration', step: 'street-review', q: '示例' });
    expect(res.status).toBe(303);
    const [job] = await listJobs(env.db, 'acme.auditor');
    expect(job.filter).toMatchObject({ formId: 'union-registration', step: 'street-review', q: '示例' });
  });

  it('re-shows the form with 422, an error summary linking to the format, and the filter kept, when no format is chosen', async () => {
    const { status, text } = await post('district.auditor', '/exports', { formId: 'union-registration', status: 'in_review' });
    expect(status).toBe(422);
    expect(text).toContain('class="error-summary"');
    expect(text).toContain('href="#format-xlsx"');
    expect(text).toContain('id="e-format"');
    expect(text).toContain('<input type="hidden" name="status" value="in_review"/>');
    expect(await listJobs(env.db, 'district.auditor')).toHaveLength(0);
  });

  it('refuses a CSV of every form with 422 beside the format, as the API does', async () => {
    const { status, text } = await post('district.auditor', '/exports', { format: 'csv' });
    expect(status).toBe(422);
    expect(text).toContain('导出 CSV 或 Excel 须指定表单');
    expect(text).toMatch(/<input type="radio" id="format-csv" name="format" value="csv" checked/);
  });

  it('refuses a post without the CSRF token', async () => {
    const { status } = await post('district.auditor', '/exports', { format: 'jsonl' }, false);
    expect(status).toBe(403);
    expect(await listJobs(env.db, 'district.auditor')).toHaveLength(0);
  });

  it('starts a job (303), shows it queued with a reload and a cancel button, then done with a download link', async () => {
    const started = await post('district.auditor', '/exports', { format: 'xlsx', formId: 'union-registration' });
    expect(started.status).toBe(303);
    expect(started.res.headers.get('location')).toBe('/exports#jobs');
    const [job] = await listJobs(env.db, 'district.auditor');
    expect(queued).toContain(job.id);

    const waiting = await get('district.auditor', '/exports');
    expect(waiting.res.headers.get('refresh')).toBe('3; url=/exports');
    expect(waiting.text).toContain(`action="/exports/${job.id}/cancel"`);
    expect(waiting.text).toContain('排队中');

    expect(await runExport(runDeps(), job.id)).toBe('done');
    const done = await get('district.auditor', '/exports');
    expect(done.res.headers.get('refresh')).toBeNull();
    expect(done.text).not.toContain(`action="/exports/${job.id}/cancel"`);
    const link = /<a class="download" href="([^"]+)"/.exec(done.text)?.[1]?.replaceAll('&amp;', '&');
    expect(link).toMatch(new RegExp(`^/api/exports/${job.id}/file\\?t=`));
    const file = await app.request(link!);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    expect(done.text).toMatch(/<td class="num">3<\/td>/);
  });

  it('cancels by form post (303), says so, and answers a second cancel with a 409 page', async () => {
    await post('district.auditor', '/exports', { format: 'jsonl' });
    const [job] = await listJobs(env.db, 'district.auditor');
    const cancelled = await post('district.auditor', `/exports/${job.id}/cancel`, {});
    expect(cancelled.status).toBe(303);
    expect((await get('district.auditor', '/exports')).text).toContain('已取消');
    const again = await post('district.auditor', `/exports/${job.id}/cancel`, {});
    expect(again.status).toBe(409);
    expect(again.text).toContain('该导出已结束');
  });

  it("answers someone else's cancel with the 404 page and leaves the job alone", async () => {
    await post('district.auditor', '/exports', { format: 'jsonl' });
    const [job] = await listJobs(env.db, 'district.auditor');
    const foreign = await post('district.auditor2', `/exports/${job.id}/cancel`, {});
    expect(foreign.status).toBe(404);
    expect(foreign.text).toContain('找不到该页面');
    expect((await listJobs(env.db, 'district.auditor'))[0].status).toBe('queued');
    expect((await get('district.auditor2', '/exports')).text).not.toContain(job.id);
  });
});
