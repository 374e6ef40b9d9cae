/**
 * `/rounds`: a union's code rounds (会员评家 评议码, 经费监督 监督码) with their tallies;
 * `/rounds/new?submission=` the form that opens one; `POST /rounds` opens it through the same
 * `openRound` as `POST /api/rounds` and answers with the code sheet itself (201, never a
 * redirect): the codes are stored only as hashes, so this one answer is their only copy.
 * Failed input comes back as the form with its error summary; a submission out of scope or of
 * another union is the same 404 as a missing one.
 */
import { pageBodyLimit, pageError } from './page-errors.js';
import { Hono, type Context } from 'hono';
import type { FormIssue, Text } from '../../../forms/language.js';
import type { Caller } from '../../auth/scope.js';
import * as rounds from '../../service/rounds.js';
import { getVisible, list } from '../../service/submissions.js';
import { formAt } from '../../service/forms.js';
import { CODE_PURPOSES, type CodePurpose } from '../../store/codes.js';
import { toDomainError } from '../../store/dynamo.js';
import { DomainError, notFound } from '../../store/errors.js';
import { answerUrlFor, CODE_SHEET_CSP, codeSheetCsv, codeSheetHtml } from '../code-sheet.js';
import type { AppDeps, AppEnv } from '../env.js';
import { Bi, pageHeaders, renderPage } from './layout.js';
import { pageSession, signedIn } from './page-session.js';
import { shanghaiTime } from '../../../workflows/calendar.js';
import { STATUS_TITLES } from '../../../workflows/words.js';
import { OpenForm, PURPOSE_OF_FORM, RoundsTable, T, type Candidate, type OpenEntered } from './rounds-view.js';

const E = {
  purpose: { zh: '请选择用途', en: 'Choose what the codes are for' },
  count: { zh: '请填写数量', en: 'Enter how many codes' },
  countRange: { zh: `数量须为 1 至 ${rounds.MAX_CODES} 的整数`, en: `Enter a whole number from 1 to ${rounds.MAX_CODES}` },
  title: { zh: '批次名称不能超过 100 个字符', en: 'A round’s name has at most 100 characters' },
  submission: { zh: '请从列表中选择关联的填报', en: 'Choose the submission from the list' },
} satisfies Record<string, Text>;

const isSubmitter = (caller: Caller) => caller.roles.includes('submitter');

/** The union's own submissions a round may belong to, newest first, as the select shows them. */
async function candidates(deps: AppDeps, caller: Caller): Promise<Candidate[]> {
  const pages = await Promise.all(Object.keys(PURPOSE_OF_FORM).map((formId) => list(deps, caller, { formId, orgId: caller.orgId }, 50)));
  const subs = pages.flatMap((p) => p.items).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return Promise.all(
    subs.map(async (s) => {
      const title = (await formAt(deps, s.formId, s.formVersion))?.decl.title ?? { zh: s.formId, en: s.formId };
      const status = STATUS_TITLES[s.status];
      const at = shanghaiTime(s.updatedAt);
      return { id: s.id, label: { zh: `${title.zh} · ${status.zh} · ${at}`, en: `${title.en} · ${status.en} · ${at}` } };
    }),
  );
}

async function formPage(c: Context<AppEnv>, deps: AppDeps, status: 200 | 400 | 422, entered: OpenEntered, issues: FormIssue[]) {
  const user = signedIn(c)!;
  const found = await candidates(deps, c.get('caller'));
  return renderPage(c, status, { title: T.newTitle, user, here: '/rounds/new' }, <OpenForm entered={entered} candidates={found} issues={issues} csrf={user.csrfToken} />);
}

