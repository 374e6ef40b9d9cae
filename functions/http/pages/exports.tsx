/**
 * `/exports`: my export jobs (newest first) with their progress, a cancel button while they
 * run and a download link once done; and a form that starts one for the records page's
 * current filter (`/exports?formId=&orgId=&status=&from=&to=`, the records page links here).
 * Plain forms with a hidden `_csrf`, post/redirect/get; while a job is unfinished the page
 * asks the browser to reload it every few seconds (a `Refresh` header: no script needed).
 * The same services as the API, so a job is as owner-only here as there.
 */
import { pageBodyLimit, pageError } from './page-errors.js';
import { Hono, type Context } from 'hono';
import type { FormIssue, Text } from '../../../forms/language.js';
import { currentForm, isKnownForm } from '../../service/forms.js';
import * as jobs from '../../service/export-jobs.js';
import { toDomainError } from '../../store/dynamo.js';
import { DomainError } from '../../store/errors.js';
import type { AppEnv } from '../env.js';
import { DEFAULT_MESSAGES } from '../messages.js';
import type { ExportAppDeps } from '../routes/exports.js';
import { exportJobBody } from '../routes/exports.js';
import { shanghaiTime } from '../../../workflows/calendar.js';
import { Bi, Message, pageHeaders, renderPage, Scroll } from './layout.js';
import { pageSession, signedIn } from './page-session.js';
import { FieldError, invalidAttrs } from './fields.js';
import { ErrorSummary } from './signin.js';

const TITLE: Text = { zh: '导出', en: 'Exports' };
const NOT_FOUND: Text = { zh: '找不到该页面', en: 'Page not found' };
/** Seconds between reloads while a job is unfinished. */
export const REFRESH_SECONDS = 3;

// Exactly the search's filter, so a job exports the records the records page listed.
const FILTER_KEYS = ['q', 'formId', 'orgId', 'status', 'step', 'period', 'from', 'to'] as const;
type Filter = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

const FORMATS: { value: 'csv' | 'xlsx' | 'jsonl'; label: Text; hint: Text }[] = [
  { value: 'xlsx', label: { zh: 'Excel 工作簿 (XLSX)', en: 'Excel workbook (XLSX)' }, hint: { zh: '金额为数字、日期为日期，明细另起工作表', en: 'Money as numbers, dates as dates, repeating rows on their own sheets' } },
  { value: 'csv', label: { zh: 'CSV 表格', en: 'CSV table' }, hint: { zh: '任何表格软件都能打开', en: 'Opens in any spreadsheet' } },
  { value: 'jsonl', label: { zh: 'JSON Lines（含完整历史）', en: 'JSON Lines (with full history)' }, hint: { zh: '每行一条完整记录及其历史哈希链，可离线核验', en: 'One complete record a line with its hash-chained history, verifiable offline' } },
];

