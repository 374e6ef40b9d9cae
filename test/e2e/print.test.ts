/**
 * The printable record in a real browser: Debian's Chromium (never a downloaded one) against
 * the app served over a test table, signed in with a bearer token. What only a browser shows
 * is checked here: the page is styled under its CSP with no violation reported, and it prints
 * to an A4 PDF. A full-page screenshot is left at /tmp/unionflow-print.png for a person to look
 * at. Fails, never skips, without /usr/bin/chromium.
 */
import { statSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRig, type Rig } from './browser.js';
import { act, setupEnv, signIn, submittedRegistration } from '../int/support.js';

const SCREENSHOT = '/tmp/unionflow-print.png';

let rig: Rig | undefined;
let page: Page;
let url: string;
let number: string;
let cspViolations: string[] = [];

beforeAll(async () => {
  const env = await setupEnv();
  const [union, street, district] = await Promise.all(['acme.submitter', 'dinghailu.reviewer', 'district.reviewer'].map((u) => signIn(env.app, u)));
  const submitted = await submittedRegistration(union);
  const returned = await act(street, submitted, 'return', { comment: '请补充筹备组成员名单，并写明会员大会的筹备安排。' });
  const resubmitted = await act(union, returned.body, 'submit');
  const approved = await act(street, resubmitted.body, 'approve', { comment: '同意，报区总工会' });
  const done = await act(district, approved.body, 'approve', { comment: '准予建会' });
  number = done.body.number;

  rig = await openRig(env.app, { viewport: { width: 900, height: 1200 }, extraHTTPHeaders: { authorization: `Bearer ${district.token}` } });
  ({ page, cspViolations } = rig);
  url = `${rig.base}/api/submissions/${submitted.id}/print`;
});

afterAll(async () => {
  await rig?.close();
});

describe('the printable record in Chromium', () => {
  it('opens styled, with the registration number and no CSP violation reported', async () => {
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    expect(await page.locator('#number').innerText()).toBe(number);
    // The heading's colour comes only from the stylesheet the CSP admits by its hash.
    // A string, because the project compiles without the DOM library.
    expect(await page.evaluate("getComputedStyle(document.querySelector('h1')).color")).toBe('rgb(164, 22, 26)');
    expect(await page.locator('section.event').count()).toBe(6);
    expect(cspViolations).toEqual([]);
  });

  it('fits a 360 px phone without sideways scrolling', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(url);
    const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
    await page.setViewportSize({ width: 900, height: 1200 });
    expect(width).toBeLessThanOrEqual(360);
  });

  it('takes a full-page screenshot', async () => {
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
  });

  it('prints to an A4 PDF of more than one page', async () => {
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Page objects of the PDF: a full history does not fit on one sheet.
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages.length).toBeGreaterThan(1);
    expect(cspViolations).toEqual([]);
  });
});
