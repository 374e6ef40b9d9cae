/**
 * The submission use cases, between the HTTP routes and the store: load (one consistent read),
 * check scope, ask the pure engine, commit (one transaction). Scope failures and missing ids
 * are the same `not_found`.
 */
import { createHash } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { getForm } from '../../forms/registry.js';
import type { CompiledForm, FormData } from '../../forms/language.js';
import { apply, type ActionRequest, type TargetUser } from '../../workflows/engine.js';
import { workflowForForm } from '../../workflows/registry.js';
import type { WorkflowDeclaration } from '../../workflows/language.js';
import { inScope, type Caller } from '../auth/scope.js';
import { verifyChain, type HistoryEvent, type VerifyResult } from '../records/chain.js';
import { getUser } from '../store/accounts.js';
import { DomainError, notFound, validationFailed, versionConflict } from '../store/errors.js';
import type { Db } from '../store/dynamo.js';
import { listSubmissions, type ListFilter, type ListPage } from '../store/listing.js';
import {
  commitTransition,
  CounterMoved,
  IdempotencyReplay,
  insertSubmission,
  nextEvent,
  readCounter,
  readHistory,
  readInbox,
  readSubmission,
  saveSubmission,
  type Allocation,
  type Submission,
} from '../store/submissions.js';
import { actorKeys, stepOf } from '../../workflows/engine.js';

export type Deps = { db: Db; now: () => Date };

const newId = monotonicFactory();
const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

function historyActor(caller: Caller) {
  return { id: caller.id, name: caller.name, orgId: caller.orgId };
}

function definitionOf(sub: Pick<Submission, 'formId' | 'formVersion'>): { form: CompiledForm; workflow: WorkflowDeclaration } {
  const form = getForm(sub.formId, sub.formVersion);
  const workflow = workflowForForm(sub.formId);
  if (!form || !workflow) throw new Error(`no definition for ${sub.formId} v${sub.formVersion}`);
  return { form, workflow };
}

/** A submission the caller may see, or `not_found`: a malformed id never reaches the database. */
export async function getVisible(deps: Deps, caller: Caller, id: string): Promise<Submission> {
  if (!ID_PATTERN.test(id)) throw notFound();
  const sub = await readSubmission(deps.db, id);
  if (!sub || !inScope(caller, sub)) throw notFound();
  return sub;
}

function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value ?? null)).digest('hex');
}

export async function createDraft(
  deps: Deps,
  caller: Caller,
  body: { formId: string; data?: unknown },
  idempotencyKey?: string,
): Promise<Submission> {
  if (!caller.roles.includes('submitter')) {
    throw new DomainError('forbidden', { zh: '只有基层工会填报人可以新建填报', en: 'Only a grassroots submitter can start a submission' });
  }
  const form = getForm(body.formId);
  const workflow = workflowForForm(body.formId);
  if (!form || !workflow) {
    throw validationFailed([{ path: 'formId', message: { zh: '没有这个表单', en: 'No such form' } }]);
  }
  const checked = form.validateDraft(body.data ?? {});
  if (!checked.ok) throw validationFailed(checked.issues);
  const now = deps.now().toISOString();
  const id = newId();
  const empty: Submission = {
    id,
    formId: form.decl.id,
    formVersion: form.decl.version,
    orgId: caller.orgId,
    orgName: caller.orgName,
    orgPath: caller.orgPath,
    step: workflow.initial,
    status: 'draft',
    data: checked.data,
    computed: form.computed(checked.data),
    warnings: [],
    version: 1,
    assignees: [],
    reviewActed: false,
    seq: 0,
    lastHash: '',
    createdAt: now,
    updatedAt: now,
    createdBy: caller.id,
  };
  const event = nextEvent(empty, { action: 'create', step: workflow.initial, to: workflow.initial, status: 'draft' }, historyActor(caller), now);
  const sub: Submission = { ...empty, seq: event.seq, lastHash: event.hash };
  const print = fingerprint({ formId: body.formId, data: body.data });
  try {
    await insertSubmission(
      deps.db,
      sub,
      event,
      idempotencyKey
        ? { userId: caller.id, key: idempotencyKey, fingerprint: print, expiresAt: Math.floor(Date.parse(now) / 1000) + IDEMPOTENCY_TTL_SECONDS }
        : undefined,
    );
  } catch (error) {
    if (!(error instanceof IdempotencyReplay)) throw error;
    if (error.fingerprint !== print) {
      throw new DomainError('bad_request', {
        zh: '此 Idempotency-Key 已用于另一个请求',
        en: 'This Idempotency-Key was already used for a different request',
      });
    }
    return error.response;
  }
  return sub;
}

