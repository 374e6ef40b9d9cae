/**
 * Building blocks of a transition: refusals, entering a step, and the two shapes every
 * action ends in — staying in the step, or moving to another one.
 */
import type { FormData, FormIssue } from '../forms/language.js';
import { dueAt as dueAtFor, shanghaiDate } from './calendar.js';
import { isPersonKey, orgKey, resolveAssignees } from './engine-people.js';
import type { ActionRequest, Actor, Assignee, Edit, Effect, EngineForm, EventDraft, Refusal, RefusalCode, Transition, WorkflowState } from './engine-types.js';
import { holds, paramsOf } from './conditions.js';
import { routesOf, ruleOfTurn, targetsOf, type ActionDecl, type ActionKind, type Status, type StepDecl, type WorkflowDeclaration } from './language.js';

export function refuse(code: RefusalCode, zh: string, en: string, issues?: FormIssue[]): Refusal {
  return issues ? { ok: false, code, message: { zh, en }, issues } : { ok: false, code, message: { zh, en } };
}
export const notOpen = () => refuse('action_not_allowed', '此步骤不能进行该操作', 'This action is not open in this step');
export const notYours = () => refuse('action_not_allowed', '您不是此步骤的办理人', 'You are not assigned to this step');
export const OWN_UNION = {
  zh: '填报单位及其下属单位的人员不能审核本单位的填报',
  en: 'Nobody of the submitting union or an organisation below it may review its submission',
} as const;
/** The actor is of the submitting union (or below it) in a step that reviews the union from outside. */
export const notOwnUnion = () => refuse('action_not_allowed', OWN_UNION.zh, OWN_UNION.en);

/** A declared step by name; names like `constructor` are not steps. */
export function stepOf(workflow: WorkflowDeclaration, name: string): StepDecl | undefined {
  return Object.hasOwn(workflow.steps, name) ? workflow.steps[name] : undefined;
}

/** A new assignment, carrying the step's due date when it has one. */
export const assignment = (key: string, since: string, dueAt?: string): Assignee => (dueAt ? { key, since, dueAt } : { key, since });

/** The due date of the step the submission is in (a transfer or an added signer keeps it). */
export const currentDue = (state: WorkflowState) => state.assignees.find((a) => a.dueAt)?.dueAt;

type Entered = { step: StepDecl; assignees: Assignee[]; effects: Effect[]; expand: string[] };

/** The 0-based turn a step is at: for 依次, how many turns are signed (approvals in the step); else 0. */
export const turnOf = (step: StepDecl, state: Pick<WorkflowState, 'approvals'>): number =>
  step.mode === 'sequence' ? (state.approvals ?? []).length : 0;

/** 会签 and 依次 need each person named, so the caller (which can read the directory) expands groups. */
export const groupsToExpand = (step: StepDecl, keys: readonly string[]): string[] =>
  step.mode === 'all' || step.mode === 'sequence' ? keys.filter((k) => !isPersonKey(k)) : [];

export const noReviewer = () => refuse('action_not_allowed', '该组织在组织树中没有对应的审核单位', 'No organisation above this one can review this step');

/** Enter `stepName`: its assignees (its first turn's, for 依次), due date, effects, and the groups to expand into people. */
export function enter(workflow: WorkflowDeclaration, stepName: string, state: WorkflowState, now: Date): Entered | Refusal {
  const step = stepOf(workflow, stepName);
  if (!step) return refuse('action_not_allowed', '流程定义有误：目标步骤不存在', `Workflow error: no step ${stepName}`);
  const keys = resolveAssignees(ruleOfTurn(step, 0), state);
  if (!keys) return noReviewer();
  const since = now.toISOString();
  const due = step.dueWorkingDays ? dueAtFor(now, step.dueWorkingDays) : undefined;
  const assignees = keys.map((key) => assignment(key, since, due));
  const effects: Effect[] = [];
  for (const effect of step.effects ?? []) {
    if (effect.kind === 'issueNumber') effects.push({ ...effect, year: Number(shanghaiDate(now).slice(0, 4)) });
  }
  if (keys.length > 0) effects.push({ kind: 'notify', keys, reason: 'assigned' });
  // Reaching an end tells the submitting union how it was decided.
  if (step.kind === 'end') effects.push({ kind: 'notify', keys: [orgKey(state.orgId, 'submitter')], reason: 'decided' });
  return { step, assignees, effects, expand: groupsToExpand(step, keys) };
}

