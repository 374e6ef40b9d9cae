/**
 * One workflow action: one consistent read, the pure engine, one transaction. A few
 * requests need more reads, and the engine says which (`requestNeeds` before it decides,
 * `transitionNeeds` after): the person an action's kind names by `to` (转交, 加签, 抄送), the
 * server-sourced values of a submit, the members of the groups a 会签 step or a 依次 turn is
 * assigned to, and the counter of a number to issue; and attachments cited for the first time
 * (their items).
 */
import type { FormData, FormIssue } from '../../forms/language.js';
import type { CompiledForm } from '../../forms/language.js';
import {
  apply,
  expandSigners,
  requestNeeds,
  transitionNeeds,
  type ActionRequest,
  type GroupMember,
  type TargetUser,
  type Transition,
  type WorkflowState,
} from '../../workflows/engine.js';
import type { WorkflowDeclaration } from '../../workflows/language.js';
import { submissionTally } from './rounds.js';
import { inScope, type Caller } from '../auth/scope.js';
import { checkAttachmentRefs } from '../store/attachments.js';
import { getOrg, getUser } from '../store/accounts.js';
import { DomainError, validationFailed, versionConflict } from '../store/errors.js';
import { membersOf } from '../store/members.js';
import type { HistoryEvent } from '../records/chain.js';
import { commitTransition, CounterMoved, nextEvent, readCounter, type Allocation, type Submission } from '../store/submissions.js';
import { definitionOf, getVisible, historyActor, newAttachmentRefs, streetIssues, type Deps } from './submissions.js';

export type ActionBody = {
  action: string;
  version: number;
  comment?: string;
  data?: unknown;
  to?: string;
  reasons?: Record<string, string>;
  position?: 'before' | 'after';
};

const MAX_COUNTER_RETRIES = 3;

/** Retries only when another approval took the number this one read; a lost version race is the caller's 409. */
export async function act(deps: Deps, caller: Caller, id: string, body: ActionBody): Promise<Submission> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await actOnce(deps, caller, id, body);
    } catch (error) {
      if (!(error instanceof CounterMoved)) throw error;
      if (attempt >= MAX_COUNTER_RETRIES) throw new DomainError('unavailable');
    }
  }
}

/** The person `to` names, with its organisation's path (the engine decides whether it may sign); undefined if none. */
async function loadTarget(deps: Deps, to: string | undefined): Promise<TargetUser | undefined> {
  if (typeof to !== 'string' || !/^[a-z0-9._-]{1,64}$/.test(to)) return undefined;
  const user = await getUser(deps.db, to);
  if (!user || user.disabled) return undefined;
  const org = await getOrg(deps.db, user.orgId);
  if (!org) return undefined;
  return { id: user.id, name: user.name, orgId: user.orgId, orgPath: org.path, roles: user.roles, assignedOrgIds: user.assignedOrgIds };
}

/**
 * 会签 and 依次: reads the members of each group the transition names (with their
 * organisation's path) and lets the engine replace the group by its members, so the record
 * shows who has signed. Only an organisation's role group (`org:<orgId>:<role>`) is read from
 * the directory; any other group has no members here.
 */
async function expandGroups(deps: Deps, workflow: WorkflowDeclaration, state: WorkflowState, outcome: Transition, groups: string[]): Promise<Transition> {
  if (groups.length === 0) return outcome;
  const members: Record<string, GroupMember[]> = {};
  for (const key of groups) {
    const [kind, orgId, role] = key.split(':');
    const org = kind === 'org' && orgId && role ? await getOrg(deps.db, orgId) : undefined;
    members[key] = org ? (await membersOf(deps.db, orgId, role)).map((m) => ({ id: m.id, orgId: m.orgId, orgPath: org.path })) : [];
  }
  const expanded = expandSigners(workflow, state, outcome, members);
  if (!expanded.ok) throw new DomainError(expanded.code, expanded.message, expanded.issues);
  return expanded;
}

/**
 * Read-only values the form takes from the server at submit (today: the 会员评家 tally of the
 * rounds opened for this submission), so the record keeps the numbers it was judged on. Read
 * only when the form declares such a source: the rounds, then each round's answers.
 */
