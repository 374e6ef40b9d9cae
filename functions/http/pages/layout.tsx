/**
 * The one layout of every page, and what all pages share: the chosen language (a cookie,
 * Chinese by default) with every text in that language first, money in yuan, the security
 * headers, and `renderPage`, which wraps a page's body in the layout.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { createContext, useContext } from 'hono/jsx';
import type { Child } from 'hono/jsx';
import type { Text } from '../../../forms/language.js';
import { DEFAULT_MESSAGES, type Lang } from '../messages.js';
import { APP_CSS_HREF, ICON_HREF } from './assets.js';

export type { Lang };
export const LANG_COOKIE = 'uf_lang';

/** The language a person chose; Chinese until they choose English. */
export const langOf = (c: Context): Lang => (getCookie(c, LANG_COOKIE) === 'en' ? 'en' : 'zh');

const LangContext = createContext<Lang>('zh');
export const useLang = (): Lang => useContext(LangContext);

/** Everything inside in `lang` first: for a document outside the layout (the printable record). */
export const InLanguage = ({ lang, children }: { lang: Lang; children?: Child }) => <LangContext.Provider value={lang}>{children}</LangContext.Provider>;

/** Both languages, the chosen one first; the second is marked for its quieter style. */
export function Bi({ t }: { t: Text }) {
  return useLang() === 'en' ? (
    <><span lang="en">{t.en}</span> <span class="zh" lang="zh-CN">{t.zh}</span></>
  ) : (
    <><span lang="zh-CN">{t.zh}</span> <span class="en" lang="en">{t.en}</span></>
  );
}

/** An organisation's name in both languages, the chosen one first, when it has an English one. */
export const OrgName = ({ org }: { org: { name: string; nameEn?: string } }) =>
  org.nameEn ? <Bi t={{ zh: org.name, en: org.nameEn }} /> : <span lang="zh-CN">{org.name}</span>;

/** Both languages as one plain string (a title, an attribute), the chosen one first. */
export const both = (t: Text, lang: Lang): string => (lang === 'en' ? `${t.en} / ${t.zh}` : `${t.zh} / ${t.en}`);