export async function saveDraft(deps: Deps, caller: Caller, id: string, body: { data: unknown; version: number }): Promise<Submission> {
  const sub = await getVisible(deps, caller, id);
  const { form, workflow } = definitionOf(sub);
  if (!(caller.orgId === sub.orgId && caller.roles.includes('submitter'))) {
    throw new DomainError('forbidden', { zh: '只有本单位填报人可以修改', en: 'Only the submitting union can edit' });
  }
  if (stepOf(workflow, sub.step)?.kind !== 'fill') {
    throw new DomainError('action_not_allowed', { zh: '已提交的内容不能修改', en: 'Only a draft or a returned submission can be edited' });
  }
  if (body.version !== sub.version) throw versionConflict();
  const checked = form.validateDraft(body.data);
  if (!checked.ok) throw validationFailed(checked.issues);
  const after: Submission = {
    ...sub,
    data: checked.data,
    computed: form.computed(checked.data),
    version: sub.version + 1,
    updatedAt: deps.now().toISOString(),
  };
  await saveSubmission(deps.db, after, sub.version);
  return after;
}

function formatNumber(format: string, year: number, seq: number, digits: number): string {
  return format.replace('{year}', String(year)).replace('{seq}', String(seq).padStart(digits, '0'));
}

export type ActionBody = { action: string; version: number; comment?: string; data?: unknown; to?: string };

const MAX_COUNTER_RETRIES = 3;

/**
 * One action: one consistent read, the engine, one transaction. A transition that issues a
 * number also reads its counter, and retries if another approval took that number first.
 */
export async function act(deps: Deps, caller: Caller, id: string, body: ActionBody): Promise<Submission> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await actOnce(deps, caller, id, body);
    } catch (error) {
      if (!(error instanceof CounterMoved) || attempt >= MAX_COUNTER_RETRIES) {
        throw error instanceof CounterMoved ? new DomainError('unavailable') : error;
      }
    }
  }
}

async function actOnce(deps: Deps, caller: Caller, id: string, body: ActionBody): Promise<Submission> {
  const sub = await getVisible(deps, caller, id);
  if (body.version !== sub.version) throw versionConflict();
  const { form, workflow } = definitionOf(sub);
  let target: TargetUser | undefined;
  if (body.action === 'transfer' && typeof body.to === 'string' && /^[a-z0-9._-]{1,64}$/.test(body.to)) {
    const user = await getUser(deps.db, body.to);
    if (user && !user.disabled) target = { id: user.id, name: user.name, orgId: user.orgId, roles: user.roles };
  }
  const now = deps.now();
  const request: ActionRequest = { action: body.action, comment: body.comment, data: body.data, to: body.to, target };
  const outcome = apply(workflow, form, sub, request, caller, now);
  if (!outcome.ok) throw new DomainError(outcome.code, outcome.message, outcome.issues);

  let allocation: Allocation | undefined;
  let changes = outcome.event.changes;
  const issue = outcome.effects.find((e) => e.kind === 'issueNumber');
  if (issue && issue.kind === 'issueNumber') {
    const seen = await readCounter(deps.db, issue.counter, issue.year);
    const number = formatNumber(issue.format, issue.year, seen + 1, issue.digits);
    allocation = { counter: issue.counter, year: issue.year, seen, next: seen + 1, number };
    changes = { ...changes, number };
  }
  const at = now.toISOString();
  const event = nextEvent(sub, { ...outcome.event, changes }, historyActor(caller), at);
  const after: Submission = {
    ...sub,
    step: outcome.step,
    status: outcome.status,
    assignees: outcome.assignees,
    data: outcome.data as FormData,
    computed: outcome.computed,
    warnings: outcome.event.action === 'submit' ? outcome.warnings : sub.warnings,
    reviewActed: outcome.reviewActed,
    version: sub.version + 1,
    seq: event.seq,
    lastHash: event.hash,
    updatedAt: at,
    ...(allocation ? { number: allocation.number } : {}),
  };
  await commitTransition(deps.db, sub, after, event, allocation);
  return after;
}

export async function list(deps: Deps, caller: Caller, filter: ListFilter, limit: number, cursor?: string): Promise<ListPage> {
  return listSubmissions(deps.db, caller.scope, filter, limit, cursor);
}

export async function inbox(deps: Deps, caller: Caller) {
  const entries = await readInbox(deps.db, actorKeys(caller));
  // Entries are written for the caller's own keys, so they are in scope by construction;
  // the check stays as a guard against a stale entry after an organisation moves.
  return entries;
}

export async function history(deps: Deps, caller: Caller, id: string): Promise<HistoryEvent[]> {
  await getVisible(deps, caller, id);
  return readHistory(deps.db, id);
}

/**
 * Recompute the chain, and check that it ends where the submission says it does: a deleted
 * last event leaves an intact but shorter chain, which only the submission's own head reveals.
 */
export async function verify(deps: Deps, caller: Caller, id: string): Promise<VerifyResult> {
  const sub = await getVisible(deps, caller, id);
  const events = await readHistory(deps.db, id);
  const result = verifyChain(events);
  if (!result.ok) return result;
  const last = events[events.length - 1];
  if (events.length !== sub.seq || last?.hash !== sub.lastHash) {
    return { ok: false, events: events.length, firstBadSeq: Math.min(events.length, sub.seq) + 1 };
  }
  return result;
}
