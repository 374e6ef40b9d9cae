/**
 * The workflow engine: `apply` is a pure function from (workflow, submission, request, actor,
 * now) to either a refusal or a transition. The store turns a transition into one
 * TransactWriteItems; nothing here knows about DynamoDB or HTTP.
 */
import type { CompiledForm, FormData, FormIssue, Text } from '../forms/language.js';
import { shanghaiDate, dueAt as dueAtFor } from './calendar.js';
import type { ActionName, AssigneeRule, Role, Status, StepDecl, WorkflowDeclaration } from './language.js';

/** An assignment of a submission to a group (`org:<orgId>:<role>`) or a person (`user:<id>`). */
export type Assignee = { key: string; since: string; dueAt?: string };

/** What the engine needs of a submission. */
export type WorkflowState = {
  orgId: string;
  /** Organisation ids from the district down to the submitting organisation. */
  orgPath: string[];
  step: string;
  status: Status;
  data: FormData;
  assignees: Assignee[];
  /** Has anyone but the submitter acted since the last submit? (Ends the right to withdraw.) */
  reviewActed: boolean;
};

export type Actor = {
  id: string;
  name: string;
  orgId: string;
  roles: Role[];
};

/** A person named by `transfer`'s `to`, loaded by the caller (the engine does no I/O). */
export type TargetUser = { id: string; name: string; orgId: string; roles: Role[] };

export type ActionRequest = {
  action: string;
  comment?: string;
  data?: unknown;
  to?: string;
  target?: TargetUser;
};

export type RefusalCode = 'action_not_allowed' | 'validation_failed';
export type Refusal = { ok: false; code: RefusalCode; message: Text; issues?: FormIssue[] };

export type Effect =
  | { kind: 'issueNumber'; counter: string; year: number; format: string; digits: number }
  | { kind: 'notify'; keys: string[]; reason: 'assigned' | 'remind' | 'returned' | 'decided' };

/** The history event the transition records; the store adds seq, time, actor and hashes. */
export type EventDraft = {
  action: ActionName;
  step: string;
  to: string;
  status: Status;
  comment?: string;
  changes?: Record<string, unknown>;
};

export type Transition = {
  ok: true;
  step: string;
  status: Status;
  assignees: Assignee[];
  data: FormData;
  computed: Record<string, unknown>;
  warnings: FormIssue[];
  reviewActed: boolean;
  event: EventDraft;
  effects: Effect[];
};

export type Outcome = Refusal | Transition;

export const MAX_COMMENT_LENGTH = 2000;

/** The assignee keys an actor answers to. */
export function actorKeys(actor: Pick<Actor, 'id' | 'orgId' | 'roles'>): string[] {
  return [...actor.roles.map((role) => orgKey(actor.orgId, role)), userKey(actor.id)];
}
export const orgKey = (orgId: string, role: Role) => `org:${orgId}:${role}`;
export const userKey = (id: string) => `user:${id}`;

function refuse(code: RefusalCode, zh: string, en: string, issues?: FormIssue[]): Refusal {
  return issues ? { ok: false, code, message: { zh, en }, issues } : { ok: false, code, message: { zh, en } };
}

const notOpen = () => refuse('action_not_allowed', '此步骤不能进行该操作', 'This action is not open in this step');
const notYours = () => refuse('action_not_allowed', '您不是此步骤的办理人', 'You are not assigned to this step');

/** Resolve a step's assignee rule against the submission's organisation path. */
export function resolveAssignees(rule: AssigneeRule | undefined, state: Pick<WorkflowState, 'orgId' | 'orgPath'>): string[] | undefined {
  if (!rule) return [];
  switch (rule.kind) {
    case 'submitter':
      return [orgKey(state.orgId, 'submitter')];
    case 'ownOrg':
      return [orgKey(state.orgId, rule.role)];
    case 'orgAtDepth': {
      // Only a proper ancestor may review: an organisation never reviews itself through this rule.
      if (rule.depth >= state.orgPath.length - 1) return undefined;
      return [orgKey(state.orgPath[rule.depth], rule.role)];
    }
  }
}

