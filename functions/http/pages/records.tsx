/**
 * `/records`: the records in the caller's scope, filtered and paged by the service's cursor;
 * `/records/{id}`: one complete record (records-view.tsx); `/records/{id}/print`: the
 * printable record for a signed-in person. Scope is the API's own: the same `list`,
 * `getVisible` and `verify`, so a record out of scope is the same 404 page as a missing one.
 */
import { pageBodyLimit, pageError } from './page-errors.js';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import type { FormIssue, Text } from '../../../forms/language.js';
import { inScope, type Caller } from '../../auth/scope.js';
import { printRecord, PRINT_HEADERS, StatusText } from '../../records/print.js';
import { stepTitle } from '../../../workflows/words.js';
import { orgTree } from '../../service/admin.js';
import { formAt, listCurrentForms } from '../../service/forms.js';
import * as submissions from '../../service/submissions.js';
import { workflowAt, workflowFor } from '../../service/workflows.js';
import { toDomainError } from '../../store/dynamo.js';
import { DomainError } from '../../store/errors.js';
import type { Submission } from '../../store/submissions.js';
import type { AppDeps, AppEnv } from '../env.js';
import { DEFAULT_MESSAGES } from '../messages.js';
import { shanghaiTime } from '../../../workflows/calendar.js';
import { Bi, langOf, Message, NOT_FOUND, PAGE_HEADERS, pageHeaders, renderPage, Scroll } from './layout.js';
import { pageSession, signedIn } from './page-session.js';
import { FilterForm, filterQuery, readFilter, type Choice, type Entered, type FilterChoices } from './records-filter.js';
import { recordPage } from './records-view.js';
import { ErrorSummary } from './signin.js';

export const PAGE_SIZE = 20;
const TITLE: Text = { zh: '记录', en: 'Records' };
const plain = (t: string): Text => ({ zh: t, en: t });
const BAD_CURSOR: FormIssue = { path: 'results', message: { zh: '翻页链接无效，请重新筛选。', en: 'This page link is not valid; filter again.' } };

/**
 * The steps of the current forms' workflows, by step id: forms that share a step id (each
 * registration-like form's `street-review`) share one choice, titled by each distinct title.
 */
async function stepChoices(deps: AppDeps, forms: { id: string; version: number }[]): Promise<Choice[]> {
  const workflows = await Promise.all(forms.map((f) => workflowFor(deps, f.id, f.version)));
  const titles = new Map<string, Text[]>();
  for (const workflow of workflows) {
    for (const [id, step] of Object.entries(workflow?.steps ?? {})) {
      const seen = titles.get(id) ?? [];
      if (!seen.some((t) => t.zh === step.title.zh)) seen.push(step.title);
      titles.set(id, seen);
    }
  }
  return [...titles].map(([value, ts]) => ({ value, label: { zh: ts.map((t) => t.zh).join('／'), en: ts.map((t) => t.en).join(' / ') } }));
}

/** The forms, the organisations (in tree order, indented by depth) and the steps a caller may filter by. */
async function choicesFor(deps: AppDeps, caller: Caller): Promise<FilterChoices> {
  const [forms, orgs] = await Promise.all([listCurrentForms(deps, caller), orgTree(deps)]);
  const visible = orgs.filter((o) => inScope(caller, { orgId: o.id, orgPath: o.path }));
  const top = Math.min(...visible.map((o) => o.path.length));
  return {
    forms: forms.map((f) => ({ value: f.id, label: f.title })),
    orgs: visible.map((o) => ({ value: o.id, label: o.nameEn ? { zh: o.name, en: o.nameEn } : plain(o.name), depth: o.path.length - top })),
    steps: await stepChoices(deps, forms),
  };
}

type Row = { sub: Submission; form: Text; step: Text };

/** Titles by the form and workflow version each record runs, each version read once. */
async function rowsOf(deps: AppDeps, items: Submission[]): Promise<Row[]> {
  const cache = new Map<string, Promise<Text>>();
  const once = (key: string, load: () => Promise<Text>) => {
    if (!cache.has(key)) cache.set(key, load());
    return cache.get(key)!;
  };
  return Promise.all(
    items.map(async (sub) => {
      const [form, step] = await Promise.all([
        once(`f#${sub.formId}#${sub.formVersion}`, async () => (await formAt(deps, sub.formId, sub.formVersion))?.decl.title ?? plain(sub.formId)),
        once(`w#${sub.formId}#${sub.workflowVersion}#${sub.step}`, async () => {
          const workflow = await workflowAt(deps, sub.formId, sub.workflowVersion);
          return workflow ? stepTitle(workflow, sub.step) : plain(sub.step);
        }),
      ]);
      return { sub, form, step };
    }),
  );
}

