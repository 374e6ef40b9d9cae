/**
 * An auditor searching the records in Debian's Chromium: by number typed as a person would,
 * by step, and by the month records were submitted; a step not offered re-shown with its error
 * summary. Screenshots at 360 px and 1280 px go to test/e2e/screenshots/search-*; axe-core
 * checks each, and no page scrolls sideways on a 360 px phone.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, openRig, type Rig } from './browser.js';
import { act, ownRegistration, setupEnv, signIn, submittedRegistration } from '../int/support.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';
import { shanghaiDate } from '../../workflows/calendar.js';

const SHOTS = join(import.meta.dirname, 'screenshots');
let rig: Rig | undefined;
let page: Page;
let base: string;
let cspViolations: string[];
let number = '';

async function shoot(name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
    expect(await axeViolations(page), `axe at ${width} px on ${name}`).toEqual([]);
    if (width === 360) expect(Number(await page.evaluate('document.documentElement.scrollWidth')), `width of ${name} at 360 px`).toBeLessThanOrEqual(360);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

beforeAll(async () => {
  const env = await setupEnv();
  const [union, street, district, beta] = await Promise.all(['acme.submitter', 'dinghailu.reviewer', 'district.reviewer', 'beta.submitter'].map((u) => signIn(env.app, u)));
  const submitted = await submittedRegistration(union, { ...(await ownRegistration(union)), name: '星光科技有限公司' });
  number = (await act(district, (await act(street, submitted, 'approve')).body, 'approve')).body.number;
  await submittedRegistration(beta);
  await union.json('POST', '/api/submissions', { formId: 'union-registration', data: { name: '未提交的草稿' } });
  rig = await openRig(env.app, { viewport: { width: 1280, height: 800 } });
  ({ page, base, cspViolations } = rig);
  await page.goto(`${base}/signin?next=/records`);
  await page.getByLabel('用户名').fill('district.auditor');
  await page.getByLabel('密码').fill(DEFAULT_DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
});

afterAll(async () => {
  await rig?.close();
});

describe('an auditor searches the records, in Chromium', () => {
  it('finds a record by its number typed in lower case', async () => {
    expect(new URL(page.url()).pathname).toBe('/records');
    await page.getByLabel('名称或编号').fill(number.toLowerCase());
    await page.getByRole('button', { name: '筛选' }).click();
    expect(new URL(page.url()).searchParams.get('q')).toBe(number.toLowerCase());
    const rows = page.locator('table.records tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(number);
    await shoot('search-number');
  });

  it('filters by step, and by the month records were submitted', async () => {
    await page.goto(`${base}/records`);
    await page.getByLabel('步骤').selectOption('fill');
    await page.getByRole('button', { name: '筛选' }).click();
    expect(await page.locator('table.records tbody tr').count()).toBe(1);
    await page.goto(`${base}/records`);
    await page.getByLabel('期间按').selectOption('submitted');
    await page.getByLabel('月份').fill(shanghaiDate(new Date()).slice(0, 7));
    await page.getByRole('button', { name: '筛选' }).click();
    expect(await page.locator('table.records tbody tr').count()).toBe(2);
    await shoot('search-submitted');
  });

  it('re-shows a step not offered with its error summary, focusable from the summary', async () => {
    await page.goto(`${base}/records?step=nope&q=%E6%98%9F`);
    expect(await page.locator('.error-summary a[href="#step"]').count()).toBe(1);
    expect(await page.getByLabel('名称或编号').inputValue()).toBe('星');
    await shoot('search-error');
    expect(cspViolations).toEqual([]);
  });
});
