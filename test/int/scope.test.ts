/**
 * Organisation scope (DOMAIN.md): for every demo account, which of an acme (定海路) and a beta
 * (五角场) submission it can read, list, verify and act on; and that out of scope is answered
 * exactly like an id that does not exist.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { setupEnv, signIn, submittedRegistration, type Client, type TestEnv } from './support.js';

type Target = 'acme' | 'beta';
type Row = { user: string; sees: Target[]; approves: Target[] };

/** Who sees what, and who may approve each in its street review. */
const ROWS: Row[] = [
  { user: 'admin', sees: ['acme', 'beta'], approves: [] },
  { user: 'district.reviewer', sees: ['acme', 'beta'], approves: [] },
  { user: 'district.auditor', sees: ['acme', 'beta'], approves: [] },
  { user: 'dinghailu.reviewer', sees: ['acme'], approves: ['acme'] },
  { user: 'wujiaochang.reviewer', sees: ['beta'], approves: ['beta'] },
  { user: 'acme.submitter', sees: ['acme'], approves: [] },
  { user: 'acme.committee', sees: ['acme'], approves: [] },
  { user: 'acme.auditor', sees: ['acme'], approves: [] },
  { user: 'beta.submitter', sees: ['beta'], approves: [] },
];
const TARGETS: Target[] = ['acme', 'beta'];
const CASES = ROWS.flatMap((row) => TARGETS.map((target) => ({ ...row, target, visible: row.sees.includes(target) })));
const READS = [
  { what: 'the submission', suffix: '' },
  { what: 'the history', suffix: '/history' },
  { what: 'the verification', suffix: '/verify' },
];

let env: TestEnv;
const clients: Record<string, Client> = {};
const subs = {} as Record<Target, { id: string; version: number }>;

/** A freshly submitted registration of `target`, waiting in its street review. */
async function fresh(target: Target) {
  return submittedRegistration(clients[`${target}.submitter`]);
}

beforeAll(async () => {
  env = await setupEnv();
  for (const { user } of ROWS) clients[user] = await signIn(env.app, user);
  subs.acme = await fresh('acme');
  subs.beta = await fresh('beta');
});

