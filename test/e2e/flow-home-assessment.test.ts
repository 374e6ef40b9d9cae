/**
 * 职工之家建设自评 with 会员评家, through the pages only: acme.submitter fills the
 * self-assessment and saves it, opens a round of 评议码 from the fill page (a count of 0 is
 * refused first), and gets the code sheet once; two members, each in a fresh context with no
 * session, answer at /m/evaluate with two of the codes; the union sees the tally on /rounds
 * and submits; dinghailu.reviewer re-scores an item with its reason and approves; the tally
 * and both scores show on the record. Every page visited is checked; the key pages are
 * photographed as flow-home-* at 360 and 1280 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { setupEnv, type TestEnv } from '../int/support.js';
import { check, fillExample, openFlow, shoot, signInAs, type Flow } from './flow-steps.js';

const STEP = 120_000;
const REASON = '换届材料缺少经审会选举记录';
const QUESTIONS = ['q_activities', 'q_rights', 'q_openness', 'q_services'];

describe('a home assessment with two member answers by code and a street re-score', () => {
  let env: TestEnv;
  let flow: Flow;
  let union: Page;
  let id: string;
  let codes: string[];

  beforeAll(async () => {
    env = await setupEnv();
    flow = await openFlow(env.app);
    union = await flow.person();
  });
  afterAll(async () => flow?.close());

  const url = (path: string) => `${flow.base}${path}`;

  it('acme.submitter fills in the self-assessment and saves it as a draft', async () => {
    await signInAs(union, flow.base, 'acme.submitter');
    await union.goto(url('/forms'));
    await union.getByRole('listitem').filter({ hasText: '职工之家建设自评' }).getByRole('button', { name: /开始填报/ }).click();
    await union.waitForURL(/\/fill\/[0-9A-Z]{26}$/);
    id = new URL(union.url()).pathname.split('/').pop()!;
    await fillExample(union, 'home-assessment');
    await union.getByRole('button', { name: /^保存草稿/ }).last().click();
    await union.waitForURL(url(`/fill/${id}?saved=1`));
    await shoot(union, 'flow-home-fill');
  }, STEP);

  it('opens a round of 评议码 from the fill page; a count of 0 comes back with the error summary', async () => {
    await union.getByRole('link', { name: /为本自评发放评议码/ }).click();
    await union.waitForURL(url(`/rounds/new?submission=${id}`));
    await expect(union.getByLabel(/关联的填报/).inputValue()).resolves.toBe(id);
    await expect(union.getByRole('radio', { name: /会员评家/ }).isChecked()).resolves.toBe(true);
    await check(union);
    await union.getByLabel(/^数量/).fill('0');
    await union.getByLabel(/批次名称/).fill('2026 年会员评家');
    await union.getByRole('button', { name: /生成一次性码/ }).click();
    await union.waitForLoadState();
    const summary = union.locator('.error-summary');
    await expect(summary.innerText()).resolves.toContain('数量须为 1 至 2000 的整数');
    await summary.getByRole('link', { name: /数量须为/ }).click();
    expect(await union.evaluate('document.activeElement && document.activeElement.id')).toBe('count');
    await expect(union.getByLabel(/批次名称/).inputValue()).resolves.toBe('2026 年会员评家');
    await shoot(union, 'flow-home-round-error');
  }, STEP);

  it('gets the code sheet once: three codes, printable, styled under its own policy', async () => {
    await union.getByLabel(/^数量/).fill('3');
    const [response] = await Promise.all([union.waitForResponse((r) => r.request().method() === 'POST'), union.getByRole('button', { name: /生成一次性码/ }).click()]);
    await union.waitForLoadState();
    expect(response.status()).toBe(201);
    expect(response.headers()['cache-control']).toBe('no-store');
    await expect(union.locator('.notice').innerText()).resolves.toContain('本页仅显示这一次');
    codes = await union.locator('.card .code').allInnerTexts();
    expect(new Set(codes).size).toBe(3);
    // The sheet's style is inline and allowed by its hash: the cards are laid out, and nothing was blocked.
    expect(await union.evaluate("getComputedStyle(document.querySelector('.cards')).display")).toBe('grid');
    await shoot(union, 'flow-home-sheet');
    expect(flow.cspViolations).toEqual([]);
  }, STEP);

  it('two members answer at /m/evaluate with two of the codes, each in a fresh browser', async () => {
    for (const [i, overall] of [[0, 'satisfied'], [1, 'basic']] as const) {
      const member = await flow.person();
      await member.goto(url('/m/evaluate'));
      await check(member);
      await member.locator('#f-code').fill(codes[i]);
      for (const key of QUESTIONS) await member.check(`input[name="${key}"][value="satisfied"]`);
      await member.check(`input[name="overall"][value="${overall}"]`);
      await member.locator('main button[type=submit]').click();
      await member.waitForLoadState();
      await expect(member.locator('h1').innerText()).resolves.toContain('感谢您的评价');
      await check(member);
      if (i === 0) await shoot(member, 'flow-home-member-thanks');
    }
  }, STEP);

  it('the union sees the tally on /rounds, then submits the assessment', async () => {
    await union.getByRole('link', { name: /返回评议码批次/ }).click();
    await union.waitForURL(url('/rounds'));
    const row = union.getByRole('row').filter({ hasText: '2026 年会员评家' });
    await expect(row.innerText()).resolves.toMatch(/3\s+2\s+1 \/ 1 \/ 0\s+100\.0%/);
    await shoot(union, 'flow-home-rounds');
    await row.getByRole('link', { name: /关联填报/ }).click();
    await union.waitForURL(url(`/submissions/${id}`));
    await check(union);
    await union.getByRole('link', { name: /填写与提交/ }).click();
    await union.waitForURL(url(`/fill/${id}`));
    await union.getByRole('button', { name: /^提交/ }).click();
    await union.waitForURL(url(`/submissions/${id}`));
    const facts = await union.locator('.facts').innerText();
    expect(facts).toContain('街道（行业）工会复核');
    // Answers count only until it is submitted: the way to open another round is gone.
    await expect(union.getByRole('link', { name: /为本自评发放评议码/ }).count()).resolves.toBe(0);
    await check(union);
  }, STEP);

  it('dinghailu.reviewer re-scores an item with its reason and approves; the tally and both scores show', async () => {
    const street = await flow.person();
    await signInAs(street, flow.base, 'dinghailu.reviewer');
    await street.locator('main').getByRole('link', { name: /职工之家建设自评/ }).first().click();
    await street.waitForURL(url(`/submissions/${id}`));
    const data = await street.locator('main').innerText();
    expect(data).toMatch(/答卷数[^\n]*\n?\s*2/);
    await shoot(street, 'flow-home-street');
    await street.locator('[id="d.org_committee.score"]').fill('5');
    await street.locator('[id="r.org_committee.score"]').fill(REASON);
    await street.locator('#act-decide').getByRole('button', { name: /^同意/ }).click();
    await street.waitForURL(url(`/submissions/${id}?done=approve`));
    await expect(street.locator('.facts').innerText()).resolves.toContain('区总工会评定');
    const timeline = await street.locator('.timeline').innerText();
    expect(timeline).toContain(REASON);
    expect(timeline).toMatch(/7[\s\S]*5/);
    await shoot(street, 'flow-home-approved');
    expect(flow.cspViolations).toEqual([]);
  }, STEP);
});
