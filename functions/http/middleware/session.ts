/**
 * Who is calling: a bearer token (API clients) or the session cookie (browsers). The session
 * item is read once and then cached in this process for a few seconds, so an action costs
 * one read and one write of its own, not a third for the session; signing out evicts the
 * cache entry here at once, and elsewhere within `CACHE_MS`.
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Caller } from '../../auth/scope.js';
import { readSession, tokenHash } from '../../store/accounts.js';
import { DomainError } from '../../store/errors.js';
import type { AppDeps, AppEnv } from '../env.js';

export const SESSION_COOKIE = 'uf_session';
export const CSRF_HEADER = 'x-csrf-token';
const CACHE_MS = 10_000;
const CACHE_MAX = 10_000;

type Cached = { caller: Caller; expiresAt: number; until: number };
const cache = new Map<string, Cached>();

export function forgetSession(hash: string): void {
  cache.delete(hash);
}

/** The CSRF token of a session: derived from the session token, so nothing more is stored. */
export function csrfTokenFor(token: string): string {
  return createHash('sha256').update(`csrf:${token}`, 'utf8').digest('base64url');
}

function tokenFrom(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+([A-Za-z0-9_-]{20,100})$/);
  return match?.[1];
}

/**
 * A page's form carries the token as the field `_csrf` (a form cannot set a header). The
 * parsed body is kept by Hono, so the route reads the same form again at no cost.
 */
export const CSRF_FIELD = '_csrf';

async function formCsrf(c: Context): Promise<string | undefined> {
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  // A form with a file input posts multipart; the token is a field of it all the same.
  if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') return undefined;
  // A body that does not parse (a broken multipart) carries no token: refused as forbidden, not a 500.
  const body = await c.req.parseBody().catch(() => undefined);
  const value = body?.[CSRF_FIELD];
  return typeof value === 'string' ? value : undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function session(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async function sessionMiddleware(c, next) {
    const bearer = tokenFrom(c.req.header('authorization'));
    const cookie = bearer ? undefined : getCookie(c, SESSION_COOKIE);
    const token = bearer ?? (cookie && /^[A-Za-z0-9_-]{20,100}$/.test(cookie) ? cookie : undefined);
    if (!token) throw new DomainError('unauthenticated');
    const hash = tokenHash(token);
    const now = deps.now().getTime();
    let entry = cache.get(hash);
    if (!entry || entry.until <= now || entry.expiresAt <= now) {
      const found = await readSession(deps.db, hash, deps.now());
      if (!found) {
        cache.delete(hash);
        throw new DomainError('unauthenticated');
      }
      if (cache.size >= CACHE_MAX) cache.clear();
      entry = { caller: found.caller, expiresAt: Date.parse(found.expiresAt), until: now + CACHE_MS };
      cache.set(hash, entry);
    }
    if (!bearer && !SAFE_METHODS.has(c.req.method) && (c.req.header(CSRF_HEADER) ?? (await formCsrf(c))) !== csrfTokenFor(token)) {
      throw new DomainError('forbidden', { zh: '跨站请求校验失败，请刷新页面后重试', en: 'The CSRF check failed; reload the page and try again' });
    }
    c.set('caller', entry.caller);
    c.set('authVia', bearer ? 'bearer' : 'cookie');
    c.set('tokenHash', hash);
    await next();
  };
}
