/**
 * `GET /dashboard` through `app.request` over DynamoDB Local: who may see it (district staff
 * with the whole district in scope; anyone else gets the missing page's 404), the year
 * parameter, and the numbers after registrations of both kinds are approved, returned to
 * review or rejected in two streets through the API, with home assessments and audits
 * planted in the store in the states the panels count.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { navFor } from '../../functions/http/pages/page-session.js';
import { mayViewDashboard, dashboard } from '../../functions/service/dashboard.js';
import { newDraft } from '../../functions/service/submissions.js';
import { getForm } from '../../forms/registry.js';
import { workflowForForm } from '../../workflows/registry.js';
import { insertSubmission } from '../../functions/store/submissions.js';
import { act, ownRegistration, setupEnv, signIn, submittedRegistration, type Client, type TestEnv } from './support.js';

let env: TestEnv;
let district: Client;
const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
const month = new Date(Date.now() + 8 * 3600_000).getUTCMonth() + 1;

/** A federation's registration for `submitter`'s union: two covered enterprises adding up. */
async function federation(submitter: Client, kind: 'area-federation' | 'industry-federation') {
  const base = await ownRegistration(submitter);
  const { creditCode, legalRepresentative, ...rest } = base;
  const code = String(creditCode);
  return {
    ...rest,
    kind,
    name: '某园区工会联合会',
    coveredEnterprises: [
      { name: '甲公司', creditCode: code, employees: 70 },
      { name: '乙公司', creditCode: code, employees: 50 },
    ],
  };
}

/** Submit, then approve at the street (by `street`) and, unless told to stop, at the district. */
async function approved(submitter: Client, street: Client, data?: Record<string, unknown>, stopAtDistrict = false) {
  const sub = await submittedRegistration(submitter, data);
  const atDistrict = await act(street, sub, 'approve');
  expect(atDistrict.status).toBe(200);
  if (stopAtDistrict) return atDistrict.body;
  const done = await act(district, atDistrict.body, 'approve');
  expect(done.status).toBe(200);
  expect(done.body.status).toBe('approved');
  return done.body;
}

/** A submission of `formId` planted in the store, for the panels that count its end states. */
async function plant(formId: string, org: { orgId: string; orgName: string; orgPath: string[] }, change: Record<string, unknown>) {
  const form = getForm(formId)!;
  const { sub, event } = newDraft({ form, workflow: workflowForForm(formId)!, org, actor: { id: 'test', name: 'test', orgId: org.orgId }, data: {}, at: new Date().toISOString() });
  await insertSubmission(env.db, { ...sub, ...change } as typeof sub, event);
}

const acmeOrg = { orgId: 'acme', orgName: '上海艾克米科技有限公司工会', orgPath: ['yangpu', 'dinghailu', 'acme'] };

beforeAll(async () => {
  env = await setupEnv();
  const [acme, beta, dinghailu, wujiaochang] = await Promise.all(
    ['acme.submitter', 'beta.submitter', 'dinghailu.reviewer', 'wujiaochang.reviewer'].map((u) => signIn(env.app, u)),
  );
  district = await signIn(env.app, 'district.reviewer');
  // 定海路: two enterprises and one area federation approved; one enterprise waiting at the district.
  await approved(acme, dinghailu);
  await approved(acme, dinghailu);
  await approved(acme, dinghailu, await federation(acme, 'area-federation'));
  await approved(acme, dinghailu, undefined, true);
  // 五角场: one industry federation approved, one enterprise rejected, one waiting at the street.
  await approved(beta, wujiaochang, await federation(beta, 'industry-federation'));
  const rejected = await submittedRegistration(beta);
  expect((await act(wujiaochang, rejected, 'reject', { comment: '材料不全' })).status).toBe(200);
  await submittedRegistration(beta);
  // Home assessments completed this year with their computed grades, one still in review.
  for (const grade of ['excellent', 'qualified', 'qualified']) await plant('home-assessment', acmeOrg, { status: 'completed', step: 'completed', computed: { grade } });
  await plant('home-assessment', acmeOrg, { status: 'in_review', step: 'street-review', computed: { grade: 'unqualified' } });
  // Audits: findings not accepted in an open one count; an accepted one, and a closed audit's, do not.
  const finding = (id: string, severity: string, verdict?: string) => ({ id, category: 'spending', description: '…', severity, deadline: '2026-12-31', ...(verdict ? { verdict } : {}) });
  await plant('audit-submission', acmeOrg, {
    status: 'in_review',
    step: 'rectification',
    data: { findings: [finding('1', 'general'), finding('2', 'severe'), finding('3', 'severe'), finding('4', 'serious', 'accepted')] },
  });
  await plant('audit-submission', acmeOrg, { status: 'closed', step: 'closed', data: { findings: [finding('5', 'severe')] } });
}, 120_000);

