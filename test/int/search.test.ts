import { beforeAll, describe, expect, it } from 'vitest';
import { callerOf, getOrg, getUser } from '../../functions/store/accounts.js';
import { list } from '../../functions/service/submissions.js';
import type { ListFilter } from '../../functions/store/listing.js';
import { act, ownRegistration, setupEnv, signIn, type Client, type TestEnv } from './support.js';

type Row = { id: string; orgId: string; formId: string; name?: string };

/**
 * Records over three months (Asia/Shanghai): in January acme and beta start registrations
 * (星光科技 and 贝塔园区) and acme five more drafts; in February acme starts a home assessment
 * and submits 星光科技; in March beta submits 贝塔园区, and both registrations are approved
 * (numbered), so their updated time is March.
 */
const JAN = Date.parse('2025-01-10T02:00:00.000Z');
const FEB = Date.parse('2025-02-10T02:00:00.000Z');
const MAR = Date.parse('2025-03-10T02:00:00.000Z');

describe('searching submissions', () => {
  let env: TestEnv;
  let clock = JAN;
  const c: Record<string, Client> = {};
  const rows: Row[] = [];
  let starlight: { id: string; number: string };
  let betaPark: { id: string; number: string };
  const tick = () => (clock += 60_000);

  async function create(client: Client, formId: string, data: Record<string, unknown>) {
    tick();
    const res = await client.json('POST', '/api/submissions', { formId, data });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    rows.push({ id: res.body.id, orgId: res.body.orgId, formId, name: data.name as string | undefined });
    return res.body;
  }
  async function step(client: Client, sub: { id: string; version: number }, action: string) {
    tick();
    const res = await act(client, sub, action);
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    return res.body;
  }

  /** Sessions end after a while: moving the clock by weeks signs everyone in again. */
  async function at(time: number) {
    clock = time;
    for (const name of ['acme.submitter', 'beta.submitter', 'district.reviewer', 'district.auditor', 'acme.auditor', 'dinghailu.reviewer', 'wujiaochang.reviewer']) {
      c[name] = await signIn(env.app, name);
    }
  }

  beforeAll(async () => {
    env = await setupEnv({ now: () => new Date(clock) });
    await at(JAN);
    const acmeData = { ...(await ownRegistration(c['acme.submitter'])), name: '星光科技有限公司', foundingMeetingDate: '2025-12-01' };
    const betaData = { ...(await ownRegistration(c['beta.submitter'])), name: '贝塔园区联合会', foundingMeetingDate: '2025-12-01' };
    let star = await create(c['acme.submitter'], 'union-registration', acmeData);
    let park = await create(c['beta.submitter'], 'union-registration', betaData);
    for (let i = 0; i < 5; i++) await create(c['acme.submitter'], 'union-registration', { name: `草稿 ${i}` });
    await at(FEB);
    await create(c['acme.submitter'], 'home-assessment', {});
    star = await step(c['acme.submitter'], star, 'submit');
    await at(MAR);
    park = await step(c['beta.submitter'], park, 'submit');
    star = await step(c['dinghailu.reviewer'], star, 'approve');
    star = await step(c['district.reviewer'], star, 'approve');
    park = await step(c['wujiaochang.reviewer'], park, 'approve');
    park = await step(c['district.reviewer'], park, 'approve');
    starlight = { id: star.id, number: star.number };
    betaPark = { id: park.id, number: park.number };
    await at(MAR + 86_400_000);
  });

  /** Every page of a search, following nextCursor, with the cursor never repeating an id. */
  async function walk(client: Client, query: Record<string, string>, limit = 2) {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 40; pages++) {
      const params: URLSearchParams = new URLSearchParams({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) });
      const res: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await client.json('GET', `/api/submissions?${params}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(limit);
      ids.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(new Set(ids).size).toBe(ids.length);
    return ids;
  }
  const sorted = (ids: string[]) => [...ids].sort();
  const idsOf = (pred: (r: Row) => boolean) => sorted(rows.filter(pred).map((r) => r.id));
  const auditor = () => c['district.auditor'];

  it('records the first submit time in the transaction that submits', async () => {
    const res = await auditor().json('GET', `/api/submissions/${starlight.id}`);
    expect(res.body.submittedAt).toBe(new Date(FEB + 2 * 60_000).toISOString());
    const draft = rows.find((r) => r.name === '草稿 0')!;
    expect((await auditor().json('GET', `/api/submissions/${draft.id}`)).body.submittedAt).toBeUndefined();
  });

  it('filters by form', async () => {
    expect(await walk(auditor(), { formId: 'home-assessment' })).toEqual(idsOf((r) => r.formId === 'home-assessment'));
    expect(sorted(await walk(auditor(), { formId: 'union-registration' }))).toEqual(idsOf((r) => r.formId === 'union-registration'));
  });

  it.each([
    ['created in January', { period: 'created', from: '2025-01-01', to: '2025-01-31' }, (r: Row) => r.formId === 'union-registration'],
    ['created in February', { from: '2025-02-01', to: '2025-02-28' }, (r: Row) => r.formId === 'home-assessment'],
    ['submitted in February', { period: 'submitted', from: '2025-02-01', to: '2025-02-28' }, (r: Row) => r.name === '星光科技有限公司'],
    ['submitted in March', { period: 'submitted', from: '2025-03-01', to: '2025-03-31' }, (r: Row) => r.name === '贝塔园区联合会'],
    ['submitted in January', { period: 'submitted', from: '2025-01-01', to: '2025-01-31' }, () => false],
    ['updated in March', { period: 'updated', from: '2025-03-01' }, (r: Row) => !!r.name && !r.name.startsWith('草稿')],
    ['updated until January', { period: 'updated', to: '2025-01-31' }, (r: Row) => !!r.name?.startsWith('草稿')],
  ])('filters by period: %s, with and without a form', async (_label, query, expected) => {
    expect(sorted(await walk(auditor(), query))).toEqual(idsOf(expected));
    const registrations = idsOf((r) => expected(r) && r.formId === 'union-registration');
    expect(sorted(await walk(auditor(), { ...query, formId: 'union-registration' }))).toEqual(registrations);
    // A street reviewer's form search reads the form index and keeps its own street.
    const street = idsOf((r) => expected(r) && r.formId === 'union-registration' && r.orgId === 'beta');
    expect(sorted(await walk(c['wujiaochang.reviewer'], { ...query, formId: 'union-registration' }))).toEqual(street);
  });

  it('filters by an organisation with every organisation under it', async () => {
    expect(sorted(await walk(auditor(), { orgId: 'dinghailu' }))).toEqual(idsOf((r) => r.orgId === 'acme'));
    expect(sorted(await walk(auditor(), { orgId: 'wujiaochang' }))).toEqual(idsOf((r) => r.orgId === 'beta'));
    expect(sorted(await walk(auditor(), { orgId: 'yangpu' }))).toEqual(idsOf(() => true));
    expect(await walk(auditor(), { orgId: 'no-such-org' })).toEqual([]);
  });

  it('filters by state and by step', async () => {
    expect(sorted(await walk(auditor(), { status: 'approved' }))).toEqual(sorted([starlight.id, betaPark.id]));
    expect(sorted(await walk(auditor(), { step: 'fill' }))).toEqual(idsOf((r) => r.id !== starlight.id && r.id !== betaPark.id));
    expect(await walk(auditor(), { step: 'street-review' })).toEqual([]);
  });

  it('finds by name, by union name, and by number, however it is typed', async () => {
    expect(await walk(auditor(), { q: '星光' })).toEqual([starlight.id]);
    expect(await walk(auditor(), { q: '  园区联合 ' })).toEqual([betaPark.id]);
    expect(sorted(await walk(auditor(), { q: '贝塔设计' }))).toEqual(idsOf((r) => r.orgId === 'beta'));
    expect(await walk(auditor(), { q: starlight.number })).toEqual([starlight.id]);
    expect(await walk(auditor(), { q: starlight.number.toLowerCase() })).toEqual([starlight.id]);
    // Full-width, as a Chinese input method may type it.
    const wide = starlight.number.replace(/[A-Z0-9-]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
    expect(await walk(auditor(), { q: wide })).toEqual([starlight.id]);
    expect(await walk(auditor(), { q: starlight.number.slice(3) })).toEqual([starlight.id]);
    expect(await walk(auditor(), { q: '不存在的名称' })).toEqual([]);
  });

  it('combines filters', async () => {
    const q = { formId: 'union-registration', period: 'submitted', from: '2025-03-01', to: '2025-03-31', orgId: 'wujiaochang', status: 'approved' };
    expect(await walk(auditor(), q)).toEqual([betaPark.id]);
    expect(await walk(auditor(), { ...q, orgId: 'dinghailu' })).toEqual([]);
    expect(await walk(auditor(), { q: '草稿', orgId: 'acme', step: 'fill', from: '2025-01-01', to: '2025-01-31' }, 1)).toHaveLength(5);
    expect(await walk(auditor(), { q: starlight.number, status: 'draft' })).toEqual([]);
  });

  it('pages through every filter with no repeats and no misses', async () => {
    const all = sorted(await walk(auditor(), {}, 100));
    expect(all).toEqual(idsOf(() => true));
    for (const limit of [1, 2, 3]) {
      expect(sorted(await walk(auditor(), {}, limit))).toEqual(all);
      expect(sorted(await walk(auditor(), { formId: 'union-registration', from: '2025-01-01' }, limit))).toEqual(idsOf((r) => r.formId === 'union-registration'));
      expect(sorted(await walk(auditor(), { q: '草稿' }, limit))).toEqual(idsOf((r) => !!r.name?.startsWith('草稿')));
    }
  });

  it('keeps a 特约经审员 to its assigned union, whatever it searches for', async () => {
    const own = idsOf((r) => r.orgId === 'acme');
    expect(sorted(await walk(c['acme.auditor'], {}))).toEqual(own);
    expect(sorted(await walk(c['acme.auditor'], { formId: 'union-registration', from: '2025-01-01' }))).toEqual(idsOf((r) => r.orgId === 'acme' && r.formId === 'union-registration'));
    expect(await walk(c['acme.auditor'], { orgId: 'beta' })).toEqual([]);
    expect(await walk(c['acme.auditor'], { orgId: 'wujiaochang' })).toEqual([]);
    expect(sorted(await walk(c['acme.auditor'], { orgId: 'yangpu' }))).toEqual(own);
    expect(await walk(c['acme.auditor'], { q: '贝塔' })).toEqual([]);
    expect(await walk(c['acme.auditor'], { q: betaPark.number })).toEqual([]);
    expect(await walk(c['acme.auditor'], { q: starlight.number })).toEqual([starlight.id]);
    expect(await walk(c['beta.submitter'], { q: starlight.number })).toEqual([]);
    expect(await walk(c['beta.submitter'], { orgId: 'acme' })).toEqual([]);
  });

  it('reads through indexes and never scans', async () => {
    const trips: { command: string; index?: string }[] = [];
    env.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        trips.push({ command: String(context.commandName), index: (args.input as { IndexName?: string }).IndexName });
        return next(args);
      },
      { step: 'deserialize', name: 'searchTrips', override: true },
    );
    try {
      await walk(auditor(), { formId: 'union-registration', period: 'submitted', from: '2025-03-01' });
      await walk(auditor(), { formId: 'union-registration', period: 'updated', from: '2025-03-01' });
      await walk(auditor(), { formId: 'union-registration', from: '2025-01-01' });
      await walk(auditor(), { orgId: 'wujiaochang', status: 'approved', step: 'fill', q: '星' });
      await walk(auditor(), { period: 'submitted', to: '2025-02-28' });
      await walk(c['acme.auditor'], { q: starlight.number });
    } finally {
      env.db.doc.middlewareStack.remove('searchTrips');
    }
    expect(trips.map((t) => t.command)).not.toContain('ScanCommand');
    const indexes = new Set(trips.map((t) => t.index).filter(Boolean));
    expect(indexes).toEqual(new Set(['formSubmitted', 'formUpdated', 'form', 'scope1', 'scope0']));
  });

  it('reads about what a form-and-period search returns, less than its scope', async () => {
    const user = (await getUser(env.db, 'district.auditor'))!;
    const caller = callerOf(user, (await getOrg(env.db, user.orgId))!);
    const cost = async (filter: ListFilter) => (await list(env.deps, caller, filter, 100)).readUnits;
    const selective = await list(env.deps, caller, { formId: 'union-registration', period: 'submitted', from: '2025-02-01', to: '2025-02-28' }, 100);
    expect(selective.items.map((s) => s.id)).toEqual([starlight.id]);
    // One record of a few KB, read eventually consistent: what it returns, not the district.
    expect(selective.readUnits).toBeLessThanOrEqual(1);
    expect(await cost({})).toBeGreaterThan(selective.readUnits);
    // The number's own item and its record: 0.5 + 0.5, whatever the table holds.
    expect(await cost({ q: starlight.number })).toBe(1);
  });

  it.each([
    'period=signed', 'period=', 'q=', `q=${'长'.repeat(101)}`, `step=${'x'.repeat(65)}`, 'from=2025-02-30', 'to=yesterday',
    'from=2025-03-02&to=2025-03-01', 'orgId=', 'formId=', 'status=unknown', 'sort=name', 'period=updated&cursor=x',
  ])('refuses %s with a 4xx, never a 500', async (query) => {
    const res = await auditor().json('GET', `/api/submissions?${query}`);
    expect([400, 422]).toContain(res.status);
    expect(typeof res.body.error.code).toBe('string');
  });

  // The query parser keeps a broken escape as typed and reads the first of a repeated name.
  it.each(['q=%E0%A4%A', 'period=created&period=updated', `q=${encodeURIComponent("' OR 1=1 --")}`, 'q=%00', 'orgId=ORG%23acme'])(
    'answers %s as a search, never a 500',
    async (query) => {
      const res = await auditor().json('GET', `/api/submissions?${query}`);
      expect(res.status).toBe(200);
      expect(Array.isArray(res.body.items)).toBe(true);
    },
  );

  it('refuses a cursor carried over from another filter with 400', async () => {
    const first = await auditor().json('GET', '/api/submissions?formId=union-registration&from=2025-01-01&limit=1');
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const moved = await auditor().json('GET', `/api/submissions?limit=1&cursor=${first.body.nextCursor}`);
    expect(moved.status).toBe(400);
  });
});
