/**
 * Submissions, their history and inbox entries. Every change of a submission is one
 * TransactWriteItems: the submission put conditioned on its version, the sealed history
 * event put only if absent, the inbox entries that move, and any counter the change needs.
 * Each is written through `transactWrite` under its own ClientRequestToken, with a way to read
 * back whether it landed, so a write whose answer was lost is answered as what it became.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { GENESIS_HASH, seal, type HistoryActor, type HistoryEvent } from '../records/chain.js';
import { guarded, queryAll, toDomainError, type Db } from './dynamo.js';
import { DomainError, parseItem } from './errors.js';
import { keys, scopeAttributes } from './keys.js';
import { searchAttributes } from './search-keys.js';
import { namesFailing, reasonsByName, requestToken, transactWrite, type NamedItem } from './transact.js';
import { STATUSES } from '../../workflows/language.js';

const assigneeSchema = z.object({ key: z.string(), since: z.string(), dueAt: z.string().optional() });

export const submissionSchema = z.object({
  id: z.string(),
  formId: z.string(),
  formVersion: z.number().int(),
  /** The workflow version it runs, forever; absent on submissions stored before workflows had versions (1). */
  workflowVersion: z.number().int().optional(),
  orgId: z.string(),
  orgName: z.string(),
  orgPath: z.array(z.string()).min(1),
  step: z.string(),
  status: z.enum(STATUSES),
  data: z.record(z.string(), z.unknown()),
  computed: z.record(z.string(), z.unknown()),
  warnings: z.array(z.object({ path: z.string(), message: z.object({ zh: z.string(), en: z.string() }) })).default([]),
  version: z.number().int(),
  assignees: z.array(assigneeSchema),
  reviewActed: z.boolean(),
  seq: z.number().int(),
  lastHash: z.string(),
  number: z.string().optional(),
  // Signing state; absent on submissions stored before signing existed, which read as "none".
  approvals: z.array(z.object({ id: z.string(), name: z.string(), at: z.string() })).optional(),
  returnedFrom: z.string().nullable().optional(),
  cc: z.array(z.string()).optional(),
  heldAssignees: z.array(assigneeSchema).optional(),
  addedAfter: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** When it was first submitted (the submit action's commit); absent on drafts, and on records stored before it was kept until `backfillSearchAttributes` runs. */
  submittedAt: z.string().optional(),
  createdBy: z.string(),
});
export type Submission = z.infer<typeof submissionSchema>;

/** The stored submission's own fields (no keys or index attributes). */
function parseSubmission(item: Record<string, unknown>): Submission {
  return parseItem(submissionSchema, item);
}

const actorSchema = z.looseObject({ id: z.string(), name: z.string(), orgId: z.string() });

/**
 * A sealed history event as stored. Its hash covers every field, so nothing is dropped: a
 * field this code does not know is kept, and the event still verifies against its hash.
 */
export const historyEventSchema = z.looseObject({
  seq: z.number().int().positive(),
  at: z.string(),
  actor: actorSchema,
  action: z.string(),
  step: z.string(),
  to: z.string(),
  status: z.string(),
  formId: z.string(),
  formVersion: z.number().int(),
  comment: z.string().optional(),
  changes: z.record(z.string(), z.unknown()).optional(),
  prevHash: z.string(),
  hash: z.string(),
}) satisfies z.ZodType<HistoryEvent>;
// And the other way: every HistoryEvent the chain seals is one the schema accepts.
type Accepts<T extends z.input<typeof historyEventSchema>> = T;
type SealedEventsParse = Accepts<HistoryEvent>;

const eventItemSchema = z.object({ event: historyEventSchema });

/**
 * DynamoDB refuses an item over 400 KB. A record that large (long findings, say) is refused
 * here as too large, before the write, instead of failing inside the transaction as a 503.
 * JSON's UTF-8 length is close to DynamoDB's own measure; the margin covers the difference.
 */
export const MAX_ITEM_BYTES = 380_000;

function sized<T extends Record<string, unknown>>(item: T): T {
  if (Buffer.byteLength(JSON.stringify(item), 'utf8') > MAX_ITEM_BYTES) {
    throw new DomainError('payload_too_large', {
      zh: '记录内容过多，超出单条记录的容量，请精简后重试',
      en: 'The record is too large to store; shorten it and try again',
    });
  }
  return item;
}

export function submissionItem(sub: Submission): Record<string, unknown> {
  return sized({ ...keys.submission(sub.id), ...scopeAttributes(sub.orgPath, sub.createdAt, sub.id), ...searchAttributes(sub), ...sub });
}

export function eventItem(submissionId: string, event: HistoryEvent): Record<string, unknown> {
  return sized({ ...keys.event(submissionId, event.seq), event });
}

/** An inbox entry as stored, without its keys: what waits for an assignee. */
const inboxEntrySchema = z.object({
  submissionId: z.string(),
  formId: z.string(),
  step: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  since: z.string(),
  dueAt: z.string().optional(),
});
export type InboxEntry = z.infer<typeof inboxEntrySchema>;