async function withServerSources(deps: Deps, form: CompiledForm, sub: Submission): Promise<FormData> {
  const sourced = form.decl.sections.flatMap((s) => s.fields).filter((f) => f.source?.kind === 'roundTally');
  if (sourced.length === 0) return sub.data;
  const tally = await submissionTally(deps, sub.orgId, sub.id);
  const data: FormData = { ...sub.data };
  for (const field of sourced) if (field.source?.kind === 'roundTally') data[field.key] = tally[field.source.tally] ?? 0;
  return data;
}

function formatNumber(format: string, year: number, seq: number, digits: number): string {
  return format.replace('{year}', String(year)).replace('{seq}', String(seq).padStart(digits, '0'));
}

/** The submission a transition leaves, once its event is sealed. */
export function afterTransition(sub: Submission, outcome: Transition, event: HistoryEvent): Submission {
  return {
    ...sub,
    step: outcome.step,
    status: outcome.status,
    assignees: outcome.assignees,
    data: outcome.data as FormData,
    computed: outcome.computed,
    warnings: outcome.event.kind === 'submit' ? outcome.warnings : sub.warnings,
    reviewActed: outcome.reviewActed,
    approvals: outcome.approvals,
    returnedFrom: outcome.returnedFrom,
    cc: outcome.cc,
    heldAssignees: outcome.heldAssignees,
    addedAfter: outcome.addedAfter,
    version: sub.version + 1,
    seq: event.seq,
    lastHash: event.hash,
    updatedAt: event.at,
    // The first submit dates the record's "submitted" period; a resubmission after a return keeps it.
    ...(outcome.event.kind === 'submit' && !sub.submittedAt ? { submittedAt: event.at } : {}),
  };
}

async function actOnce(deps: Deps, caller: Caller, id: string, body: ActionBody): Promise<Submission> {
  const sub = await getVisible(deps, caller, id);
  // Someone who sees the record only because it was copied to them (抄送) reads; they do not act.
  const personally = sub.assignees.some((a) => a.key === `user:${caller.id}`) || (sub.addedAfter ?? []).some((p) => p.id === caller.id);
  if (!inScope(caller, sub) && !personally) {
    throw new DomainError('action_not_allowed', { zh: '抄送件仅供阅看', en: 'A copy is for reading only' });
  }
  if (body.version !== sub.version) throw versionConflict();
  const { form, workflow } = await definitionOf(deps, sub);
  const needs = requestNeeds(workflow, sub, body);
  const target = needs.person ? await loadTarget(deps, needs.person) : undefined;
  const state = needs.serverSources ? { ...sub, data: await withServerSources(deps, form, sub) } : sub;
  const now = deps.now();
  const request: ActionRequest = {
    action: body.action,
    comment: body.comment,
    data: body.data,
    to: body.to,
    target,
    reasons: body.reasons,
    position: body.position,
  };
  const applied = apply(workflow, form, state, request, caller, now);
  // A submit names the union's own street, if the form has a field for it: reported with the form's issues.
  const streets = needs.serverSources ? streetIssues(form, sub.orgPath, body.data ?? sub.data) : [];
  if (!applied.ok) {
    const issues = applied.code === 'validation_failed' ? [...(applied.issues ?? []), ...streets] : applied.issues;
    throw new DomainError(applied.code, applied.message, issues);
  }
  if (streets.length > 0) throw validationFailed(streets);
  const loads = transitionNeeds(applied);
  const outcome = await expandGroups(deps, workflow, state, applied, loads.groups);

  const cited = newAttachmentRefs(sub.data, outcome.data);
  if (cited.length > 0) {
    const problems: FormIssue[] = await checkAttachmentRefs(deps.db, sub.orgId, cited);
    if (problems.length > 0) throw validationFailed(problems);
  }

  let allocation: Allocation | undefined;
  let changes = outcome.event.changes;
  const issue = outcome.effects.find((e) => e.kind === 'issueNumber');
  if (loads.counter && issue && issue.kind === 'issueNumber') {
    const seen = await readCounter(deps.db, loads.counter.counter, loads.counter.year);
    const number = formatNumber(issue.format, issue.year, seen + 1, issue.digits);
    allocation = { counter: issue.counter, year: issue.year, seen, next: seen + 1, number };
    changes = { ...changes, number };
  }
  const at = now.toISOString();
  const event = nextEvent(sub, { ...outcome.event, changes }, historyActor(caller), at);
  const after: Submission = { ...afterTransition(sub, outcome, event), ...(allocation ? { number: allocation.number } : {}) };
  await commitTransition(deps.db, sub, after, event, allocation);
  return after;
}
