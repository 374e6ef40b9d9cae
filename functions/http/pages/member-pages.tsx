/**
 * The member pages, mounted at `/m` (the address the printed code sheets give): 会员评家 at
 * `/m/evaluate`, a published 经费收支公开 at `/m/disclosures/:id`, 监督意见 at `/m/query`.
 * Plain HTML forms that work on any phone without script; they call the same services as
 * `/api/member`. Like that API they read no session and log nothing a code could be joined to.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { CompiledForm, FormIssue, Text } from '../../../forms/language.js';
import { shanghaiDate } from '../../../workflows/calendar.js';
import { currentForm, formAt } from '../../service/forms.js';
import { readDisclosure, raiseQuery } from '../../service/member-queries.js';
import { checkEvaluation, submitEvaluation } from '../../service/rounds.js';
import { codeRejected, type CodePurpose } from '../../store/codes.js';
import { toDomainError } from '../../store/dynamo.js';
import { DomainError } from '../../store/errors.js';
import type { AppDeps, AppEnv } from '../env.js';
import { STATUS } from '../errors.js';
import { DEFAULT_MESSAGES } from '../messages.js';
import { MEMBER_BODY_BYTES } from '../routes/member.js';
import { DisclosureBody, lineOptions } from './disclosure-view.js';
import { memberFields, readFields } from './fields.js';
import type { Child } from 'hono/jsx';
import { Message, pageHeaders, renderPage } from './layout.js';
import { EvaluateBody, EvaluateThanks, QueryBody, QueryStart, QueryThanks, type QueryState } from './member-views.js';

type Status = 200 | 201 | 400 | 404 | 413 | 415 | 422 | 503;

const T = {
  error: { zh: '出错了', en: 'Something went wrong' },
  notFound: { zh: '找不到该页面', en: 'Page not found' },
  tooLarge: { zh: '提交的内容过长，请删减后重试', en: 'What you sent is too long; shorten it and try again' },
  formOnly: { zh: '请使用页面上的表单提交', en: 'Please submit with the form on the page' },
  codeRequired: { zh: '请输入纸条上的码', en: 'Enter the code from your slip' },
  chooseLine: { zh: '请从列表中选择', en: 'Choose one from the list' },
  done: { zh: '已提交', en: 'Sent' },
} satisfies Record<string, Text>;

const MAX_CODE = 64;

const page = (c: Context, status: Status, title: Text, body: Child) => renderPage(c, status, { title }, body);

/** A refusal page names nothing of the request, not even its path: an unknown and an unpublished disclosure read the same. */
const messagePage = (c: Context, status: Status, title: Text, message: Text) =>
  renderPage(c, status, { title, here: '/' }, <Message title={title} message={message} />);

/** A urlencoded body, or a 415 page: nothing else is a member's form. */
async function formBody(c: Context): Promise<URLSearchParams | undefined> {
  const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return undefined;
  return new URLSearchParams(await c.req.text());
}

const isRejection = (error: unknown): error is DomainError => error instanceof DomainError && error.code === 'not_found';

/** A code that is too long to be one is answered exactly like an unknown one, without a lookup. */
function checkCode(code: string, purpose: CodePurpose): FormIssue[] {
  if (code === '') return [{ path: 'code', message: T.codeRequired }];
  if (code.length > MAX_CODE) throw codeRejected(purpose);
  return [];
}

/** What a page shows when a code is refused: the same for an unknown and a used code. */
const rejectedIssue = (purpose: CodePurpose): FormIssue[] => [{ path: 'code', message: codeRejected(purpose).text! }];