export const JOB_STATUS: Record<jobs.ExportJobView['status'], Text> = {
  queued: { zh: '排队中', en: 'Queued' },
  running: { zh: '正在导出', en: 'Running' },
  done: { zh: '已完成', en: 'Done' },
  failed: { zh: '失败', en: 'Failed' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

const FILTER_LABELS: Record<(typeof FILTER_KEYS)[number], Text> = {
  q: { zh: '名称或编号', en: 'Name or number' },
  formId: { zh: '表单', en: 'Form' },
  step: { zh: '步骤', en: 'Step' },
  period: { zh: '按时间', en: 'Period by' },
  orgId: { zh: '单位', en: 'Organisation' },
  status: { zh: '状态', en: 'State' },
  from: { zh: '起始日期', en: 'From' },
  to: { zh: '截止日期', en: 'To' },
};

const pickFilter = (source: Record<string, unknown>): Filter =>
  Object.fromEntries(FILTER_KEYS.flatMap((k) => (typeof source[k] === 'string' && source[k] !== '' ? [[k, source[k] as string]] : [])));

async function formTitle(deps: ExportAppDeps, formId: string): Promise<Text> {
  if (!isKnownForm(formId)) return { zh: formId, en: formId };
  return (await currentForm(deps, formId))?.decl.title ?? { zh: formId, en: formId };
}

function FilterText({ filter, form }: { filter: Filter; form?: Text }) {
  const entries = FILTER_KEYS.filter((k) => filter[k]);
  if (entries.length === 0) return <Bi t={{ zh: '范围内全部记录', en: 'Every record in your scope' }} />;
  return (
    <>
      {entries.map((k, i) => (
        <span class="filter-part">
          {i > 0 ? '；' : ''}
          <Bi t={FILTER_LABELS[k]} />：{k === 'formId' && form ? <Bi t={form} /> : filter[k]}
        </span>
      ))}
    </>
  );
}

type StartState = { filter: Filter; format?: string; issues: FormIssue[] };

function StartForm({ state, csrf, form }: { state: StartState; csrf: string; form?: Text }) {
  const message = state.issues.find((i) => i.path === 'format')?.message;
  return (
    <form method="post" action="/exports" class="export-start" novalidate>
      <input type="hidden" name="_csrf" value={csrf} />
      {FILTER_KEYS.map((k) => (state.filter[k] ? <input type="hidden" name={k} value={state.filter[k]} /> : null))}
      <p class="lead"><Bi t={{ zh: '导出范围', en: 'Records' }} />：<FilterText filter={state.filter} form={form} /></p>
      <fieldset id="format" class={message ? 'invalid' : undefined} {...invalidAttrs('format', message)}>
        <legend><Bi t={{ zh: '文件格式', en: 'File format' }} /></legend>
        <FieldError id="format" message={message} />
        {FORMATS.map((f) => (
          <label class="opt" for={`format-${f.value}`}>
            <input type="radio" id={`format-${f.value}`} name="format" value={f.value} checked={state.format === f.value || undefined} aria-describedby={`hint-${f.value}`} />
            <Bi t={f.label} />
            <span class="help" id={`hint-${f.value}`}><Bi t={f.hint} /></span>
          </label>
        ))}
      </fieldset>
      <button type="submit"><Bi t={{ zh: '开始导出', en: 'Start export' }} /></button>
    </form>
  );
}

function JobsTable({ items, csrf, forms }: { items: jobs.ExportJobView[]; csrf: string; forms: Map<string, Text> }) {
  if (items.length === 0) return <p class="lead" id="no-exports"><Bi t={{ zh: '您还没有导出任务。', en: 'You have no exports yet.' }} /></p>;
  return (
    <Scroll label={{ zh: '我的导出', en: 'My exports' }}>
      <table class="exports">
        <thead>
          <tr>
            <th scope="col"><Bi t={{ zh: '开始时间', en: 'Started' }} /></th>
            <th scope="col"><Bi t={{ zh: '格式', en: 'Format' }} /></th>
            <th scope="col"><Bi t={{ zh: '范围', en: 'Records' }} /></th>
            <th scope="col"><Bi t={{ zh: '状态', en: 'State' }} /></th>
            <th scope="col" class="num"><Bi t={{ zh: '已写行数', en: 'Rows' }} /></th>
            <th scope="col"><Bi t={{ zh: '操作', en: 'Action' }} /></th>
          </tr>
        </thead>
        <tbody>
          {items.map((job) => (
            <tr id={`job-${job.id}`}>
              <td class="nowrap">{shanghaiTime(job.createdAt)}</td>
              <td>{job.format.toUpperCase()}</td>
              <td><FilterText filter={job.filter} form={job.filter.formId ? forms.get(job.filter.formId) : undefined} /></td>
              <td>
                <span class={`job-status job-${job.status}`}><Bi t={JOB_STATUS[job.status]} /></span>
                {job.error && job.error in jobs.FAILURES ? <span class="help"><Bi t={jobs.FAILURES[job.error as jobs.FailureCode]} /></span> : null}
              </td>
              <td class="num">{job.rows.toLocaleString('en-US')}</td>
              <td>
                {job.url ? (
                  <a class="download" href={job.url} download={job.filename}><Bi t={{ zh: '下载', en: 'Download' }} /></a>
                ) : null}
                {jobs.isFinished(job.status) ? null : (
                  <form method="post" action={`/exports/${job.id}/cancel`} class="inline">
                    <input type="hidden" name="_csrf" value={csrf} />
                    <button type="submit" class="secondary"><Bi t={{ zh: '取消', en: 'Cancel' }} /></button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

async function exportsPage(c: Context<AppEnv>, deps: ExportAppDeps, state: StartState, status: 200 | 409 | 422 = 200, notice?: Text) {
  const user = signedIn(c)!;
  const items = await jobs.listExports(deps, c.get('caller'));
  const formIds = new Set([...items.map((j) => j.filter.formId), state.filter.formId].filter((f): f is string => !!f));
  const forms = new Map(await Promise.all([...formIds].map(async (id) => [id, await formTitle(deps, id)] as const)));
  const unfinished = items.some((j) => !jobs.isFinished(j.status));
  // Reload while something runs; not over a form someone is filling in after an error. The
  // address is named: a bare refresh of `/exports#jobs` would only move to the fragment.
  if (unfinished && status === 200) {
    const url = new URL(c.req.url);
    c.header('Refresh', `${REFRESH_SECONDS}; url=${url.pathname}${url.search}`);
  }
  return renderPage(
    c,
    status,
    { title: TITLE, user },
    <div class="exports-page">
      {/* The summary links to the first choice: a fieldset cannot take focus, its first radio can. */}
      <ErrorSummary issues={state.issues.map((i) => (i.path === 'format' ? { ...i, path: `format-${FORMATS[0].value}` } : i))} />
      <h1><Bi t={{ zh: '导出记录', en: 'Export records' }} /></h1>
      {notice ? <div class="alert" role="alert"><p><Bi t={notice} /></p></div> : null}
      <p class="lead"><Bi t={{ zh: '大批量导出在后台生成，完成后可下载。时间为北京时间。', en: 'Large exports are written in the background; download them when done. Times are in Asia/Shanghai.' }} /></p>
      <h2><Bi t={{ zh: '新建导出', en: 'New export' }} /></h2>
      <StartForm state={state} csrf={user.csrfToken} form={state.filter.formId ? forms.get(state.filter.formId) : undefined} />
      <p><a href="/records"><Bi t={{ zh: '在记录查询中更改范围', en: 'Change the records in Find records' }} /></a></p>
      <h2 id="jobs"><Bi t={{ zh: '我的导出', en: 'My exports' }} /></h2>
      {unfinished ? <p class="help" id="refreshing"><Bi t={{ zh: `本页每 ${REFRESH_SECONDS} 秒自动刷新。`, en: `This page reloads every ${REFRESH_SECONDS} seconds.` }} /></p> : null}
      <JobsTable items={items} csrf={user.csrfToken} forms={forms} />
    </div>,
  );
}

/** The API's refusals as this form's issues: every one names the format field or the filter. */
function issuesOf(error: DomainError): FormIssue[] {
  const fallback: Text = error.text ?? DEFAULT_MESSAGES[error.code];
  const issues = error.issues?.length ? error.issues : [{ path: 'format', message: fallback }];
  return issues.map((i) => ({ path: 'format', message: i.message }));
}

export function exportsPages(deps: ExportAppDeps) {
  const app = new Hono<AppEnv>();
  const session = pageSession(deps, 'required');
  app.onError(pageError);

  app.get('/', pageHeaders, session, (c) => exportsPage(c, deps, { filter: pickFilter(c.req.query()), issues: [] }));

  app.post('/', pageHeaders, session, async (c) => {
    const body = (await c.req.parseBody()) as Record<string, unknown>;
    const filter = pickFilter(body);
    const format = typeof body.format === 'string' ? body.format : undefined;
    const parsed = exportJobBody.safeParse({ format, filter });
    if (!parsed.success) {
      const chosen = parsed.error.issues.some((i) => i.path[0] === 'format');
      const message: Text = chosen
        ? { zh: '请选择文件格式', en: 'Choose a file format' }
        : { zh: '导出范围无效，请在记录查询中重新筛选', en: 'The records to export are not valid; filter again in Find records' };
      return exportsPage(c, deps, { filter, format, issues: [{ path: 'format', message }] }, 422);
    }
    try {
      await jobs.startExport(deps, c.get('caller'), { format: parsed.data.format, ...parsed.data.filter });
    } catch (error) {
      const domain = toDomainError(error);
      if (!(domain instanceof DomainError) || domain.code !== 'validation_failed') throw error;
      return exportsPage(c, deps, { filter, format, issues: issuesOf(domain) }, 422);
    }
    return c.redirect('/exports#jobs', 303);
  });

  app.post('/:id/cancel', pageHeaders, session, async (c) => {
    try {
      await jobs.cancelExport(deps, c.get('caller'), c.req.param('id'));
    } catch (error) {
      const domain = toDomainError(error);
      if (!(domain instanceof DomainError) || domain.code !== 'version_conflict') throw error;
      return exportsPage(c, deps, { filter: {}, issues: [] }, 409, { zh: '该导出已结束，无需取消。', en: 'That export had already finished.' });
    }
    return c.redirect('/exports#jobs', 303);
  });

  app.all('*', pageHeaders, (c) => renderPage(c, 404, { title: NOT_FOUND, user: signedIn(c) }, <Message title={NOT_FOUND} message={DEFAULT_MESSAGES.not_found} />));
  return app;
}
