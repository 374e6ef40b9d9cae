/**
 * The submission use cases, between the HTTP routes and the store: load (one consistent read),
 * check scope, ask the pure engine, commit (one transaction). Scope failures and missing ids
 * are the same `not_found`.
 */
import { createHash } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { startersOf, type CompiledForm, type FieldDecl, type FormData, type FormIssue } from '../../forms/language.js';
import { versionOf, type WorkflowDeclaration } from '../../workflows/language.js';
import { canSee, type Caller } from '../auth/scope.js';
import type { HistoryActor, HistoryEvent } from '../records/chain.js';
import type { ProofDeps } from '../records/checkpoints-job.js';
import { verifyStored, type Verification } from '../records/verify.js';
import { checkAttachmentRefs, type AttachmentRef } from '../store/attachments.js';
import { DomainError, notFound, validationFailed, versionConflict } from '../store/errors.js';
import type { Db } from '../store/dynamo.js';
import { listSubmissions, type ListFilter, type ListPage } from '../store/listing.js';
import {
  IdempotencyReplay,
  insertSubmission,
  nextEvent,
  readHistory,
  readInbox,
  readSubmission,
  saveSubmission,
  type Submission,
} from '../store/submissions.js';
import { actorKeys, checkEdits, stepOf } from '../../workflows/engine.js';
import { currentForm, formAt } from './forms.js';
import { workflowAt, workflowFor } from './workflows.js';

export type Deps = { db: Db; now: () => Date };

export const newId = monotonicFactory();
export const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export function historyActor(caller: Caller): HistoryActor {
  return { id: caller.id, name: caller.name, orgId: caller.orgId };
}

/** The form version a submission was started on, and the workflow version it runs. */
/** The fields of a form version: what edits that name fields by kind resolve against. */
const fieldsOf = (form: Pick<CompiledForm, 'decl'>) => form.decl.sections.flatMap((s) => s.fields);

export async function definitionOf(
  deps: Deps,
  sub: Pick<Submission, 'formId' | 'formVersion' | 'workflowVersion'>,
): Promise<{ form: CompiledForm; workflow: WorkflowDeclaration }> {
  const [form, workflow] = await Promise.all([formAt(deps, sub.formId, sub.formVersion), workflowAt(deps, sub.formId, sub.workflowVersion)]);
  if (!form || !workflow) throw new Error(`no definition for ${sub.formId} v${sub.formVersion}`);
  return { form, workflow };
}

type ChoiceField = Extract<FieldDecl, { type: 'choice' }>;

/** The fields that take the submitting organisation's street (`source: { kind: 'orgStreet' }`). */
const streetFields = (form: Pick<CompiledForm, 'decl'>): ChoiceField[] =>
  fieldsOf(form).filter((f): f is ChoiceField => f.source?.kind === 'orgStreet' && f.type === 'choice');

/**
 * The union's street in a street field: its options are streets by their organisation's id,
 * so it is the option on the union's path in the tree, read from the path without a lookup.
 * None for a union under no street the field offers (one under an industry union).
 */