/** The inbox entries of `sub`'s assignees, each named `inbox-put:<assignee key>`. */
function namedInboxPuts(db: Db, sub: Submission): NamedItem[] {
  return sub.assignees.map((a) => {
    const entry: InboxEntry = { submissionId: sub.id, formId: sub.formId, step: sub.step, orgId: sub.orgId, orgName: sub.orgName, since: a.since };
    if (a.dueAt) entry.dueAt = a.dueAt;
    return { name: `inbox-put:${a.key}`, item: { Put: { TableName: db.table, Item: { ...keys.inbox(a.key, sub.id), ...entry } } } };
  });
}

export function inboxPuts(db: Db, sub: Submission) {
  return namedInboxPuts(db, sub).map((n) => n.item);
}

/** One consistent read of a submission (no scope check: callers check scope). */
export async function readSubmission(db: Db, id: string): Promise<Submission | undefined> {
  const out = await guarded(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.submission(id), ConsistentRead: true })));
  return out.Item ? parseSubmission(out.Item) : undefined;
}

export type NewEvent = Omit<HistoryEvent, 'seq' | 'at' | 'prevHash' | 'hash' | 'actor' | 'formId' | 'formVersion'>;

/** The next sealed event of `sub`'s chain. */
export function nextEvent(sub: Submission, draft: NewEvent, actor: HistoryActor, at: string): HistoryEvent {
  return seal({
    seq: sub.seq + 1,
    at,
    actor,
    formId: sub.formId,
    formVersion: sub.formVersion,
    ...draft,
    prevHash: sub.seq === 0 ? GENESIS_HASH : sub.lastHash,
  });
}

export type Idempotency = { userId: string; key: string; fingerprint: string; expiresAt: number };

/** An idempotency key's item: the first answer, and the request it answered. */
const idempotencyItemSchema = z.object({ response: submissionSchema, fingerprint: z.string() });

export class IdempotencyReplay extends Error {
  constructor(readonly response: Submission, readonly fingerprint: string) {
    super('idempotency key already used');
  }
}

/**
 * Create a draft with its first history event. With an idempotency key, the key's item goes
 * in the same transaction: a retry finds it and replays the first answer.
 */
export async function insertSubmission(db: Db, sub: Submission, event: HistoryEvent, idem?: Idempotency): Promise<void> {
  const token = requestToken('create', sub.id);
  const items: NamedItem[] = [
    {
      name: 'submission',
      item: { Put: { TableName: db.table, Item: { ...submissionItem(sub), writeToken: token }, ConditionExpression: 'attribute_not_exists(pk)' } },
    },
    { name: 'event', item: { Put: { TableName: db.table, Item: eventItem(sub.id, event), ConditionExpression: 'attribute_not_exists(pk)' } } },
  ];
  if (idem) {
    const key = keys.idempotency(idem.userId, idem.key);
    items.push({
      name: 'idempotency',
      item: {
        Put: {
          TableName: db.table,
          // The first answer itself, so a retry replays it exactly.
          Item: { ...key, response: sub, fingerprint: idem.fingerprint, ttl: idem.expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    });
  }
  try {
    await transactWrite(db, items, token, (signal) => wroteSubmission(db, sub.id, token, signal));
  } catch (error) {
    const keyReason = reasonsByName(error, items)?.get('idempotency');
    // The key is taken (a retry), or being taken right now by a simultaneous request with the
    // same key (a transaction conflict): replay the first answer once it is there.
    const keyBusy = keyReason === 'ConditionalCheckFailed' || keyReason === 'TransactionConflict';
    if (idem && keyBusy) {
      for (let attempt = 0; attempt < 4; attempt++) {
        if (attempt > 0) await db.sleep(50 * attempt);
        const out = await guarded(() =>
          db.doc.send(new GetCommand({ TableName: db.table, Key: keys.idempotency(idem.userId, idem.key), ConsistentRead: true })),
        );
        if (out.Item) {
          const replay = parseItem(idempotencyItemSchema, out.Item);
          throw new IdempotencyReplay(replay.response, replay.fingerprint);
        }
      }
    }
    throw toDomainError(error);
  }
}

/** Save draft data: the submission alone, conditioned on its version (a draft save is not a record). */
export async function saveSubmission(db: Db, sub: Submission, expectedVersion: number): Promise<void> {
  const token = requestToken('save', sub.id, expectedVersion);
  const items: NamedItem[] = [
    {
      name: 'submission',
      item: {
        Put: {
          TableName: db.table,
          Item: { ...submissionItem(sub), writeToken: token },
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': expectedVersion },
        },
      },
    },
  ];
  await guarded(() => transactWrite(db, items, token, (signal) => wroteSubmission(db, sub.id, token, signal)));
}

/** Whether the submission item now is the one the write under `token` put. */
async function wroteSubmission(db: Db, id: string, token: string, signal: AbortSignal): Promise<boolean> {
  const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.submission(id), ConsistentRead: true }), { abortSignal: signal });
  return out.Item?.writeToken === token;
}

