/**
 * Sign in and out. A wrong name and a wrong password get the same answer after the same
 * work (one argon2 verification either way). Before any password is checked, the attempt
 * takes a slot in two counters in the table, one for the name (whether it exists or not) and
 * one for the source address: beyond either limit the answer is `429 too_many_requests` at
 * once, with `Retry-After`, and no verification. A successful sign-in gives its slots back, so
 * the limits count failures and attempts still being checked.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import * as z from 'zod';
import { verifyPassword as argon2Verify } from '../../auth/passwords.js';
import type { Caller } from '../../auth/scope.js';
import { callerOf, createSession, deleteSession, getOrg, getUser, SESSION_HOURS } from '../../store/accounts.js';
import { DomainError, TooManyRequests } from '../../store/errors.js';
import { addressBucket, releaseAttempt, reserveAttempt, type Reservation, type SignInLimits } from '../../store/sign-in-attempts.js';
import { readJson } from '../body.js';
import type { AppDeps, AppEnv } from '../env.js';
import { csrfTokenFor, forgetSession, session, SESSION_COOKIE } from '../middleware/session.js';
import { isHttps } from '../public-url.js';

const SIGN_IN_MAX_USERNAME = 128;
const SIGN_IN_MAX_PASSWORD = 1024;

const loginBody = z.strictObject({
  username: z.string().min(1).max(SIGN_IN_MAX_USERNAME),
  password: z.string().min(1).max(SIGN_IN_MAX_PASSWORD),
});

/** Five attempts per name and fifty per address in each five-minute window. */
export const SIGN_IN_LIMITS: SignInLimits = {
  name: { attempts: 5, windowSeconds: 300 },
  address: { attempts: 50, windowSeconds: 300 },
};

export function userView(caller: Caller) {
  return { id: caller.id, name: caller.name, orgId: caller.orgId, orgName: caller.orgName, roles: caller.roles };
}

const wrongCredentials = () =>
  new DomainError('unauthenticated', { zh: '用户名或密码错误', en: 'Wrong username or password' });

const tooManyAttempts = (retryAfterSeconds: number) =>
  new TooManyRequests(retryAfterSeconds, { zh: '登录尝试次数过多，请稍后再试', en: 'Too many sign-in attempts; try again later' });

/** The source address's counting bucket, or undefined when the connection does not say. */
function sourceOf(deps: AppDeps, c: Context<AppEnv>): string | undefined {
  try {
    const address = deps.clientAddress?.(c);
    return address ? addressBucket(address) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One slot for the name and one for the address, both or neither: when one counter refuses,
 * the other's slot is given back and the answer says when the refusing window ends.
 */
async function reserve(deps: AppDeps, name: string, address: string | undefined): Promise<{ taken: Reservation[] } | { retryAfterSeconds: number }> {
  const limits = deps.signInLimits ?? SIGN_IN_LIMITS;
  const now = deps.now();
  const outcomes = await Promise.all([
    reserveAttempt(deps.db, 'name', name, limits.name, now),
    ...(address ? [reserveAttempt(deps.db, 'address', address, limits.address, now)] : []),
  ]);
  const refused = outcomes.filter((o) => !o.ok);
  if (refused.length === 0) return { taken: outcomes };
  await release(deps, outcomes);
  return { retryAfterSeconds: Math.max(...refused.map((o) => (o.ok ? 0 : o.retryAfterSeconds))) };
}

/** Give slots back; a failure to do so costs the name a slot until its window ends, nothing more. */
async function release(deps: AppDeps, reservations: Reservation[]): Promise<void> {
  await Promise.all(reservations.map((r) => (r.ok ? releaseAttempt(deps.db, r.key).catch(() => undefined) : undefined)));
}

/**
 * Sign in with a name and password (already checked for presence and length by the caller):
 * the throttled check, a new session, and the session cookie on the response. Throws
 * `unauthenticated` or `too_many_requests` as the API answers them.
 */
export async function signIn(deps: AppDeps, c: Context<AppEnv>, username: string, password: string): Promise<{ token: string; caller: Caller }> {
  const name = username.trim().toLowerCase();
  const slots = await reserve(deps, name, sourceOf(deps, c));
  if ('retryAfterSeconds' in slots) throw tooManyAttempts(slots.retryAfterSeconds);
  const user = /^[a-z0-9._-]{1,64}$/.test(name) ? await getUser(deps.db, name) : undefined;
  const ok = await (deps.verifyPassword ?? argon2Verify)(user?.passwordHash, password);
  // A failure keeps its slots: that is what the counters count.
  if (!ok || !user || user.disabled) throw wrongCredentials();
  await release(deps, slots.taken);
  const org = await getOrg(deps.db, user.orgId);
  if (!org) throw wrongCredentials();
  const assigned = await Promise.all((user.assignedOrgIds ?? []).map((id) => getOrg(deps.db, id)));
  const caller = callerOf(user, org, assigned.filter((a) => a !== undefined));
  const { token } = await createSession(deps.db, caller, deps.now());
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    // From the configured public address, not the request's Host.
    secure: isHttps(deps.publicUrl),
    path: '/',
    maxAge: SESSION_HOURS * 3600,
  });
  return { token, caller };
}

/** End the session the `session` middleware found, here and in this process's cache, and drop its cookie. */
export async function signOut(deps: AppDeps, c: Context<AppEnv>): Promise<void> {
  const hash = c.get('tokenHash');
  await deleteSession(deps.db, hash);
  forgetSession(hash);
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The longest name and password a sign-in takes, the API's and the page's. */
export const SIGN_IN_MAX = { username: SIGN_IN_MAX_USERNAME, password: SIGN_IN_MAX_PASSWORD };

export function sessionRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.post('/', async (c) => {
    const { username, password } = await readJson(c, loginBody);
    const { token, caller } = await signIn(deps, c, username, password);
    return c.json({ token, csrfToken: csrfTokenFor(token), user: userView(caller) });
  });

  app.delete('/', session(deps), async (c) => {
    await signOut(deps, c);
    return c.json({ ok: true });
  });

  return app;
}