/** Everything one request brings to its handler, after the checks common to every action. */
export type Ctx = {
  workflow: WorkflowDeclaration;
  form: EngineForm;
  state: WorkflowState;
  step: StepDecl;
  request: ActionRequest;
  actor: Actor;
  now: Date;
  name: string;
  decl: ActionDecl;
  kind: ActionKind;
  /** The data after this request's edits (or as submitted), with its computed values. */
  data: FormData;
  computed: Record<string, unknown>;
  warnings: Transition['warnings'];
  edits: Edit[];
};

function eventOf(ctx: Ctx, to: string, status: Status, extra?: Record<string, unknown>): EventDraft {
  const comment = ctx.request.comment?.trim();
  const changes = { ...(ctx.edits.length > 0 ? { edits: ctx.edits } : {}), ...extra };
  return {
    action: ctx.name,
    kind: ctx.kind,
    step: ctx.state.step,
    to,
    status,
    ...(comment ? { comment } : {}),
    ...(Object.keys(changes).length > 0 ? { changes } : {}),
  };
}

type Fields = Partial<Omit<Transition, 'ok' | 'event' | 'step'>>;

/** Stay in the current step, with whatever the action changed. */
export function stay(ctx: Ctx, fields: Fields = {}, changes?: Record<string, unknown>): Transition {
  const { state } = ctx;
  const status = fields.status ?? state.status;
  return {
    ok: true,
    step: state.step,
    status,
    assignees: state.assignees,
    data: ctx.data,
    computed: ctx.computed,
    warnings: ctx.warnings,
    reviewActed: state.reviewActed,
    approvals: state.approvals ?? [],
    returnedFrom: state.returnedFrom ?? null,
    cc: state.cc ?? [],
    heldAssignees: state.heldAssignees ?? [],
    addedAfter: state.addedAfter ?? [],
    expand: [],
    effects: [],
    ...fields,
    event: eventOf(ctx, state.step, status, changes),
  };
}

type MoveOptions = {
  status?: Status;
  reviewActed?: boolean;
  returnedFrom?: string | null;
  changes?: Record<string, unknown>;
  /** Tell the new assignees it came back to them rather than that it is new. */
  returned?: boolean;
};

/**
 * Move to step `to`. Entering a step starts it afresh: no approvals, no added signers, and
 * no pending direct return unless this move sets one.
 */
export function move(ctx: Ctx, to: string, options: MoveOptions = {}): Transition | Refusal {
  const entered = enter(ctx.workflow, to, ctx.state, ctx.now);
  if ('ok' in entered) return entered;
  const status = options.status ?? entered.step.status;
  const effects = options.returned
    ? [
        ...entered.effects.filter((e) => e.kind !== 'notify'),
        { kind: 'notify' as const, keys: entered.assignees.map((a) => a.key), reason: 'returned' as const },
      ]
    : entered.effects;
  return {
    ok: true,
    step: to,
    status,
    assignees: entered.assignees,
    data: ctx.data,
    computed: ctx.computed,
    warnings: ctx.warnings,
    reviewActed: options.reviewActed ?? false,
    approvals: [],
    returnedFrom: options.returnedFrom ?? null,
    cc: ctx.state.cc ?? [],
    heldAssignees: [],
    addedAfter: [],
    expand: entered.expand,
    effects,
    event: eventOf(ctx, to, status, options.changes),
  };
}

/**
 * Where a moving action leads, and what its event records of the choice: the step it names,
 * or the first of its routes whose condition holds on the data after this request's edits
 * (with the computed values), the last route being the default. The event keeps the branch
 * and its condition, so the history says why the record went there even if the declaration
 * changes later.
 */
export function destination(ctx: Pick<Ctx, 'workflow' | 'decl' | 'data' | 'computed'>): { to: string; changes?: Record<string, unknown> } {
  const routes = routesOf(ctx.decl);
  if (!routes) return { to: targetsOf(ctx.decl)[0] };
  const view = { ...ctx.data, ...ctx.computed };
  const params = paramsOf(ctx.workflow);
  const found = routes.findIndex((r) => r.when === undefined || holds(r.when, view, params));
  // The checks make the last route a default; a declaration that skipped them still moves.
  const index = found === -1 ? routes.length - 1 : found;
  const route = routes[index];
  return { to: route.to, changes: { route: { branch: index + 1, of: routes.length, ...(route.when ? { when: route.when } : {}) } } };
}

/** Move where the action leads (see `destination`), or back to the step that returned here directly. */
export function advance(ctx: Ctx, options: Omit<MoveOptions, 'returnedFrom'> = {}): Transition | Refusal {
  const back = ctx.state.returnedFrom;
  if (back) return move(ctx, back, options);
  const { to, changes } = destination(ctx);
  return move(ctx, to, { ...options, changes: { ...options.changes, ...changes } });
}
