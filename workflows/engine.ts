/**
 * The workflow engine: `apply` is a pure function from (workflow, submission, request, actor,
 * now) to either a refusal or a transition. The store turns a transition into one
 * TransactWriteItems; nothing here knows about DynamoDB or HTTP.
 *
 * apply runs the checks every action shares (is it open, may this person take it, does it
 * carry data the step may change, do its requirements hold), then hands the request to the
 * behaviour of its kind. Edits live in engine-edits.ts, requirements in
 * engine-requirements.ts, signing (会签, 加签, 转交, 抄送) in engine-signers.ts.
 */
import type { FormIssue } from '../forms/language.js';
import { shanghaiDate } from './calendar.js';
import { paramsOf } from './conditions.js';
import { checkEdits, editScope } from './engine-edits.js';
import { holdsAny, isAssignee, isSubmitterOf, mayReviewIn, resolveAssignees } from './engine-people.js';
import { unmetRequirements } from './engine-requirements.js';
import { addSigner, approve, cc, transfer } from './engine-signers.js';
import { advance, destination, move, notOpen, notOwnUnion, notYours, refuse, stay, stepOf, type Ctx } from './engine-transitions.js';
import {
  MAX_COMMENT_LENGTH,
  type ActionRequest,
  type Actor,
  type EngineForm,
  type Outcome,
  type Refusal,
  type Transition,
  type WorkflowState,
} from './engine-types.js';
import { actionKind, targetsOf, type ActionDecl, type ActionKind, type StepDecl, type WorkflowDeclaration } from './language.js';

export * from './engine-types.js';
export { actorKeys, assignedAuditorKey, orgKey, resolveAssignees, userKey } from './engine-people.js';
export { checkEdits, diffData, editScope, fieldsOfKind } from './engine-edits.js';
export { expandSigners } from './engine-signers.js';
export { stepOf } from './engine-transitions.js';

/** Kinds that may carry data, in a step that lets data change; the others are about people, not the record. */
export const CARRY_DATA: readonly ActionKind[] = ['submit', 'approve', 'return', 'reject', 'edit'];

function checkComment(request: ActionRequest, required: boolean): Refusal | undefined {
  const comment = request.comment?.trim() ?? '';
  if (required && comment.length === 0) {
    return refuse('validation_failed', '请填写意见', 'A comment is required', [
      { path: 'comment', message: { zh: '请填写意见', en: 'A comment is required' } },
    ]);
  }
  if (comment.length > MAX_COMMENT_LENGTH) {
    return refuse('validation_failed', '意见过长', 'The comment is too long', [
      { path: 'comment', message: { zh: `意见不能超过 ${MAX_COMMENT_LENGTH} 字`, en: `At most ${MAX_COMMENT_LENGTH} characters` } },
    ]);
  }
  return undefined;
}

/** Who takes the action: the step's assignees, the submitting union's submitters, or (a comment) anyone concerned. */
function takenBy(kind: ActionKind, decl: ActionDecl): 'assignee' | 'submitter' | 'concerned' {
  if (kind === 'comment' && !decl.by) return 'concerned';
  return decl.by ?? (kind === 'withdraw' || kind === 'remind' ? 'submitter' : 'assignee');
}

/** May this actor take this action here? */
function mayAct(kind: ActionKind, decl: ActionDecl, step: StepDecl, state: WorkflowState, actor: Actor): boolean {
  const by = takenBy(kind, decl);
  if (by === 'concerned') {
    return isSubmitterOf(actor, state) || isAssignee(actor, state) || actor.roles.some((r) => r === 'reviewer' || r === 'auditor');
  }
  if (by === 'submitter') return isSubmitterOf(actor, state);
  // A draft has no stored assignees (the caller creates it without any): a fill step's
  // assignees are whoever its rule names.
  const keys = step.kind === 'fill' ? (resolveAssignees(step.assignees, state) ?? []) : state.assignees.map((a) => a.key);
  return holdsAny(actor, keys);
}

const takesNoData = () =>
  refuse('validation_failed', '此操作不接受表单数据', 'This action takes no form data', [
    { path: 'data', message: { zh: '此操作不接受表单数据', en: 'This action takes no form data' } },
  ]);
const formErrors = (issues: FormIssue[]) => refuse('validation_failed', '表单未通过校验', 'The form has errors', issues);
const outOfScope = (issues: FormIssue[]) => refuse('validation_failed', '此步骤不能这样修改数据', 'This step may not make these changes', issues);

