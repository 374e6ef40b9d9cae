/**
 * `POST /inbox/batch`: approve or return the ticked inbox items, each as its own action
 * through `act()` (one transaction, at the version the person saw), one after another so
 * approvals that issue numbers do not race each other. When every item committed, back to
 * the home page saying how many (post/redirect/get); otherwise the home page again with what
 * committed, what did not and why, the failed items still ticked and the comment kept.
 */
import { pageBodyLimit, pageError } from './page-errors.js';
import { Hono, type Context } from 'hono';
import type { FormIssue, Text } from '../../../forms/language.js';
import { act } from '../../service/actions.js';
import { formAt } from '../../service/forms.js';
import { getVisible, ID_PATTERN, type Deps } from '../../service/submissions.js';
import type { Caller } from '../../auth/scope.js';
import { toDomainError } from '../../store/dynamo.js';
import { DomainError } from '../../store/errors.js';
import type { AppDeps, AppEnv } from '../env.js';
import { DEFAULT_MESSAGES } from '../messages.js';
import { HOME_TITLE, homeBody } from './home.js';
import { BatchResult, PICK_PREFIX, pickId, type BatchOutcome } from './inbox.js';
import { BATCH_OPS, inboxRows, type BatchOp } from './inbox-rows.js';
import { pageHeaders, renderPage } from './layout.js';
import { pageSession, signedIn } from './page-session.js';
import { ErrorSummary } from './signin.js';

/** More than a page of work at once is a mistake, not a batch. */
export const MAX_BATCH = 200;
const MAX_COMMENT = 10_000;

const T = {
  pickOne: { zh: '请至少勾选一项待办', en: 'Tick at least one item' },
  tooMany: { zh: `一次最多处理 ${MAX_BATCH} 项`, en: `At most ${MAX_BATCH} items at once` },
  chooseOp: { zh: '请选择“批量同意”或“批量退回”', en: 'Choose to approve or to return' },
  commentTooLong: { zh: `意见不能超过 ${MAX_COMMENT} 个字符`, en: `A comment has at most ${MAX_COMMENT} characters` },
  badPick: { zh: '这一项的选择无效，请刷新页面后重试', en: 'This selection is not valid; reload the page and try again' },
  cannot: {
    approve: { zh: '此项不能在待办中批量同意，请打开后办理', en: 'This item cannot be approved from the inbox; open it to act' },
    return: { zh: '此项不能在待办中批量退回，请打开后办理', en: 'This item cannot be returned from the inbox; open it to act' },
  },
  unknown: { zh: '未能确认是否办理成功，请打开该项查看', en: 'Whether this went through is not known; open the item to see' },
} satisfies Record<string, Text | Record<string, Text>>;

type Pick = { id: string; version: number; actions: Record<BatchOp, string> };

/** `pick.<id>` = `<version>:<approve action>:<return action>`, as the inbox wrote it; undefined if not that. */
function parsePick(key: string, value: unknown): Pick | undefined {
  const id = key.slice(PICK_PREFIX.length);
  const m = typeof value === 'string' ? /^(\d{1,9}):([a-z0-9-]{0,64}):([a-z0-9-]{0,64})$/.exec(value) : null;
  if (!ID_PATTERN.test(id) || !m) return undefined;
  return { id, version: Number(m[1]), actions: { approve: m[2], return: m[3] } };
}

/**
 * The form and union of an item that failed and is no longer in the inbox (someone else acted
 * on it), as the caller may see it; an id out of scope or unknown is shown as the id it is.
 */
async function nameOf(deps: Deps, caller: Caller, id: string): Promise<{ form: Text; orgName: string }> {
  try {
    const sub = await getVisible(deps, caller, id);
    const form = await formAt(deps, sub.formId, sub.formVersion);
    return { form: form?.decl.title ?? { zh: sub.formId, en: sub.formId }, orgName: sub.orgName };
  } catch (error) {
    if (!(toDomainError(error) instanceof DomainError)) throw error;
    return { form: { zh: id, en: id }, orgName: '' };
  }
}

/** Why an action did not happen: its message, then each issue's. */
function reasonsOf(error: DomainError): Text[] {
  const all = [error.text ?? DEFAULT_MESSAGES[error.code], ...(error.issues ?? []).map((i: FormIssue) => i.message)];
  return all.filter((m, i) => all.findIndex((n) => n.zh === m.zh) === i);
}

