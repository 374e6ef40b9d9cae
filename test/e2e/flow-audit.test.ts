/**
 * 审计资料报送 through the pages only: acme.submitter fills in and sends the audit material;
 * acme.auditor, the union's 特约经审员, raises one finding (trying first without one, which
 * is refused with the error summary); the union answers it; the auditor accepts the answer;
 * the district 经审会 signs off in turn (district.auditor, then district.auditor2) and the
 * record is closed. Every page visited is checked; the key pages are photographed as
 * flow-audit-* at 360 and 1280 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addDays, shanghaiDate } from '../../workflows/calendar.js';
import { setupEnv, type TestEnv } from '../int/support.js';
import { check, fillExample, openFlow, shoot, signInAs, type Flow } from './flow-steps.js';

const STEP = 120_000;
const FINDING = '部分职工活动支出缺少活动方案和签到表';
const ANSWER = '已补齐全年活动方案和签到表，并修订报销审核制度';

describe('an audit with one finding, answered by the union and accepted by the auditor', () => {
  let env: TestEnv;
  let flow: Flow;
  let union: Page;
  let auditor: Page;
  let id: string;

  beforeAll(async () => {
    env = await setupEnv();
    flow = await openFlow(env.app);
    union = await flow.person();
    auditor = await flow.person();
  });
  afterAll(async () => flow?.close());

  const url = (path: string) => `${flow.base}${path}`;
  const row = (page: Page, column: string) => page.locator(`[id="d.findings.0.${column}"]`);

  /** A person opens the audit material from what waits for them on the home page. */
  async function openFromHome(page: Page) {
    await page.goto(url('/'));
    await check(page);
    await page.locator('main').getByRole('link', { name: /审计资料报送/ }).first().click();
    await page.waitForURL(url(`/submissions/${id}`));
  }

  it('acme.submitter fills in the audit material and sends it to the assigned auditor', async () => {
    await signInAs(union, flow.base, 'acme.submitter');
    await union.goto(url('/forms'));
    await union.getByRole('listitem').filter({ hasText: '审计资料报送' }).getByRole('button', { name: /开始填报/ }).click();
    await union.waitForURL(/\/fill\/[0-9A-Z]{26}$/);
    id = new URL(union.url()).pathname.split('/').pop()!;
    await fillExample(union, 'audit-submission');
    const route = await union.getByRole('region', { name: /提交后将经过/ }).innerText();
    expect(route).toContain('本单位的特约经审员');
    await shoot(union, 'flow-audit-fill');
    await union.getByRole('button', { name: /^提交/ }).click();
    await union.waitForURL(url(`/submissions/${id}`));
    await expect(union.locator('.facts').innerText()).resolves.toContain('特约经审员审计');
    await check(union);
  }, STEP);

  it('acme.auditor is refused raising findings without one, then raises one', async () => {
    await signInAs(auditor, flow.base, 'acme.auditor');
    await openFromHome(auditor);
    const decide = auditor.locator('#act-decide');
    await decide.getByRole('button', { name: /提出审计发现/ }).click();
    await auditor.waitForLoadState();
    const summary = auditor.locator('.error-summary');
    await expect(summary.innerText()).resolves.toContain('请至少填写一条审计发现');
    await check(auditor);
    await row(auditor, 'id').fill('F1');
    await row(auditor, 'category').selectOption('spending');
    await row(auditor, 'description').fill(FINDING);
    await row(auditor, 'severity').selectOption('general');
    await row(auditor, 'deadline').fill(addDays(shanghaiDate(new Date()), 30));
    await shoot(auditor, 'flow-audit-finding');
    await auditor.locator('#act-decide').getByRole('button', { name: /提出审计发现/ }).click();
    await auditor.waitForURL(url(`/submissions/${id}?done=raise-findings`));
    await expect(auditor.locator('.facts').innerText()).resolves.toContain('整改答复');
    await check(auditor);
  }, STEP);

  it('the union reads the finding and answers it', async () => {
    await openFromHome(union);
    await expect(union.locator('main').innerText()).resolves.toContain(FINDING);
    await row(union, 'answer').fill(ANSWER);
    await shoot(union, 'flow-audit-answer');
    await union.locator('#act-decide').getByRole('button', { name: /提交整改情况/ }).click();
    await union.waitForURL(url(`/submissions/${id}?done=submit-answers`));
    await expect(union.locator('.facts').innerText()).resolves.toContain('整改核实');
    await check(union);
  }, STEP);

  it('the auditor accepts the answer, and the district 经审会 is next', async () => {
    await openFromHome(auditor);
    await expect(auditor.locator('main').innerText()).resolves.toContain(ANSWER);
    await row(auditor, 'verdict').selectOption('accepted');
    await shoot(auditor, 'flow-audit-verify');
    await auditor.locator('#act-decide').getByRole('button', { name: /^同意/ }).click();
    await auditor.waitForURL(url(`/submissions/${id}?done=approve`));
    await expect(auditor.locator('.facts').innerText()).resolves.toContain('区经审会签批');
    await check(auditor);
  }, STEP);

  it('district.auditor and then district.auditor2 sign off, and the record is closed', async () => {
    for (const name of ['district.auditor', 'district.auditor2']) {
      const member = await flow.person();
      await signInAs(member, flow.base, name);
      await openFromHome(member);
      await member.locator('#act-decide').getByRole('button', { name: /^同意/ }).click();
      await member.waitForURL(url(`/submissions/${id}?done=approve`));
      await check(member);
    }
    await union.goto(url(`/records/${id}`));
    const record = await union.locator('main').innerText();
    expect(record).toContain('已关闭');
    expect(record).toContain(FINDING);
    expect(record).toContain(ANSWER);
    await shoot(union, 'flow-audit-record');
    expect(flow.cspViolations).toEqual([]);
  }, STEP);
});
