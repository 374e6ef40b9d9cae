/**
 * Signing in from a browser: Debian's Chromium against the app over a test table. A street
 * reviewer opens a page, is sent to sign in, signs in by label and role, lands back on the
 * home page with the registration that waits for them, switches to English (remembered across
 * pages), and signs out. Screenshots at 360 px and 1280 px go to test/e2e/screenshots/; axe-core
 * checks every page at both widths, and labels, roles and names are checked here by hand too.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, checkNames, openRig, shoot, type Rig } from './browser.js';
import { setupEnv, signIn, submittedRegistration } from '../int/support.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';

let rig: Rig | undefined;
let page: Page;
let base: string;
let submissionId: string;

beforeAll(async () => {
  const env = await setupEnv();
  submissionId = (await submittedRegistration(await signIn(env.app, 'acme.submitter'))).id;
  rig = await openRig(env.app, { viewport: { width: 1280, height: 800 } });
  ({ page, base } = rig);
});

afterAll(async () => {
  await rig?.close();
});

describe('signing in and out in Chromium', () => {
  it('sends a page without a session to the sign-in page, which names its fields and button', async () => {
    await page.goto(`${base}/`);
    await page.goto(`${base}/submissions/${submissionId}`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/submissions/${submissionId}`);
    await expect(page.getByLabel('用户名').count()).resolves.toBe(1);
    await expect(page.getByLabel('密码').count()).resolves.toBe(1);
    await checkNames(page);
  });

  it('shows an error summary linking to the password when it is left empty', async () => {
    await page.goto(`${base}/signin`);
    await page.getByLabel('用户名').fill('dinghailu.reviewer');
    await page.getByRole('button', { name: '登录' }).click();
    const summary = page.getByRole('alert');
    await expect(summary.innerText()).resolves.toContain('请输入密码');
    await summary.getByRole('link', { name: /请输入密码/ }).click();
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('password');
    await shoot(page, 'signin-error');
  });

  it('signs in by label and role and shows the home page with what waits', async () => {
    await page.goto(`${base}/signin`);
    await page.getByLabel('用户名').fill('dinghailu.reviewer');
    await page.getByLabel('密码').fill(DEFAULT_DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/`);
    const main = await page.locator('main').innerText();
    expect(main).toContain('待办');
    expect(main).toContain('上海艾克米科技有限公司工会');
    expect(main).toContain('街道（行业）工会审核');
    await expect(page.getByRole('link', { name: /建会申请/ }).getAttribute('href')).resolves.toBe(`/submissions/${submissionId}`);
    await expect(page.getByRole('button', { name: /退出/ }).count()).resolves.toBe(1);
    // Styled from the served stylesheet, with no CSP violation.
    expect(await page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor")).toBe('rgb(164, 22, 26)');
    expect(rig!.cspViolations).toEqual([]);
    await checkNames(page);
    await shoot(page, 'home-zh');
  });

  it('switches to English, which stays chosen on the next page', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForURL(`${base}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('main h2').first().innerText()).toMatch(/^Waiting for you/);
    await page.goto(`${base}/submissions/${submissionId}`);
    expect(await page.locator('main').innerText()).toMatch(/Union registration/);
    await page.goto(`${base}/`);
    await shoot(page, 'home-en');
  });

  it('signs out, and the home page is the public one again', async () => {
    await page.getByRole('button', { name: /Sign out/ }).click();
    await page.waitForURL(`${base}/signin`);
    await page.goto(`${base}/`);
    await expect(page.getByRole('button', { name: /Sign out/ }).count()).resolves.toBe(0);
    await page.goto(`${base}/submissions/${submissionId}`);
    expect(new URL(page.url()).pathname).toBe('/signin');
    expect(rig!.cspViolations).toEqual([]);
  });
});

describe('signing in and out with JavaScript off', () => {
  it('works by forms alone: sign in, see what waits, switch language, sign out', async () => {
    const env = await setupEnv();
    await submittedRegistration(await signIn(env.app, 'acme.submitter'));
    const off = await openRig(env.app, { javaScriptEnabled: false, viewport: { width: 360, height: 800 } });
    try {
      const p = off.page;
      await p.goto(`${off.base}/`);
      await p.goto(`${off.base}/signin?next=%2F`);
      await p.getByLabel('用户名').fill('dinghailu.reviewer');
      await p.getByLabel('密码').fill(DEFAULT_DEMO_PASSWORD);
      await p.getByRole('button', { name: '登录' }).click();
      await p.waitForURL(`${off.base}/`);
      expect(await p.locator('main').innerText()).toContain('上海艾克米科技有限公司工会');
      await p.getByRole('button', { name: 'English' }).click();
      await p.waitForLoadState();
      expect(await p.getAttribute('html', 'lang')).toBe('en');
      await p.getByRole('button', { name: /Sign out/ }).click();
      await p.waitForURL(/\/signin$/);
      expect(await p.getByRole('button', { name: /Sign in|登录/ }).count()).toBe(1);
    } finally {
      await off.close();
    }
  });
});

describe('the accessibility check itself', () => {
  it('reports a page without a title and an input without a label', async () => {
    await page.setContent('<html lang="en"><body><main><h1>x</h1><input type="text"></main></body></html>');
    const found = await axeViolations(page);
    expect(found.map((v) => v.split(':')[0]).sort()).toEqual(['document-title', 'label']);
  });
});