/** `?disclosure=` may be an id or a pasted member link ending in one. */
const disclosureIdOf = (value: string | undefined | null) => (value ?? '').trim().split(/[/?#]/).filter(Boolean).pop() ?? '';

async function requiredForm(deps: AppDeps, id: string): Promise<CompiledForm> {
  const form = await currentForm(deps, id);
  if (!form) throw new DomainError('not_found');
  return form;
}

export function memberPages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', pageHeaders);
  app.use('*', bodyLimit({ maxSize: MEMBER_BODY_BYTES, onError: (c) => messagePage(c, 413, T.error, T.tooLarge) }));
  app.onError((error, c) => {
    const domain = toDomainError(error);
    if (domain instanceof DomainError) {
      const title = domain.code === 'not_found' ? T.notFound : T.error;
      return messagePage(c, STATUS[domain.code] as Status, title, domain.text ?? DEFAULT_MESSAGES[domain.code]);
    }
    console.error(JSON.stringify({ level: 'error', msg: 'unhandled', name: error.name, error: String(error.stack ?? error) }));
    return messagePage(c, 503, T.error, DEFAULT_MESSAGES.internal);
  });

  // ---- 会员评家 ----

  app.get('/evaluate', async (c) => {
    const form = await requiredForm(deps, 'member-evaluation');
    const code = (c.req.query('code') ?? '').trim();
    const state = { entered: {}, code: code.length > MAX_CODE ? '' : code, issues: [] };
    return page(c, 200, form.decl.title, <EvaluateBody form={form} state={state} />);
  });

  app.post('/evaluate', async (c) => {
    const body = await formBody(c);
    if (!body) return messagePage(c, 415, T.error, T.formOnly);
    const form = await requiredForm(deps, 'member-evaluation');
    const fields = form.decl.sections.flatMap((s) => memberFields(s.fields));
    const { entered, data } = readFields(fields, body);
    const code = (body.get('code') ?? '').trim();
    const show = (status: Status, issues: FormIssue[], keepCode = true) =>
      page(c, status, form.decl.title, <EvaluateBody form={form} state={{ entered, code: keepCode ? code : '', issues }} />);
    try {
      const issues = checkCode(code, 'evaluation');
      const checked = checkEvaluation(form, data, shanghaiDate(deps.now()));
      if (!checked.ok) return show(422, [...issues, ...checked.issues]);
      if (issues.length > 0) return show(422, issues);
      await submitEvaluation(deps, code, checked.answers);
    } catch (error) {
      if (isRejection(error)) return show(404, rejectedIssue('evaluation'), false);
      throw error;
    }
    return page(c, 201, T.done, <EvaluateThanks />);
  });

  // ---- 经费收支公开 and 监督意见 ----

  app.get('/disclosures/:id', async (c) => {
    const disclosure = await readDisclosure(deps, c.req.param('id'));
    const form = await formAt(deps, disclosure.formId, disclosure.formVersion);
    if (!form) throw new DomainError('not_found');
    const href = `/m/query?disclosure=${encodeURIComponent(disclosure.id)}`;
    return page(c, 200, form.decl.title, <DisclosureBody decl={form.decl} d={disclosure} queryHref={href} />);
  });

  /** The query form's page for one published disclosure (404 when there is none). */
  async function queryPage(disclosureId: string) {
    const disclosure = await readDisclosure(deps, disclosureId);
    const [disclosureForm, form] = await Promise.all([formAt(deps, disclosure.formId, disclosure.formVersion), requiredForm(deps, 'fund-query')]);
    if (!disclosureForm) throw new DomainError('not_found');
    const lines = lineOptions(disclosureForm.decl, disclosure.data);
    return { form, disclosureId: disclosure.id, orgName: disclosure.orgName, disclosureTitle: disclosureForm.decl.title, lines };
  }

  app.get('/query', async (c) => {
    const id = disclosureIdOf(c.req.query('disclosure'));
    if (id === '') return page(c, 200, { zh: '经费使用监督意见', en: 'Query on the use of union funds' }, <QueryStart />);
    const p = await queryPage(id);
    return page(c, 200, p.form.decl.title, <QueryBody p={p} state={{ code: (c.req.query('code') ?? '').slice(0, MAX_CODE), line: '', question: '', issues: [] }} />);
  });

  app.post('/query', async (c) => {
    const body = await formBody(c);
    if (!body) return messagePage(c, 415, T.error, T.formOnly);
    const p = await queryPage(disclosureIdOf(body.get('disclosure')));
    const state: QueryState = { code: (body.get('code') ?? '').trim(), line: body.get('line') ?? '', question: body.get('question') ?? '', issues: [] };
    const show = (status: Status, issues: FormIssue[], keepCode = true) =>
      page(c, status, p.form.decl.title, <QueryBody p={p} state={{ ...state, code: keepCode ? state.code : '', issues }} />);
    const chosen = p.lines.find((l) => l.value === state.line);
    try {
      const issues = checkCode(state.code, 'fund-query');
      if (state.line !== '' && !chosen) issues.push({ path: 'line', message: T.chooseLine });
      const line = chosen?.line ?? '';
      const result = p.form.validateSubmit({ line, ...(state.question.trim() ? { question: state.question } : {}) }, shanghaiDate(deps.now()));
      if (!result.ok) issues.push(...result.issues);
      if (issues.length > 0) return show(422, issues);
      await raiseQuery(deps, { code: state.code, disclosureId: p.disclosureId, line, question: state.question });
    } catch (error) {
      // The disclosure was read above, so a refusal now is the code's (or the disclosure was
      // withdrawn this instant, which the code's transaction reports the same way).
      if (isRejection(error)) return show(404, rejectedIssue('fund-query'), false);
      if (error instanceof DomainError && error.code === 'validation_failed' && error.issues) return show(422, error.issues);
      throw error;
    }
    return page(c, 201, T.done, <QueryThanks disclosureId={p.disclosureId} />);
  });

  app.all('*', (c) => messagePage(c, 404, T.notFound, DEFAULT_MESSAGES.not_found));
  return app;
}
