/**
 * The inbox in Chromium: the 定海路 street reviewer signs in, sees three registrations, each
 * saying why it is theirs, ticks all three by their labels and approves them together; then,
 * with three more, returns them together with a comment. Screenshots `inbox-*` at 360 px and
 * 1280 px, axe-core at both widths, no horizontal scrolling at 360 px; and the same batch
 * once with JavaScript off.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRig, shoot, signInAs, type Rig } from './browser.js';
import { setupEnv, signIn, submittedRegistration, type Client, type TestEnv } from '../int/support.js';

const WHY = '定海路街道总工会 · 审核人 · 街道（行业）工会审核';

async function three(submitter: Client): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await submittedRegistration(submitter)).id);
  return ids;
}

const stateOf = async (submitter: Client, id: string) => (await submitter.json('GET', `/api/submissions/${id}`)).body as { step: string; status: string };

describe('batch approve and batch return in Chromium', () => {
  let env: TestEnv;
  let rig: Rig | undefined;
  let page: Page;
  let submitter: Client;

  beforeAll(async () => {
    env = await setupEnv();
    submitter = await signIn(env.app, 'acme.submitter');
    rig = await openRig(env.app, { viewport: { width: 1280, height: 800 } });
    page = rig.page;
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('approves three registrations ticked by their labels', async () => {
    const ids = await three(submitter);
    await signInAs(page, rig!.base, 'dinghailu.reviewer');
    const boxes = page.getByRole('checkbox', { name: /选择：建会申请 · 上海艾克米科技有限公司工会/ });
    expect(await boxes.count()).toBe(3);
    expect((await page.locator('.why').allInnerTexts()).every((t) => t.includes(WHY))).toBe(true);
    expect(await page.locator('h1').count()).toBe(1);
    await shoot(page, 'inbox-list');
    for (const box of await boxes.all()) await box.check();
    await page.getByRole('button', { name: /批量同意/ }).click();
    await page.waitForURL(/\/\?done=approve&n=3$/);
    expect(await page.getByRole('status').innerText()).toContain('已同意 3 项');
    expect(await page.getByRole('checkbox').count()).toBe(0);
    await shoot(page, 'inbox-approved');
    for (const id of ids) expect(await stateOf(submitter, id)).toMatchObject({ step: 'district-review' });
    expect(rig!.cspViolations).toEqual([]);
  });

  it('returns three more with a comment, and first says a return needs one', async () => {
    const ids = await three(submitter);
    await page.goto(`${rig!.base}/`);
    for (const box of await page.getByRole('checkbox').all()) await box.check();
    await page.getByRole('button', { name: /批量退回/ }).click();
    // Nothing was returned: each item says why, and the summary's first link leads to it.
    const summary = page.getByRole('alert').first();
    expect(await summary.innerText()).toContain('有问题');
    await summary.getByRole('link').first().click();
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('batch-comment');
    expect(await page.locator('.batch-result .alert li').count()).toBe(3);
    await shoot(page, 'inbox-failed');
    for (const id of ids) expect(await stateOf(submitter, id)).toMatchObject({ step: 'street-review' });
    // The failed items are still ticked: a comment and the button are all it takes.
    expect(await page.getByRole('checkbox', { checked: true }).count()).toBe(3);
    await page.getByLabel('意见').fill('请补充会员名单');
    await page.getByRole('button', { name: /批量退回/ }).click();
    await page.waitForURL(/\/\?done=return&n=3$/);
    expect(await page.getByRole('status').innerText()).toContain('已退回 3 项');
    for (const id of ids) expect(await stateOf(submitter, id)).toMatchObject({ step: 'fill', status: 'returned' });
    expect(rig!.cspViolations).toEqual([]);
  });
});

describe('the batch with JavaScript off', () => {
  it('approves by the form alone', async () => {
    const env = await setupEnv();
    const submitter = await signIn(env.app, 'acme.submitter');
    const ids = await three(submitter);
    const off = await openRig(env.app, { javaScriptEnabled: false, viewport: { width: 360, height: 800 } });
    try {
      const p = off.page;
      await signInAs(p, off.base, 'dinghailu.reviewer');
      for (const box of await p.getByRole('checkbox').all()) await box.check();
      await p.getByRole('button', { name: /批量同意/ }).click();
      await p.waitForURL(/\/\?done=approve&n=3$/);
      expect(await p.locator('main').innerText()).toContain('已同意 3 项');
      for (const id of ids) expect(await stateOf(submitter, id)).toMatchObject({ step: 'district-review' });
    } finally {
      await off.close();
    }
  });
});
