/**
 * The review page in Chromium: the street reviewer opens a submitted registration, tries to
 * return it without a comment (the error summary links to the comment box), returns it with
 * one; once the union has resubmitted it (through the API here: the fill page is its own
 * test), the reviewer sees what changed and approves. Screenshots at 360 px and 1280 px, axe
 * at both, and a page no wider than the phone. The return also works with JavaScript off.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, setupEnv, signIn, submittedRegistration, type Client, type TestEnv } from '../int/support.js';
import { checkNames, openRig, shoot, signInAs, type Rig } from './browser.js';

let env: TestEnv;
let rig: Rig | undefined;
let page: Page;
let base: string;
let submitter: Client;
let id: string;

beforeAll(async () => {
  env = await setupEnv();
  submitter = await signIn(env.app, 'acme.submitter');
  id = (await submittedRegistration(submitter)).id;
  rig = await openRig(env.app, { viewport: { width: 1280, height: 800 } });
  ({ page, base } = rig);
  await signInAs(page, base, 'dinghailu.reviewer');
});

afterAll(async () => {
  await rig?.close();
});

describe('a street reviewer returns a registration, then approves the resubmission', () => {
  it('opens the registration from the inbox: its data, its history and the street’s actions', async () => {
    await page.getByRole('link', { name: /建会申请/ }).first().click();
    await page.waitForURL(`${base}/submissions/${id}`);
    await checkNames(page);
    await expect(page.getByText('首次提交').count()).resolves.toBe(1);
    for (const name of [/^同意/, /^退回/, /^驳回/]) await expect(page.getByRole('button', { name }).count()).resolves.toBe(1);
    await shoot(page, 'review-street');
  });

  it('asks for a comment before returning, with a summary that moves focus to the comment box', async () => {
    await page.locator('#act-decide').getByRole('button', { name: /^退回/ }).click();
    const summary = page.locator('.error-summary');
    await expect(summary.innerText()).resolves.toContain('请填写意见');
    await summary.getByRole('link', { name: /请填写意见/ }).click();
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('decide-comment');
    await shoot(page, 'review-error');
  });

  it('returns it with a comment and confirms it', async () => {
    await page.locator('#act-decide').getByLabel(/意见/).fill('请补充职工人数的依据');
    await page.locator('#act-decide').getByRole('button', { name: /^退回/ }).click();
    await page.waitForURL(`${base}/submissions/${id}?done=return`);
    await expect(page.getByRole('status').innerText()).resolves.toContain('已办理：退回');
    await expect(page.locator('.timeline').innerText()).resolves.toContain('请补充职工人数的依据');
    expect(await page.getByRole('button', { name: /^同意/ }).count()).toBe(0);
  });

  it('shows what the resubmission changed, field by field, and approves it', async () => {
    const sub = (await submitter.json('GET', `/api/submissions/${id}`)).body;
    expect((await act(submitter, sub, 'submit', { data: { ...sub.data, employees: sub.data.employees + 7 } })).status).toBe(200);
    await page.goto(`${base}/submissions/${id}`);
    const diff = await page.locator('.diff').first().innerText();
    expect(diff).toContain('职工人数');
    expect(diff).toContain(`${sub.data.employees}`);
    expect(diff).toContain(`${sub.data.employees + 7}`);
    await shoot(page, 'review-diff');
    await page.getByRole('button', { name: /^同意/ }).click();
    await page.waitForURL(`${base}/submissions/${id}?done=approve`);
    await expect(page.getByRole('status').innerText()).resolves.toContain('已办理：同意');
    await expect(page.locator('.facts').innerText()).resolves.toContain('区总工会组织部审批');
  });
});

describe('with JavaScript off', () => {
  it('returns a registration through the plain form', async () => {
    const other = (await submittedRegistration(submitter)).id;
    const off = await openRig(env.app, { javaScriptEnabled: false, viewport: { width: 360, height: 800 } });
    try {
      const p = off.page;
      await signInAs(p, off.base, 'dinghailu.reviewer');
      await p.goto(`${off.base}/submissions/${other}`);
      await p.locator('#act-decide').getByLabel(/意见/).fill('材料不全');
      await p.locator('#act-decide').getByRole('button', { name: /^退回/ }).click();
      await p.waitForURL(`${off.base}/submissions/${other}?done=return`);
      expect(await p.locator('[role=status]').innerText()).toContain('已办理：退回');
      expect((await submitter.json('GET', `/api/submissions/${other}`)).body.status).toBe('returned');
      expect(off.cspViolations).toEqual([]);
    } finally {
      await off.close();
    }
  });
});
