/**
 * `/submissions/{id}`: the record/review page for anyone who may see the submission (out of
 * scope is the same 404 page as a missing id), and `POST /submissions/{id}/actions`, which
 * takes one of the actions the page offers through the same `act` as
 * `POST /api/submissions/{id}/actions`: on success 303 back to the page with a confirmation,
 * on refusal the page again with the reason, the status the API gives, and what was typed.
 */
import { pageBodyLimit, pageError } from './page-errors.js';
import { Hono } from 'hono';
import type { FormData, Text } from '../../../forms/language.js';
import { diffData } from '../../../workflows/engine.js';
import { act } from '../../service/actions.js';
import { definitionOf, getVisible } from '../../service/submissions.js';
import { toDomainError } from '../../store/dynamo.js';
import { DomainError } from '../../store/errors.js';
import type { AppDeps, AppEnv } from '../env.js';
import { STATUS } from '../errors.js';
import { DEFAULT_MESSAGES } from '../messages.js';
import { Message, NOT_FOUND, pageHeaders, renderPage } from './layout.js';
import { pageSession, signedIn } from './page-session.js';
import { DECIDE_FORM } from './review-actions.js';
import { editPlan, readEdits } from './review-edits.js';
import { reviewPage } from './review-page.js';

const STALE: Text = { zh: '页面已过期，请重新打开本页后再办理', en: 'This page is out of date; open it again and retry' };
/** A page's action form: a comment, a few names, a step's edits; far below the API's limit. */
const MAX_FORM_BYTES = 256 * 1024;

export function submissionPages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', pageHeaders);
  // Before the session, whose CSRF check reads the body.
  app.post('*', pageBodyLimit(MAX_FORM_BYTES));
  app.use('*', pageSession(deps, 'required'));
  app.onError(pageError);

  app.get('/:id', (c) => reviewPage(c, deps, c.req.param('id'), 200));

  app.post('/:id/actions', async (c) => {
    const id = c.req.param('id');
    const caller = c.get('caller');
    const entered = new Map<string, string>();
    for (const [key, value] of Object.entries(await c.req.parseBody())) if (typeof value === 'string') entered.set(key, value);
    const action = entered.get('action') ?? '';
    const form = entered.get('form') === DECIDE_FORM ? DECIDE_FORM : action;
    const versionText = entered.get('version') ?? '';
    if (!/^[1-9]\d{0,11}$/.test(versionText)) {
      return reviewPage(c, deps, id, 400, { form, message: STALE, issues: [], entered });
    }
    const sub = await getVisible(deps, caller, id);
    let data: FormData | undefined;
    let reasons: Record<string, string> | undefined;
    if (form === DECIDE_FORM) {
      const { form: compiled, workflow } = await definitionOf(deps, sub);
      const plan = editPlan(workflow, sub.step, compiled.decl.sections.flatMap((s) => s.fields), sub.data);
      if (plan) {
        const edited = readEdits(plan, sub.data, entered);
        // Unchanged data is not sent: an action that takes none is not refused for carrying it.
        if (diffData(sub.data, edited.data).length > 0) data = edited.data;
        if (Object.keys(edited.reasons).length > 0) reasons = edited.reasons;
      }
    }
    const position = entered.get('position');
    const to = entered.get('to')?.trim();
    try {
      await act(deps, caller, id, {
        action,
        version: Number(versionText),
        comment: entered.get('comment') || undefined,
        data,
        to: to || undefined,
        reasons,
        position: position === 'before' || position === 'after' ? position : undefined,
      });
    } catch (error) {
      const domain = toDomainError(error);
      if (!(domain instanceof DomainError) || domain.code === 'not_found') throw error;
      const status = STATUS[domain.code] as 400;
      return reviewPage(c, deps, id, status, { form, message: domain.text ?? DEFAULT_MESSAGES[domain.code], issues: domain.issues ?? [], entered });
    }
    return c.redirect(`/submissions/${encodeURIComponent(id)}?done=${encodeURIComponent(action)}`, 303);
  });

  app.all('*', (c) => renderPage(c, 404, { title: NOT_FOUND, user: signedIn(c) }, <Message title={NOT_FOUND} message={DEFAULT_MESSAGES.not_found} />));
  return app;
}
