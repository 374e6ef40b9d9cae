/**
 * Filling a form in Chromium, as acme.submitter: from the forms list, start 建会申请, fill it
 * as a union federation with a third covered enterprise added, read the route preview, submit,
 * and land on the record. Once with JavaScript (computed values and shown sections follow the
 * typing, the row is added in the page) and once without (the row is added by a post). An
 * incomplete submit shows the error summary linking to the fields. Screenshots `fill-*` at
 * 360 and 1280 px, axe at both widths, no CSP violation.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getForm } from '../../forms/registry.js';
import { formatComputed } from '../../functions/http/pages/fill-data.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';
import { addDays, shanghaiDate } from '../../workflows/calendar.js';
import { setupEnv, type TestEnv } from '../int/support.js';
import { openRig, shoot, SHOTS, type Rig } from './browser.js';

let env: TestEnv;

const byId = (page: Page, id: string) => page.locator(`[id="f-${id}"]`);

async function signInAndStart(page: Page, base: string, shots: boolean) {
  await page.goto(`${base}/forms`);
  await page.getByLabel('用户名').fill('acme.submitter');
  await page.getByLabel('密码').fill(DEFAULT_DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${base}/forms`);
  if (shots) await shoot(page, 'fill-forms');
  await page.getByRole('listitem').filter({ hasText: '建会申请' }).getByRole('button', { name: /开始填报/ }).click();
  await page.waitForURL(/\/fill\/[0-9A-Z]{26}$/);
}

/** The registration of a federation of three enterprises (100 employees), all but the third row. */
async function fillRegistration(page: Page) {
  await page.getByLabel(/区域\(楼宇、园区\)工会联合会/).check();
  await byId(page, 'name').fill('杨浦示例园区工会联合会');
  await page.getByLabel(/^私营/).check();
  await byId(page, 'industry').fill('软件和信息技术服务业');
  await byId(page, 'address').fill('上海市杨浦区国定路 100 号');
  await byId(page, 'employees').fill('100');
  await byId(page, 'femaleEmployees').fill('40');
  await byId(page, 'intendedMembers').fill('80');
  await byId(page, 'intendedFemaleMembers').fill('30');
  for (const [i, n] of [[0, '40'], [1, '35']] as const) {
    await byId(page, `coveredEnterprises.${i}.name`).fill(`园区企业 ${i + 1}`);
    await byId(page, `coveredEnterprises.${i}.creditCode`).fill('91310110MA1FL3K2XQ');
    await byId(page, `coveredEnterprises.${i}.employees`).fill(n);
  }
  await byId(page, 'leaderName').fill('李明');
  await byId(page, 'leaderMobile').fill('13800138000');
  await byId(page, 'foundingMeetingDate').fill(addDays(shanghaiDate(new Date()), 30));
  await byId(page, 'committeeSize').fill('7');
  await byId(page, 'chairCandidate').fill('王芳');
  await page.getByLabel(/我确认以上声明属实/).check();
  await page.getByLabel(/同时建立女职工委员会/).check();
  await byId(page, 'womenCommitteeChair').fill('陈静');
  await byId(page, 'plan').fill('一、成立筹备组；二、宣传发动并发展会员；三、召开会员大会选举工会委员会；四、报区总工会审批。');
}

async function fillThirdRow(page: Page) {
  await byId(page, 'coveredEnterprises.2.name').fill('园区企业 3');
  await byId(page, 'coveredEnterprises.2.creditCode').fill('91310110MA1FL3K2XQ');
  await byId(page, 'coveredEnterprises.2.employees').fill('25');
}

async function submitAndLand(page: Page, base: string) {
  const route = page.getByRole('region', { name: /提交后将经过/ });
  await expect(route.textContent()).resolves.toContain('定海路街道总工会');
  await expect(route.textContent()).resolves.toContain('区总工会组织部审批');
  await page.getByRole('button', { name: /^提交/ }).click();
  await page.waitForURL(/\/submissions\/[0-9A-Z]{26}$/);
  const id = new URL(page.url()).pathname.split('/').pop()!;
  const sub = (await import('../../functions/store/submissions.js')).readSubmission;
  const stored = await sub(env.db, id);
  expect(stored?.status).toBe('in_review');
  expect(stored?.data.coveredEnterprises).toHaveLength(3);
  return stored!;
}

beforeAll(async () => {
  env = await setupEnv();
});

