/**
 * The steps the flow tests share: one Debian Chromium with a fresh context per person (so
 * each has their own cookies, as on their own phone), the app served once over the test
 * table, signing in through the page, filling a declared form's own example into the fill
 * page, and the check made on every page visited: axe-core, one h1, every input named, no
 * sideways scroll, screenshots at 360 and 1280 px for the key pages. axe runs as a script,
 * so a page in a context without JavaScript is checked as the same HTML in a checker context
 * with it.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { FieldDecl } from '../../forms/language.js';
import { getForm } from '../../forms/registry.js';
import type { App } from '../../functions/http/app.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';
import { shanghaiDate } from '../../workflows/calendar.js';
import { axeViolations } from './browser.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = join(import.meta.dirname, 'screenshots');

export type Flow = {
  base: string;
  /** A new person: a fresh context (no cookies), with or without JavaScript as the flow runs. */
  person: () => Promise<Page>;
  /** Every CSP violation any page of the flow reported. */
  cspViolations: string[];
  javaScript: boolean;
  close: () => Promise<void>;
};

let checker: Page | undefined;

export async function openFlow(app: App, { javaScript = true } = {}): Promise<Flow> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const contexts: BrowserContext[] = [];
  const cspViolations: string[] = [];
  const person = async () => {
    const context = await browser.newContext({ javaScriptEnabled: javaScript, viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && cspViolations.push(m.text()));
    return page;
  };
  if (!javaScript) {
    checker = await (await browser.newContext()).newPage();
    await checker.goto(`${base}/signin`);
  }
  const close = async () => {
    checker = undefined;
    for (const c of contexts) await c.close();
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { base, person, cspViolations, javaScript, close };
}

/** axe on the page as it is now; a page without JavaScript through the checker, as the same HTML. */
async function axe(page: Page): Promise<string[]> {
  if (!checker) return axeViolations(page);
  await checker.setViewportSize(page.viewportSize() ?? { width: 1280, height: 900 });
  await checker.setContent(await page.content());
  return axeViolations(checker);
}

/** What a screen reader needs: one h1, every input named by a label, every button and link by its text. */
async function checkNames(page: Page, where: string) {
  expect(await page.locator('h1').count(), `one h1 on ${where}`).toBe(1);
  const unnamed = await page.evaluate(`[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map((el) => el.outerHTML)`);
  expect(unnamed, `unnamed inputs on ${where}`).toEqual([]);
  const nameless = await page.evaluate(`[...document.querySelectorAll('button, a')].filter((el) => !el.textContent.trim()).map((el) => el.outerHTML)`);
  expect(nameless, `nameless buttons or links on ${where}`).toEqual([]);
}

/** The check of every page visited: names, axe, no sideways scroll at the current width. */
export async function check(page: Page, where = new URL(page.url()).pathname) {
  await checkNames(page, where);
  expect(await axe(page), `axe on ${where}`).toEqual([]);
  // The page never scrolls sideways; if it does, name the innermost elements sticking out.
  const wide = await page.evaluate(`document.documentElement.scrollWidth <= window.innerWidth ? [] :
    [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1
      && ![...el.children].some((k) => k.getBoundingClientRect().right > window.innerWidth + 1))
      .slice(0, 5).map((el) => el.outerHTML.slice(0, 160))`);
  expect(wide, `no sideways scroll on ${where}`).toEqual([]);
}

/** A key page: checked, and photographed at 360 and 1280 px to test/e2e/screenshots/<name>-<width>.png. */
export async function shoot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
    await check(page, `${name} at ${width} px`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Sign in through the page as a demo account and land on the home page. */
export async function signInAs(page: Page, base: string, username: string) {
  await page.goto(`${base}/signin`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEFAULT_DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${base}/`);
}

/** A fill-page input by its data path (`f-<path>`). */
export const input = (page: Page, path: string) => page.locator(`[id="f-${path}"]`);

/** Click and wait for the page the form posts to (a full navigation, with or without JavaScript). */
export async function press(page: Page, button: ReturnType<Page['getByRole']>) {
  await Promise.all([page.waitForNavigation(), button.click()]);
}

/**
 * Type a declared form's own example into the fill page, field by field, as a person would:
 * text into boxes (money in yuan), a radio per choice, a tick per flag. Groups and files are
 * left to the flow that needs them.
 */
export async function fillExample(page: Page, formId: string, skip: ReadonlySet<string> = new Set()) {
  const form = getForm(formId)!;
  const example = form.decl.example(shanghaiDate(new Date())) as Record<string, unknown>;
  const fields = new Map<string, FieldDecl>(form.decl.sections.flatMap((s) => s.fields).map((f) => [f.key, f]));
  for (const [key, value] of Object.entries(example)) {
    const field = fields.get(key);
    if (!field || field.readOnly || skip.has(key) || value === undefined) continue;
    if (field.type === 'score') {
      const { score, note } = value as { score: number; note?: string };
      await input(page, `${key}.score`).fill(String(score));
      if (note) await input(page, `${key}.note`).fill(note);
    } else if (field.type === 'money') await input(page, key).fill((Number(value) / 100).toFixed(2));
    else if (field.type === 'choice') {
      const radio = page.locator(`input[name="${key}"][value="${String(value)}"]`);
      if ((await radio.count()) > 0) await radio.check();
      else await input(page, key).selectOption(String(value));
    }
    else if (field.type === 'flag' || field.type === 'declaration') {
      if (value === true) await input(page, key).check();
    } else if (field.type !== 'group' && field.type !== 'attachment') await input(page, key).fill(String(value));
  }
}
