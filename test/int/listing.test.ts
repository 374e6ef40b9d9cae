import { beforeAll, describe, expect, it } from 'vitest';
import { ownRegistration, setupEnv, signIn, type Client, type TestEnv } from './support.js';

type Row = { id: string; orgId: string; createdAt: string; status: string };

/**
 * Seventeen submissions, alternately of acme (under 定海路) and beta (under 五角场), 30 minutes
 * apart. In Asia/Shanghai the first fourteen fall on 2025-03-01 and the last three on
 * 2025-03-02, the first of those exactly at midnight; every third is submitted.
 */
const START = Date.parse('2025-03-01T09:00:00.000Z');
const SHANGHAI_MIDNIGHT = '2025-03-01T16:00:00.000Z';
const COUNT = 17;

describe('listing submissions', () => {
  let env: TestEnv;
  let clock = START - 3600_000;
  const rows: Row[] = [];
  const clients: Record<string, Client> = {};

  beforeAll(async () => {
    env = await setupEnv({ now: () => new Date(clock) });
    for (const name of ['acme.submitter', 'beta.submitter', 'district.reviewer', 'acme.auditor', 'dinghailu.reviewer', 'wujiaochang.reviewer']) {
      clients[name] = await signIn(env.app, name);
    }
    for (let i = 0; i < COUNT; i++) {
      clock = START + i * 30 * 60_000;
      const submitter = clients[i % 2 === 0 ? 'acme.submitter' : 'beta.submitter'];
      const submit = i % 3 === 0;
      const data = submit ? await ownRegistration(submitter) : { name: `草稿 ${i}` };
      const created = await submitter.json('POST', '/api/submissions', { formId: 'union-registration', data });
      if (created.status !== 201) throw new Error(JSON.stringify(created.body));
      let status = 'draft';
      if (submit) {
        const done = await submitter.json('POST', `/api/submissions/${created.body.id}/actions`, { action: 'submit', version: 1 });
        if (done.status !== 200) throw new Error(JSON.stringify(done.body));
        status = done.body.status;
      }
      rows.push({ id: created.body.id, orgId: created.body.orgId, createdAt: created.body.createdAt, status });
    }
    clock = START + COUNT * 30 * 60_000;
  });

  const newestFirst = (list: Row[]) => [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((r) => r.id);

  /** Every page of a listing, following nextCursor until it is null. */
  async function walk(client: Client, query: Record<string, string>) {
    const pages: { id: string; createdAt: string }[][] = [];
    let cursor: string | null = null;
    do {
      const params: URLSearchParams = new URLSearchParams(cursor ? { ...query, cursor } : query);
      const res: { status: number; body: { items: { id: string; createdAt: string }[]; nextCursor: string | null } } = await client.json(
        'GET',
        `/api/submissions?${params}`,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      pages.push(res.body.items);
      cursor = res.body.nextCursor;
      expect(pages.length).toBeLessThan(50);
    } while (cursor);
    return { pages, ids: pages.flat().map((i) => i.id) };
  }

  it('walks every submission exactly once, newest first, following nextCursor', async () => {
    const { ids } = await walk(clients['district.reviewer'], { limit: '4' });
    expect(ids).toEqual(newestFirst(rows));
  });

  it('never puts more than limit items on a page', async () => {
    const { pages } = await walk(clients['district.reviewer'], { limit: '3' });
    expect(pages.every((p) => p.length <= 3)).toBe(true);
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(COUNT / 3));
  });

  it('answers the first page without a cursor with limit items and a cursor', async () => {
    const res = await clients['district.reviewer'].json('GET', '/api/submissions?limit=5');
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: Row) => i.id)).toEqual(newestFirst(rows).slice(0, 5));
    expect(typeof res.body.nextCursor).toBe('string');
  });

  it('answers a listing within one page with a null nextCursor', async () => {
    const res = await clients['district.reviewer'].json('GET', '/api/submissions?limit=100');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(COUNT);
    expect(res.body.nextCursor).toBeNull();
  });

  it('filters by status across pages', async () => {
    const { ids } = await walk(clients['district.reviewer'], { status: 'in_review', limit: '2' });
    expect(ids).toEqual(newestFirst(rows.filter((r) => r.status === 'in_review')));
    expect(ids.length).toBeGreaterThan(0);
  });

  it('filters by formId', async () => {
    const { ids } = await walk(clients['district.reviewer'], { formId: 'union-registration' });
    expect(ids).toEqual(newestFirst(rows));
  });

  it('lists nothing for a formId no submission has', async () => {
    const { ids } = await walk(clients['district.reviewer'], { formId: 'member-transfer' });
    expect(ids).toEqual([]);
  });

  it('filters by orgId to one grassroots union', async () => {
    const { ids } = await walk(clients['district.reviewer'], { orgId: 'acme', limit: '3' });
    expect(ids).toEqual(newestFirst(rows.filter((r) => r.orgId === 'acme')));
  });

  it('filters by orgId to the subtree of a street', async () => {
    const { ids } = await walk(clients['district.reviewer'], { orgId: 'wujiaochang' });
    expect(ids).toEqual(newestFirst(rows.filter((r) => r.orgId === 'beta')));
  });

  it('counts a submission made at Shanghai midnight as of the new day for from', async () => {
    const { ids } = await walk(clients['district.reviewer'], { from: '2025-03-02' });
    expect(ids).toEqual(newestFirst(rows.filter((r) => r.createdAt >= SHANGHAI_MIDNIGHT)));
    expect(ids).toHaveLength(3);
  });

  it('ends to at the end of that day in Shanghai', async () => {
    const { ids } = await walk(clients['district.reviewer'], { to: '2025-03-01', limit: '5' });
    expect(ids).toEqual(newestFirst(rows.filter((r) => r.createdAt < SHANGHAI_MIDNIGHT)));
    expect(ids).toHaveLength(14);
  });

  it('lists one Shanghai day when from and to are the same date', async () => {
    const { ids } = await walk(clients['district.reviewer'], { from: '2025-03-02', to: '2025-03-02' });
    expect(ids).toEqual(newestFirst(rows.filter((r) => r.createdAt >= SHANGHAI_MIDNIGHT)));
  });

  it('combines filters', async () => {
    const { ids } = await walk(clients['district.reviewer'], { orgId: 'acme', status: 'draft', to: '2025-03-01', limit: '2' });
    const expected = rows.filter((r) => r.orgId === 'acme' && r.status === 'draft' && r.createdAt < SHANGHAI_MIDNIGHT);
    expect(ids).toEqual(newestFirst(expected));
  });

  it.each(['2025-13-01', '2025-02-30', '2025-00-10'])('refuses the impossible date %s with 422', async (date) => {
    const res = await clients['district.reviewer'].json('GET', `/api/submissions?from=${date}`);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
  });

  it('lists only its assigned union for a 特约经审员 (acme.auditor)', async () => {
    const { ids } = await walk(clients['acme.auditor'], { limit: '4' });
    expect(ids).toEqual(newestFirst(rows.filter((r) => r.orgId === 'acme')));
  });

  it('lists only its own street’s unions for a street reviewer', async () => {
    const { ids } = await walk(clients['wujiaochang.reviewer'], { limit: '4' });
    expect(ids).toEqual(newestFirst(rows.filter((r) => r.orgId === 'beta')));
  });

  it('lists nothing outside its street for a street reviewer filtering by another union', async () => {
    const { ids } = await walk(clients['dinghailu.reviewer'], { orgId: 'beta' });
    expect(ids).toEqual([]);
  });

  it('lists only its own union for a submitter', async () => {
    const { ids } = await walk(clients['beta.submitter'], {});
    expect(ids).toEqual(newestFirst(rows.filter((r) => r.orgId === 'beta')));
  });

  it.each([
    ['garbage', 'not a cursor!'],
    ['base64 of non-JSON', Buffer.from('hello', 'utf8').toString('base64url')],
    ['JSON null', Buffer.from('null', 'utf8').toString('base64url')],
    ['a root out of range', Buffer.from(JSON.stringify({ r: 7 }), 'utf8').toString('base64url')],
    ['a negative root', Buffer.from(JSON.stringify({ r: -1 }), 'utf8').toString('base64url')],
    ['a forged sort key', Buffer.from(JSON.stringify({ r: 0, s: 'SUB#x' }), 'utf8').toString('base64url')],
  ])('refuses a cursor that is %s with 400', async (_label, cursor) => {
    const res = await clients['district.reviewer'].json('GET', `/api/submissions?cursor=${encodeURIComponent(cursor)}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
  });

  it('refuses a real cursor whose content was tampered with with 400', async () => {
    const first = await clients['district.reviewer'].json('GET', '/api/submissions?limit=2');
    expect(first.status).toBe(200);
    const decoded = JSON.parse(Buffer.from(first.body.nextCursor, 'base64url').toString('utf8'));
    const tampered = Buffer.from(JSON.stringify({ ...decoded, s: `${decoded.s}' OR 1=1` }), 'utf8').toString('base64url');
    const res = await clients['district.reviewer'].json('GET', `/api/submissions?limit=2&cursor=${tampered}`);
    expect(res.status).toBe(400);
  });

  it.each(['0', '101', '-1', '2.5', 'ten', ''])('refuses limit=%s with 422', async (limit) => {
    const res = await clients['district.reviewer'].json('GET', `/api/submissions?limit=${limit}`);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['limit']);
  });

  it('refuses an unknown status with 422', async () => {
    const res = await clients['district.reviewer'].json('GET', '/api/submissions?status=pending');
    expect(res.status).toBe(422);
  });
});