function isSubmitterOf(actor: Actor, state: WorkflowState): boolean {
  return actor.orgId === state.orgId && actor.roles.includes('submitter');
}

function isAssignee(actor: Actor, state: WorkflowState): boolean {
  const keys = new Set(actorKeys(actor));
  return state.assignees.some((a) => keys.has(a.key));
}

/** A declared step by name; names like `constructor` are not steps. */
export function stepOf(workflow: WorkflowDeclaration, name: string): StepDecl | undefined {
  return Object.hasOwn(workflow.steps, name) ? workflow.steps[name] : undefined;
}

/** Enter `stepName`: its status, assignees, due date and effects. */
function enter(
  workflow: WorkflowDeclaration,
  stepName: string,
  state: WorkflowState,
  now: Date,
): { step: StepDecl; assignees: Assignee[]; effects: Effect[] } | Refusal {
  const step = stepOf(workflow, stepName);
  if (!step) return refuse('action_not_allowed', '流程定义有误：目标步骤不存在', `Workflow error: no step ${stepName}`);
  const keys = resolveAssignees(step.assignees, state);
  if (!keys) {
    return refuse('action_not_allowed', '该组织在组织树中没有对应的审核单位', 'No organisation above this one can review this step');
  }
  const since = now.toISOString();
  const due = step.dueWorkingDays ? dueAtFor(now, step.dueWorkingDays) : undefined;
  const assignees = keys.map((key) => (due ? { key, since, dueAt: due } : { key, since }));
  const effects: Effect[] = [];
  for (const effect of step.effects ?? []) {
    if (effect.kind === 'issueNumber') {
      effects.push({ ...effect, year: Number(shanghaiDate(now).slice(0, 4)) });
    }
  }
  if (keys.length > 0) effects.push({ kind: 'notify', keys, reason: 'assigned' });
  // Reaching an end tells the submitting union how it was decided.
  if (step.kind === 'end') effects.push({ kind: 'notify', keys: [orgKey(state.orgId, 'submitter')], reason: 'decided' });
  return { step, assignees, effects };
}

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

const withComment = (event: EventDraft, request: ActionRequest): EventDraft => {
  const comment = request.comment?.trim();
  return comment ? { ...event, comment } : event;
};

/**
 * Apply one action. Scope (may this actor see the submission at all?) is the caller's
 * check; this decides whether the action is open in the step and to this actor.
 */
