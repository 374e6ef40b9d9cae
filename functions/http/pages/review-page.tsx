/**
 * The record/review page of one submission: what it is (form, union, number, state, step,
 * who holds it and by when), a confirmation of what the person just did, the error summary of
 * a refused action, the actions open to the person, what changed since the previous
 * submission, the policy warnings, the data, and the history.
 */
import type { Context } from 'hono';
import type { FormIssue, Text } from '../../../forms/language.js';
import { isSubmitterOf } from '../../../workflows/engine-people.js';
import { stepOf } from '../../../workflows/engine.js';
import { acceptedPeople, openActions, type OpenAction } from '../../../workflows/open-actions.js';
import type { EngineForm } from '../../../workflows/engine.js';
import type { WorkflowDeclaration } from '../../../workflows/language.js';
import { peopleAround } from '../../service/people.js';
import { inScope, type Caller } from '../../auth/scope.js';
import { definitionOf, getVisible, history } from '../../service/submissions.js';
import { orgLabelsOf } from '../../records/org-labels.js';
import type { Submission } from '../../store/submissions.js';
import type { AppDeps, AppEnv } from '../env.js';
import { shanghaiTime } from '../../../workflows/calendar.js';
import { actionTitle, STATUS_TITLES } from '../../../workflows/words.js';
import { Bi, renderPage } from './layout.js';
import { signedIn } from './page-session.js';
import { Actions, DECIDE_FORM, type Failed, type PeopleChoices } from './review-actions.js';
import { editPlan, planIds, type Entered } from './review-edits.js';
import { RoundLink } from './rounds-view.js';
import { ErrorSummary } from './signin.js';
import { SinceLastSubmit, Timeline, Warnings } from './submission-changes.js';
import { DataView } from './submission-data.js';

/** A refused action, as the page shows it again: which form, the engine's reason and issues, what was typed. */
export type Refused = { form: string; message: Text; issues: FormIssue[]; entered: Entered };

/** For each action that names a person, the people around the record the engine would accept. */
async function peopleFor(deps: AppDeps, sub: Submission, caller: Caller, actions: OpenAction[], workflow: WorkflowDeclaration, form: EngineForm): Promise<PeopleChoices> {
  const naming = actions.filter((a) => a.namesPerson);
  if (naming.length === 0) return new Map();
  const around = await peopleAround(deps, sub, caller);
  const byId = new Map(around.map((p) => [p.id, p]));
  return new Map(naming.map((a) => [a.name, acceptedPeople(workflow, form, sub, a, caller, around, deps.now()).map((p) => ({ id: p.id, name: p.name, orgName: byId.get(p.id)!.orgName }))]));
}

/**
 * Someone who sees the record only because it was copied to them (抄送) reads it and does not
 * act, as the action service decides: not in scope, and not named in the step.
 */
function readsOnly(caller: Caller, sub: Submission): boolean {
  const personally = sub.assignees.some((a) => a.key === `user:${caller.id}`) || (sub.addedAfter ?? []).some((p) => p.id === caller.id);
  return !inScope(caller, sub) && !personally;
}

/** Where in the page a refusal's issue is shown: the input of the form that was posted, else that form. */
function anchorFor(form: string, path: string, ids: ReadonlySet<string>): string {
  if (path === 'comment' || path === 'to' || path === 'position') return `${form}-${path}`;
  if (form === DECIDE_FORM) {
    if (path.startsWith('reasons.') && ids.has(`r.${path.slice(8)}`)) return `r.${path.slice(8)}`;
    const parts = path.split('.');
    for (let n = parts.length; n > 0; n--) {
      const id = `d.${parts.slice(0, n).join('.')}`;
      if (ids.has(id)) return id;
    }
  }
  return `act-${form}`;
}

type Status = 200 | 400 | 403 | 409 | 422 | 503;