// Some 18 s alone; on a machine shared with other runs it has taken more than the default 30 s.
describe('filling 建会申请 in Chromium', { timeout: 90_000 }, () => {
  let rig: Rig | undefined;
  afterAll(async () => rig?.close());

  it('with JavaScript: computed values follow the typing, a row is added in the page, the route is shown, it submits', async () => {
    rig = await openRig(env.app, { viewport: { width: 1280, height: 900 } });
    const { page, base } = rig;
    await signInAndStart(page, base, true);
    const url = page.url();
    // Submitting it empty: the error summary at the top, each problem a link to its field.
    await page.getByRole('button', { name: /^提交/ }).click();
    await page.waitForLoadState();
    await expect(page.getByRole('alert').filter({ hasText: '有问题' }).getByRole('link').first().getAttribute('href')).resolves.toMatch(/^#f-/);
    await shoot(page, 'fill-errors');
    // An enterprise has no covered enterprises: the section goes while it is chosen.
    await page.getByLabel(/企业单独建会/).check();
    await expect(page.locator('#s-coverage').isHidden()).resolves.toBe(true);
    await fillRegistration(page);
    await expect(page.locator('#s-coverage').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: /添加一行/ }).click();
    expect(page.url()).toBe(url);
    await fillThirdRow(page);
    // The page's values are the server's for the same data.
    const form = getForm('union-registration')!;
    const server = form.computed({ kind: 'area-federation', employees: 100, intendedMembers: 80, intendedFemaleMembers: 30, coveredEnterprises: [{ employees: 40 }, { employees: 35 }, { employees: 25 }] });
    await expect(page.locator('#c-membershipRate').textContent()).resolves.toBe(formatComputed(server.membershipRate, { format: 'percent' }, 'zh'));
    await expect(page.locator('#c-coveredEmployeesTotal').textContent()).resolves.toBe('100');
    await expect(page.locator('#c-isFederation').textContent()).resolves.toBe('是');
    await shoot(page, 'fill-form');
    const stored = await submitAndLand(page, base);
    expect(stored.computed.coveredEmployeesTotal).toBe(100);
    expect(rig.cspViolations).toEqual([]);
  });
});

describe('filling 建会申请 in Chromium without JavaScript', () => {
  let rig: Rig | undefined;
  afterAll(async () => rig?.close());

  it('adds the row by a post, shows the errors of an incomplete submit, then submits', async () => {
    rig = await openRig(env.app, { viewport: { width: 360, height: 900 }, javaScriptEnabled: false });
    const { page, base } = rig;
    await signInAndStart(page, base, false);
    await byId(page, 'name').fill('只填了名称');
    await page.getByRole('button', { name: /^提交/ }).click();
    const summary = page.getByRole('alert').filter({ hasText: '有问题' });
    await expect(summary.getByRole('link').count()).resolves.toBeGreaterThan(3);
    await expect(byId(page, 'name').inputValue()).resolves.toBe('只填了名称');
    // axe runs as a script in the page, so the checks at both widths are made in the run with JavaScript.
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'fill-nojs-errors-360.png'), fullPage: true });
    await fillRegistration(page);
    await page.getByRole('button', { name: /添加一行/ }).click();
    await page.waitForLoadState();
    // Everything typed came back with the new row.
    await expect(byId(page, 'leaderName').inputValue()).resolves.toBe('李明');
    await fillThirdRow(page);
    await submitAndLand(page, base);
  });
});

describe('uploading a file from the fill page in Chromium', () => {
  let rig: Rig | undefined;
  afterAll(async () => rig?.close());

  it('uploads through the API with a progress bar, and saving cites the file by its SHA-256', async () => {
    rig = await openRig(env.app, { viewport: { width: 1280, height: 900 } });
    const { page, base } = rig;
    await page.goto(`${base}/signin?next=%2Fforms`);
    await page.getByLabel('用户名').fill('acme.submitter');
    await page.getByLabel('密码').fill(DEFAULT_DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('listitem').filter({ hasText: '审计资料报送' }).getByRole('button', { name: /开始填报/ }).click();
    await page.waitForURL(/\/fill\/[0-9A-Z]{26}$/);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const bytes = Buffer.from('%PDF-1.4 statements of the year');
    await byId(page, 'statements').setInputFiles({ name: '财务报表.pdf', mimeType: 'application/pdf', buffer: bytes });
    const list = page.locator('[data-files="statements"] .file-list');
    await expect(list.getByText('财务报表.pdf').waitFor()).resolves.toBeUndefined();
    // Uploaded in the page, so the input is empty again and saving posts no file.
    await expect(byId(page, 'statements').inputValue()).resolves.toBe('');
    await page.getByRole('button', { name: /^保存草稿/ }).last().click();
    await page.waitForURL(/saved=1$/);
    const { readSubmission } = await import('../../functions/store/submissions.js');
    const [ref] = (await readSubmission(env.db, id))!.data.statements as { sha256: string; name: string }[];
    const { createHash } = await import('node:crypto');
    expect(ref).toMatchObject({ name: '财务报表.pdf', sha256: createHash('sha256').update(bytes).digest('hex') });
    expect(rig.cspViolations).toEqual([]);
  });
});
