/**
 * The browser tests' shared rig: Debian's Chromium (never a downloaded one) in a fresh
 * profile, the app served over a test table on a free port, and a list of the CSP violations
 * Chromium reports. Without /usr/bin/chromium the tests fail, never skip: .ci/run installs it.
 * And what every page is held to: `shoot` (screenshots at 360 and 1280 px, axe at both, no
 * sideways scrolling, no CSP violation) and `checkNames` (one h1, every control named).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { App } from '../../functions/http/app.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';

const CHROMIUM = '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps trying hosts this closed network refuses.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export type Rig = { base: string; page: Page; cspViolations: string[]; close: () => Promise<void> };

/** Each rig's page with its CSP violations, so `shoot` can hold any page to none. */
const violationsOf = new WeakMap<Page, string[]>();

export async function openRig(app: App, options: BrowserContextOptions = {}): Promise<Rig> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const profile = mkdtempSync(join(tmpdir(), 'unionflow-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, ...options });
  const page = context.pages()[0] ?? (await context.newPage());
  const cspViolations: string[] = [];
  page.on('console', (m) => /Content Security Policy/i.test(m.text()) && cspViolations.push(m.text()));
  violationsOf.set(page, cspViolations);
  const close = async () => {
    await context.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(profile, { recursive: true, force: true });
  };
  return { base, page, cspViolations, close };
}

/**
 * The serious and critical accessibility violations axe-core finds on the page as it is now
 * (WCAG 2.1 A and AA), each as `rule: the elements it names`.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export const SHOTS = join(import.meta.dirname, 'screenshots');

/**
 * The page as it is now, at 360 px and at 1280 px: a full-page screenshot of each in
 * test/e2e/screenshots/<name>-<width>.png (and, with `top`, its first screen as
 * <name>-<width>-top.png, since a long page shrinks to nothing as one image), axe-core at each
 * width, the page no wider than the window (a wide table scrolls inside its own region) and
 * no CSP violation so far. The window is left at the size it had.
 */
export async function shoot(page: Page, name: string, options: { top?: boolean } = {}): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const before = page.viewportSize() ?? { width: 1280, height: 800 };
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: before.height });
    const path = join(SHOTS, `${name}-${width}.png`);
    await page.screenshot({ path, fullPage: true });
    expect(statSync(path).size).toBeGreaterThan(0);
    if (options.top) {
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: join(SHOTS, `${name}-${width}-top.png`) });
    }
    expect(await axeViolations(page), `axe at ${width} px on ${name}`).toEqual([]);
    expect(Number(await page.evaluate('document.documentElement.scrollWidth')), `page width at ${width} px on ${name}`).toBeLessThanOrEqual(width);
  }
  expect(violationsOf.get(page) ?? [], `CSP violations by ${name}`).toEqual([]);
  await page.setViewportSize(before);
}

/** What a screen reader needs: one h1, each input named by a label, each button and link by its text, the page's language. */
export async function checkNames(page: Page): Promise<void> {
  expect(await page.locator('h1').count(), 'h1 elements').toBe(1);
  // Strings, because the project compiles without the DOM library.
  const unnamed = await page.evaluate(`[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map((el) => el.outerHTML)`);
  expect(unnamed, 'inputs without a label').toEqual([]);
  const nameless = await page.evaluate(`[...document.querySelectorAll('button, a')].filter((el) => !el.textContent.trim()).map((el) => el.outerHTML)`);
  expect(nameless, 'buttons and links without a text').toEqual([]);
  expect(await page.getAttribute('html', 'lang')).toMatch(/^(zh-CN|en)$/);
}

/** Sign in through the sign-in page as a demo account, and land on `next`. */
export async function signInAs(page: Page, base: string, username: string, next = '/'): Promise<void> {
  await page.goto(`${base}/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEFAULT_DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${base}${next}`);
}
