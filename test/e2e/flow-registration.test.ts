/**
 * 建会申请 from start to number, through the pages only, each person in their own browser
 * context: acme.submitter fills and submits the registration; dinghailu.reviewer returns it
 * with a comment; the submitter reads the comment, corrects the employee count and
 * resubmits; the street reviewer sees the change field by field and approves; district.reviewer
 * approves; the registration number shows on the submitter's record. Once with JavaScript and
 * once without. Every page visited is checked (axe, names, no sideways scroll); the key pages
 * are photographed as flow-registration-* at 360 and 1280 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { setupEnv, type TestEnv } from '../int/support.js';
import { check, fillExample, input, openFlow, shoot, signInAs, type Flow } from './flow-steps.js';

/** A whole person's step in a browser: sign-in (argon2), several pages, axe on each. */
const STEP = 120_000;
const COMMENT = '职工人数与花名册不一致，请核实后修改';

describe.each([
  { javaScript: true, tag: 'flow-registration' },
  { javaScript: false, tag: 'flow-registration-nojs' },
])('a registration returned, corrected and approved twice (JavaScript: $javaScript)', ({ javaScript, tag }) => {
  let env: TestEnv;
  let flow: Flow;
  let submitter: Page;
  let street: Page;
  let id: string;

  beforeAll(async () => {
    env = await setupEnv();
    flow = await openFlow(env.app, { javaScript });
    submitter = await flow.person();
    street = await flow.person();
  });
  afterAll(async () => flow?.close());

  const url = (path: string) => `${flow.base}${path}`;

  /** A person opens the registration from what waits for them on the home page. */
  async function openFromHome(page: Page) {
    await page.goto(url('/'));
    await check(page);
    await page.locator('main').getByRole('link', { name: /建会申请/ }).first().click();
    await page.waitForURL(new RegExp(`/(submissions|fill)/${id}$`));
  }

  it('acme.submitter starts 建会申请 from the forms page, fills it in and submits it', async () => {
    await signInAs(submitter, flow.base, 'acme.submitter');
    await check(submitter);
    await submitter.getByRole('navigation').getByRole('link', { name: /填报/ }).click();
    await submitter.waitForURL(url('/forms'));
    await check(submitter);
    await submitter.getByRole('listitem').filter({ hasText: '建会申请' }).getByRole('button', { name: /开始填报/ }).click();
    await submitter.waitForURL(/\/fill\/[0-9A-Z]{26}$/);
    id = new URL(submitter.url()).pathname.split('/').pop()!;
    await fillExample(submitter, 'union-registration');
    await shoot(submitter, `${tag}-fill`);
    await submitter.getByRole('button', { name: /^提交/ }).click();
    await submitter.waitForURL(url(`/submissions/${id}`));
    await expect(submitter.locator('.facts').innerText()).resolves.toContain('审核中');
    await check(submitter);
  }, STEP);

  it('dinghailu.reviewer finds it in the inbox and returns it with a comment', async () => {
    await signInAs(street, flow.base, 'dinghailu.reviewer');
    await expect(street.locator('main').innerText()).resolves.toContain('上海艾克米科技有限公司工会');
    await openFromHome(street);
    await shoot(street, `${tag}-street`);
    const decide = street.locator('#act-decide');
    await decide.getByLabel(/意见/).fill(COMMENT);
    await decide.getByRole('button', { name: /^退回/ }).click();
    await street.waitForURL(url(`/submissions/${id}?done=return`));
    await expect(street.getByRole('status').innerText()).resolves.toContain('已办理：退回');
    await check(street);
  }, STEP);

  it('the submitter sees the comment, corrects the employee count and resubmits', async () => {
    await openFromHome(submitter);
    if (new URL(submitter.url()).pathname.startsWith('/submissions/')) {
      await submitter.getByRole('link', { name: /填写与提交/ }).click();
      await submitter.waitForURL(url(`/fill/${id}`));
    }
    const returned = submitter.getByRole('region', { name: /已退回修改/ });
    await expect(returned.innerText()).resolves.toContain(COMMENT);
    await expect(returned.innerText()).resolves.toContain('定海路');
    await shoot(submitter, `${tag}-returned`);
    await expect(input(submitter, 'employees').inputValue()).resolves.toBe('120');
    await submitter.getByRole('textbox', { name: /^职工人数 Employees$/ }).fill('150');
    await submitter.getByRole('button', { name: /^提交/ }).click();
    await submitter.waitForURL(url(`/submissions/${id}`));
    await check(submitter);
  }, STEP);

  it('the street reviewer sees what changed, field by field, and approves', async () => {
    await openFromHome(street);
    const diff = await street.locator('.diff').first().innerText();
    expect(diff).toContain('职工人数');
    expect(diff).toContain('120');
    expect(diff).toContain('150');
    await shoot(street, `${tag}-diff`);
    await street.locator('#act-decide').getByRole('button', { name: /^同意/ }).click();
    await street.waitForURL(url(`/submissions/${id}?done=approve`));
    await expect(street.locator('.facts').innerText()).resolves.toContain('区总工会组织部审批');
    await check(street);
  }, STEP);

  it('district.reviewer approves, and the number is issued', async () => {
    const district = await flow.person();
    await signInAs(district, flow.base, 'district.reviewer');
    await openFromHome(district);
    await check(district);
    await district.locator('#act-decide').getByRole('button', { name: /^同意/ }).click();
    await district.waitForURL(url(`/submissions/${id}?done=approve`));
    await expect(district.locator('#number').innerText()).resolves.toMatch(/^YP-\d{4}-\d{4}$/);
    await check(district);
  }, STEP);

  it('the submitter’s record page shows the number, the state and the whole history', async () => {
    await submitter.goto(url('/'));
    await expect(submitter.locator('main').innerText()).resolves.toMatch(/已批准[\s\S]*YP-\d{4}-\d{4}/);
    await submitter.getByRole('navigation').getByRole('link', { name: /记录/ }).click();
    await submitter.waitForURL(/\/records/);
    await check(submitter);
    await submitter.goto(url(`/records/${id}`));
    const record = await submitter.locator('main').innerText();
    expect(record).toMatch(/YP-\d{4}-\d{4}/);
    expect(record).toContain(COMMENT);
    await shoot(submitter, `${tag}-record`);
    expect(flow.cspViolations).toEqual([]);
  }, STEP);
});

describe('the check of a page without JavaScript', () => {
  it('still finds what axe finds, through the checker', async () => {
    const flow = await openFlow((await setupEnv()).app, { javaScript: false });
    try {
      const page = await flow.person();
      await page.goto(`${flow.base}/signin`);
      await page.setContent('<html lang="en"><head><title>t</title></head><body><main><h1>x</h1><input type="text" aria-label="x"><img src="/x.png"></main></body></html>');
      await expect(check(page, 'a page with an image without text')).rejects.toThrow(/image-alt/);
    } finally {
      await flow.close();
    }
  }, STEP);
});