export async function reviewPage(c: Context<AppEnv>, deps: AppDeps, id: string, status: Status, refused?: Refused) {
  const caller = c.get('caller');
  const [sub, events] = await Promise.all([getVisible(deps, caller, id), history(deps, caller, id)]);
  const [{ form, workflow }, orgNames] = await Promise.all([definitionOf(deps, sub), orgLabelsOf(deps.db, sub, events)]);
  const decl = form.decl;
  const fields = decl.sections.flatMap((s) => s.fields);
  const step = stepOf(workflow, sub.step);
  const actions = readsOnly(caller, sub) ? [] : openActions(workflow, form, sub, caller, deps.now());
  // A draft or a returned submission is filled and submitted on the fill page.
  const filling = step?.kind === 'fill' && isSubmitterOf(caller, sub);
  const offered = filling ? actions.filter((a) => a.kind !== 'submit') : actions;
  const plan = offered.some((a) => a.carriesData) ? editPlan(workflow, sub.step, fields, sub.data) : undefined;
  const people = await peopleFor(deps, sub, caller, offered, workflow, form);
  const user = signedIn(c)!;

  const ids = new Set(plan ? planIds(plan, sub.data) : []);
  const summary = refused
    ? (refused.issues.length > 0 ? refused.issues : [{ path: '', message: refused.message }]).map((i) => ({ path: anchorFor(refused.form, i.path, ids), message: i.message }))
    : [];
  const failed: Failed | undefined = refused ? { form: refused.form, problems: new Map(refused.issues.map((i) => [i.path, i.message])) } : undefined;

  const done = c.req.query('done');
  const last = events[events.length - 1];
  const confirmed = !refused && done && last && last.action === done && last.actor.id === caller.id ? actionTitle(workflow, last) : undefined;

  const title = decl.title;
  const stepName: Text = step?.title ?? { zh: sub.step, en: sub.step };
  const due = sub.assignees.find((a) => a.dueAt)?.dueAt;
  const row = (label: Text, value: unknown) => <tr><th scope="row"><Bi t={label} /></th><td>{value as never}</td></tr>;
  return renderPage(
    c,
    status,
    { title, user },
    <>
      {summary.length > 0 ? <ErrorSummary issues={summary} /> : null}
      {confirmed ? <div class="ok" role="status"><p><Bi t={{ zh: `已办理：${confirmed.zh}`, en: `Done: ${confirmed.en}` }} /></p></div> : null}
      <h1><Bi t={title} /></h1>
      <p class="lead">{sub.orgName}{sub.number ? <> · <strong id="number">{sub.number}</strong></> : null}</p>
      <table class="facts">
        {sub.number ? row({ zh: '编号', en: 'Number' }, sub.number) : null}
        {row({ zh: '状态', en: 'State' }, <Bi t={STATUS_TITLES[sub.status]} />)}
        {row({ zh: '当前步骤', en: 'Step' }, <Bi t={stepName} />)}
        {due ? row({ zh: '办理期限', en: 'Due' }, shanghaiTime(due)) : null}
        {row({ zh: '表单版本', en: 'Form version' }, `v${sub.formVersion}`)}
        {row({ zh: '更新于', en: 'Updated' }, shanghaiTime(sub.updatedAt))}
      </table>
      <p class="links">
        <a href={`/records/${encodeURIComponent(sub.id)}`}><Bi t={{ zh: '完整记录', en: 'Full record' }} /></a>
        <a href="/"><Bi t={{ zh: '返回我的待办', en: 'Back to my work' }} /></a>
      </p>
      {caller.orgId === sub.orgId && caller.roles.includes('submitter') ? <RoundLink formId={sub.formId} subId={sub.id} filling={step?.kind === 'fill'} /> : null}
      <Actions
        actions={offered}
        plan={plan}
        data={sub.data}
        workflow={workflow}
        fillHref={filling ? `/fill/${encodeURIComponent(sub.id)}` : undefined}
        subId={sub.id}
        version={sub.version}
        csrf={user.csrfToken}
        entered={refused?.entered ?? new Map()}
        failed={failed}
        people={people}
      />
      <SinceLastSubmit decl={decl} events={events} subId={sub.id} />
      <Warnings decl={decl} warnings={sub.warnings} />
      <DataView decl={decl} data={sub.data} computed={sub.computed} subId={sub.id} />
      <Timeline decl={decl} workflow={workflow} events={events} orgNames={orgNames} subId={sub.id} />
    </>,
  );
}