export function inboxPages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', pageHeaders);
  app.use('*', pageBodyLimit(64 * 1024));
  app.use('*', pageSession(deps, 'required'));
  app.onError(pageError);

  const again = async (c: Context<AppEnv>, status: 400 | 409 | 422, opts: Parameters<typeof homeBody>[2]) =>
    renderPage(c, status, { title: HOME_TITLE, user: signedIn(c), here: '/' }, await homeBody(deps, c, opts));

  app.post('/batch', async (c) => {
    const body = await c.req.parseBody();
    const comment = typeof body.comment === 'string' ? body.comment : '';
    const op = BATCH_OPS.find((o) => o === body.op);
    const keys = Object.keys(body).filter((k) => k.startsWith(PICK_PREFIX));
    const picked = new Set(keys.map((k) => k.slice(PICK_PREFIX.length)));
    const state = { comment: comment.slice(0, MAX_COMMENT), picked };

    // Problems with the request as a whole: nothing is acted on.
    const issues: FormIssue[] = [];
    const firstPick = async () => {
      const rows = await inboxRows(deps, c.get('caller'));
      const row = rows.find((r) => r.actions.approve || r.actions.return);
      return row ? pickId(row.id) : 'inbox-title';
    };
    if (keys.length === 0) issues.push({ path: await firstPick(), message: T.pickOne });
    else if (keys.length > MAX_BATCH) issues.push({ path: await firstPick(), message: T.tooMany });
    if (!op) issues.push({ path: 'batch-comment', message: T.chooseOp });
    if (comment.length > MAX_COMMENT) issues.push({ path: 'batch-comment', message: T.commentTooLong });
    const commentError = issues.find((i) => i.message === T.commentTooLong)?.message;
    if (issues.length > 0 || !op) return again(c, 400, { summary: <ErrorSummary issues={issues} />, state: { ...state, commentError } });

    const caller = c.get('caller');
    const rows = new Map((await inboxRows(deps, caller)).map((r) => [r.id, r]));
    const outcomes: BatchOutcome[] = [];
    let conflict = false;
    // A refusal the comment box can fix (a return needs one): said once, beside the box.
    let commentIssue: Text | undefined;
    for (const key of keys) {
      const pick = parsePick(key, body[key]);
      const id = key.slice(PICK_PREFIX.length);
      // What the person saw of it; an item no longer in the inbox is named by its id.
      const row = rows.get(id);
      const named = { id, form: row?.form ?? { zh: id, en: id }, orgName: row?.orgName ?? '' };
      if (!pick) {
        outcomes.push({ ...named, ok: false, reasons: [T.badPick] });
        continue;
      }
      const action = pick.actions[op];
      if (!action) {
        conflict = true;
        outcomes.push({ ...named, ok: false, reasons: [T.cannot[op]] });
        continue;
      }
      try {
        await act(deps, caller, pick.id, { action, version: pick.version, ...(comment.trim() ? { comment } : {}) });
        outcomes.push({ ...named, ok: true });
      } catch (error) {
        const domain = toDomainError(error);
        if (!(domain instanceof DomainError) || domain.code === 'unavailable') {
          // Not a refusal: it may have committed, so it is reported as unknown, never as failed.
          console.error('batch action', pick.id, error);
          outcomes.push({ ...named, ok: false, reasons: [T.unknown] });
          continue;
        }
        if (domain.code !== 'validation_failed' && domain.code !== 'bad_request') conflict = true;
        commentIssue ??= domain.issues?.find((i) => i.path === 'comment')?.message;
        outcomes.push({ ...named, ok: false, reasons: reasonsOf(domain) });
      }
    }

    const failed = outcomes.filter((o) => !o.ok);
    if (failed.length === 0) return c.redirect(`/?done=${op}&n=${outcomes.length}`, 303);
    for (const o of failed) if (!rows.has(o.id)) Object.assign(o, await nameOf(deps, caller, o.id));
    const summary = (
      <ErrorSummary
        issues={[
          ...(commentIssue ? [{ path: 'batch-comment', message: commentIssue }] : []),
          ...failed.map((o) => ({
          // To its line in the result, which is there whether or not the item still waits.
          path: `failed-${o.id}`,
          message: { zh: `${o.form.zh} · ${o.orgName}：${(o as { reasons: Text[] }).reasons[0].zh}`, en: `${o.form.en} · ${o.orgName}: ${(o as { reasons: Text[] }).reasons[0].en}` },
          })),
        ]}
      />
    );
    return again(c, conflict ? 409 : 422, {
      summary,
      result: <BatchResult op={op} outcomes={outcomes} />,
      state: { comment: state.comment, picked: new Set(failed.map((o) => o.id)), commentError: commentIssue },
    });
  });
  return app;
}
