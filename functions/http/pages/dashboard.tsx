/**
 * `GET /dashboard?year=2026`: the district dashboard for district staff (reviewers, auditors
 * and admins of the root organisation with the whole district in scope). Anyone else gets
 * the page a missing address gets, so the page does not say that it exists. The year is a
 * plain GET form, so it works without JavaScript; a year that is not one answers 400 with
 * the form, an error summary and what was typed.
 */
import { Hono, type Context } from 'hono';
import type { FormIssue, Text } from '../../../forms/language.js';
import { currentShanghaiYear, dashboard, mayViewDashboard, type Dashboard } from '../../service/dashboard.js';
import { WORK_PLAN } from '../../service/dashboard-plan.js';
import type { AppDeps, AppEnv } from '../env.js';
import { DEFAULT_MESSAGES } from '../messages.js';
import { CountPanel, TargetsPanel, WaitingPanel } from './dashboard-panels.js';
import { FieldError, invalidAttrs } from './fields.js';
import { Bi, Message, NOT_FOUND, pageHeaders, renderPage } from './layout.js';
import { pageSession, signedIn } from './page-session.js';
import { ErrorSummary } from './signin.js';

const TITLE: Text = { zh: '区总工会统计', en: 'District dashboard' };
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

/** `?year=`: absent is this year in Shanghai; else four digits within the years forms take. */
export function parseYear(raw: string | undefined, now: Date): { year: number } | { issue: FormIssue } {
  if (raw === undefined || raw.trim() === '') return { year: currentShanghaiYear(now) };
  const text = raw.trim();
  const year = /^\d{4}$/.test(text) ? Number(text) : NaN;
  if (Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR) return { year };
  return {
    issue: {
      path: 'year',
      message: { zh: `请输入 ${MIN_YEAR} 至 ${MAX_YEAR} 之间的四位年份，如 2026`, en: `Enter a year from ${MIN_YEAR} to ${MAX_YEAR}, such as 2026` },
    },
  };
}

function YearForm({ value, message }: { value: string; message?: Text }) {
  return (
    <form class="year-form" method="get" action="/dashboard" novalidate>
      <div class={message ? 'field invalid' : 'field'}>
        <label class="label" for="year"><Bi t={{ zh: '年度', en: 'Year' }} /></label>
        <FieldError id="year" message={message} />
        <input type="text" id="year" name="year" value={value} inputmode="numeric" maxlength={10} autocomplete="off" {...invalidAttrs('year', message)} />
      </div>
      <button type="submit"><Bi t={{ zh: '查看', en: 'Show' }} /></button>
    </form>
  );
}

function DashboardBody({ data, through }: { data: Dashboard; through: number }) {
  return (
    <>
      <h1><Bi t={{ zh: `${TITLE.zh} · ${data.year} 年`, en: `${TITLE.en} · ${data.year}` }} /></h1>
      <YearForm value={String(data.year)} />
      <p class="lead">
        <Bi t={{ zh: `目标来自${WORK_PLAN.source.zh}。`, en: `Targets from ${WORK_PLAN.source.en}.` }} />{' '}
        <Bi t={{ zh: `统计 ${data.window.from} 至 ${data.window.to} 创建的填报，共 ${data.window.read} 件。`, en: `Counted over the ${data.window.read} submissions created from ${data.window.from} to ${data.window.to}.` }} />
      </p>
      {data.window.truncated ? (
        <p class="warn"><Bi t={{ zh: `填报过多，仅统计了前 ${data.window.read} 件，数字偏小。`, en: `Too many submissions: only the first ${data.window.read} are counted, so the figures are low.` }} /></p>
      ) : null}
      <TargetsPanel data={data} through={through} />
      <WaitingPanel data={data} />
      <CountPanel
        id="grades"
        title={{ zh: '职工之家自评等级', en: 'Workers’ home grades' }}
        head={{ zh: '等级', en: 'Grade' }}
        chartLabel={{ zh: `${data.year} 年评定完成的职工之家自评等级`, en: `Grades of home assessments completed in ${data.year}` }}
        note={{ zh: '按总分计算的等级（含街道复核后的分数）。', en: 'The grade computed from the total (street re-scores included).' }}
        rows={data.grades}
      />
      <CountPanel
        id="findings"
        title={{ zh: '未结审计发现', en: 'Open audit findings' }}
        head={{ zh: '严重程度', en: 'Severity' }}
        chartLabel={{ zh: '未通过核验的审计发现，按严重程度', en: 'Findings not yet accepted, by severity' }}
        note={{ zh: '尚未结案的审计资料报送中、未通过核验的发现。', en: 'Findings not yet accepted in audit submissions not yet closed.' }}
        rows={data.findings}
      />
    </>
  );
}

const notFoundPage = (c: Context<AppEnv>) =>
  renderPage(c, 404, { title: NOT_FOUND, user: signedIn(c) }, <Message title={NOT_FOUND} message={DEFAULT_MESSAGES.not_found} />);

export function dashboardPages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', pageHeaders);
  app.use('*', pageSession(deps, 'required'));
  app.get('/', async (c) => {
    const caller = c.get('caller');
    if (!mayViewDashboard(caller)) return notFoundPage(c);
    const now = deps.now();
    const raw = c.req.query('year');
    const parsed = parseYear(raw, now);
    const user = signedIn(c);
    if ('issue' in parsed) {
      return renderPage(
        c,
        400,
        { title: TITLE, user },
        <>
          <ErrorSummary issues={[parsed.issue]} />
          <h1><Bi t={TITLE} /></h1>
          <YearForm value={raw ?? ''} message={parsed.issue.message} />
        </>,
      );
    }
    const data = await dashboard(deps, caller, parsed.year);
    const thisYear = currentShanghaiYear(now);
    // A running total is drawn up to this month in the current year, for all of a past one.
    const through = parsed.year < thisYear ? 12 : parsed.year > thisYear ? 0 : new Date(now.getTime() + 8 * 3600_000).getUTCMonth() + 1;
    return renderPage(c, 200, { title: TITLE, user }, <DashboardBody data={data} through={through} />);
  });
  app.all('*', notFoundPage);
  return app;
}
