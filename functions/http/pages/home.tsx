/**
 * `GET /`: for a signed-in person, what waits for them (the inbox of inbox.tsx, ordered by
 * due date, with why each item is theirs and batch approve and return) and, for a submitter,
 * their union's own submissions with state and step; each links to `/submissions/{id}`. A
 * visitor who is not signed in sees what the service is and where its doors are.
 */
import { Hono } from 'hono';
import type { Text } from '../../../forms/language.js';
import { shanghaiTime } from '../../../workflows/calendar.js';
import type { Status } from '../../../workflows/language.js';
import { STATUS_TITLES } from '../../../workflows/words.js';
import type { Caller } from '../../auth/scope.js';
import { formAt } from '../../service/forms.js';
import * as submissions from '../../service/submissions.js';
import { workflowAt } from '../../service/workflows.js';
import type { AppDeps, AppEnv } from '../env.js';
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { BatchDone, Inbox, type InboxState } from './inbox.js';
import { BATCH_OPS, inboxRows, type BatchOp } from './inbox-rows.js';
import { Bi, PRODUCT, pageHeaders, renderPage, useLang } from './layout.js';
import { pageSession, signedIn } from './page-session.js';

const plain = (t: string): Text => ({ zh: t, en: t });

export type OwnRow = { id: string; form: Text; status: Status; step: Text; updatedAt: string; number?: string };

async function ownRows(deps: AppDeps, caller: Caller): Promise<OwnRow[]> {
  const page = await submissions.list(deps, caller, {}, 50);
  return Promise.all(
    page.items.map(async (s) => {
      const [form, workflow] = await Promise.all([formAt(deps, s.formId, s.formVersion), workflowAt(deps, s.formId, s.workflowVersion)]);
      return {
        id: s.id,
        form: form?.decl.title ?? plain(s.formId),
        status: s.status,
        step: workflow?.steps[s.step]?.title ?? plain(s.step),
        updatedAt: s.updatedAt,
        number: s.number,
      };
    }),
  );
}

function Own({ rows }: { rows: OwnRow[] }) {
  return (
    <>
      <h2><Bi t={{ zh: '本单位的填报', en: 'Your union’s submissions' }} /></h2>
      {rows.length === 0 ? (
        <p class="lead"><Bi t={{ zh: '还没有填报。', en: 'Nothing filed yet.' }} /></p>
      ) : (
        <ul class="tasks">
          {rows.map((r) => (
            <li>
              {/* A draft or a returned one is the union's to fill in (the fill page sends a submitted one on to its record). */}
              <a href={`/${r.status === 'draft' || r.status === 'returned' ? 'fill' : 'submissions'}/${encodeURIComponent(r.id)}`}><Bi t={r.form} /></a>
              <span class="meta">
                <Bi t={STATUS_TITLES[r.status]} /> · <Bi t={r.step} />
                {r.number ? <> · {r.number}</> : null}
              </span>
              <span class="meta"><Bi t={{ zh: `更新于 ${shanghaiTime(r.updatedAt)}`, en: `Updated ${shanghaiTime(r.updatedAt)}` }} /></span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Welcome({ name, orgName }: { name: string; orgName: string }) {
  const lang = useLang();
  return <h1>{lang === 'en' ? `Hello, ${name}` : `${name}，您好`}<span class="lead"> · {orgName}</span></h1>;
}

function PublicHome() {
  return (
    <>
      <h1><Bi t={PRODUCT} /></h1>
      <p>
        <Bi t={{ zh: '基层工会在线填报，街道与区总工会审核审批，经审人员查阅并核验每一条记录。', en: 'Grassroots unions file online; street and district unions review and approve; auditors read and verify every record.' }} />
      </p>
      <p><a class="button" href="/signin"><Bi t={{ zh: '登录', en: 'Sign in' }} /></a></p>
      <h2><Bi t={{ zh: '会员服务（无需账号）', en: 'For members (no account needed)' }} /></h2>
      <ul>
        <li><a href="/m/evaluate"><Bi t={{ zh: '会员评家问卷', en: 'Member evaluation of the workers’ home' }} /></a></li>
        <li><a href="/m/query"><Bi t={{ zh: '经费使用监督意见', en: 'A query on the use of union funds' }} /></a></li>
      </ul>
      <h2><Bi t={{ zh: '接口', en: 'API' }} /></h2>
      <ul>
        <li><code>POST /api/session</code> <Bi t={{ zh: '登录', en: 'sign in' }} /></li>
        <li><code>GET /api/forms</code> <Bi t={{ zh: '表单', en: 'forms' }} /></li>
        <li><code>GET /api/inbox</code> <Bi t={{ zh: '待办', en: 'what waits for you' }} /></li>
        <li><code>GET /health</code></li>
      </ul>
    </>
  );
}

const NO_PICKS: InboxState = { comment: '', picked: new Set() };

/**
 * The signed-in home page: an error summary above the heading, if any; the welcome; what a
 * batch did; the inbox with the given state of its form; a submitter's own submissions.
 */
export async function homeBody(deps: AppDeps, c: Context<AppEnv>, opts: { summary?: Child; result?: Child; state?: InboxState } = {}): Promise<Child> {
  const caller = c.get('caller');
  const user = signedIn(c)!;
  const submitter = caller.roles.includes('submitter');
  const [inbox, own] = await Promise.all([inboxRows(deps, caller), submitter ? ownRows(deps, caller) : Promise.resolve(undefined)]);
  return (
    <>
      {opts.summary}
      <Welcome name={caller.name} orgName={caller.orgName} />
      {opts.result}
      {own && inbox.length === 0 ? null : <Inbox rows={inbox} csrfToken={user.csrfToken} state={opts.state ?? NO_PICKS} />}
      {own ? <Own rows={own} /> : null}
    </>
  );
}

export const HOME_TITLE: Text = { zh: '我的待办', en: 'My work' };

/** `?done=approve&n=3`, where a batch that fully committed comes back to: shown as such, else nothing. */
function doneBanner(c: Context<AppEnv>): Child {
  const op = c.req.query('done');
  const n = Number(c.req.query('n'));
  if (!BATCH_OPS.includes(op as BatchOp) || !Number.isInteger(n) || n < 1 || n > 1000) return null;
  return <BatchDone op={op as BatchOp} count={n} />;
}

export function homePage(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/', pageHeaders, pageSession(deps, 'optional'), async (c) => {
    const user = signedIn(c);
    if (!user) return renderPage(c, 200, { title: PRODUCT }, <PublicHome />);
    return renderPage(c, 200, { title: HOME_TITLE, user }, await homeBody(deps, c, { result: doneBanner(c) }));
  });
  return app;
}
