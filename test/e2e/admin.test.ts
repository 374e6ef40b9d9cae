/**
 * The admin in Chromium: signs in, creates an account (after a refused first try), and
 * publishes a version of union-registration by pasting its current declaration with one help
 * text changed, after seeing the preview name that change. Screenshots `admin-*` at 360 px and
 * 1280 px; axe-core finds no serious or critical violation on any of these pages.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupEnv, signIn, submittedRegistration } from '../int/support.js';
import { checkNames, openRig, shoot, signInAs, type Rig } from './browser.js';

let rig: Rig | undefined;
let page: Page;
let base: string;

/** Every admin page: screenshots `admin-<name>`, axe, widths, CSP, names. */
const look = async (name: string) => {
  await shoot(page, `admin-${name}`);
  await checkNames(page);
};

beforeAll(async () => {
  const env = await setupEnv();
  // A past submission, so the dry run has something to replay.
  await submittedRegistration(await signIn(env.app, 'acme.submitter'));
  rig = await openRig(env.app, { viewport: { width: 1280, height: 800 } });
  ({ page, base } = rig);
});

afterAll(async () => {
  await rig?.close();
});

describe('the admin in Chromium', { timeout: 120_000 }, () => {
  it('signs in and finds the admin pages', async () => {
    await signInAs(page, base, 'admin', '/admin');
    await look('home');
    await page.getByRole('link', { name: /组织与账号/ }).click();
    await page.getByRole('link', { name: /上海艾克米科技有限公司工会/ }).click();
    expect(await page.locator('h1').innerText()).toContain('上海艾克米科技有限公司工会');
    await page.goto(`${base}/admin/orgs`);
    await look('orgs');
  });

  it('creates an account, after the first try is refused for its empty password', async () => {
    await page.goto(`${base}/admin/orgs/acme`);
    await page.getByRole('link', { name: /新建账号/ }).click();
    await page.getByLabel('用户名').fill('acme.clerk');
    await page.getByLabel('姓名').fill('艾克米工会 刘干事');
    await page.getByLabel(/填报人/).check();
    await page.getByRole('button', { name: /新建账号/ }).click();
    const summary = page.locator('.error-summary');
    expect(await summary.innerText()).toContain('请输入初始密码');
    await summary.getByRole('link', { name: /请输入初始密码/ }).click();
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('password');
    expect(await page.getByLabel('用户名').inputValue()).toBe('acme.clerk');
    await look('account-error');
    await page.getByLabel(/初始密码/).fill('clerk-initial-1');
    await page.getByRole('button', { name: /新建账号/ }).click();
    await page.waitForURL(/\/admin\/orgs\/acme\/accounts\/acme\.clerk\?done=created$/);
    expect(await page.getByRole('status').innerText()).toContain('账号已建立');
    await look('account');
  });

  it('publishes a changed help text after the preview shows the change', async () => {
    const current = await (await page.request.get(`${base}/api/forms/union-registration`)).json();
    const field = current.sections[0].fields[0];
    field.help = { zh: '请填写拟建工会的全称（新版说明）', en: 'The full name of the union to be founded (new wording)' };
    await page.goto(`${base}/admin/forms`);
    await page.getByRole('link', { name: /建会申请/ }).click();
    await look('form');
    await page.getByLabel(/粘贴 JSON 表单定义/).fill(JSON.stringify(current, null, 2));
    await page.getByRole('button', { name: '预览' }).click();
    await page.waitForURL(`${base}/admin/forms/union-registration/preview`);
    const main = await page.locator('main').innerText();
    expect(main).toContain(`预览`);
    expect(main).toMatch(new RegExp(`修改\\s*Changed\\s*字段\\s*field\\s*${field.key}`));
    expect(main).toContain('请填写拟建工会的全称（新版说明）');
    expect(main).toMatch(/1 份填报：0 份会被拒绝/);
    await look('preview');
    await page.getByRole('button', { name: `发布第 ${current.version + 1} 版` }).click();
    await page.waitForURL(`${base}/admin/forms/union-registration?done=published`);
    expect(await page.getByRole('status').innerText()).toContain('新版本已发布');
    const now = await (await page.request.get(`${base}/api/forms/union-registration`)).json();
    expect([now.version, now.sections[0].fields[0].help.zh]).toEqual([current.version + 1, '请填写拟建工会的全称（新版说明）']);
  });

  it('shows what was done in the admin log', async () => {
    await page.goto(`${base}/admin/log`);
    const main = await page.locator('main').innerText();
    expect(main).toContain('新建账号');
    expect(main).toContain('发布表单版本');
    await look('log');
  });
});