/** Integer fen as yuan with two decimals and thousands separators: 1234567 → "12,345.67". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** The pages' policy; `connect` adds origins the page script may send to besides the app (an upload bucket). */
export const cspWith = (connect: string[] = []) =>
  `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';${connect.length > 0 ? ` connect-src 'self' ${connect.join(' ')};` : ''} object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;

export const CSP = cspWith();

export const PAGE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  // A member's code may be in the page or its URL, and a signed-in page is that person's own:
  // no cache and no referrer may keep either.
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

/** The security headers on every response of a pages app, error pages included; `connect` as for `cspWith`. */
export function pageHeadersWith(connect: string[]): MiddlewareHandler {
  const headers = { ...PAGE_HEADERS, 'Content-Security-Policy': cspWith(connect) };
  return async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}

export const pageHeaders: MiddlewareHandler = pageHeadersWith([]);

export const PRODUCT: Text = { zh: 'unionflow 工会表单与审批', en: 'unionflow: union forms and approvals' };

/** Where a signed-in person's work is: each page the navigation links to. */
export type NavItem = 'home' | 'forms' | 'rounds' | 'records' | 'exports' | 'dashboard' | 'admin';

export type SignedIn = { name: string; orgName: string; orgNameEn?: string; csrfToken: string; nav: NavItem[] };

const NAV: Record<NavItem, { href: string; text: Text }> = {
  home: { href: '/', text: { zh: '我的待办', en: 'My work' } },
  forms: { href: '/forms', text: { zh: '填报', en: 'Forms' } },
  rounds: { href: '/rounds', text: { zh: '会员码', en: 'Member codes' } },
  records: { href: '/records', text: { zh: '记录', en: 'Records' } },
  exports: { href: '/exports', text: { zh: '导出', en: 'Exports' } },
  dashboard: { href: '/dashboard', text: { zh: '统计', en: 'Dashboard' } },
  admin: { href: '/admin', text: { zh: '管理', en: 'Admin' } },
};

function Nav({ items, here }: { items: NavItem[]; here: string }) {
  const current = (href: string) => (href === '/' ? here === '/' : here === href || here.startsWith(`${href}/`));
  return (
    <nav class="nav" aria-label="导航 / Navigation">
      <div class="bar-in">
        {items.map((item) => (
          <a href={NAV[item].href} aria-current={current(NAV[item].href) ? 'page' : undefined}><Bi t={NAV[item].text} /></a>
        ))}
      </div>
    </nav>
  );
}

export type LayoutProps = {
  title: Text;
  lang: Lang;
  /** Where the language switch comes back to: this page's own path. */
  here: string;
  user?: SignedIn;
  children?: Child;
};

function LangSwitch({ lang, here }: { lang: Lang; here: string }) {
  const option = (to: Lang, label: string) =>
    to === lang ? (
      <span class="current" lang={to === 'en' ? 'en' : 'zh-CN'} aria-current="true">{label}</span>
    ) : (
      <button type="submit" name="lang" value={to} lang={to === 'en' ? 'en' : 'zh-CN'}>{label}</button>
    );
  return (
    <form class="lang" method="post" action="/lang" aria-label={lang === 'en' ? 'Language / 语言' : '语言 / Language'}>
      <input type="hidden" name="next" value={here} />
      {option('zh', '中文')}
      {option('en', 'English')}
    </form>
  );
}

/** Who is signed in, in the bar: the organisation in the page's language where it has an English name. */
function Who({ user, lang }: { user: SignedIn; lang: Lang }) {
  const english = lang === 'en' && user.orgNameEn;
  const org = english ? user.orgNameEn : user.orgName;
  return (
    <span class="who" title={`${user.name} · ${org}`}>
      {user.name} · <span lang={english ? 'en' : 'zh-CN'}>{org}</span>
    </span>
  );
}

export function Layout({ title, lang, here, user, children }: LayoutProps) {
  return (
    <html lang={lang === 'en' ? 'en' : 'zh-CN'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{both(title, lang)}</title>
        <link rel="stylesheet" href={APP_CSS_HREF} />
        <link rel="icon" type="image/svg+xml" href={ICON_HREF} />
      </head>
      <body>
        <LangContext.Provider value={lang}>
          <header class="bar">
            <div class="bar-in">
              <a class="brand" href="/"><Bi t={PRODUCT} /></a>
              {user ? (
                <>
                  <Who user={user} lang={lang} />
                  <form method="post" action="/signout">
                    <input type="hidden" name="_csrf" value={user.csrfToken} />
                    <button type="submit"><Bi t={{ zh: '退出', en: 'Sign out' }} /></button>
                  </form>
                </>
              ) : null}
              <LangSwitch lang={lang} here={here} />
            </div>
          </header>
          {user && user.nav.length > 1 ? <Nav items={user.nav} here={here} /> : null}
          <main id="main">{children}</main>
          <footer>
            <div class="bar-in">
              <Bi t={{ zh: '杨浦区总工会 · unionflow 工会表单与审批', en: 'Yangpu District Federation of Trade Unions · unionflow' }} />
            </div>
          </footer>
        </LangContext.Provider>
      </body>
    </html>
  );
}

/** A whole page: the layout around `body`, in the person's language, with the given status. */
export async function renderPage(
  c: Context,
  status: 200 | 201 | 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
  props: Omit<LayoutProps, 'lang' | 'here' | 'children'> & { here?: string },
  body: Child,
) {
  const lang = langOf(c);
  const page = <Layout {...props} lang={lang} here={props.here ?? c.req.path}>{body}</Layout>;
  return c.html(`<!doctype html>\n${await page.toString()}`, status);
}

export const NOT_FOUND: Text = { zh: '找不到该页面', en: 'Page not found' };

/**
 * The pages' 404 for a path no page has, under the pages' headers: the same words as a page
 * that finds no record (or one out of scope), so neither tells the other apart.
 */
export function notFoundPage(c: Context, user?: SignedIn) {
  for (const [name, value] of Object.entries(PAGE_HEADERS)) c.header(name, value);
  return renderPage(c, 404, { title: NOT_FOUND, user }, <Message title={NOT_FOUND} message={DEFAULT_MESSAGES.not_found} />);
}

/** A page that only says something: a title and one message. */
export function Message({ title, message }: { title: Text; message: Text }) {
  return (
    <>
      <h1><Bi t={title} /></h1>
      <div class="alert" role="alert"><p><Bi t={message} /></p></div>
    </>
  );
}

/** A table that may be wider than a phone scrolls inside its own region, which the keyboard can focus. */
export function Scroll({ label, children }: { label: Text; children?: unknown }) {
  return (
    <div class="scroll" tabindex={0} role="region" aria-label={`${label.zh} / ${label.en}`}>
      {children as never}
    </div>
  );
}
