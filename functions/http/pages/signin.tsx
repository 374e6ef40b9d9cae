/**
 * Signing in and out from a browser, and the language switch. `POST /signin` takes the
 * form-encoded fields and signs in through the same code as `POST /api/session` (the same
 * throttling, the same answers), then goes back to where the person was going. `POST
 * /signout` passes the session middleware's CSRF check (the form's `_csrf` field).
 */
import { pageBodyLimit, pageError } from './page-errors.js';
import { Hono, type Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { FormIssue, Text } from '../../../forms/language.js';
import { DomainError, TooManyRequests } from '../../store/errors.js';
import { STATUS } from '../errors.js';
import type { AppDeps, AppEnv } from '../env.js';
import { DEFAULT_MESSAGES } from '../messages.js';
import { SIGN_IN_MAX, signIn, signOut } from '../routes/session.js';
import { FieldError, invalidAttrs } from './fields.js';
import { Bi, LANG_COOKIE, pageHeaders, renderPage } from './layout.js';
import { pageSession, safeNext, signedIn } from './page-session.js';

const T = {
  title: { zh: '登录', en: 'Sign in' },
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  problem: { zh: '有问题', en: 'There is a problem' },
  enterUsername: { zh: '请输入用户名', en: 'Enter your username' },
  enterPassword: { zh: '请输入密码', en: 'Enter your password' },
  usernameTooLong: { zh: `用户名不能超过 ${SIGN_IN_MAX.username} 个字符`, en: `A username has at most ${SIGN_IN_MAX.username} characters` },
  passwordTooLong: { zh: `密码不能超过 ${SIGN_IN_MAX.password} 个字符`, en: `A password has at most ${SIGN_IN_MAX.password} characters` },
} satisfies Record<string, Text>;

const FIELD_LABEL: Record<string, Text> = { username: T.username, password: T.password };

type SignInState = { username: string; next: string; issues: FormIssue[] };

/** GOV.UK's error summary: at the top, each problem a link to its field. */
export function ErrorSummary({ issues }: { issues: FormIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title"><Bi t={T.problem} /></h2>
      <ul>
        {issues.map((i) => (
          <li><a href={`#${i.path}`}><Bi t={i.message} /></a></li>
        ))}
      </ul>
    </div>
  );
}

function SignInBody({ state }: { state: SignInState }) {
  const byField = new Map(state.issues.map((i) => [i.path, i.message]));
  const input = (key: 'username' | 'password', type: string, autocomplete: string, value?: string) => {
    const message = byField.get(key);
    return (
      <div class={message ? 'field invalid' : 'field'}>
        <label class="label" for={key}><Bi t={FIELD_LABEL[key]} /></label>
        <FieldError id={key} message={message} />
        <input type={type} id={key} name={key} value={value} autocomplete={autocomplete} {...({ spellcheck: 'false' } as {})} {...invalidAttrs(key, message)} />
      </div>
    );
  };
  return (
    <>
      <ErrorSummary issues={state.issues} />
      <h1><Bi t={T.title} /></h1>
      <form method="post" action="/signin" accept-charset="utf-8" novalidate>
        <input type="hidden" name="next" value={state.next} />
        {input('username', 'text', 'username', state.username)}
        {input('password', 'password', 'current-password')}
        <button type="submit"><Bi t={T.title} /></button>
      </form>
    </>
  );
}

type Status = 200 | 400 | 401 | 429;

const signInPage = (c: Context, status: Status, state: SignInState) =>
  renderPage(c, status, { title: T.title, here: `/signin?next=${encodeURIComponent(state.next)}` }, <SignInBody state={state} />);

/** The problems a sign-in form has before anyone's password is checked. */
function formIssues(username: string, password: string): FormIssue[] {
  const issues: FormIssue[] = [];
  if (username.trim() === '') issues.push({ path: 'username', message: T.enterUsername });
  else if (username.length > SIGN_IN_MAX.username) issues.push({ path: 'username', message: T.usernameTooLong });
  if (password === '') issues.push({ path: 'password', message: T.enterPassword });
  else if (password.length > SIGN_IN_MAX.password) issues.push({ path: 'password', message: T.passwordTooLong });
  return issues;
}

const field = (body: Record<string, unknown>, key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');

export function signInPages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  // Mounted at the root: the middleware names its own paths, so the API's routes never see it.
  const paths = ['/signin', '/signout', '/lang'];
  for (const path of paths) app.use(path, pageHeaders);
  const limit = pageBodyLimit(16 * 1024);
  for (const path of paths) app.use(path, limit);
  app.onError(pageError);

  app.get('/signin', (c) => signInPage(c, 200, { username: '', next: safeNext(c.req.query('next')), issues: [] }));

  app.post('/signin', async (c) => {
    const body = await c.req.parseBody();
    const [username, password] = [field(body, 'username'), field(body, 'password')];
    const state: SignInState = { username: username.slice(0, SIGN_IN_MAX.username), next: safeNext(body.next), issues: formIssues(username, password) };
    if (state.issues.length > 0) return signInPage(c, 400, state);
    try {
      await signIn(deps, c, username, password);
    } catch (error) {
      if (!(error instanceof DomainError) || (error.code !== 'unauthenticated' && error.code !== 'too_many_requests')) throw error;
      if (error instanceof TooManyRequests) c.header('Retry-After', String(error.retryAfterSeconds));
      const message = error.text ?? DEFAULT_MESSAGES[error.code];
      return signInPage(c, STATUS[error.code] as Status, { ...state, issues: [{ path: 'username', message }] });
    }
    return c.redirect(state.next, 303);
  });

  app.post('/signout', pageSession(deps, 'required'), async (c) => {
    await signOut(deps, c);
    return c.redirect('/signin', 303);
  });

  /** The language a person reads first, remembered for a year; back to the page they were on. */
  app.post('/lang', async (c) => {
    const body = await c.req.parseBody();
    setCookie(c, LANG_COOKIE, body.lang === 'en' ? 'en' : 'zh', { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'Lax', httpOnly: true });
    return c.redirect(safeNext(body.next), 303);
  });

  return app;
}

export { signedIn };