function ownStreet(field: ChoiceField, orgPath: readonly string[]): ChoiceField['options'][number] | undefined {
  return field.options.find((o) => orgPath.includes(o.value));
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '';
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `data` with each street field set to the union's street: those left empty, or all of them. */
function withOwnStreet(form: Pick<CompiledForm, 'decl'>, orgPath: readonly string[], data: unknown, emptyOnly = true): unknown {
  const fields = streetFields(form);
  if (fields.length === 0 || !isPlainObject(data)) return data;
  const set = fields.flatMap((f) => {
    const street = ownStreet(f, orgPath);
    return street && (!emptyOnly || isEmpty(data[f.key])) ? [[f.key, street.value] as const] : [];
  });
  return set.length === 0 ? data : { ...data, ...Object.fromEntries(set) };
}

/**
 * What a submit's street fields say that the tree does not: a street other than the union's
 * own is refused at its path (an empty one is the form's `required` to judge).
 */
export function streetIssues(form: Pick<CompiledForm, 'decl'>, orgPath: readonly string[], data: unknown): FormIssue[] {
  if (!isPlainObject(data)) return [];
  return streetFields(form).flatMap((f) => {
    const street = ownStreet(f, orgPath);
    if (!street || isEmpty(data[f.key]) || data[f.key] === street.value) return [];
    return [
      {
        path: f.key,
        message: {
          zh: `${f.label.zh}须为本单位在组织架构中的街道：${street.label.zh}`,
          en: `${f.label.en} must be your union’s own street in the organisation tree: ${street.label.en}`,
        },
      },
    ];
  });
}

/**
 * A form's JSON Schema for the caller: its example names the caller's own street wherever the
 * form takes the union's street, so the example is one the caller can submit.
 */
export function schemaFor(caller: Pick<Caller, 'orgPath'>, form: CompiledForm, today: string): Record<string, unknown> {
  const schema = form.jsonSchema(today);
  const examples = schema.examples;
  if (!Array.isArray(examples) || examples.length === 0) return schema;
  return { ...schema, examples: [withOwnStreet(form, caller.orgPath, examples[0], false), ...examples.slice(1)] };
}

const SHA256 = /^[0-9a-f]{64}$/i;

/** Every attachment reference in data: an object citing an id, a name, a size and a SHA-256. */
function attachmentRefs(value: unknown, path = '', out: (AttachmentRef & { path: string })[] = []) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => attachmentRefs(v, path ? `${path}.${i}` : String(i), out));
  } else if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.id === 'string' && typeof v.sha256 === 'string' && SHA256.test(v.sha256) && typeof v.size === 'number' && typeof v.name === 'string') {
      out.push({ path, id: v.id, name: v.name, size: v.size, sha256: v.sha256, ...(typeof v.contentType === 'string' ? { contentType: v.contentType } : {}) });
    } else {
      for (const [k, child] of Object.entries(v)) attachmentRefs(child, path ? `${path}.${k}` : k, out);
    }
  }
  return out;
}

/**
 * References that `after` cites and `before` did not: each is checked once, when it enters the
 * record, so an action citing nothing new costs no extra read.
 */
export function newAttachmentRefs(before: FormData, after: FormData): (AttachmentRef & { path: string })[] {
  const identity = (r: AttachmentRef) => JSON.stringify([r.id, r.sha256.toLowerCase(), r.size, r.name, r.contentType ?? null]);
  const known = new Set(attachmentRefs(before).map(identity));
  return attachmentRefs(after).filter((r) => !known.has(identity(r)));
}

async function checkNewAttachments(deps: Deps, orgId: string, before: FormData, after: FormData): Promise<void> {
  const cited = newAttachmentRefs(before, after);
  if (cited.length === 0) return;
  const problems = await checkAttachmentRefs(deps.db, orgId, cited);
  if (problems.length > 0) throw validationFailed(problems);
}

/** A submission the caller may see, or `not_found`: a malformed id never reaches the database. */
export async function getVisible(deps: Deps, caller: Caller, id: string): Promise<Submission> {
  if (!ID_PATTERN.test(id)) throw notFound();
  const sub = await readSubmission(deps.db, id);
  if (!sub || !canSee(caller, sub)) throw notFound();
  return sub;
}

function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value ?? null)).digest('hex');
}

/**
 * A new draft in its workflow's first step, with the first event of its history (`create`):
 * what every way of starting a submission shares (a union's draft, a member's query).
 */
export function newDraft(args: {
  form: CompiledForm;
  workflow: WorkflowDeclaration;
  org: { orgId: string; orgName: string; orgPath: string[] };
  actor: HistoryActor;
  data: FormData;
  at: string;
}): { sub: Submission; event: HistoryEvent } {
  const { form, workflow, org, actor, data, at } = args;
  const empty: Submission = {
    id: newId(),
    formId: form.decl.id,
    formVersion: form.decl.version,
    orgId: org.orgId,
    orgName: org.orgName,
    orgPath: org.orgPath,
    workflowVersion: versionOf(workflow),
    step: workflow.initial,
    status: 'draft',
    data,
    computed: form.computed(data),
    warnings: [],
    version: 1,
    assignees: [],
    reviewActed: false,
    seq: 0,
    lastHash: '',
    createdAt: at,
    updatedAt: at,
    createdBy: actor.id,
  };
  const event = nextEvent(empty, { action: 'create', step: workflow.initial, to: workflow.initial, status: 'draft' }, actor, at);
  return { sub: { ...empty, seq: event.seq, lastHash: event.hash }, event };
}

