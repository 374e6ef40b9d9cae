/**
 * The admin's API (assignments are data, managed by the admin): organisations,
 * accounts, 特约经审员 assignments and the change log, against DynamoDB Local. Each describe
 * block has its own table, so changes to the demo accounts in one do not leak into another.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanTable, setupEnv, signIn, type Client, type TestEnv } from './support.js';

/** One clock for the whole file: tests move it forward instead of waiting. */
let clock = Date.now();
const now = () => new Date(clock);
const SESSION_CACHE_MS = 10_000;

const PASSWORD = 'correct-horse-battery';

async function freshEnv(): Promise<{ env: TestEnv; admin: Client }> {
  const env = await setupEnv({ now });
  return { env, admin: await signIn(env.app, 'admin') };
}



async function draftOf(submitter: Client): Promise<string> {
  const res = await submitter.json('POST', '/api/submissions', { formId: 'union-registration' });
  if (res.status !== 201) throw new Error(`draft failed: ${JSON.stringify(res.body)}`);
  return res.body.id;
}

async function visibleIds(client: Client): Promise<string[]> {
  const res = await client.json('GET', '/api/submissions?limit=100');
  return res.body.items.map((s: { id: string }) => s.id);
}

const account = (over: Record<string, unknown> = {}) => ({ id: 'new.user', name: '新 用户', orgId: 'acme', roles: ['submitter'], password: PASSWORD, ...over });

describe('who may use the admin API', () => {
  let env: TestEnv;
  const clients: Record<string, Client> = {};
  beforeAll(async () => {
    env = await setupEnv({ now });
    for (const user of ['acme.submitter', 'district.reviewer', 'district.auditor', 'acme.auditor']) clients[user] = await signIn(env.app, user);
  });

  const ROUTES = [
    { method: 'GET', path: '/api/admin/orgs' },
    { method: 'POST', path: '/api/admin/orgs', body: { id: 'sneaky', name: '某工会', type: 'grassroots', parentId: 'dinghailu' } },
    { method: 'PATCH', path: '/api/admin/orgs/acme', body: { name: '改名' } },
    { method: 'GET', path: '/api/admin/users?orgId=acme' },
    { method: 'POST', path: '/api/admin/users', body: account({ id: 'sneaky.user' }) },
    { method: 'PATCH', path: '/api/admin/users/acme.submitter', body: { roles: ['admin'] } },
    { method: 'PUT', path: '/api/admin/users/acme.auditor/assignments', body: { orgIds: ['beta'] } },
    { method: 'GET', path: '/api/admin/log' },
  ];

  it.each(ROUTES)('answers a district reviewer 403 forbidden for $method $path', async ({ method, path, body }) => {
    const res = await clients['district.reviewer'].json(method, path, body);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });

  it.each(['acme.submitter', 'district.auditor', 'acme.auditor'])('answers %s 403 when it tries to create an account', async (user) => {
    const res = await clients[user].json('POST', '/api/admin/users', account({ id: 'sneaky.user' }));
    expect(res.status).toBe(403);
  });

  it('writes nothing for a refused non-admin change', async () => {
    await clients['acme.submitter'].json('POST', '/api/admin/orgs', { id: 'sneaky2', name: '某工会', type: 'grassroots', parentId: 'dinghailu' });
    const items = await scanTable(env);
    expect(items.some((i) => i.pk === 'ORG#sneaky2' || String(i.pk).startsWith('ADMINLOG#'))).toBe(false);
  });

  it('answers 401 without a session', async () => {
    const res = await env.app.request('/api/admin/orgs');
    expect(res.status).toBe(401);
  });

  it('explains the refusal in English with Accept-Language: en', async () => {
    const res = await clients['acme.submitter'].json('GET', '/api/admin/orgs', undefined, { 'accept-language': 'en' });
    expect(res.body.error.message).toBe('Only the admin manages organisations and accounts');
  });

  it('explains the refusal in Chinese by default', async () => {
    const res = await clients['acme.submitter'].json('GET', '/api/admin/orgs');
    expect(res.body.error.message).toBe('只有系统管理员可以管理组织和账号');
  });
});