/** The fields of the form version the submission was started on. */
const fieldsOf = (form: EngineForm) => form.decl.sections.flatMap((s) => s.fields);

/** The data the action leaves behind: the submitted form, this step's edits, or unchanged. */
function dataOf(ctx: Omit<Ctx, 'data' | 'computed' | 'warnings' | 'edits'>): Pick<Ctx, 'data' | 'warnings' | 'edits'> | Refusal {
  const { workflow, form, state, request, kind, now } = ctx;
  const fields = fieldsOf(form);
  if (kind === 'submit') {
    const result = form.validateSubmit(request.data !== undefined ? request.data : state.data, shanghaiDate(now), state.data);
    if (!result.ok) return formErrors(result.issues);
    // What later steps own stays theirs, even in the submitter's hands.
    const scoped = checkEdits(workflow, state.step, state.data, result.data, request.reasons, fields);
    if (!scoped.ok) return outOfScope(scoped.issues);
    return { data: result.data, warnings: result.warnings, edits: [] };
  }
  if (request.data === undefined) return { data: state.data, warnings: [], edits: [] };
  // The stored data goes along so the form keeps what no one may type (its read-only fields).
  const result = form.validateDraft(request.data, state.data);
  if (!result.ok) return formErrors(result.issues);
  const scoped = checkEdits(workflow, state.step, state.data, result.data, request.reasons, fields);
  if (!scoped.ok) return outOfScope(scoped.issues);
  return { data: result.data, warnings: [], edits: scoped.edits };
}

/**
 * The action a request names in the submission's step, with its kind: a declared action, or
 * `withdraw` in the first review step until a reviewer acts. Undefined when none is open.
 */
function openAction(workflow: WorkflowDeclaration, state: Pick<WorkflowState, 'step' | 'reviewActed'>, name: string): { decl: ActionDecl; kind: ActionKind } | undefined {
  const step = stepOf(workflow, state.step);
  if (!step) return undefined;
  const declared = Object.hasOwn(step.actions, name) ? step.actions[name] : undefined;
  const withdrawingFromReview = name === 'withdraw' && !declared && workflow.withdrawUntilActedIn === state.step && !state.reviewActed;
  if (!declared && !withdrawingFromReview) return undefined;
  const decl: ActionDecl = declared ?? {};
  const kind = actionKind(name, decl);
  return kind ? { decl, kind } : undefined;
}

/** Kinds whose request names a person by `to`. */
const NAMES_A_PERSON: readonly ActionKind[] = ['transfer', 'addSigner', 'cc'];

/** What the caller must read before `apply` can decide a request (see `requestNeeds`). */
export type RequestNeeds = {
  /**
   * The id of the person the request's `to` names, for an action whose kind names one (转交,
   * 加签, 抄送) whatever the action is called: load it, with its organisation's path, as
   * `request.target`.
   */
  person?: string;
  /** A submit: the form's read-only values the server sources (the 会员评家 tally) go into the stored data first. */
  serverSources: boolean;
};

/** What the caller must load for this request, decided by the kind of the action it names in the submission's step. */
export function requestNeeds(
  workflow: WorkflowDeclaration,
  state: Pick<WorkflowState, 'step' | 'reviewActed'>,
  request: Pick<ActionRequest, 'action' | 'to'>,
): RequestNeeds {
  const open = openAction(workflow, state, request.action);
  const person = open && NAMES_A_PERSON.includes(open.kind) && typeof request.to === 'string' && request.to !== '' ? request.to : undefined;
  return { ...(person ? { person } : {}), serverSources: open?.kind === 'submit' };
}

/** What the caller must read to commit a transition (see `transitionNeeds`). */
export type TransitionNeeds = {
  /** Group keys to expand into their members (会签, a 依次 turn): see `expandSigners`. */
  groups: string[];
  /** The counter a number is issued from, read in the same action and incremented in its transaction. */
  counter?: { counter: string; year: number };
};

/** What the caller must load to commit this transition. */
export function transitionNeeds(transition: Transition): TransitionNeeds {
  const issue = transition.effects.find((e) => e.kind === 'issueNumber');
  return {
    groups: [...transition.expand],
    ...(issue && issue.kind === 'issueNumber' ? { counter: { counter: issue.counter, year: issue.year } } : {}),
  };
}

/**
 * Apply one action. Scope (may this actor see the submission at all?) is the caller's
 * check; this decides whether the action is open in the step and to this actor.
 */