export function apply(
  workflow: WorkflowDeclaration,
  form: CompiledForm,
  state: WorkflowState,
  request: ActionRequest,
  actor: Actor,
  now: Date,
): Outcome {
  const step = stepOf(workflow, state.step);
  if (!step) return notOpen();
  const action = request.action as ActionName;
  const declared = Object.prototype.hasOwnProperty.call(step.actions, action) ? step.actions[action] : undefined;
  // `withdraw` is also open in the first review step until a reviewer acts.
  const withdrawingFromReview =
    action === 'withdraw' && workflow.withdrawUntilActedIn === state.step && !state.reviewActed;
  if (!declared && !withdrawingFromReview) return notOpen();
  if (request.data !== undefined && action !== 'submit') {
    return refuse('validation_failed', '此操作不接受表单数据', 'This action takes no form data', [
      { path: 'data', message: { zh: '此操作不接受表单数据', en: 'This action takes no form data' } },
    ]);
  }
  const commentProblem = checkComment(request, declared?.commentRequired ?? false);
  if (commentProblem) return commentProblem;

  const stay = (event: EventDraft, extra: Partial<Transition> = {}): Transition => ({
    ok: true,
    step: state.step,
    status: state.status,
    assignees: state.assignees,
    data: state.data,
    computed: form.computed(state.data),
    warnings: [],
    reviewActed: state.reviewActed,
    event: withComment(event, request),
    effects: [],
    ...extra,
  });
  const move = (to: string, status: Status | undefined, extra: Partial<Transition> & { event: EventDraft }): Outcome => {
    const entered = enter(workflow, to, state, now);
    if ('ok' in entered) return entered;
    const finalStatus = status ?? entered.step.status;
    return {
      ok: true,
      step: to,
      status: finalStatus,
      assignees: entered.assignees,
      data: state.data,
      computed: form.computed(state.data),
      warnings: [],
      reviewActed: false,
      effects: entered.effects,
      ...extra,
      event: withComment({ ...extra.event, to, status: finalStatus }, request),
    };
  };
  const base = { action, step: state.step, to: state.step, status: state.status };

  switch (action) {
    case 'submit': {
      if (!isSubmitterOf(actor, state)) return notYours();
      const candidate = request.data !== undefined ? request.data : state.data;
      const result = form.validateSubmit(candidate, shanghaiDate(now));
      if (!result.ok) {
        return refuse('validation_failed', '表单未通过校验', 'The form has errors', result.issues);
      }
      const computed = form.computed(result.data);
      return move(declared!.to!, undefined, {
        data: result.data,
        computed,
        warnings: result.warnings,
        event: { ...base, changes: { data: result.data, computed } },
      });
    }
    case 'withdraw': {
      if (!isSubmitterOf(actor, state)) return notYours();
      if (state.step !== workflow.initial && state.reviewActed) return notOpen();
      return {
        ok: true,
        step: 'withdrawn',
        status: 'withdrawn',
        assignees: [],
        data: state.data,
        computed: form.computed(state.data),
        warnings: [],
        reviewActed: state.reviewActed,
        event: withComment({ ...base, to: 'withdrawn', status: 'withdrawn' }, request),
        effects: [],
      };
    }
    case 'approve':
    case 'reject': {
      if (!isAssignee(actor, state)) return notYours();
      return move(declared!.to!, undefined, { event: base, reviewActed: true });
    }
    case 'return': {
      if (!isAssignee(actor, state)) return notYours();
      const outcome = move(declared!.to!, 'returned', { event: base });
      if (outcome.ok) {
        outcome.effects = [...outcome.effects.filter((e) => e.kind !== 'notify'), { kind: 'notify', keys: outcome.assignees.map((a) => a.key), reason: 'returned' }];
      }
      return outcome;
    }
    case 'transfer': {
      if (!isAssignee(actor, state)) return notYours();
      const target = request.target;
      if (!request.to || !target || target.id !== request.to) {
        return refuse('validation_failed', '转交对象不存在', 'No such person to transfer to', [
          { path: 'to', message: { zh: '转交对象不存在', en: 'No such person to transfer to' } },
        ]);
      }
      // Any other member of the group the step is assigned to, even after an earlier transfer.
      const groupKeys = new Set(resolveAssignees(step.assignees, state) ?? []);
      if (target.id === actor.id || !actorKeys(target).some((k) => groupKeys.has(k))) {
        return refuse('validation_failed', '只能转交给本步骤办理范围内的其他人', 'Transfer only to another person assigned to this step', [
          { path: 'to', message: { zh: '只能转交给本步骤办理范围内的其他人', en: 'Transfer only to another person assigned to this step' } },
        ]);
      }
      const since = now.toISOString();
      const dueAt = state.assignees.find((a) => a.dueAt)?.dueAt;
      const assignees = [dueAt ? { key: userKey(target.id), since, dueAt } : { key: userKey(target.id), since }];
      return stay(
        { ...base, changes: { to: { id: target.id, name: target.name } } },
        { assignees, reviewActed: true, effects: [{ kind: 'notify', keys: [userKey(target.id)], reason: 'assigned' }] },
      );
    }
    case 'comment': {
      const canComment = isSubmitterOf(actor, state) || isAssignee(actor, state) || actor.roles.some((r) => r === 'reviewer' || r === 'auditor');
      if (!canComment) return notYours();
      const commentProblem2 = checkComment(request, true);
      if (commentProblem2) return commentProblem2;
      // Only an assignee's comment counts as the review having acted (ending withdrawal).
      const byAssignee = isAssignee(actor, state) && !isSubmitterOf(actor, state);
      return stay(base, { reviewActed: state.reviewActed || (byAssignee && step.kind === 'review') });
    }
    case 'remind': {
      if (!isSubmitterOf(actor, state)) return notYours();
      const keys = state.assignees.map((a) => a.key);
      return stay(base, { effects: [{ kind: 'notify', keys, reason: 'remind' }] });
    }
    default:
      return notOpen();
  }
}