describe('organisations', () => {
  let admin: Client;
  beforeAll(async () => {
    ({ admin } = await freshEnv());
  });

  it('lists the tree as a flat list, parents before their children, with parentId and path', async () => {
    const res = await admin.json('GET', '/api/admin/orgs');
    expect(res.status).toBe(200);
    const ids: string[] = res.body.items.map((o: { id: string }) => o.id);
    expect(ids[0]).toBe('yangpu');
    expect(ids.indexOf('dinghailu')).toBeLessThan(ids.indexOf('acme'));
    expect(res.body.items.find((o: { id: string }) => o.id === 'acme')).toEqual({
      id: 'acme',
      name: '上海艾克米科技有限公司工会',
      nameEn: 'Acme Technology Co. Union',
      type: 'grassroots',
      parentId: 'dinghailu',
      path: ['yangpu', 'dinghailu', 'acme'],
    });
  });

  it.each([
    { id: 'new-street', type: 'street', parentId: 'yangpu', path: ['yangpu', 'new-street'] },
    { id: 'new-industry', type: 'industry', parentId: 'yangpu', path: ['yangpu', 'new-industry'] },
    { id: 'under-street', type: 'grassroots', parentId: 'pingliang', path: ['yangpu', 'pingliang', 'under-street'] },
    { id: 'under-industry', type: 'grassroots', parentId: 'design-industry', path: ['yangpu', 'design-industry', 'under-industry'] },
  ])('creates a $type under $parentId with its path computed from the parent', async ({ id, type, parentId, path }) => {
    const res = await admin.json('POST', '/api/admin/orgs', { id, name: '新组织', nameEn: 'New org', type, parentId });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id, name: '新组织', nameEn: 'New org', type, parentId, path });
    const list = await admin.json('GET', '/api/admin/orgs');
    expect(list.body.items).toContainEqual(res.body);
  });

  it.each(['a', 'Upper', 'has space', 'under_score', 'dot.ted', 'x'.repeat(41), '中文'])('refuses the id %j with 422 on id', async (id) => {
    const res = await admin.json('POST', '/api/admin/orgs', { id, name: '某工会', type: 'grassroots', parentId: 'dinghailu' });
    expect(res.status).toBe(422);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain('id');
  });

  it('refuses an id that exists with 409 and leaves the organisation as it was', async () => {
    const res = await admin.json('POST', '/api/admin/orgs', { id: 'acme', name: '冒名工会', type: 'grassroots', parentId: 'wujiaochang' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('acme');
    const list = await admin.json('GET', '/api/admin/orgs');
    expect(list.body.items.find((o: { id: string }) => o.id === 'acme').parentId).toBe('dinghailu');
  });

  it.each([
    { why: 'a district with a parent', body: { id: 'd2', type: 'district', parentId: 'yangpu' }, path: 'parentId' },
    { why: 'a second district', body: { id: 'd2', type: 'district' }, path: 'type' },
    { why: 'a street under a street', body: { id: 's2', type: 'street', parentId: 'dinghailu' }, path: 'parentId' },
    { why: 'an industry union under a grassroots union', body: { id: 'i2', type: 'industry', parentId: 'acme' }, path: 'parentId' },
    { why: 'a grassroots union under the district', body: { id: 'g2', type: 'grassroots', parentId: 'yangpu' }, path: 'parentId' },
    { why: 'a grassroots union under a grassroots union', body: { id: 'g2', type: 'grassroots', parentId: 'acme' }, path: 'parentId' },
    { why: 'a grassroots union without a parent', body: { id: 'g2', type: 'grassroots' }, path: 'parentId' },
    { why: 'a parent that does not exist', body: { id: 'g2', type: 'grassroots', parentId: 'nowhere' }, path: 'parentId' },
    { why: 'an unknown type', body: { id: 'g2', type: 'company', parentId: 'dinghailu' }, path: 'type' },
  ])('refuses $why with 422 on $path', async ({ body, path }) => {
    const res = await admin.json('POST', '/api/admin/orgs', { name: '某组织', ...body });
    expect(res.status).toBe(422);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  it('renames an organisation', async () => {
    const res = await admin.json('PATCH', '/api/admin/orgs/beta', { name: '上海贝塔设计有限公司工会（新）', nameEn: 'Beta Design Union' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'beta', name: '上海贝塔设计有限公司工会（新）', nameEn: 'Beta Design Union', path: ['yangpu', 'wujiaochang', 'beta'] });
    const list = await admin.json('GET', '/api/admin/orgs');
    expect(list.body.items.find((o: { id: string }) => o.id === 'beta').name).toBe('上海贝塔设计有限公司工会（新）');
  });

  it('refuses to move an organisation with 422, saying it would change the scope of existing submissions', async () => {
    const res = await admin.json('PATCH', '/api/admin/orgs/acme', { parentId: 'wujiaochang' }, { 'accept-language': 'en' });
    expect(res.status).toBe(422);
    expect(res.body.error.issues).toEqual([{ path: 'parentId', message: expect.stringContaining('would change their scope') }]);
    const list = await admin.json('GET', '/api/admin/orgs');
    expect(list.body.items.find((o: { id: string }) => o.id === 'acme').path).toEqual(['yangpu', 'dinghailu', 'acme']);
  });

  it('refuses to move an organisation with a Chinese reason by default', async () => {
    const res = await admin.json('PATCH', '/api/admin/orgs/acme', { parentId: 'wujiaochang' });
    expect(res.body.error.message).toContain('组织不能移动');
  });

  it('refuses to change an organisation’s type with 422', async () => {
    const res = await admin.json('PATCH', '/api/admin/orgs/acme', { type: 'street' });
    expect(res.status).toBe(422);
    expect(res.body.error.issues[0].path).toBe('type');
  });

  it('answers 404 for renaming an organisation that does not exist', async () => {
    const res = await admin.json('PATCH', '/api/admin/orgs/nowhere', { name: '无' });
    expect(res.status).toBe(404);
  });

  it('refuses an empty rename with 422', async () => {
    const res = await admin.json('PATCH', '/api/admin/orgs/acme', {});
    expect(res.status).toBe(422);
  });
});

describe('assignments (定点联系)', () => {
  let env: TestEnv;
  let admin: Client;
  const drafts = {} as Record<'acme' | 'beta', string>;
  beforeAll(async () => {
    ({ env, admin } = await freshEnv());
    drafts.acme = await draftOf(await signIn(env.app, 'acme.submitter'));
    drafts.beta = await draftOf(await signIn(env.app, 'beta.submitter'));
  });

  it('moves acme.auditor to beta: its next sign-in sees beta’s submissions and not acme’s', async () => {
    const before = await signIn(env.app, 'acme.auditor');
    expect(await visibleIds(before)).toEqual([drafts.acme]);
    const res = await admin.json('PUT', '/api/admin/users/acme.auditor/assignments', { orgIds: ['beta'] });
    expect(res.status).toBe(200);
    expect(res.body.assignedOrgIds).toEqual(['beta']);
    const after = await signIn(env.app, 'acme.auditor');
    expect(await visibleIds(after)).toEqual([drafts.beta]);
    expect((await after.json('GET', `/api/submissions/${drafts.acme}`)).status).toBe(404);
  });

  it('ends the auditor’s earlier sessions, so none keeps the old scope', async () => {
    const old = await signIn(env.app, 'acme.auditor');
    await admin.json('PUT', '/api/admin/users/acme.auditor/assignments', { orgIds: ['acme', 'beta'] });
    clock += SESSION_CACHE_MS + 1000;
    expect((await old.json('GET', '/api/submissions')).status).toBe(401);
  });

  it('refuses assignments for an account that is not an auditor with 422', async () => {
    const res = await admin.json('PUT', '/api/admin/users/dinghailu.reviewer/assignments', { orgIds: ['acme'] });
    expect(res.status).toBe(422);
  });

  it.each(['dinghailu', 'design-industry', 'yangpu'])('refuses to assign the non-grassroots organisation %s with 422', async (orgId) => {
    const res = await admin.json('PUT', '/api/admin/users/acme.auditor/assignments', { orgIds: [orgId] });
    expect(res.status).toBe(422);
    expect(res.body.error.issues).toEqual([{ path: 'orgIds.0', message: '只能定点联系基层工会' }]);
  });

  it('refuses to assign a union that does not exist with 422', async () => {
    const res = await admin.json('PUT', '/api/admin/users/acme.auditor/assignments', { orgIds: ['nowhere'] });
    expect(res.status).toBe(422);
  });

  it('refuses an empty assignment, which would widen the auditor’s scope to its whole organisation', async () => {
    const res = await admin.json('PUT', '/api/admin/users/acme.auditor/assignments', { orgIds: [] }, { 'accept-language': 'en' });
    expect(res.status).toBe(422);
    expect(res.body.error.issues[0].message).toContain('sees every submission under its own organisation');
  });

  it('answers 404 for the assignments of an account that does not exist', async () => {
    const res = await admin.json('PUT', '/api/admin/users/nobody.here/assignments', { orgIds: ['acme'] });
    expect(res.status).toBe(404);
  });
});

describe('the change log', () => {
  let env: TestEnv;
  let admin: Client;
  let log: any[];
  beforeAll(async () => {
    ({ env, admin } = await freshEnv());
    await admin.json('POST', '/api/admin/orgs', { id: 'delta', name: '德尔塔工会', type: 'grassroots', parentId: 'siping' });
    await admin.json('PATCH', '/api/admin/orgs/delta', { name: '德尔塔公司工会' });
    await admin.json('POST', '/api/admin/users', account({ id: 'delta.submitter', orgId: 'delta' }));
    await admin.json('PATCH', '/api/admin/users/delta.submitter', { password: 'a-new-password-1' });
    await admin.json('PUT', '/api/admin/users/acme.auditor/assignments', { orgIds: ['beta'] });
    log = (await admin.json('GET', '/api/admin/log')).body.items;
  });

  it('records every change, newest first, with the admin as actor', async () => {
    expect(log.map((e) => `${e.action} ${e.target.id}`)).toEqual([
      'user.assign acme.auditor',
      'user.update delta.submitter',
      'user.create delta.submitter',
      'org.rename delta',
      'org.create delta',
    ]);
    expect(log.every((e) => e.actor.id === 'admin' && e.actor.name === '系统管理员')).toBe(true);
  });

  it('records what an assignment replaced and what replaced it', async () => {
    expect(log[0]).toMatchObject({ changed: ['assignedOrgIds'], before: { assignedOrgIds: ['acme'] }, after: { assignedOrgIds: ['beta'] } });
  });

  it('records a rename with the old and the new name', async () => {
    expect(log[3]).toMatchObject({ target: { kind: 'org', id: 'delta' }, changed: ['name'], before: { name: '德尔塔工会' }, after: { name: '德尔塔公司工会' } });
  });

  it('records that a password changed, never its hash', async () => {
    expect(log[1].changed).toEqual(['password']);
    const stored = (await scanTable(env)).filter((i) => String(i.pk).startsWith('ADMINLOG#'));
    expect(stored).toHaveLength(5);
    expect(JSON.stringify(stored)).not.toMatch(/passwordHash|\$argon2/);
    expect(JSON.stringify(log)).not.toMatch(/passwordHash|\$argon2|a-new-password-1|correct-horse/);
  });

  it('writes no entry for a refused change', async () => {
    await admin.json('POST', '/api/admin/orgs', { id: 'delta', name: '重复', type: 'grassroots', parentId: 'siping' });
    const again = await admin.json('GET', '/api/admin/log');
    expect(again.body.items).toHaveLength(log.length);
  });

  it('keeps each month apart: another month is empty', async () => {
    const res = await admin.json('GET', '/api/admin/log?month=2019-01');
    expect(res.body).toEqual({ month: '2019-01', items: [], nextCursor: null });
  });

  it('pages through a month with a cursor', async () => {
    const first = await admin.json('GET', '/api/admin/log?limit=2');
    const second = await admin.json('GET', `/api/admin/log?limit=2&cursor=${first.body.nextCursor}`);
    expect(first.body.items.map((e: { id: string }) => e.id)).toEqual(log.slice(0, 2).map((e) => e.id));
    expect(second.body.items.map((e: { id: string }) => e.id)).toEqual(log.slice(2, 4).map((e) => e.id));
  });

  it.each(['2019-13', '2019-1', 'last-month', "2019-01' OR 1=1"])('refuses the month %j with 422', async (month) => {
    const res = await admin.json('GET', `/api/admin/log?month=${encodeURIComponent(month)}`);
    expect(res.status).toBe(422);
  });

  it.each(['not-a-cursor', Buffer.from('9999-99-99T99:99:99.999Z#01ARZ3NDEKTSV4RRFFQ69G5FAV').toString('base64url')])(
    'refuses the cursor %j with 400',
    async (cursor) => {
      const res = await admin.json('GET', `/api/admin/log?cursor=${cursor}`);
      expect(res.status).toBe(400);
    },
  );
});

describe('malformed requests', () => {
  let admin: Client;
  beforeAll(async () => {
    ({ admin } = await freshEnv());
  });

  const WRITES = [
    { method: 'POST', path: '/api/admin/orgs' },
    { method: 'PATCH', path: '/api/admin/orgs/acme' },
    { method: 'POST', path: '/api/admin/users' },
    { method: 'PATCH', path: '/api/admin/users/acme.submitter' },
    { method: 'PUT', path: '/api/admin/users/acme.auditor/assignments' },
  ];
  const BODIES = ['{', '[]', 'null', '"text"', '{"id": 5}', '{"roles": "admin"}', '{"orgIds": "acme"}', '{"name": ""}', '{"disabled": "yes"}', '{"__proto__": {"roles": ["admin"]}}'];
  const CASES = WRITES.flatMap((w) => BODIES.map((body) => ({ ...w, body })));

  it.each(CASES)('answers $method $path with $body by 400 or 422', async ({ method, path, body }) => {
    const res = await admin.request(method, path, body, { 'content-type': 'application/json' });
    expect([400, 422]).toContain(res.status);
  });

  it.each(WRITES)('never answers $method $path with a 5xx for arbitrary JSON', async ({ method, path }) => {
    await fc.assert(
      fc.asyncProperty(fc.json({ maxDepth: 3 }), async (body) => {
        const res = await admin.request(method, path, body, { 'content-type': 'application/json' });
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 40 },
    );
  });

  it.each([
    { what: 'a 3000-character organisation id', path: '/api/admin/orgs/' + 'x'.repeat(3000) },
    { what: 'an emoji username', path: '/api/admin/users/%F0%9F%92%A9' },
    { what: 'a username with slashes', path: '/api/admin/users/..%2F..%2Fadmin' },
  ])('answers 404 for $what in the path', async ({ path }) => {
    const res = await admin.json('PATCH', path, { name: '无' });
    expect(res.status).toBe(404);
  });
});
