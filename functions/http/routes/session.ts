/**
 * Sign in and out. A wrong name and a wrong password get the same answer after the same
 * work (one argon2 verification either way). Five failures for one name within a minute
 * slow every further attempt at that name down, growing with each failure.
 */
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { verifyPassword } from '../../auth/passwords.js';
import type { Caller } from '../../auth/scope.js';
import { callerOf, createSession, deleteSession, getOrg, getUser, recentLoginFailures, recordLoginFailure, SESSION_HOURS } from '../../store/accounts.js';
import { DomainError } from '../../store/errors.js';
import { readJson } from '../body.js';
import type { AppDeps, AppEnv } from '../env.js';
import { csrfTokenFor, forgetSession, session, SESSION_COOKIE } from '../middleware/session.js';

const loginBody = z.strictObject({
  username: z.string().min(1).max(128),
  password: z.string().min(1).max(1024),
});

export const FAILURES_BEFORE_SLOWDOWN = 5;
const SLOWDOWN_STEP_MS = 1000;
const SLOWDOWN_MAX_MS = 10_000;

export function userView(caller: Caller) {
  return { id: caller.id, name: caller.name, orgId: caller.orgId, orgName: caller.orgName, roles: caller.roles };
}

const wrongCredentials = () =>
  new DomainError('unauthenticated', { zh: '用户名或密码错误', en: 'Wrong username or password' });

function isLocalHost(host: string | undefined): boolean {
  return !!host && /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host);
}

export function sessionRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.post('/', async (c) => {
    const { username, password } = await readJson(c, loginBody);
    const name = username.trim().toLowerCase();
    const failures = await recentLoginFailures(deps.db, name, deps.now());
    if (failures >= FAILURES_BEFORE_SLOWDOWN) {
      await deps.sleep(Math.min(SLOWDOWN_STEP_MS * (failures - FAILURES_BEFORE_SLOWDOWN + 1), SLOWDOWN_MAX_MS));
    }
    const user = /^[a-z0-9._-]{1,64}$/.test(name) ? await getUser(deps.db, name) : undefined;
    const ok = await verifyPassword(user?.passwordHash, password);
    if (!ok || !user || user.disabled) {
      await recordLoginFailure(deps.db, name, deps.now());
      throw wrongCredentials();
    }
    const org = await getOrg(deps.db, user.orgId);
    if (!org) throw wrongCredentials();
    const assigned = await Promise.all((user.assignedOrgIds ?? []).map((id) => getOrg(deps.db, id)));
    const caller = callerOf(user, org, assigned.filter((a) => a !== undefined));
    const { token } = await createSession(deps.db, caller, deps.now());
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: !isLocalHost(c.req.header('host')),
      path: '/',
      maxAge: SESSION_HOURS * 3600,
    });
    return c.json({ token, csrfToken: csrfTokenFor(token), user: userView(caller) });
  });

  app.delete('/', session(deps), async (c) => {
    const hash = c.get('tokenHash');
    await deleteSession(deps.db, hash);
    forgetSession(hash);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true });
  });

  return app;
}