describe.each(READS)('reading $what', ({ suffix }) => {
  it.each(CASES.filter((c) => c.visible))('answers $user 200 for the $target submission', async ({ user, target }) => {
    const res = await clients[user].json('GET', `/api/submissions/${subs[target].id}${suffix}`);
    expect(res.status).toBe(200);
  });

  it.each(CASES.filter((c) => !c.visible))('answers $user 404 for the $target submission', async ({ user, target }) => {
    const res = await clients[user].json('GET', `/api/submissions/${subs[target].id}${suffix}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('listing', () => {
  it.each(CASES)('lists the $target submission to $user only when in scope ($visible)', async ({ user, target, visible }) => {
    const res = await clients[user].json('GET', '/api/submissions?limit=100');
    expect(res.status).toBe(200);
    const ids = res.body.items.map((s: { id: string }) => s.id);
    expect(ids.includes(subs[target].id)).toBe(visible);
  });

  it.each([
    { user: 'beta.submitter', orgId: 'acme' },
    { user: 'acme.submitter', orgId: 'beta' },
    { user: 'dinghailu.reviewer', orgId: 'beta' },
    { user: 'dinghailu.reviewer', orgId: 'wujiaochang' },
    { user: 'wujiaochang.reviewer', orgId: 'acme' },
    { user: 'acme.auditor', orgId: 'beta' },
    { user: 'acme.committee', orgId: 'beta' },
  ])('returns nothing to $user filtering on orgId=$orgId outside its scope', async ({ user, orgId }) => {
    const res = await clients[user].json('GET', `/api/submissions?orgId=${orgId}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('does not widen a submitter’s list to the district with orgId=yangpu', async () => {
    const res = await clients['acme.submitter'].json('GET', '/api/submissions?orgId=yangpu&limit=100');
    expect([...new Set(res.body.items.map((s: { orgId: string }) => s.orgId))]).toEqual(['acme']);
  });

  it('lists only its own street’s submissions to a street reviewer filtering on a date range', async () => {
    const res = await clients['dinghailu.reviewer'].json('GET', '/api/submissions?from=2000-01-01&to=2999-12-31&limit=100');
    expect([...new Set(res.body.items.map((s: { orgId: string }) => s.orgId))]).toEqual(['acme']);
  });

  it('lists the beta submission to the district filtering on orgId=beta', async () => {
    const res = await clients['district.auditor'].json('GET', '/api/submissions?orgId=beta');
    expect(res.body.items.map((s: { id: string }) => s.id)).toEqual([subs.beta.id]);
  });
});

describe('acting', () => {
  it.each(CASES)('answers $user approving the $target submission in street review', async ({ user, target, visible, approves }) => {
    const sub = await fresh(target);
    const res = await clients[user].json('POST', `/api/submissions/${sub.id}/actions`, { action: 'approve', version: sub.version });
    const expected = !visible ? [404, 'not_found'] : approves.includes(target) ? [200, undefined] : [409, 'action_not_allowed'];
    expect([res.status, res.body.error?.code]).toEqual(expected);
  });

  it('answers a reviewer of another street 404, not 403, when it tries to approve', async () => {
    const sub = await fresh('acme');
    const res = await clients['wujiaochang.reviewer'].json('POST', `/api/submissions/${sub.id}/actions`, { action: 'approve', version: sub.version });
    expect(res.status).toBe(404);
  });

  it('leaves the submission untouched after an out-of-scope approval', async () => {
    const sub = await fresh('acme');
    await clients['wujiaochang.reviewer'].json('POST', `/api/submissions/${sub.id}/actions`, { action: 'approve', version: sub.version });
    const after = await clients['acme.submitter'].json('GET', `/api/submissions/${sub.id}`);
    expect(after.body).toMatchObject({ step: 'street-review', version: sub.version });
  });

  it('answers an out-of-scope draft save 404', async () => {
    const draft = await clients['acme.submitter'].json('POST', '/api/submissions', { formId: 'union-registration', data: {} });
    const res = await clients['beta.submitter'].json('PUT', `/api/submissions/${draft.body.id}/data`, { data: { name: 'x' }, version: 1 });
    expect(res.status).toBe(404);
  });

  it('shows the other street reviewer its own street’s submission in the inbox, not acme’s', async () => {
    const sub = await fresh('acme');
    const inbox = await clients['wujiaochang.reviewer'].json('GET', '/api/inbox');
    const ids = inbox.body.items.map((i: { submissionId: string }) => i.submissionId);
    expect([ids.includes(subs.beta.id), ids.includes(sub.id)]).toEqual([true, false]);
  });
});

describe('out of scope looks exactly like no such id', () => {
  const outsider = 'beta.submitter';
  const missing = ulid();
  const malformed = ['not-a-ulid', missing.toLowerCase()];

  const raw = async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    const res = await clients[outsider].request(method, path, body, headers);
    return { status: res.status, text: await res.text() };
  };

  const calls: { name: string; call: (id: string) => Promise<{ status: number; text: string }> }[] = [
    { name: 'GET', call: (id) => raw('GET', `/api/submissions/${id}`) },
    { name: 'GET history', call: (id) => raw('GET', `/api/submissions/${id}/history`) },
    { name: 'GET verify', call: (id) => raw('GET', `/api/submissions/${id}/verify`) },
    { name: 'PUT data', call: (id) => raw('PUT', `/api/submissions/${id}/data`, { data: {}, version: 2 }) },
    { name: 'POST approve', call: (id) => raw('POST', `/api/submissions/${id}/actions`, { action: 'approve', version: 2 }) },
    { name: 'POST withdraw', call: (id) => raw('POST', `/api/submissions/${id}/actions`, { action: 'withdraw', version: 2 }) },
    { name: 'GET in English', call: (id) => raw('GET', `/api/submissions/${id}`, undefined, { 'accept-language': 'en' }) },
  ];

  it.each(calls)('answers $name of an out-of-scope id exactly like a well-formed id that does not exist', async ({ call }) => {
    const outOfScope = await call(subs.acme.id);
    const nonexistent = await call(missing);
    expect(outOfScope.status).toBe(404);
    expect(outOfScope).toEqual(nonexistent);
  });

  it.each(calls)('answers $name of an out-of-scope id exactly like a malformed id', async ({ call }) => {
    const outOfScope = await call(subs.acme.id);
    for (const id of malformed) expect(await call(id)).toEqual(outOfScope);
  });

  it('answers a malformed id 404 not_found, never 400 or 500', async () => {
    for (const id of ['%27%20OR%201%3D1', 'A'.repeat(300), '01ARZ3NDEKTSV4RRFFQ69G5FA%00']) {
      const res = await raw('GET', `/api/submissions/${id}`);
      expect([id, res.status]).toEqual([id, 404]);
    }
  });
});
