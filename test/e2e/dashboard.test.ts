/**
 * The district dashboard in Debian's Chromium (the charts are the server's SVG; the page has
 * no script): the district reviewer follows the navigation to it after approving registrations,
 * reads the targets, opens a chart's figures by keyboard, picks another year with the form,
 * and a wrong year shows the error summary. At 360 px the page does not scroll sideways;
 * axe-core finds no serious or critical violation; screenshots `dashboard-*` at 360 and 1280 px.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNames, openRig, shoot, signInAs, type Rig } from './browser.js';
import { act, setupEnv, signIn, submittedRegistration } from '../int/support.js';

let rig: Rig | undefined;
let page: Page;
let base: string;

beforeAll(async () => {
  const env = await setupEnv();
  const [acme, beta, dinghailu, wujiaochang, district] = await Promise.all(
    ['acme.submitter', 'beta.submitter', 'dinghailu.reviewer', 'wujiaochang.reviewer', 'district.reviewer'].map((u) => signIn(env.app, u)),
  );
  for (const [submitter, street] of [[acme, dinghailu], [acme, dinghailu], [beta, wujiaochang]] as const) {
    const sub = await submittedRegistration(submitter);
    const atDistrict = (await act(street, sub, 'approve')).body;
    expect((await act(district, atDistrict, 'approve')).body.status).toBe('approved');
  }
  await submittedRegistration(beta);
  // JavaScript stays on for axe-core, which runs as a script; the pages themselves have none.
  rig = await openRig(env.app, { viewport: { width: 360, height: 800 } });
  ({ page, base } = rig);
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

describe('the district dashboard in Chromium', () => {
  it('is reached from the navigation and shows the targets against the approvals', async () => {
    await signInAs(page, base, 'district.reviewer');
    await page.getByRole('navigation').getByRole('link', { name: /统计/ }).click();
    await page.waitForURL(`${base}/dashboard`);
    await checkNames(page);
    const enterprise = page.getByRole('img', { name: /规模企业、重点企业单独建会：已批准 3 家，目标 25 家/ });
    expect(await enterprise.count()).toBe(1);
    expect(await page.locator('.progress').first().innerText()).toMatch(/^3\s*\/\s*25/);
    expect(await page.getByRole('img', { name: /各街道待审 1 件/ }).count()).toBe(1);
    // The SVG fits the column at 360 px.
    const box = await enterprise.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(360);
    expect(rig!.cspViolations).toEqual([]);
    await shoot(page, 'dashboard');
  });

  it('opens a chart’s figures from the keyboard', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    const summary = page.locator('#targets-street-caption ~ details summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    const table = page.getByRole('region', { name: /各街道批准的建会申请：数据表/ });
    expect(await table.isVisible()).toBe(true);
    const dinghailu = table.getByRole('row', { name: /定海路街道总工会/ });
    expect(await dinghailu.locator('td').allInnerTexts()).toEqual(['2', '0', '2']);
    await shoot(page, 'dashboard-figures');
  });

  it('picks another year with the form, and shows a wrong one as an error to fix', async () => {
    await page.getByLabel('年度').fill('2019');
    await page.getByRole('button', { name: /查看/ }).click();
    await page.waitForURL(`${base}/dashboard?year=2019`);
    expect(await page.locator('.progress').first().innerText()).toMatch(/^0\s*\/\s*25/);
    await page.getByLabel('年度').fill('二〇一九');
    await page.getByRole('button', { name: /查看/ }).click();
    await page.waitForLoadState();
    const summary = page.getByRole('alert');
    expect(await summary.innerText()).toContain('四位年份');
    expect(await page.getByLabel('年度').inputValue()).toBe('二〇一九');
    await shoot(page, 'dashboard-error');
  });
});
