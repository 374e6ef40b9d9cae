/**
 * The records page's new filters through `app.request`: q by name and number, step, and the
 * period by submission or update; a bad step or period re-shown with 400 and its error summary,
 * and the next-page link carrying every filter.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../functions/http/middleware/session.js';
import { filterQuery } from '../../functions/http/pages/records-filter.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';
import { act, ownRegistration, setupEnv, signIn, type Client, type TestEnv } from './support.js';

let env: TestEnv;
let clock = Date.parse('2030-03-05T02:00:00.000Z');
const ids = { star: '', park: '', draft: '' };
let number = '';
let cookie = '';

async function page(path: string) {
  const res = await env.app.request(path, { headers: { cookie } });
  return { status: res.status, text: await res.text() };
}
const linked = (text: string) => [...text.matchAll(/<a href="\/records\/([0-9A-Z]{26})">/g)].map((m) => m[1]);

beforeAll(async () => {
  env = await setupEnv({ now: () => new Date(clock) });
  const sign = (u: string) => signIn(env.app, u);
  const [acme, beta] = await Promise.all([sign('acme.submitter'), sign('beta.submitter')]);
  const ok = async (p: Promise<{ status: number; body: any }>) => {
    const r = await p;
    if (r.status >= 300) throw new Error(JSON.stringify(r.body));
    return r.body;
  };
  const star = await ok(acme.json('POST', '/api/submissions', { formId: 'union-registration', data: { ...(await ownRegistration(acme)), name: '星光科技有限公司', foundingMeetingDate: '2030-12-01' } }));
  const park = await ok(beta.json('POST', '/api/submissions', { formId: 'union-registration', data: { ...(await ownRegistration(beta)), name: '贝塔园区联合会', foundingMeetingDate: '2030-12-01' } }));
  ids.draft = (await ok(acme.json('POST', '/api/submissions', { formId: 'union-registration', data: { name: '未提交的草稿' } }))).id;
  clock = Date.parse('2030-04-10T02:00:00.000Z');
  const [acme2, beta2, street, district]: Client[] = await Promise.all(['acme.submitter', 'beta.submitter', 'dinghailu.reviewer', 'district.reviewer'].map(sign));
  const submitted = await ok(act(acme2, star, 'submit'));
  await ok(act(beta2, park, 'submit'));
  number = (await ok(act(district, await ok(act(street, submitted, 'approve')), 'approve'))).number;
  ids.star = star.id;
  ids.park = park.id;
  const res = await env.app.request('/signin', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'district.auditor', password: DEFAULT_DEMO_PASSWORD, next: '/' }).toString(),
  });
  cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.split(';')[0];
}, 60_000);

describe('the records page’s search', () => {
  it('offers the name-or-number box, the steps and the period kinds, each with its label', async () => {
    const { status, text } = await page('/records');
    expect(status).toBe(200);
    expect(text).toMatch(/<label class="label" for="q">[^]*?<input type="search" id="q" name="q"/);
    expect(text).toContain('<label class="label" for="step">');
    expect(text).toContain('<option value="street-review">');
    expect(text).toMatch(/<select id="period" name="period"[^>]*><option value="created"/);
    expect(text).toContain('<option value="submitted">');
  });

  it('finds a record by part of its name, and by its number as typed', async () => {
    expect(linked((await page('/records?q=%E6%98%9F%E5%85%89')).text)).toEqual([ids.star]);
    expect(linked((await page(`/records?q=${encodeURIComponent(` ${number.toLowerCase()} `)}`)).text)).toEqual([ids.star]);
    const { text } = await page(`/records?q=${encodeURIComponent('星光')}`);
    expect(text).toContain('value="星光"');
  });

  it('filters by step', async () => {
    expect(linked((await page('/records?step=fill')).text)).toEqual([ids.draft]);
    expect(linked((await page('/records?step=district-review')).text)).toEqual([]);
  });

  it('filters by the month a record was submitted or last updated', async () => {
    expect(linked((await page('/records?period=submitted&month=2030-04')).text).sort()).toEqual([ids.star, ids.park].sort());
    expect(linked((await page('/records?period=submitted&month=2030-03')).text)).toEqual([]);
    expect(linked((await page('/records?period=created&month=2030-03')).text)).toHaveLength(3);
    expect(linked((await page('/records?period=updated&from=2030-03-01&to=2030-03-31')).text)).toEqual([ids.draft]);
    expect(linked((await page('/records?formId=union-registration&period=submitted&month=2030-04&orgId=wujiaochang')).text)).toEqual([ids.park]);
  });

  it('re-shows a step or period not offered with 400, an error summary linking to the field, and what was typed', async () => {
    const { status, text } = await page('/records?step=no-such-step&period=signed&q=%E6%98%9F');
    expect(status).toBe(400);
    expect(text).toContain('<a href="#step">');
    expect(text).toContain('<a href="#period">');
    expect(text).toContain('id="e-step"');
    expect(text).toContain('value="星"');
  });

  it('carries every filter on the next-page link', () => {
    const query = new URLSearchParams(filterQuery({ q: '星 光', step: 'fill', period: 'submitted', month: '2030-04', orgId: 'acme' }, { cursor: 'c1' }));
    expect(Object.fromEntries(query)).toEqual({ q: '星 光', step: 'fill', period: 'submitted', month: '2030-04', orgId: 'acme', cursor: 'c1' });
  });

  it('matches the union’s name too: every record of a union named 有限公司 is found', async () => {
    expect(linked((await page('/records?q=%E6%9C%89%E9%99%90')).text).sort()).toEqual([ids.star, ids.park, ids.draft].sort());
  });
});