/** A counter allocation that rides in the action's transaction. */
export type Allocation = { counter: string; year: number; seen: number; next: number; number: string };

export class CounterMoved extends Error {
  constructor() {
    super('the counter moved between read and write');
  }
}

/** Read a counter's last issued value (a consistent read, only for transitions that issue a number). */
export async function readCounter(db: Db, name: string, year: number): Promise<number> {
  const out = await guarded(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.counter(name, year), ConsistentRead: true })));
  return typeof out.Item?.value === 'number' ? out.Item.value : 0;
}

/**
 * Commit one workflow transition: `after` replaces `before` only if nobody changed it since
 * (`version`), the event joins the chain only if its slot is free, inbox entries follow the
 * assignees, and an allocated number moves its counter only from the value seen.
 */
export async function commitTransition(db: Db, before: Submission, after: Submission, event: HistoryEvent, allocation?: Allocation): Promise<void> {
  const oldKeys = new Set(before.assignees.map((a) => a.key));
  const newKeys = new Set(after.assignees.map((a) => a.key));
  const token = requestToken('transition', after.id, before.version);
  const items: NamedItem[] = [
    {
      name: 'submission',
      item: {
        Put: {
          TableName: db.table,
          Item: { ...submissionItem(after), writeToken: token },
          ConditionExpression: '#version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':expected': before.version },
        },
      },
    },
    { name: 'event', item: { Put: { TableName: db.table, Item: eventItem(after.id, event), ConditionExpression: 'attribute_not_exists(pk)' } } },
  ];
  if (allocation) {
    items.push({
      name: 'counter',
      item: {
        Put: {
          TableName: db.table,
          Item: { ...keys.counter(allocation.counter, allocation.year), value: allocation.next },
          // Moves only from the value this action read: two approvals never get one number.
          ConditionExpression: allocation.seen === 0 ? 'attribute_not_exists(pk)' : '#value = :seen',
          ...(allocation.seen === 0
            ? {}
            : { ExpressionAttributeNames: { '#value': 'value' }, ExpressionAttributeValues: { ':seen': allocation.seen } }),
        },
      },
    });
    // A number, once issued, is never issued again, whatever happens to the counter.
    items.push({
      name: 'issued-number',
      item: {
        Put: {
          TableName: db.table,
          Item: { ...keys.issuedNumber(allocation.number), submissionId: after.id, at: event.at },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    });
  }
  for (const key of oldKeys) {
    if (!newKeys.has(key)) items.push({ name: `inbox-delete:${key}`, item: { Delete: { TableName: db.table, Key: keys.inbox(key, after.id) } } });
  }
  // Re-put entries that stay too: their step and due date may have changed.
  if (after.assignees.length > 0 && (before.step !== after.step || JSON.stringify(before.assignees) !== JSON.stringify(after.assignees))) {
    items.push(...namedInboxPuts(db, after));
  }
  // Committed exactly when the event this transition seals holds its slot in the chain.
  const landed = async (signal: AbortSignal) => {
    const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.event(after.id, event.seq), ConsistentRead: true }), { abortSignal: signal });
    return (out.Item?.event as HistoryEvent | undefined)?.hash === event.hash;
  };
  try {
    await transactWrite(db, items, token, landed);
  } catch (error) {
    // Only the counter moved: the submission itself is as this action read it, so it may retry.
    const failed = namesFailing(reasonsByName(error, items), 'ConditionalCheckFailed');
    if (allocation && failed.includes('counter') && !failed.includes('submission')) throw new CounterMoved();
    throw toDomainError(error);
  }
}

/** The whole history of a submission, in order (consistent, so a just-written event is there). */
export async function readHistory(db: Db, id: string): Promise<HistoryEvent[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ev)',
    ExpressionAttributeValues: { ':pk': keys.submission(id).pk, ':ev': keys.eventPrefix },
    ConsistentRead: true,
  });
  return items.map((item) => parseItem(eventItemSchema, item).event);
}

export async function readInbox(db: Db, assigneeKeys: string[]): Promise<InboxEntry[]> {
  const readPartition = (key: string) =>
    queryAll(db, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.inboxPartition(key) } });
  const pages = await Promise.all(assigneeKeys.map(readPartition));
  const seen = new Set<string>();
  const entries: InboxEntry[] = [];
  for (const page of pages) {
    for (const item of page) {
      const entry = parseItem(inboxEntrySchema, item);
      if (seen.has(entry.submissionId)) continue;
      seen.add(entry.submissionId);
      entries.push(entry);
    }
  }
  // Most urgent first; entries without a due date after those with one.
  return entries.sort((a, b) => (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') || a.since.localeCompare(b.since));
}

