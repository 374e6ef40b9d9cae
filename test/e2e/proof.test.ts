/**
 * Proof in Chromium: the public proof page for a signed and an unsigned head hash (no
 * session), the record page's integrity and completeness, and the print page's QR code.
 * Screenshots at 360 px and 1280 px go to test/e2e/screenshots/; axe-core checks each page.
 */
import { mkdirSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheckpoint } from '../../functions/records/checkpoints-job.js';
import { CheckpointLog, folderSink } from '../../functions/records/checkpoints-log.js';
import { hmacSigner } from '../../functions/records/checkpoints.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';
import { setupEnv, signIn, submittedRegistration } from '../int/support.js';
import { axeViolations, openRig, type Rig } from './browser.js';

const SHOTS = join(import.meta.dirname, 'screenshots');
let rig: Rig | undefined;
let page: Page;
let base: string;
let signed: { id: string; hash: string };
let unsignedHash: string;

async function shoot(name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    const path = join(SHOTS, `${name}-${width}.png`);
    await page.screenshot({ path, fullPage: true });
    expect(statSync(path).size).toBeGreaterThan(0);
    // No horizontal scrolling of the page at either width.
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    expect(await axeViolations(page), `axe at ${width} px on ${name}`).toEqual([]);
  }
}

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'uf-proof-e2e-'));
  const env = await setupEnv({ checkpoints: new CheckpointLog(folderSink(dir), hmacSigner('e2e-proof-key-0123456789abcdef')) });
  const submitter = await signIn(env.app, 'acme.submitter');
  const a = await submittedRegistration(submitter);
  await runCheckpoint(env.deps);
  unsignedHash = (await submittedRegistration(submitter)).lastHash;
  signed = { id: a.id, hash: a.lastHash };
  rig = await openRig(env.app, { viewport: { width: 1280, height: 800 } });
  ({ page, base } = rig);
});

afterAll(async () => {
  await rig?.close();
});

describe('proof in Chromium', () => {
  it('answers a signed head hash on a public page, with no session', async () => {
    await page.goto(`${base}/proof/${signed.hash}`);
    expect(await page.locator('h1').count()).toBe(1);
    await expect(page.locator('#proof-result').innerText()).resolves.toContain('已在签名的检查点中');
    await shoot('proof-signed');
  });

  it('answers a head hash not yet signed', async () => {
    await page.goto(`${base}/proof/${unsignedHash}`);
    await expect(page.locator('#proof-result').innerText()).resolves.toContain('不在任何签名的检查点中');
    await shoot('proof-unsigned');
  });

  it('shows integrity and completeness apart on the record page', async () => {
    await page.goto(`${base}/signin?next=/records/${signed.id}`);
    await page.getByLabel('用户名').fill('district.auditor');
    await page.getByLabel('密码').fill(DEFAULT_DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/records/${signed.id}`);
    await expect(page.locator('#integrity-result').innerText()).resolves.toContain('哈希与链接全部成立');
    await expect(page.locator('#completeness-result').innerText()).resolves.toContain('历史止于本记录的最新哈希');
    await expect(page.locator('#checkpoint-result').innerText()).resolves.toContain('签名检查点第 1 号');
    await shoot('record-verdicts');
    // The part this page adds, at the narrow width, where it is easiest to get wrong.
    await page.setViewportSize({ width: 360, height: 800 });
    await page.locator('.verdicts').screenshot({ path: join(SHOTS, 'record-verdicts-part-360.png') });
  });

  it('prints the head hash with a QR code for its public proof', async () => {
    await page.goto(`${base}/records/${signed.id}/print`);
    await expect(page.locator('#proof-url').innerText()).resolves.toContain(`/proof/${signed.hash}`);
    await expect(page.getByRole('img', { name: 'QR code' }).count()).resolves.toBe(1);
    expect(rig!.cspViolations).toEqual([]);
    await shoot('print-proof');
    await page.setViewportSize({ width: 360, height: 800 });
    await page.locator('#proof-mark').screenshot({ path: join(SHOTS, 'print-proof-part-360.png') });
  });
});
