/**
 * The actions open to the person, each a small form that posts without JavaScript (with the
 * session's `_csrf` and the submission's `version`), labelled with the workflow's own words
 * and carrying the inputs the action needs: a comment (marked required where the engine
 * requires one), the step to return to, the person to transfer to, add or copy in, and for
 * the actions that carry data, the step's editable data in one form whose buttons are those
 * actions. After a refusal the form that was posted shows what was typed and each problem
 * beside its input.
 */
import type { Text } from '../../../forms/language.js';
import type { FormData } from '../../../forms/language.js';
import type { WorkflowDeclaration } from '../../../workflows/language.js';
import type { OpenAction } from '../../../workflows/open-actions.js';
import { FieldError, invalidAttrs } from './fields.js';
import { Bi } from './layout.js';
import { EditInputs, type EditPlan, type Entered, type Problems } from './review-edits.js';

/** The form of the deciding actions and the step's data; the others are named by their action. */
export const DECIDE_FORM = 'decide';
const DECIDE_TITLE: Text = { zh: '审核决定', en: 'Decision' };

export type Failed = { form: string; problems: Problems };

/** Who a 转交, 加签 or 抄送 may name, by action: offered as the input's suggestions. */
export type PeopleChoices = ReadonlyMap<string, { id: string; name: string; orgName: string }[]>;

type Common = { subId: string; version: number; csrf: string; entered: Entered; failed?: Failed; people?: PeopleChoices };

const SIDE_KINDS = new Set(['transfer', 'addSigner', 'cc', 'comment', 'remind']);
const REQUIRED: Text = { zh: '（必填）', en: '(required)' };
const OPTIONAL: Text = { zh: '（选填）', en: '(optional)' };

function Hidden({ csrf, version, action }: { csrf: string; version: number; action?: string }) {
  return (
    <>
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="version" value={String(version)} />
      {action ? <input type="hidden" name="action" value={action} /> : null}
    </>
  );
}

/** A labelled input of one form, its message beside it when that form was refused. */
type Suggestion = { value: string; label: string };

function Line({ form, name, label, required, help, kind, common, suggestions }: { form: string; name: string; label: Text; required?: boolean; help?: Text; kind: 'textarea' | 'text'; common: Common; suggestions?: Suggestion[] }) {
  // Required for some of a form's actions only: the hint says which, in place of a marker.
  const marker = help ? null : <span class="hint"><Bi t={required ? REQUIRED : OPTIONAL} /></span>;
  const id = `${form}-${name}`;
  const mine = common.failed?.form === form;
  const message = mine ? common.failed!.problems.get(name) : undefined;
  const value = mine ? (common.entered.get(name) ?? '') : '';
  // The hint and the message both describe the control.
  const described = [help ? `h-${id}` : '', message ? `e-${id}` : ''].filter(Boolean).join(' ');
  const aria = { ...invalidAttrs(id, message), ...(described ? { 'aria-describedby': described } : {}) };
  return (
    <div class={message ? 'field invalid' : 'field'}>
      <label class="label" for={id}><Bi t={label} /> {marker}</label>
      {help ? <p class="help" id={`h-${id}`}><Bi t={help} /></p> : null}
      <FieldError id={id} message={message} />
      {kind === 'textarea' ? (
        <textarea id={id} name={name} rows={3} maxlength={2000} {...aria}>{value}</textarea>
      ) : (
        <input type="text" id={id} name={name} value={value} autocomplete="off" {...({ spellcheck: 'false' } as {})} {...aria} {...(suggestions?.length ? { list: `l-${id}` } : {})} />
      )}
      {/* The browser's own suggestions: no script, and any name can still be typed. */}
      {suggestions?.length ? (
        <datalist id={`l-${id}`}>
          {suggestions.map((s) => <option value={s.value} label={s.label} />)}
        </datalist>
      ) : null}
    </div>
  );
}

const COMMENT: Text = { zh: '意见', en: 'Comment' };

function ReturnTo({ form, action, workflow, common }: { form: string; action: OpenAction; workflow: WorkflowDeclaration; common: Common }) {
  if (action.returnTargets.length < 2) return null;
  const id = `${form}-to`;
  const chosen = common.failed?.form === form ? common.entered.get('to') : undefined;
  return (
    <div class="field">
      <label class="label" for={id}><Bi t={{ zh: '退回到', en: 'Return to' }} /></label>
      <select id={id} name="to">
        {action.returnTargets.map((t) => {
          const title = workflow.steps[t]?.title ?? { zh: t, en: t };
          return <option value={t} selected={t === chosen || undefined}>{`${title.zh} / ${title.en}`}</option>;
        })}
      </select>
    </div>
  );
}

function Position({ form, action, common }: { form: string; action: OpenAction; common: Common }) {
  const mine = common.failed?.form === form;
  const message = mine ? common.failed!.problems.get('position') : undefined;
  const chosen = mine ? common.entered.get('position') : action.positions[action.positions.length - 1];
  const words: Record<string, Text> = { before: { zh: '在本步骤办理人之前（先由其办理）', en: 'Before this step’s assignees' }, after: { zh: '在本步骤办理人之后', en: 'After this step’s assignees' } };
  return (
    <fieldset class={message ? 'field invalid' : 'field'} id={`${form}-position`}>
      <legend><Bi t={{ zh: '加签位置', en: 'Where the signer acts' }} /></legend>
      <FieldError id={`${form}-position`} message={message} />
      {action.positions.map((p) => (
        <label class="opt"><input type="radio" name="position" value={p} checked={p === chosen || undefined} /> <Bi t={words[p]} /></label>
      ))}
    </fieldset>
  );
}

