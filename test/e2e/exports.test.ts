/**
 * Exports from a browser: Debian's Chromium against the app with the in-process runner. The
 * district auditor filters the records, follows "export these records", starts an Excel
 * export without choosing a format first (the error summary moves focus to the choice), then
 * with one; the page reloads itself until the job is done and the file downloads. Screenshots
 * at 360 px and 1280 px; axe-core at both widths; no horizontal page scroll at 360 px.
 */
import { mkdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/http/app.js';
import { submissionView } from '../../functions/http/routes/submissions.js';
import { LocalExportFiles } from '../../functions/records/exports-files.js';
import { InProcessExportRunner } from '../../functions/service/export-runner.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';
import { setupEnv, signIn, submittedRegistration } from '../int/support.js';
import { axeViolations, openRig, type Rig } from './browser.js';

const SHOTS = join(import.meta.dirname, 'screenshots');

let rig: Rig | undefined;
let page: Page;
let base: string;
let dir: string;

async function shoot(name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    const path = join(SHOTS, `${name}-${width}.png`);
    await page.screenshot({ path, fullPage: true });
    expect(statSync(path).size).toBeGreaterThan(0);
    expect(await axeViolations(page), `axe at ${width} px on ${name}`).toEqual([]);
    if (width === 360) expect(await page.evaluate('document.documentElement.scrollWidth'), `page wider than 360 px on ${name}`).toBeLessThanOrEqual(360);
  }
}

beforeAll(async () => {
  const env = await setupEnv();
  dir = await mkdtemp(join(tmpdir(), 'unionflow-e2e-exports-'));
  const runner = new InProcessExportRunner({ db: env.db, now: () => new Date(), files: new LocalExportFiles({ dir }), view: submissionView });
  const app = createApp({ ...env.deps, exports: runner });
  const submitter = await signIn(app, 'acme.submitter');
  for (let i = 0; i < 3; i++) await submittedRegistration(submitter);
  rig = await openRig(app, { viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  ({ page, base } = rig);
});

afterAll(async () => {
  await rig?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('exporting records in Chromium', () => {
  it('goes from the filtered records to the export form, with the filter in words', async () => {
    await page.goto(`${base}/signin?next=${encodeURIComponent('/records?formId=union-registration')}`);
    await page.getByLabel('用户名').fill('district.auditor');
    await page.getByLabel('密码').fill(DEFAULT_DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/records/);
    await page.getByRole('link', { name: /导出这些记录/ }).click();
    await page.waitForURL(/\/exports\?/);
    expect(await page.locator('h1').innerText()).toContain('导出记录');
    expect(await page.locator('.export-start .lead').innerText()).toContain('建会申请');
    await shoot('exports-start');
  });

  it('shows an error summary whose link moves focus to the format choice', async () => {
    await page.getByRole('button', { name: /开始导出/ }).click();
    const summary = page.locator('.error-summary');
    await expect(summary.innerText()).resolves.toContain('请选择文件格式');
    await summary.getByRole('link', { name: /请选择文件格式/ }).click();
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('format-xlsx');
    await shoot('exports-error');
  });

  it('starts an Excel export by label, reloads itself until done, and downloads the file', async () => {
    await page.getByLabel(/Excel 工作簿/).check();
    await page.getByRole('button', { name: /开始导出/ }).click();
    await page.waitForURL(/\/exports#jobs$/);
    // The Refresh header reloads the page; the job finishes within a few reloads.
    await page.getByRole('link', { name: /下载/ }).waitFor({ timeout: 15_000 }).catch(async (error) => {
      await page.reload(); throw new Error(`${error}: ${(await page.locator("#jobs ~ *").allInnerTexts()).join(" // ")} URL ${page.url()}`);
    });
    expect(await page.locator('.job-status').first().innerText()).toContain('已完成');
    expect(await page.locator('#refreshing').count()).toBe(0);
    await shoot('exports-done');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /下载/ }).first().click()]);
    expect(download.suggestedFilename()).toMatch(/^建会申请-\d{8}\.xlsx$/);
    const saved = join(dir, 'downloaded.xlsx');
    await download.saveAs(saved);
    expect(statSync(saved).size).toBeGreaterThan(1000);
    expect(rig!.cspViolations).toEqual([]);
  });
});
