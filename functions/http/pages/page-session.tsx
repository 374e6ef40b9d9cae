/**
 * The session for pages: the API's own `session` middleware (cookie, cache, CSRF check, with
 * the token also taken from a form's `_csrf` field), except that a page asked for without a
 * session is answered by a redirect to the sign-in page, which comes back here afterwards.
 * JSON routes keep their 401.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { DomainError } from '../../store/errors.js';
import type { AppDeps, AppEnv } from '../env.js';
import { csrfTokenFor, session, SESSION_COOKIE } from '../middleware/session.js';
import { getCookie } from 'hono/cookie';
import type { Caller } from '../../auth/scope.js';
import { mayViewDashboard } from '../../service/dashboard.js';
import type { NavItem, SignedIn } from './layout.js';

/**
 * Where to go after signing in: a path on this site only (one slash, no backslash, no
 * control characters), else the home page.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 1000) return '/';
  if (!/^\/(?![/\\])/.test(next) || /[\\\x00-\x1f\x7f]/.test(next)) return '/';
  return next;
}

/** The sign-in page, coming back to this page afterwards (a page one reads, not a form's target). */
export const signInHref = (c: Context) => {
  if (c.req.method !== 'GET') return '/signin';
  const url = new URL(c.req.url);
  return `/signin?next=${encodeURIComponent(url.pathname + url.search)}`;
};

/**
 * `required`: a visitor without a session is sent to sign in; `optional`: the page is shown
 * either way, and `c.get('caller')` is unset for a visitor.
 */
export function pageSession(deps: AppDeps, mode: 'required' | 'optional'): MiddlewareHandler<AppEnv> {
  const inner = session(deps);
  return async (c, next) => {
    let reached = false;
    try {
      await inner(c, async () => {
        reached = true;
        await next();
      });
    } catch (error) {
      if (reached || !(error instanceof DomainError && error.code === 'unauthenticated')) throw error;
      if (mode === 'optional') return next();
      return c.redirect(signInHref(c), 303);
    }
  };
}

/** The signed-in person as the layout shows them, with the CSRF token their forms carry. */
export function signedIn(c: Context<AppEnv>): SignedIn | undefined {
  const caller = c.get('caller') as AppEnv['Variables']['caller'] | undefined;
  const token = getCookie(c, SESSION_COOKIE);
  if (!caller || !token) return undefined;
  return { name: caller.name, orgName: caller.orgName, ...(caller.orgNameEn ? { orgNameEn: caller.orgNameEn } : {}), csrfToken: csrfTokenFor(token), nav: navFor(caller) };
}

/**
 * The pages a person's roles open: submitters fill forms, reviewers and auditors read records,
 * district staff (the organisation at the root of the tree, with all of it in scope) see the
 * dashboard, admins administer.
 */
export function navFor(caller: Pick<Caller, 'roles' | 'orgPath' | 'scope'>): NavItem[] {
  const items: NavItem[] = ['home'];
  const has = (role: Caller['roles'][number]) => caller.roles.includes(role);
  if (has('submitter')) items.push('forms', 'rounds');
  if (has('submitter') || has('reviewer') || has('auditor')) items.push('records');
  // Auditors are the ones who take records away; anyone else reaches exports from the records page.
  if (has('auditor')) items.push('exports');
  if (mayViewDashboard(caller)) items.push('dashboard');
  if (has('admin')) items.push('admin');
  return items;
}
