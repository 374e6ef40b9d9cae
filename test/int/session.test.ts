import { createHash } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../functions/auth/passwords.js';
import { DEFAULT_DEMO_PASSWORD } from '../../functions/seed.js';
import { scanTable, setupEnv, signIn, type TestEnv } from './support.js';

const jsonOf = (res: Response): Promise<any> => res.json();

const HOUR = 3600_000;

function postSession(env: TestEnv, body: unknown, headers: Record<string, string> = {}) {
  return env.app.request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function sessionCookie(res: Response): string {
  return res.headers.get('set-cookie') ?? '';
}


const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('signing in', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setupEnv();
  });

  it('returns a token, a CSRF token and the signed-in user', async () => {
    const res = await postSession(env, { username: 'acme.submitter', password: DEFAULT_DEMO_PASSWORD });
    expect(res.status).toBe(200);
    const body = await jsonOf(res);
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{20,100}$/);
    expect(typeof body.csrfToken).toBe('string');
    expect(body.csrfToken).not.toBe(body.token);
    expect(body.user).toMatchObject({ id: 'acme.submitter', name: '艾克米工会 陈主席', orgId: 'acme', roles: ['submitter'] });
  });

  it('sets an HttpOnly, SameSite=Lax cookie holding the session token', async () => {
    const res = await postSession(env, { username: 'acme.submitter', password: DEFAULT_DEMO_PASSWORD });
    const { token } = await jsonOf(res);
    const cookie = sessionCookie(res);
    expect(cookie).toContain(`uf_session=${token}`);
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
  });

  it('answers a wrong password and an unknown user with byte-identical 401 bodies', async () => {
    const wrongPassword = await postSession(env, { username: 'beta.submitter', password: 'not-the-password' });
    const unknownUser = await postSession(env, { username: 'nobody.at.all', password: 'not-the-password' });
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    const [a, b] = [await wrongPassword.text(), await unknownUser.text()];
    expect(a).toBe(b);
    expect(JSON.parse(a).error.code).toBe('unauthenticated');
  });

  it('stores the session under the SHA-256 of its token', async () => {
    const { token } = await signIn(env.app, 'beta.submitter');
    const items = await scanTable(env);
    const session = items.find((i) => i.pk === `SESSION#${sha256(token)}`);
    expect(session).toBeDefined();
    expect((session as { caller: { id: string } }).caller.id).toBe('beta.submitter');
  });

  it('stores the session token nowhere in the table', async () => {
    const { token } = await signIn(env.app, 'beta.submitter');
    const items = await scanTable(env);
    expect(items.some((i) => String(i.pk).startsWith('SESSION#'))).toBe(true);
    expect(JSON.stringify(items)).not.toContain(token);
  });
});

describe('authenticating requests', () => {
  let env: TestEnv;
  let token: string;
  let csrfToken: string;
  beforeAll(async () => {
    env = await setupEnv();
    ({ token, csrfToken } = await signIn(env.app, 'acme.submitter'));
  });

  const createWithCookie = (headers: Record<string, string> = {}) =>
    env.app.request('/api/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `uf_session=${token}`, ...headers },
      body: JSON.stringify({ formId: 'union-registration' }),
    });

  it('answers GET /api/me for a bearer token', async () => {
    const res = await env.app.request('/api/me', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await jsonOf(res)).toMatchObject({ id: 'acme.submitter', orgId: 'acme', roles: ['submitter'] });
  });

  it('answers GET /api/me for the session cookie without a CSRF token', async () => {
    const res = await env.app.request('/api/me', { headers: { cookie: `uf_session=${token}` } });
    expect(res.status).toBe(200);
    expect((await jsonOf(res)).id).toBe('acme.submitter');
  });

  it('refuses a cookie-authenticated POST without x-csrf-token with 403', async () => {
    const res = await createWithCookie();
    expect(res.status).toBe(403);
    expect((await jsonOf(res)).error.code).toBe('forbidden');
  });

  it('refuses a cookie-authenticated POST whose x-csrf-token belongs to another session', async () => {
    const other = await signIn(env.app, 'acme.submitter');
    const res = await createWithCookie({ 'x-csrf-token': other.csrfToken });
    expect(res.status).toBe(403);
  });

  it('lets a cookie-authenticated POST with the right x-csrf-token through', async () => {
    const res = await createWithCookie({ 'x-csrf-token': csrfToken });
    expect(res.status).toBe(201);
    expect((await jsonOf(res)).status).toBe('draft');
  });

  it('needs no CSRF token for a bearer-authenticated POST', async () => {
    const res = await env.app.request('/api/submissions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ formId: 'union-registration' }),
    });
    expect(res.status).toBe(201);
  });

  it('answers a well-formed but unknown bearer token with 401', async () => {
    const res = await env.app.request('/api/me', { headers: { authorization: `Bearer ${'A'.repeat(43)}` } });
    expect(res.status).toBe(401);
    expect((await jsonOf(res)).error.code).toBe('unauthenticated');
  });
});