describe('who sees GET /dashboard', () => {
  it('sends a visitor without a session to sign in', async () => {
    const res = await env.app.request('/dashboard?year=2026');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/signin?next=%2Fdashboard%3Fyear%3D2026');
  });

  it.each(['acme.submitter', 'dinghailu.reviewer', 'acme.auditor'])('answers %s with the same 404 page as a missing record', async (username) => {
    const client = await signIn(env.app, username);
    const res = await client.request('GET', '/dashboard');
    expect(res.status).toBe(404);
    const main = (html: string) => html.match(/<main[\s\S]*<\/main>/)![0];
    const missing = await client.request('GET', '/submissions/01ARZ3NDEKTSV4RRFFQ69G5FAV');
    expect(missing.status).toBe(404);
    expect(main(await res.text())).toBe(main(await missing.text()));
  });

  it('lets the district reviewer, auditor and admin in, with the page headers', async () => {
    for (const username of ['district.reviewer', 'district.auditor', 'admin']) {
      const res = await (username === 'district.reviewer' ? district : await signIn(env.app, username)).request('GET', '/dashboard');
      expect(res.status, username).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
  });

  it('is the rule the navigation follows', () => {
    const scope = (orgId: string, depth: number, exact = false) => [{ orgId, depth, exact }];
    expect(mayViewDashboard({ roles: ['reviewer'], orgPath: ['yangpu'], scope: scope('yangpu', 0) })).toBe(true);
    expect(mayViewDashboard({ roles: ['auditor'], orgPath: ['yangpu'], scope: scope('acme', 2) })).toBe(false);
    expect(mayViewDashboard({ roles: ['reviewer'], orgPath: ['yangpu', 'dinghailu'], scope: scope('dinghailu', 1) })).toBe(false);
    expect(navFor({ roles: ['auditor'], orgPath: ['yangpu'], scope: scope('yangpu', 0) })).toContain('dashboard');
    expect(navFor({ roles: ['auditor'], orgPath: ['yangpu'], scope: scope('acme', 2) })).not.toContain('dashboard');
  });
});

describe('the numbers', () => {
  it('counts approved registrations by kind, month and street; what waits by step and street; grades; open findings', async () => {
    const caller = (await district.json('GET', '/api/me')).body;
    expect(caller.id).toBe('district.reviewer');
    const session = (await import('../../functions/store/accounts.js'));
    const user = (await session.getUser(env.db, 'district.reviewer'))!;
    const org = (await session.getOrg(env.db, user.orgId))!;
    const data = await dashboard(env.deps, session.callerOf(user, org), year);
    const [enterprise, federations] = data.targets;
    expect([enterprise.key, enterprise.total, enterprise.target]).toEqual(['enterprise', 2, 25]);
    expect([federations.key, federations.total, federations.target]).toEqual(['federation', 2, 20]);
    expect(enterprise.byMonth[month - 1]).toBe(2);
    expect(federations.byMonth.reduce((a, b) => a + b)).toBe(2);
    const street = (id: string) => data.targetsByStreet.find((s) => s.key === id)!.counts;
    expect(street('dinghailu')).toEqual({ enterprise: 2, federation: 1 });
    expect(street('wujiaochang')).toEqual({ federation: 1 });
    expect(street('yinhang')).toEqual({});
    expect(data.targetsByStreet).toHaveLength(13); // twelve streets and the industry union
    // In review: a registration at each review, the assessment at the street, the audit in rectification.
    expect(data.waiting.total).toBe(4);
    expect(Object.fromEntries(data.waiting.streets.map((s) => [s.key, s.count]))).toEqual({ dinghailu: 3, wujiaochang: 1 });
    expect(Object.fromEntries(data.waiting.steps.map((s) => [s.label.zh, s.count]))).toEqual({
      '建会申请 · 区总工会组织部审批': 1,
      '建会申请 · 街道（行业）工会审核': 1,
      '职工之家建设自评 · 街道（行业）工会复核': 1,
      '审计资料报送 · 整改答复': 1,
    });
    const registrationAtStreet = data.waiting.steps.find((s) => s.label.zh === '建会申请 · 街道（行业）工会审核')!.key;
    expect(data.waiting.cells.wujiaochang).toEqual({ [registrationAtStreet]: 1 });
    expect(data.grades.map((g) => [g.key, g.count])).toEqual([['excellent', 1], ['qualified', 2], ['unqualified', 0]]);
    expect(data.findings.map((f) => [f.key, f.count])).toEqual([['general', 1], ['serious', 0], ['severe', 2]]);
  });

  it('reads through the scope index, never a scan, at a cost that does not grow with a few more submissions', async () => {
    const accounts = await import('../../functions/store/accounts.js');
    const user = (await accounts.getUser(env.db, 'district.reviewer'))!;
    const caller = accounts.callerOf(user, (await accounts.getOrg(env.db, user.orgId))!);
    const trips: { command: string; index?: string }[] = [];
    env.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        trips.push({ command: String(context.commandName), index: (args.input as { IndexName?: string }).IndexName });
        return next(args);
      },
      { step: 'deserialize', name: 'dashboardTrips', override: true },
    );
    try {
      await dashboard(env.deps, caller, year);
      const before = [...trips];
      expect(before.map((t) => t.command)).not.toContain('ScanCommand');
      expect(before.filter((t) => t.index === 'scope0')).toHaveLength(1);
      for (let i = 0; i < 5; i++) await plant('home-assessment', acmeOrg, { status: 'draft' });
      trips.length = 0;
      await dashboard(env.deps, caller, year);
      expect(trips).toEqual(before);
    } finally {
      env.db.doc.middlewareStack.remove('dashboardTrips');
    }
  });

  it('shows them on the page, in charts and their tables', async () => {
    const html = await (await district.request('GET', `/dashboard?year=${year}`)).text();
    expect(html).toContain(`<strong class="big">2</strong> / 25`);
    expect(html).toContain(`<strong class="big">2</strong> / 20`);
    expect(html).toContain('aria-label="规模企业、重点企业单独建会：已批准 2 家，目标 25 家，完成 8%');
    expect(html).toContain('aria-label="各环节待审 4 件');
    // Two targets, by street, waiting by step and by street, grades, findings.
    expect(html.match(/<svg /g)!.length).toBe(7);
    // The street table's row for 定海路: 2 enterprises, 1 federation, 3 in all.
    expect(html).toMatch(/定海路街道总工会<\/span>.*?<\/th><td class="num">2<\/td><td class="num">1<\/td><td class="num">3<\/td>/);
    expect(html).toMatch(/严重<\/span>.*?<\/th><td class="num">2<\/td>/);
  });

  it('counts nothing in a year with no approvals, and says so', async () => {
    const html = await (await district.request('GET', `/dashboard?year=${year - 5}`)).text();
    expect(html).toContain('<strong class="big">0</strong> / 25');
    expect(html).toContain('暂无数据');
    expect(html).toContain(`value="${year - 5}"`);
  });
});

describe('the year', () => {
  it.each(['abc', '20261', '1999', '2026-01', "'><script>"])('answers %s with 400, the error summary linking to the field, and what was typed', async (raw) => {
    const res = await district.request('GET', `/dashboard?year=${encodeURIComponent(raw)}`);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<a href="#year">');
    expect(html).toMatch(/<input type="text" id="year" name="year" value="[^"]*"[^>]* aria-invalid="true" aria-describedby="e-year"/);
    expect(html).not.toContain('<script>');
    expect(html).toContain(`value="${raw.replace(/'/g, '&#39;').replace(/>/g, '&gt;').replace(/</g, '&lt;')}"`);
    expect(html.match(/<h1/g)).toHaveLength(1);
  });

  it('defaults to this year in Shanghai', async () => {
    const html = await (await district.request('GET', '/dashboard')).text();
    expect(html).toContain(`value="${year}"`);
  });
});