function RecordsTable({ rows }: { rows: Row[] }) {
  if (rows.length === 0) return <p class="lead" id="no-records"><Bi t={{ zh: '没有符合条件的记录。', en: 'No records match.' }} /></p>;
  return (
    <Scroll label={{ zh: '记录列表', en: 'Records' }}>
      <table class="records">
        <thead>
          <tr>
            <th scope="col"><Bi t={{ zh: '表单', en: 'Form' }} /></th>
            <th scope="col"><Bi t={{ zh: '单位', en: 'Union' }} /></th>
            <th scope="col"><Bi t={{ zh: '状态 · 步骤', en: 'State · step' }} /></th>
            <th scope="col"><Bi t={{ zh: '编号', en: 'Number' }} /></th>
            <th scope="col"><Bi t={{ zh: '创建', en: 'Created' }} /></th>
            <th scope="col"><Bi t={{ zh: '提交', en: 'Submitted' }} /></th>
            <th scope="col"><Bi t={{ zh: '更新', en: 'Updated' }} /></th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ sub, form, step }) => (
            <tr>
              <td><a href={`/records/${encodeURIComponent(sub.id)}`}><Bi t={form} /></a></td>
              <td>{sub.orgName}</td>
              <td><StatusText status={sub.status} step={step} /></td>
              <td class="nowrap">{sub.number ?? '—'}</td>
              <td class="when">{shanghaiTime(sub.createdAt)}</td>
              <td class="when">{sub.submittedAt ? shanghaiTime(sub.submittedAt) : '—'}</td>
              <td class="when">{shanghaiTime(sub.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

async function listPage(c: Context<AppEnv>, deps: AppDeps) {
  const caller = c.get('caller');
  const choices = await choicesFor(deps, caller);
  const { entered, filter, issues } = readFilter(c.req.query(), choices);
  const cursor = c.req.query('cursor');
  let page: { rows: Row[]; next: string | null } | undefined;
  let problems: FormIssue[] = issues;
  if (cursor !== undefined && cursor.length > 512) problems = [BAD_CURSOR];
  if (problems.length === 0) {
    try {
      const found = await submissions.list(deps, caller, filter, PAGE_SIZE, cursor || undefined);
      page = { rows: await rowsOf(deps, found.items), next: found.nextCursor };
    } catch (error) {
      // The cursor is the store's to judge; a page link it refuses is a 400 with a way back.
      const domain = toDomainError(error);
      if (!(domain instanceof DomainError) || domain.code !== 'bad_request') throw error;
      problems = [BAD_CURSOR];
    }
  }
  return renderPage(
    c,
    problems.length ? 400 : 200,
    { title: TITLE, user: signedIn(c) },
    <div class="records-page">
      <ErrorSummary issues={problems} />
      <h1><Bi t={{ zh: '记录查询', en: 'Find records' }} /></h1>
      <p class="lead"><Bi t={{ zh: '您有权查看的全部记录，最新的在前。时间为北京时间。', en: 'Every record you may see, newest first. Times are in Asia/Shanghai.' }} /></p>
      <FilterForm entered={entered} choices={choices} issues={issues} />
      <h2 id="results"><Bi t={{ zh: '结果', en: 'Results' }} /></h2>
      {page ? <RecordsTable rows={page.rows} /> : null}
      {page && page.rows.length > 0 ? <p><a class="export-link" href={`/exports?${new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === 'string')).toString()}`}><Bi t={{ zh: '导出这些记录（后台生成）', en: 'Export these records (in the background)' }} /></a></p> : null}
      {page?.next ? (
        <p><a class="next" rel="next" href={`/records?${filterQuery(entered as Entered, { cursor: page.next })}`}><Bi t={{ zh: '下一页', en: 'Next page' }} /></a></p>
      ) : null}
    </div>,
  );
}

/** The printable record's own headers on success (its style admitted by hash); the pages' on an error page. */
const printHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const headers = c.res.status === 200 ? PRINT_HEADERS : PAGE_HEADERS;
  for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
};

export function recordsPages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const session = pageSession(deps, 'required');
  app.onError(pageError);

  app.get('/', pageHeaders, session, (c) => listPage(c, deps));
  app.get('/:id', pageHeaders, session, (c) => recordPage(c, deps, c.req.param('id')));
  app.get('/:id/print', printHeaders, session, async (c) => {
    const id = c.req.param('id');
    return c.html(await printRecord(deps, c.get('caller'), id, { back: `/records/${encodeURIComponent(id)}`, lang: langOf(c) }), 200);
  });
  app.all('*', pageHeaders, (c) => renderPage(c, 404, { title: NOT_FOUND, user: signedIn(c) }, <Message title={NOT_FOUND} message={DEFAULT_MESSAGES.not_found} />));
  return app;
}
