/**
 * An auditor finding a record and opening its print view, in Debian's Chromium, through the
 * pages only: district.auditor signs in, filters the records by form and street, opens a
 * record, sees its history verified, and opens the printable record. Screenshots of each page
 * at 360 px and 1280 px go to test/e2e/screenshots/ (records-*, print-*); axe-core checks each
 * at both widths, and no page scrolls sideways on a 360 px phone.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, checkNames, openRig, shoot, type Rig } from './browser.js';
import { act, formExample, setupEnv, signIn, submittedRegistration } from '../int/support.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';

let rig: Rig | undefined;
let page: Page;
let base: string;
let cspViolations: string[];
const ids = { acme: '', beta: '' };
let number = '';

beforeAll(async () => {
  const env = await setupEnv();
  const [union, street, district, beta] = await Promise.all(['acme.submitter', 'dinghailu.reviewer', 'district.reviewer', 'beta.submitter'].map((u) => signIn(env.app, u)));
  const submitted = await submittedRegistration(union);
  const returned = await act(street, submitted, 'return', { comment: '请补充筹备组成员名单' });
  const resubmitted = await act(union, returned.body, 'submit');
  const approved = await act(street, resubmitted.body, 'approve', { comment: '同意，报区总工会' });
  number = (await act(district, approved.body, 'approve', { comment: '准予建会' })).body.number;
  ids.acme = submitted.id;
  ids.beta = (await submittedRegistration(beta)).id;
  await union.json('POST', '/api/submissions', { formId: 'home-assessment', data: formExample('home-assessment') });
  rig = await openRig(env.app, { viewport: { width: 1280, height: 800 } });
  ({ page, base, cspViolations } = rig);
});

afterAll(async () => {
  await rig?.close();
});

describe('an auditor finds a record and prints it, in Chromium', () => {
  it('signs in and comes back to the records page', async () => {
    await page.goto(`${base}/records`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    await page.getByLabel('用户名').fill('district.auditor');
    await page.getByLabel('密码').fill(DEFAULT_DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    expect(new URL(page.url()).pathname).toBe('/records');
    expect(await page.locator('table.records tbody tr').count()).toBe(3);
    await shoot(page, 'records-all', { top: true });
  });

  it('filters by form and street with a plain GET form', async () => {
    await page.getByLabel('表单').selectOption('union-registration');
    await page.getByLabel('单位（含下级）').selectOption('dinghailu');
    await page.getByRole('button', { name: '筛选' }).click();
    const url = new URL(page.url());
    expect([url.pathname, url.searchParams.get('formId'), url.searchParams.get('orgId')]).toEqual(['/records', 'union-registration', 'dinghailu']);
    const rows = page.locator('table.records tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain(number);
    // The choices stay as chosen.
    expect(await page.getByLabel('表单').inputValue()).toBe('union-registration');
    await shoot(page, 'records-filtered', { top: true });
  });

  it('reaches the list’s scrolling region with the keyboard', async () => {
    await page.locator('.scroll').focus();
    expect(await page.evaluate("document.activeElement.getAttribute('role')")).toBe('region');
  });

  it('opens the record and sees its history verified', async () => {
    await page.locator('table.records tbody a').first().click();
    expect(new URL(page.url()).pathname).toBe(`/records/${ids.acme}`);
    await checkNames(page);
    expect(await page.locator('#verify-result').getAttribute('class')).toBe('ok');
    expect(await page.locator('#verify-result').innerText()).toContain('校验通过');
    expect(await page.locator('section.event').count()).toBe(6);
    expect(await page.locator('details.revision').count()).toBe(2);
    // The earlier revision opens on a click (no script: <details>).
    const first = page.locator('details.revision').first();
    expect(await first.getAttribute('open')).toBeNull();
    await first.locator('summary').click();
    expect(await first.getAttribute('open')).not.toBeNull();
    await shoot(page, 'records-record', { top: true });
  });

  it('opens the printable record, styled under its CSP, with a way back', async () => {
    await page.getByRole('link', { name: /打印版记录/ }).click();
    expect(new URL(page.url()).pathname).toBe(`/records/${ids.acme}/print`);
    expect(await page.locator('#number').innerText()).toBe(number);
    expect(await page.evaluate("getComputedStyle(document.querySelector('h1')).color")).toBe('rgb(164, 22, 26)');
    expect(await page.locator('#verify-result').getAttribute('class')).toBe('ok');
    await shoot(page, 'print-record', { top: true });
    // The way back is for the screen; on paper it is left out.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.back').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await page.locator('.back a').click();
    expect(new URL(page.url()).pathname).toBe(`/records/${ids.acme}`);
    expect(cspViolations).toEqual([]);
  });

  it('shows another street’s record to the district auditor, and a record out of nobody’s scope as not found', async () => {
    const res = await page.goto(`${base}/records/${ids.beta}`);
    expect(res?.status()).toBe(200);
    const missing = await page.goto(`${base}/records/01J00000000000000000000000`);
    expect(missing?.status()).toBe(404);
    expect(await axeViolations(page)).toEqual([]);
  });
});
