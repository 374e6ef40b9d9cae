/**
 * 会员评家 in a real browser: Debian's Chromium (never a downloaded one) against the app served
 * over a test table. A member opens /m/evaluate, types the code from the slip, answers and
 * submits; the same code a second time is refused. What only a browser shows is checked here:
 * the page is styled under its CSP (the style's hash is right) and no CSP violation is reported.
 * Fails, never skips, without /usr/bin/chromium: .ci/run installs it.
 */
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, openRig, type Rig } from './browser.js';
import { setupEnv, signIn } from '../int/support.js';

const SCREENSHOT = join(tmpdir(), 'unionflow-member-evaluate.png');
const QUESTIONS = ['q_activities', 'q_rights', 'q_openness', 'q_services', 'overall'];

let rig: Rig | undefined;
let page: Page;
let base: string;
let code: string;
let cspViolations: string[] = [];

beforeAll(async () => {
  const env = await setupEnv();
  const union = await signIn(env.app, 'acme.submitter');
  const assessment = await union.json('POST', '/api/submissions', { formId: 'home-assessment', data: {} });
  const round = await union.json('POST', '/api/rounds', { purpose: 'evaluation', submissionId: assessment.body.id, count: 1 });
  code = round.body.codes[0];

  rig = await openRig(env.app, { viewport: { width: 390, height: 844 } });
  ({ page, base, cspViolations } = rig);
});

afterAll(async () => {
  await rig?.close();
});

/** Fill the questionnaire as a member would and submit it; the response to the POST. */
async function answer(withCode: string) {
  await page.goto(`${base}/m/evaluate`);
  await page.fill('#f-code', withCode);
  for (const key of QUESTIONS) await page.check(`input[name="${key}"][value="satisfied"]`);
  await page.fill('#f-comment', '希望增加周末的文体活动');
  const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('main button[type=submit]')]);
  await page.waitForLoadState('domcontentloaded');
  return response;
}

describe('会员评家 in Chromium', () => {
  it('shows the questionnaire styled, with no CSP violation reported', async () => {
    await page.goto(`${base}/m/evaluate`);
    expect(await page.locator('h1').innerText()).toContain('会员评家问卷');
    // The button's colour comes only from the stylesheet the app serves under style-src 'self'.
    // A string, because the project compiles without the DOM library.
    const colour = await page.evaluate("getComputedStyle(document.querySelector('main button[type=submit]')).backgroundColor");
    expect(colour).toBe('rgb(164, 22, 26)');
    expect(cspViolations).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('submits the answers with the code and shows the thank-you page', async () => {
    const response = await answer(code);
    expect(response.status()).toBe(201);
    expect(await page.locator('h1').innerText()).toContain('感谢您的评价');
  });

  it('refuses the same code a second time with the used-or-unknown message', async () => {
    const response = await answer(code);
    expect(response.status()).toBe(404);
    expect(await page.locator('#e-code').innerText()).toContain('评议码无效或已使用');
    expect(await page.inputValue('#f-code')).toBe('');
    expect(await page.isChecked('input[name="overall"][value="satisfied"]')).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('takes a full-page screenshot of the refused page', async () => {
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(0);
    expect(cspViolations).toEqual([]);
  });
});