const buttonClass = (a: OpenAction, primary: boolean) => (primary ? undefined : a.kind === 'reject' || a.kind === 'withdraw' ? 'secondary danger' : 'secondary');

/** One action as its own form. */
function ActionForm({ action, workflow, common }: { action: OpenAction; workflow: WorkflowDeclaration; common: Common }) {
  const form = action.name;
  const people: Record<string, Text> = {
    transfer: { zh: '转交给（用户名）', en: 'Transfer to (username)' },
    addSigner: { zh: '加签人（用户名）', en: 'Signer to add (username)' },
    cc: { zh: '抄送给（用户名）', en: 'Copy to (username)' },
  };
  const askComment = action.kind !== 'remind';
  return (
    <form method="post" action={`/submissions/${encodeURIComponent(common.subId)}/actions`} class="action" id={`act-${form}`} aria-label={`${action.title.zh} / ${action.title.en}`}>
      <Hidden csrf={common.csrf} version={common.version} action={action.name} />
      {action.namesPerson ? (
        <Line form={form} name="to" label={people[action.kind]} required kind="text" common={common} suggestions={common.people?.get(action.name)?.map((p) => ({ value: p.id, label: `${p.name} · ${p.orgName}` }))} />
      ) : null}
      {action.positions.length > 0 ? <Position form={form} action={action} common={common} /> : null}
      <ReturnTo form={form} action={action} workflow={workflow} common={common} />
      {askComment ? <Line form={form} name="comment" label={COMMENT} required={action.commentRequired} kind="textarea" common={common} /> : null}
      <button type="submit" class={buttonClass(action, false)}><Bi t={action.title} /></button>
    </form>
  );
}

/**
 * The decision: the step's editable data (when the person may change some), one comment, the
 * step to return to, and one button per deciding action, so a reviewer writes the comment
 * once and then chooses 同意, 退回 or 驳回.
 */
function DecideForm({ actions, plan, data, workflow, common }: { actions: OpenAction[]; plan?: EditPlan; data: FormData; workflow: WorkflowDeclaration; common: Common }) {
  const mine = common.failed?.form === DECIDE_FORM;
  const problems: Problems = mine ? common.failed!.problems : new Map();
  const entered: Entered = mine ? common.entered : new Map();
  const returning = actions.find((a) => a.kind === 'return');
  const needComment = actions.filter((a) => a.commentRequired).map((a) => a.title);
  const approving = actions.findIndex((a) => a.kind === 'approve');
  const primary = approving === -1 ? 0 : approving;
  return (
    <form method="post" action={`/submissions/${encodeURIComponent(common.subId)}/actions`} class="action decide" id={`act-${DECIDE_FORM}`} aria-label={`${DECIDE_TITLE.zh} / ${DECIDE_TITLE.en}`}>
      <input type="hidden" name="form" value={DECIDE_FORM} />
      <Hidden csrf={common.csrf} version={common.version} />
      {plan ? (
        <>
          <h3><Bi t={{ zh: '本步骤可修改的内容', en: 'What this step may change' }} /></h3>
          <EditInputs plan={plan} data={data} entered={entered} problems={problems} subId={common.subId} />
        </>
      ) : null}
      {returning ? <ReturnTo form={DECIDE_FORM} action={returning} workflow={workflow} common={common} /> : null}
      <Line
        form={DECIDE_FORM}
        name="comment"
        label={COMMENT}
        kind="textarea"
        help={needComment.length > 0 ? { zh: `${needComment.map((t) => t.zh).join('、')}时必填`, en: `Required to ${needComment.map((t) => t.en.toLowerCase()).join(' or ')}` } : undefined}
        common={common}
      />
      <div class="buttons">
        {actions.map((a, i) => (
          <button type="submit" name="action" value={a.name} class={buttonClass(a, i === primary)}><Bi t={a.title} /></button>
        ))}
      </div>
    </form>
  );
}

export type ActionsProps = Common & { actions: OpenAction[]; plan?: EditPlan; data: FormData; workflow: WorkflowDeclaration; fillHref?: string };

export function Actions({ actions, plan, data, workflow, fillHref, ...common }: ActionsProps) {
  // The actions that decide (and carry the step's data) share one form; the others each have their own.
  const main = actions.filter((a) => a.carriesData || !SIDE_KINDS.has(a.kind));
  const side = actions.filter((a) => !main.includes(a));
  if (actions.length === 0 && !fillHref) return null;
  // A side action that was just refused stays open, so its message is seen.
  const sideOpen = side.some((a) => common.failed?.form === a.name);
  return (
    <section aria-labelledby="act" class="act">
      <h2 id="act"><Bi t={{ zh: '办理', en: 'Act on it' }} /></h2>
      {fillHref ? <p><a class="button" href={fillHref}><Bi t={{ zh: '填写与提交', en: 'Fill in and submit' }} /></a></p> : null}
      {main.length > 0 ? <DecideForm actions={main} plan={main.some((a) => a.carriesData) ? plan : undefined} data={data} workflow={workflow} common={common} /> : null}
      {side.length > 0 ? (
        <details class="more" open={sideOpen || undefined}>
          <summary><Bi t={{ zh: `更多操作：${side.map((a) => a.title.zh).join('、')}`, en: `More: ${side.map((a) => a.title.en).join(', ')}` }} /></summary>
          <div class="action-list">
            {side.map((a) => <ActionForm action={a} workflow={workflow} common={common} />)}
          </div>
        </details>
      ) : null}
    </section>
  );
}