/**
 * Whether the caller may start a submission of the form through the API: a grassroots union's
 * submitter, for a form its declaration lets submitters start (members start theirs with a
 * one-time code through the members' routes).
 */
export function mayStart(caller: Caller, form: Pick<CompiledForm, 'decl'>): boolean {
  return caller.roles.includes('submitter') && startersOf(form.decl).includes('submitter');
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
  const form = await currentForm(deps, body.formId);
  const workflow = form && (await workflowFor(deps, body.formId, form.decl.version));
  if (!form || !workflow) {
    throw validationFailed([{ path: 'formId', message: { zh: '没有这个表单', en: 'No such form' } }]);
  }
  if (!mayStart(caller, form)) {
    throw new DomainError('forbidden', {
      zh: '此表单由会员凭监督码等一次性码发起，工会不能自行新建',
      en: 'Members start this form with a one-time code; a union cannot start it itself',
    });
  }
  const checked = form.validateDraft(withOwnStreet(form, caller.orgPath, body.data ?? {}));
  if (!checked.ok) throw validationFailed(checked.issues);
  // A new draft is in the fill step: it may not plant what later steps own.
  const scoped = checkEdits(workflow, workflow.initial, {}, checked.data, undefined, fieldsOf(form));
  if (!scoped.ok) throw validationFailed(scoped.issues);
  await checkNewAttachments(deps, caller.orgId, {}, checked.data);
  const now = deps.now().toISOString();
  const { sub, event } = newDraft({ form, workflow, org: caller, actor: historyActor(caller), data: checked.data, at: now });
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
  const { form, workflow } = await definitionOf(deps, sub);
  if (!(caller.orgId === sub.orgId && caller.roles.includes('submitter'))) {
    throw new DomainError('forbidden', { zh: '只有本单位填报人可以修改', en: 'Only the submitting union can edit' });
  }
  if (stepOf(workflow, sub.step)?.kind !== 'fill') {
    throw new DomainError('action_not_allowed', { zh: '已提交的内容不能修改', en: 'Only a draft or a returned submission can be edited' });
  }
  if (body.version !== sub.version) throw versionConflict();
  const checked = form.validateDraft(body.data, sub.data);
  if (!checked.ok) throw validationFailed(checked.issues);
  const scoped = checkEdits(workflow, sub.step, sub.data, checked.data, undefined, fieldsOf(form));
  if (!scoped.ok) throw validationFailed(scoped.issues);
  await checkNewAttachments(deps, sub.orgId, sub.data, checked.data);
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

export async function list(deps: Deps, caller: Caller, filter: ListFilter, limit: number, cursor?: string): Promise<ListPage> {
  return listSubmissions(deps.db, caller.scope, filter, limit, cursor);
}

/**
 * What waits for the caller: the entries under its own keys (its groups, its assigned unions,
 * its name), so every entry is its work by construction and needs no scope check.
 */
export async function inbox(deps: Deps, caller: Caller) {
  return readInbox(deps.db, actorKeys(caller));
}

export async function history(deps: Deps, caller: Caller, id: string): Promise<HistoryEvent[]> {
  await getVisible(deps, caller, id);
  return readHistory(deps.db, id);
}

/**
 * The record's verification (records/chain.ts `verifyRecord`): integrity (every event hashes
 * and links) and completeness (the chain ends at the record's own head, and passes through the
 * head of the latest signed checkpoint covering it), with the checkpoint named.
 */
export async function verify(deps: Deps & ProofDeps, caller: Caller, id: string): Promise<Verification> {
  const sub = await getVisible(deps, caller, id);
  return verifyStored(deps, sub);
}