const text = (body: Record<string, unknown>, key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');

/** The posted form, checked as `POST /api/rounds` checks its body, each problem at its field. */
function readOpen(body: Record<string, unknown>): { entered: OpenEntered; issues: FormIssue[]; valid?: rounds.OpenRoundBody; format: 'html' | 'csv' } {
  const entered: OpenEntered = {
    purpose: text(body, 'purpose'),
    submission: text(body, 'submission').trim(),
    count: text(body, 'count').trim(),
    title: text(body, 'title'),
    format: text(body, 'format') === 'csv' ? 'csv' : 'html',
  };
  const issues: FormIssue[] = [];
  const purpose = CODE_PURPOSES.find((p) => p === entered.purpose);
  if (!purpose) issues.push({ path: 'purpose', message: E.purpose });
  if (entered.submission.length > 64) issues.push({ path: 'submission', message: E.submission });
  const count = Number(entered.count);
  if (entered.count === '') issues.push({ path: 'count', message: E.count });
  else if (!/^\d{1,6}$/.test(entered.count) || count < 1 || count > rounds.MAX_CODES) issues.push({ path: 'count', message: E.countRange });
  const title = entered.title.trim();
  if (title.length > 100) issues.push({ path: 'title', message: E.title });
  if (issues.length > 0 || !purpose) return { entered, issues, format: entered.format as 'html' };
  const valid: rounds.OpenRoundBody = { purpose, count, ...(entered.submission ? { submissionId: entered.submission } : {}), ...(title ? { title } : {}) };
  return { entered, issues, valid, format: entered.format as 'html' | 'csv' };
}

export function roundsPages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  // Registered first, so it runs after pageHeaders: a code sheet (the one 201 here) keeps its own
  // policy, which allows its inline style by hash, in place of the app's.
  app.use('*', async (c, next) => {
    await next();
    if (c.res.status === 201) c.res.headers.set('Content-Security-Policy', CODE_SHEET_CSP);
  });
  app.use('*', pageHeaders);
  app.post('*', pageBodyLimit(16 * 1024));
  app.use('*', pageSession(deps, 'required'));
  app.onError(pageError);

  app.get('/', async (c) => {
    const caller = c.get('caller');
    const user = signedIn(c)!;
    const found = await rounds.listRounds(deps, caller);
    found.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return renderPage(
      c,
      200,
      { title: T.title, user },
      <>
        <h1><Bi t={T.title} /></h1>
        <p class="lead"><Bi t={T.lead} /></p>
        {isSubmitter(caller) ? <p class="open-link"><a class="button" href="/rounds/new"><Bi t={T.open} /></a></p> : null}
        <RoundsTable rounds={found} />
      </>,
    );
  });

  app.get('/new', async (c) => {
    const caller = c.get('caller');
    // Only a union's submitter opens rounds (openRound refuses anyone else): for others there is no such page.
    if (!isSubmitter(caller)) throw notFound();
    const given = c.req.query('submission') ?? '';
    let purpose: CodePurpose = 'evaluation';
    if (given !== '') {
      const sub = await getVisible(deps, caller, given);
      if (sub.orgId !== caller.orgId) throw notFound();
      purpose = PURPOSE_OF_FORM[sub.formId] ?? purpose;
    }
    return formPage(c, deps, 200, { purpose, submission: given, count: '', title: '', format: 'html' }, []);
  });

  app.post('/', async (c) => {
    const caller = c.get('caller');
    if (!isSubmitter(caller)) throw notFound();
    const { entered, issues, valid, format } = readOpen(await c.req.parseBody());
    if (!valid) return formPage(c, deps, 400, entered, issues);
    let opened: Awaited<ReturnType<typeof rounds.openRound>>;
    try {
      opened = await rounds.openRound(deps, caller, valid);
    } catch (error) {
      const domain = toDomainError(error);
      if (!(domain instanceof DomainError) || domain.code !== 'validation_failed') throw error;
      const found = (domain.issues ?? []).map((i) => ({ path: i.path === 'submissionId' ? 'submission' : i.path, message: i.message }));
      return formPage(c, deps, 422, entered, found);
    }
    const { round, codes } = opened;
    const sheet = { orgName: caller.orgName, round, codes, answerUrl: answerUrlFor(round, deps.publicUrl), backHref: '/rounds' };
    if (format === 'csv') {
      c.header('Content-Disposition', `attachment; filename="codes-${round.id}.csv"`);
      return c.body(codeSheetCsv(sheet), 201, { 'Content-Type': 'text/csv; charset=utf-8' });
    }
    return c.html(await codeSheetHtml(sheet), 201);
  });

  app.all('*', () => {
    throw notFound();
  });
  return app;
}
