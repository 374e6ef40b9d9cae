/**
 * The admin's API, accounts part (assignments are data, managed by the admin): organisations,
 * accounts, 特约经审员 assignments and the change log, against DynamoDB Local. Each describe
 * block has its own table, so changes to the demo accounts in one do not leak into another.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { callerOf, createSession, getOrg, getUser } from '../../functions/store/accounts.js';
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


const sessionsOf = async (env: TestEnv, userId: string) =>
  (await scanTable(env)).filter((i) => String(i.pk).startsWith('SESSION#') && (i.caller as { id: string }).id === userId);

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

describe('accounts', () => {
  let env: TestEnv;
  let admin: Client;
  beforeAll(async () => {
    ({ env, admin } = await freshEnv());
  });

  it('lists an organisation’s accounts without password hashes', async () => {
    const res = await admin.request('GET', '/api/admin/users?orgId=acme');
    const text = await res.text();
    expect(res.status).toBe(200);
    const items = JSON.parse(text).items;
    expect(items.map((u: { id: string }) => u.id).sort()).toEqual(['acme.committee', 'acme.submitter']);
    expect(items[0]).toEqual({ id: 'acme.committee', name: '艾克米经审委 周委员', orgId: 'acme', roles: ['reviewer'], assignedOrgIds: [], disabled: false });
    expect(text).not.toMatch(/passwordHash|\$argon2/);
  });

  it('answers 404 listing the accounts of an organisation that does not exist', async () => {
    const res = await admin.json('GET', '/api/admin/users?orgId=nowhere');
    expect(res.status).toBe(404);
  });

  it('refuses to list accounts without an orgId with 422', async () => {
    const res = await admin.json('GET', '/api/admin/users');
    expect(res.status).toBe(422);
  });

  it('creates an account that can sign in, answering without its password hash', async () => {
    const res = await admin.json('POST', '/api/admin/users', account({ id: 'acme.clerk', name: '艾克米 干事' }));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: 'acme.clerk', name: '艾克米 干事', orgId: 'acme', roles: ['submitter'], assignedOrgIds: [], disabled: false });
    const clerk = await signIn(env.app, 'acme.clerk', PASSWORD);
    const me = await clerk.json('GET', '/api/me');
    expect(me.body).toMatchObject({ id: 'acme.clerk', orgId: 'acme', roles: ['submitter'] });
  });

  it('gives a new account of a new union only that union’s submissions', async () => {
    const acmeDraft = await draftOf(await signIn(env.app, 'acme.submitter'));
    await admin.json('POST', '/api/admin/orgs', { id: 'gamma', name: '伽马公司工会', type: 'grassroots', parentId: 'pingliang' });
    await admin.json('POST', '/api/admin/users', account({ id: 'gamma.submitter', orgId: 'gamma' }));
    const gamma = await signIn(env.app, 'gamma.submitter', PASSWORD);
    const own = await draftOf(gamma);
    expect(await visibleIds(gamma)).toEqual([own]);
    expect((await gamma.json('GET', `/api/submissions/${acmeDraft}`)).status).toBe(404);
  });

  it.each(['a', 'Upper.case', 'has space', 'x'.repeat(65), 'semi;colon', '中文'])('refuses the username %j with 422 on id', async (id) => {
    const res = await admin.json('POST', '/api/admin/users', account({ id }));
    expect(res.status).toBe(422);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain('id');
  });

  it('refuses a username that exists with 409 and keeps the existing account', async () => {
    const res = await admin.json('POST', '/api/admin/users', account({ id: 'acme.submitter', name: '冒名' }));
    expect(res.status).toBe(409);
    await expect(signIn(env.app, 'acme.submitter')).resolves.toBeDefined();
  });

  it('refuses the member role with 422, saying members are anonymous', async () => {
    const res = await admin.json('POST', '/api/admin/users', account({ roles: ['member'] }), { 'accept-language': 'en' });
    expect(res.status).toBe(422);
    expect(res.body.error.issues).toEqual([{ path: 'roles', message: expect.stringContaining('members take part anonymously') }]);
  });

  it('refuses an unknown role with 422', async () => {
    const res = await admin.json('POST', '/api/admin/users', account({ roles: ['superuser'] }));
    expect(res.status).toBe(422);
  });

  it('refuses a password shorter than 8 characters with 422 on password', async () => {
    const res = await admin.json('POST', '/api/admin/users', account({ password: 'short12' }));
    expect(res.status).toBe(422);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['password']);
  });

  it('refuses an organisation that does not exist with 422 on orgId', async () => {
    const res = await admin.json('POST', '/api/admin/users', account({ orgId: 'nowhere' }));
    expect(res.status).toBe(422);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain('orgId');
  });

  it('refuses a submitter outside a grassroots union with 422', async () => {
    const res = await admin.json('POST', '/api/admin/users', account({ orgId: 'dinghailu' }));
    expect(res.status).toBe(422);
  });

  it('refuses assigned unions for an account that is not an auditor with 422', async () => {
    const res = await admin.json('POST', '/api/admin/users', account({ roles: ['reviewer'], orgId: 'yangpu', assignedOrgIds: ['acme'] }));
    expect(res.status).toBe(422);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['assignedOrgIds']);
  });

  it('refuses to assign an auditor to a street union with 422', async () => {
    const res = await admin.json('POST', '/api/admin/users', account({ id: 'x.auditor', roles: ['auditor'], orgId: 'yangpu', assignedOrgIds: ['acme', 'dinghailu'] }));
    expect(res.status).toBe(422);
    expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['assignedOrgIds.1']);
  });

  it('creates a 特约经审员 who sees only its assigned union', async () => {
    const betaDraft = await draftOf(await signIn(env.app, 'beta.submitter'));
    const acmeDraft = await draftOf(await signIn(env.app, 'acme.submitter'));
    const res = await admin.json('POST', '/api/admin/users', account({ id: 'beta.auditor', roles: ['auditor'], orgId: 'yangpu', assignedOrgIds: ['beta'] }));
    expect(res.body.assignedOrgIds).toEqual(['beta']);
    const ids = await visibleIds(await signIn(env.app, 'beta.auditor', PASSWORD));
    expect(ids).toContain(betaDraft);
    expect(ids).not.toContain(acmeDraft);
  });

  it('renames an account without ending its sessions', async () => {
    const user = await signIn(env.app, 'district.reviewer');
    const res = await admin.json('PATCH', '/api/admin/users/district.reviewer', { name: '区总组织部 王主任' });
    expect(res.body.name).toBe('区总组织部 王主任');
    expect((await user.json('GET', '/api/me')).status).toBe(200);
  });

  it('changes an account’s roles, ending its sessions at once', async () => {
    const user = await signIn(env.app, 'acme.committee');
    const res = await admin.json('PATCH', '/api/admin/users/acme.committee', { roles: ['reviewer', 'submitter'] });
    expect(res.body.roles).toEqual(['submitter', 'reviewer']);
    expect((await user.json('GET', '/api/me')).status).toBe(401);
    const again = await signIn(env.app, 'acme.committee');
    expect((await again.json('GET', '/api/me')).body.roles).toEqual(['submitter', 'reviewer']);
  });

  it('deletes every stored session of an account whose roles change', async () => {
    await admin.json('POST', '/api/admin/users', account({ id: 'two.sessions' }));
    await signIn(env.app, 'two.sessions', PASSWORD);
    await signIn(env.app, 'two.sessions', PASSWORD);
    expect(await sessionsOf(env, 'two.sessions')).toHaveLength(2);
    await admin.json('PATCH', '/api/admin/users/two.sessions', { roles: ['reviewer'] });
    expect(await sessionsOf(env, 'two.sessions')).toHaveLength(0);
  });

  it('ends more sessions than one transaction holds', async () => {
    await admin.json('POST', '/api/admin/users', account({ id: 'many.sessions' }));
    // Signing in 120 times would cost 120 argon2 verifications; start the sessions directly.
    const caller = callerOf((await getUser(env.db, 'many.sessions'))!, (await getOrg(env.db, 'acme'))!);
    for (let i = 0; i < 120; i++) await createSession(env.db, caller, now());
    expect(await sessionsOf(env, 'many.sessions')).toHaveLength(120);
    await admin.json('PATCH', '/api/admin/users/many.sessions', { disabled: true });
    expect(await sessionsOf(env, 'many.sessions')).toHaveLength(0);
  });

  it('changes a password: the old one stops working and the new one signs in', async () => {
    await admin.json('POST', '/api/admin/users', account({ id: 'pw.user' }));
    const res = await admin.json('PATCH', '/api/admin/users/pw.user', { password: 'another-long-password' });
    expect(res.status).toBe(200);
    await expect(signIn(env.app, 'pw.user', PASSWORD)).rejects.toThrow(/401/);
    await expect(signIn(env.app, 'pw.user', 'another-long-password')).resolves.toBeDefined();
  });

  it('disabling an account ends its sessions: its token answers 401 once the session cache has passed', async () => {
    await admin.json('POST', '/api/admin/users', account({ id: 'to.disable' }));
    const user = await signIn(env.app, 'to.disable', PASSWORD);
    expect((await user.json('GET', '/api/me')).status).toBe(200); // now cached in this process
    const res = await admin.json('PATCH', '/api/admin/users/to.disable', { disabled: true });
    expect(res.body.disabled).toBe(true);
    clock += SESSION_CACHE_MS + 1000;
    expect((await user.json('GET', '/api/me')).status).toBe(401);
  });

  it('refuses sign-in to a disabled account', async () => {
    await admin.json('POST', '/api/admin/users', account({ id: 'off.user' }));
    await admin.json('PATCH', '/api/admin/users/off.user', { disabled: true });
    await expect(signIn(env.app, 'off.user', PASSWORD)).rejects.toThrow(/401/);
  });

  it('re-enables a disabled account', async () => {
    await admin.json('POST', '/api/admin/users', account({ id: 'back.user' }));
    await admin.json('PATCH', '/api/admin/users/back.user', { disabled: true });
    const res = await admin.json('PATCH', '/api/admin/users/back.user', { disabled: false });
    expect(res.body.disabled).toBe(false);
    await expect(signIn(env.app, 'back.user', PASSWORD)).resolves.toBeDefined();
  });

  it('refuses to let the admin disable its own account', async () => {
    const res = await admin.json('PATCH', '/api/admin/users/admin', { disabled: true });
    expect(res.status).toBe(422);
    expect((await admin.json('GET', '/api/me')).status).toBe(200);
  });

  it('refuses to let the admin drop its own admin role', async () => {
    const res = await admin.json('PATCH', '/api/admin/users/admin', { roles: ['reviewer'] });
    expect(res.status).toBe(422);
  });

  it('refuses the member role in a change with 422', async () => {
    const res = await admin.json('PATCH', '/api/admin/users/acme.submitter', { roles: ['submitter', 'member'] });
    expect(res.status).toBe(422);
  });

  it('answers 404 for changing an account that does not exist', async () => {
    const res = await admin.json('PATCH', '/api/admin/users/nobody.here', { name: '无' });
    expect(res.status).toBe(404);
  });

  it('refuses to move an account to another organisation with 400 unknown field', async () => {
    const res = await admin.json('PATCH', '/api/admin/users/acme.submitter', { orgId: 'beta' });
    expect(res.status).toBe(400);
  });

  it('refuses an empty change with 422', async () => {
    const res = await admin.json('PATCH', '/api/admin/users/acme.submitter', {});
    expect(res.status).toBe(422);
  });

  it('drops an auditor’s assigned unions with its auditor role', async () => {
    await admin.json('POST', '/api/admin/users', account({ id: 'ex.auditor', roles: ['auditor'], orgId: 'yangpu', assignedOrgIds: ['acme'] }));
    const res = await admin.json('PATCH', '/api/admin/users/ex.auditor', { roles: ['reviewer'] });
    expect(res.body).toMatchObject({ roles: ['reviewer'], assignedOrgIds: [] });
  });
});
