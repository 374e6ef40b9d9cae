/**
 * The printable record in a real browser: Debian's Chromium (never a downloaded one) against
 * the app served over a test table, signed in with a bearer token. What only a browser shows
 * is checked here: the page is styled under its CSP with no violation reported, and it prints
 * to an A4 PDF. A full-page screenshot is left at /tmp/unionflow-print.png for a person to look
 * at. Fails, never skips, without /usr/bin/chromium.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, setupEnv, signIn, submittedRegistration } from '../int/support.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOT = '/tmp/unionflow-print.png';

let server: ServerType | undefined;
let context: BrowserContext | undefined;
let profile: string | undefined;
let page: Page;
let url: string;
let number: string;
/** Chromium reports each CSP violation on the console. */
const cspViolations: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  const env = await setupEnv();
  const [union, street, district] = await Promise.all(['acme.submitter', 'dinghailu.reviewer', 'district.reviewer'].map((u) => signIn(env.app, u)));
  const submitted = await submittedRegistration(union);
  const returned = await act(street, submitted, 'return', { comment: '请补充筹备组成员名单，并写明会员大会的筹备安排。' });
  const resubmitted = await act(union, returned.body, 'submit');
  const approved = await act(street, resubmitted.body, 'approve', { comment: '同意，报区总工会' });
  const done = await act(district, approved.body, 'approve', { comment: '准予建会' });
  number = done.body.number;

  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: env.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/submissions/${submitted.id}/print`;

  profile = mkdtempSync(join(tmpdir(), 'unionflow-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 900, height: 1200 },
    extraHTTPHeaders: { authorization: `Bearer ${district.token}` },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => /Content Security Policy/i.test(m.text()) && cspViolations.push(m.text()));
});

afterAll(async () => {
  await context?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (profile) rmSync(profile, { recursive: true, force: true });
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