export function apply(
  workflow: WorkflowDeclaration,
  form: EngineForm,
  state: WorkflowState,
  request: ActionRequest,
  actor: Actor,
  now: Date,
): Outcome {
  const step = stepOf(workflow, state.step);
  const name = request.action;
  const open = openAction(workflow, state, name);
  if (!step || !open) return notOpen();
  const { decl, kind } = open;
  if (!mayAct(kind, decl, step, state, actor)) return notYours();
  // Holding the step's key (or a personal assignment) is not enough where the step reviews the
  // union from outside: nobody of the union or below it acts there as an assignee.
  if (takenBy(kind, decl) === 'assignee' && !mayReviewIn(step, actor, state)) return notOwnUnion();

  if (request.data !== undefined && !(CARRY_DATA.includes(kind) && editScope(workflow, state.step, fieldsOf(form)))) return takesNoData();
  const commentProblem = checkComment(request, decl.commentRequired === true || kind === 'comment');
  if (commentProblem) return commentProblem;

  const base = { workflow, form, state, step, request, actor, now, name, decl, kind };
  const data = dataOf(base);
  if ('ok' in data) return data;
  const computed = form.computed(data.data);
  // Conditions see the data with its computed values, as the form's own rules do.
  const unmet = unmetRequirements(decl.requires ?? [], { ...data.data, ...computed }, paramsOf(workflow));
  if (unmet.length > 0) return refuse('validation_failed', '尚不满足办理条件', 'The data does not meet the conditions of this action', unmet);
  const ctx: Ctx = { ...base, ...data, computed };

  switch (kind) {
    case 'submit':
      return advance(ctx, { changes: { data: ctx.data, computed: ctx.computed } });
    case 'approve':
      return approve(ctx);
    case 'reject': {
      // A rejection ends where it says, even after a direct return.
      const { to, changes } = destination(ctx);
      return move(ctx, to, { reviewActed: true, changes });
    }
    case 'return':
      return returnTo(ctx);
    case 'withdraw':
      return withdraw(ctx);
    case 'transfer':
      return transfer(ctx);
    case 'addSigner':
      return addSigner(ctx);
    case 'cc':
      return cc(ctx);
    case 'edit':
      return stay(ctx, { reviewActed: actedAsReviewer(ctx) });
    case 'comment':
      return stay(ctx, { reviewActed: actedAsReviewer(ctx) });
    case 'remind':
      return stay(ctx, { effects: [{ kind: 'notify', keys: state.assignees.map((a) => a.key), reason: 'remind' }] });
    default:
      // A kind outside the language (a declaration cast past the type checker) opens nothing.
      return notOpen();
  }
}

/**
 * Only an assignee other than the submitter, in a review step, ends the submitter's right to
 * withdraw; not someone of the union in a step that reviews the union from outside.
 */
function actedAsReviewer({ state, actor, step }: Ctx): boolean {
  return (
    state.reviewActed ||
    (step.kind === 'review' && isAssignee(actor, state) && !isSubmitterOf(actor, state) && mayReviewIn(step, actor, state))
  );
}

/**
 * 退回: to the submitter or an earlier step the declaration lists (the request picks one, the
 * first by default). A fill step shows it as returned; a review step keeps its own status.
 */
function returnTo(ctx: Ctx): Outcome {
  const { request, decl, workflow, state } = ctx;
  const allowed = targetsOf(decl);
  const to = request.to ?? allowed[0];
  if (!allowed.includes(to)) {
    return refuse('validation_failed', '不能退回到该步骤', 'This step cannot return there', [
      { path: 'to', message: { zh: `可退回到：${allowed.join('、')}`, en: `Return to one of: ${allowed.join(', ')}` } },
    ]);
  }
  const target = stepOf(workflow, to);
  return move(ctx, to, {
    status: target?.kind === 'fill' ? 'returned' : undefined,
    returnedFrom: decl.resume === 'direct' ? state.step : null,
    returned: true,
  });
}

/** 撤回: the submission ends as withdrawn, held by nobody. */
function withdraw(ctx: Ctx): Outcome {
  const { state, workflow } = ctx;
  if (state.step !== workflow.initial && state.reviewActed) return notOpen();
  const t = stay(ctx, { status: 'withdrawn', assignees: [], approvals: [], returnedFrom: null, heldAssignees: [], addedAfter: [] });
  return { ...t, step: 'withdrawn', event: { ...t.event, to: 'withdrawn' } };
}