describe('signing out', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setupEnv();
  });

  it('ends the session so its token then answers 401', async () => {
    const client = await signIn(env.app, 'acme.submitter');
    expect((await client.request('GET', '/api/me')).status).toBe(200);
    const out = await client.request('DELETE', '/api/session');
    expect(out.status).toBe(200);
    const after = await client.request('GET', '/api/me');
    expect(after.status).toBe(401);
    expect((await jsonOf(after)).error.code).toBe('unauthenticated');
  });

  it('clears the session cookie', async () => {
    const client = await signIn(env.app, 'acme.submitter');
    const out = await client.request('DELETE', '/api/session');
    expect(out.headers.get('set-cookie')).toMatch(/uf_session=;.*Max-Age=0/i);
  });

  it('refuses a cookie-authenticated sign-out without the CSRF token', async () => {
    const client = await signIn(env.app, 'acme.submitter');
    const res = await env.app.request('/api/session', { method: 'DELETE', headers: { cookie: `uf_session=${client.token}` } });
    expect(res.status).toBe(403);
    expect((await client.request('GET', '/api/me')).status).toBe(200);
  });
});

describe('session lifetime', () => {
  let env: TestEnv;
  let clock = Date.parse('2025-06-02T01:00:00.000Z');
  beforeAll(async () => {
    env = await setupEnv({ now: () => new Date(clock) });
  });

  it('keeps a session alive just under 12 hours', async () => {
    clock = Date.parse('2025-06-02T01:00:00.000Z');
    const client = await signIn(env.app, 'acme.submitter');
    clock += 12 * HOUR - 60_000;
    expect((await client.request('GET', '/api/me')).status).toBe(200);
  });

  it('answers 401 once the session is older than 12 hours', async () => {
    clock = Date.parse('2025-06-03T01:00:00.000Z');
    const client = await signIn(env.app, 'acme.submitter');
    expect((await client.request('GET', '/api/me')).status).toBe(200);
    clock += 12 * HOUR + 1000;
    const res = await client.request('GET', '/api/me');
    expect(res.status).toBe(401);
    expect((await jsonOf(res)).error.code).toBe('unauthenticated');
  });
});

describe('sign-in throttling', () => {
  let env: TestEnv;
  let clock = Date.parse('2025-06-02T01:00:00.000Z');
  /** Every argon2 verification the sign-in route asks for. */
  let verifications = 0;
  const counted = async (stored: string | undefined, password: string) => {
    verifications++;
    return verifyPassword(stored, password);
  };
  const LIMITS = { name: { attempts: 5, windowSeconds: 300 }, address: { attempts: 8, windowSeconds: 300 } };
  beforeAll(async () => {
    env = await setupEnv({
      now: () => new Date(clock),
      verifyPassword: counted,
      signInLimits: LIMITS,
      // Tests have no socket: the peer address comes from a test header through the same hook
      // the Node and Lambda entry points fill from the connection.
      clientAddress: (c) => c.req.header('x-test-peer'),
    });
  });
  beforeEach(() => {
    verifications = 0;
  });

  let peers = 0;
  /** A fresh source address per call, so only the name's counter is in play. */
  const freshPeer = () => `203.0.113.${++peers}`;
  const attempt = (username: string, password: string, peer = freshPeer()) => postSession(env, { username, password }, { 'x-test-peer': peer });
  const burst = (n: number, username: string, password: string, peer?: () => string) =>
    Promise.all(Array.from({ length: n }, () => attempt(username, password, peer?.())));
  const statuses = (responses: Response[]) => responses.map((r) => r.status);

  it('evaluates at most the limit of 20 concurrent wrong guesses at one name, refusing the rest at once with 429', async () => {
    const answers = await burst(20, 'dinghailu.reviewer', 'not-the-password');
    const evaluated = verifications;
    console.log(`20 concurrent wrong guesses at one name: ${evaluated} evaluated (argon2 verifications), ${statuses(answers).filter((s) => s === 429).length} refused with 429`);
    expect(evaluated).toBeLessThanOrEqual(LIMITS.name.attempts);
    expect(statuses(answers).filter((s) => s === 401)).toHaveLength(evaluated);
    expect(statuses(answers).filter((s) => s === 429)).toHaveLength(20 - evaluated);
    for (const refused of answers.filter((r) => r.status === 429)) {
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(LIMITS.name.windowSeconds);
      expect((await jsonOf(refused)).error).toEqual({ code: 'too_many_requests', message: expect.any(String) });
    }
  });

  it('answers the correct password in a later burst with 429, without checking it', async () => {
    await burst(20, 'wujiaochang.reviewer', 'not-the-password');
    verifications = 0;
    const later = await burst(3, 'wujiaochang.reviewer', DEFAULT_DEMO_PASSWORD);
    expect(statuses(later)).toEqual([429, 429, 429]);
    expect(verifications).toBe(0);
  });

  it('says so in English when asked', async () => {
    await burst(LIMITS.name.attempts, 'acme.auditor', 'not-the-password');
    const res = await postSession(env, { username: 'acme.auditor', password: 'x' }, { 'x-test-peer': freshPeer(), 'accept-language': 'en' });
    expect(res.status).toBe(429);
    expect((await jsonOf(res)).error.message).toMatch(/too many sign-in attempts/i);
  });

  it('answers an unknown name exactly as a known one: the same work, the same answers', async () => {
    const known = await burst(20, 'district.auditor2', 'not-the-password');
    const knownWork = verifications;
    verifications = 0;
    const unknown = await burst(20, 'nobody.at.all', 'not-the-password');
    expect(verifications).toBe(knownWork);
    expect(statuses(unknown).sort()).toEqual(statuses(known).sort());
    const bodies = async (rs: Response[], status: number) => new Set(await Promise.all(rs.filter((r) => r.status === status).map((r) => r.text())));
    expect(await bodies(unknown, 429)).toEqual(await bodies(known, 429));
    expect(await bodies(unknown, 401)).toEqual(await bodies(known, 401));
  });

  it('counts the name case- and space-insensitively', async () => {
    await burst(LIMITS.name.attempts, 'district.auditor', 'not-the-password');
    const res = await attempt('  District.Auditor ', DEFAULT_DEMO_PASSWORD);
    expect(res.status).toBe(429);
  });

  it('does not count successful sign-ins against the limit', async () => {
    for (let i = 0; i < LIMITS.name.attempts * 2; i++) {
      expect((await attempt('acme.submitter', DEFAULT_DEMO_PASSWORD)).status).toBe(200);
    }
  });

  it('does not refuse another name while one is refused', async () => {
    await burst(LIMITS.name.attempts + 3, 'acme.committee', 'not-the-password');
    expect((await attempt('acme.committee', DEFAULT_DEMO_PASSWORD)).status).toBe(429);
    expect((await attempt('beta.submitter', DEFAULT_DEMO_PASSWORD)).status).toBe(200);
  });

  it('lets the name in again once the Retry-After has passed', async () => {
    await burst(LIMITS.name.attempts, 'district.reviewer', 'not-the-password');
    const refused = await attempt('district.reviewer', DEFAULT_DEMO_PASSWORD);
    expect(refused.status).toBe(429);
    clock += Number(refused.headers.get('retry-after')) * 1000;
    expect((await attempt('district.reviewer', DEFAULT_DEMO_PASSWORD)).status).toBe(200);
  });

  it('refuses an address that guessed wrong too often at other names, and only that address', async () => {
    const peer = '198.51.100.7';
    const guesses = await Promise.all(Array.from({ length: LIMITS.address.attempts }, (_, i) => attempt(`probe.${i}`, 'not-the-password', peer)));
    expect(statuses(guesses).every((s) => s === 401)).toBe(true);
    verifications = 0;
    const refused = await attempt('admin', DEFAULT_DEMO_PASSWORD, peer);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(verifications).toBe(0);
    expect((await attempt('admin', DEFAULT_DEMO_PASSWORD, '198.51.100.8')).status).toBe(200);
  });
});

describe('malformed sign-in bodies', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await setupEnv();
  });

  it.each<[string, string, number]>([
    ['an empty body', '', 400],
    ['text that is not JSON', 'username=admin&password=x', 400],
    ['truncated JSON', '{"username":"admin","password":', 400],
    ['a JSON array', '["admin","unionflow-demo"]', 400],
    ['JSON null', 'null', 400],
    ['a JSON string', '"admin"', 400],
    ['an unknown field', '{"username":"admin","password":"unionflow-demo","remember":true}', 400],
    ['a missing password', '{"username":"admin"}', 422],
    ['a numeric username', '{"username":42,"password":"unionflow-demo"}', 422],
    ['an object as password', '{"username":"admin","password":{"$ne":""}}', 422],
    ['empty strings', '{"username":"","password":""}', 422],
    ['an over-long username', JSON.stringify({ username: 'a'.repeat(500), password: 'x' }), 422],
  ])('answers %s with %i, not 500', async (_label, body, status) => {
    const res = await postSession(env, body);
    expect(res.status).toBe(status);
    const { error } = await jsonOf(res);
    expect(error.code).toBe(status === 400 ? 'bad_request' : 'validation_failed');
    expect(typeof error.message).toBe('string');
  });
});
