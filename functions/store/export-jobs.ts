/**
 * Export jobs: one item per job, owned by whoever started it, and a marker item in one small
 * partition for every job not yet finished, so a runner that starts again finds the jobs a
 * crashed run left behind without scanning. Every change of state is conditional on the state
 * it leaves (and, for the runner, on its own attempt number), so a cancelled job is never
 * marked done, and a run that lost its claim to a newer attempt can no longer write.
 */
import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand, UpdateCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { guarded, queryAll, type Db } from './dynamo.js';
import { DomainError, parseItem } from './errors.js';
import { keys, listing } from './keys.js';

export const EXPORT_JOB_STATUSES = ['queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type ExportJobStatus = (typeof EXPORT_JOB_STATUSES)[number];

/** Runs of one job: the first, and one resume after a crash; a job that crashes twice fails. */
export const MAX_ATTEMPTS = 2;
/** Jobs (and their items) are forgotten after this; files in S3 expire by the bucket's rule. */
export const JOB_TTL_SECONDS = 7 * 24 * 3600;

const scopeRoot = z.object({ orgId: z.string(), depth: z.number().int(), exact: z.boolean() });

export const exportJobSchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  /** Who asked, as the session knew them: the job reads with exactly that scope. */
  caller: z.object({
    id: z.string(),
    name: z.string(),
    orgId: z.string(),
    orgName: z.string(),
    orgPath: z.array(z.string()),
    roles: z.array(z.string()),
    scope: z.array(scopeRoot),
    assignedOrgIds: z.array(z.string()).optional(),
  }),
  format: z.enum(['csv', 'xlsx', 'jsonl']),
  filter: z.record(z.string(), z.string()),
  status: z.enum(EXPORT_JOB_STATUSES),
  rows: z.number().int().nonnegative(),
  attempt: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
  file: z.object({ key: z.string(), name: z.string(), contentType: z.string(), size: z.number().int().nonnegative() }).optional(),
  error: z.string().optional(),
});
export type ExportJob = z.infer<typeof exportJobSchema>;

const ttlOf = (createdAt: string) => Math.floor(Date.parse(createdAt) / 1000) + JOB_TTL_SECONDS;

const isConditionFailure = (error: unknown) =>
  (error as { name?: string })?.name === 'ConditionalCheckFailedException' ||
  ((error as { name?: string })?.name === 'TransactionCanceledException' &&
    ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed'));

/** A conditional write: false when its condition did not hold, other failures as domain errors. */
async function conditional(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await guarded(async () => {
      try {
        await write();
      } catch (error) {
        if (isConditionFailure(error)) throw new ConditionFailed();
        throw error;
      }
    });
    return true;
  } catch (error) {
    if (error instanceof ConditionFailed) return false;
    throw error;
  }
}

class ConditionFailed extends DomainError {
  constructor() {
    super('version_conflict');
  }
}

export async function insertJob(db: Db, job: ExportJob): Promise<void> {
  await guarded(() =>
    db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.exportJob(job.id), ...listing.exportsOf(job.ownerId), ...listing.exportSort(job.createdAt, job.id), ...job, ttl: ttlOf(job.createdAt) },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: db.table, Item: { ...keys.activeExport(job.id), createdAt: job.createdAt, ttl: ttlOf(job.createdAt) } } },
        ],
      }),
    ),
  );
}

export async function readJob(db: Db, id: string): Promise<ExportJob | undefined> {
  const out = await guarded(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.exportJob(id), ConsistentRead: true })));
  return out.Item ? parseItem(exportJobSchema, out.Item) : undefined;
}

/** A person's newest jobs first; a page of them is all anyone needs to see. */
export async function listJobs(db: Db, ownerId: string, limit = 50): Promise<ExportJob[]> {
  const out = await guarded(() =>
    db.doc.send(
      new QueryCommand({
        TableName: db.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': listing.exportsOf(ownerId).gsi1pk },
        ScanIndexForward: false,
        Limit: limit,
      }),
    ),
  );
  return (out.Items ?? []).map((item) => parseItem(exportJobSchema, item));
}

/** The ids of every job not yet finished, oldest first. */
export async function activeJobIds(db: Db): Promise<string[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'pk = :p',
    ExpressionAttributeValues: { ':p': keys.activeExportsPartition },
    ConsistentRead: true,
  });
  return items.map((item) => String(item.sk));
}

/**
 * Take a job for a run: a queued one, or a running one whose run is gone (a crash, a retried
 * invocation) while attempts remain. The run starts from the beginning with rows at 0.
 * Undefined when the job cannot be taken (finished, cancelled, out of attempts, or absent).
 */
export async function claimJob(db: Db, id: string, now: Date): Promise<ExportJob | undefined> {
  let job: ExportJob | undefined;
  const ok = await conditional(async () => {
    const out = await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.exportJob(id),
        UpdateExpression: 'SET #status = :running, attempt = attempt + :one, #rows = :zero, updatedAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND (#status = :queued OR (#status = :running AND attempt < :max))',
        ExpressionAttributeNames: { '#status': 'status', '#rows': 'rows' },
        ExpressionAttributeValues: { ':running': 'running', ':queued': 'queued', ':one': 1, ':zero': 0, ':now': now.toISOString(), ':max': MAX_ATTEMPTS },
        ReturnValues: 'ALL_NEW',
      }),
    );
    job = parseItem(exportJobSchema, out.Attributes ?? {});
  });
  return ok ? job : undefined;
}

const OWN_RUN = '#status = :running AND attempt = :attempt';

/** Rows written so far; false when the run no longer owns the job (cancelled, or claimed again). */
export function reportProgress(db: Db, job: Pick<ExportJob, 'id' | 'attempt'>, rows: number, now: Date): Promise<boolean> {
  return conditional(() =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.exportJob(job.id),
        UpdateExpression: 'SET #rows = :rows, updatedAt = :now',
        ConditionExpression: OWN_RUN,
        ExpressionAttributeNames: { '#status': 'status', '#rows': 'rows' },
        ExpressionAttributeValues: { ':rows': rows, ':now': now.toISOString(), ':running': 'running', ':attempt': job.attempt },
      }),
    ),
  );
}

export type Outcome = { status: 'done'; rows: number; file: NonNullable<ExportJob['file']> } | { status: 'failed'; error: string };

/**
 * End a run: done (only once its file is complete) or failed, and the job leaves the active
 * partition in the same transaction. False when the run no longer owns the job.
 */
export function finishJob(db: Db, job: Pick<ExportJob, 'id' | 'attempt'>, outcome: Outcome, now: Date): Promise<boolean> {
  const values: Record<string, unknown> = { ':status': outcome.status, ':now': now.toISOString(), ':running': 'running', ':attempt': job.attempt };
  const set = ['#status = :status', 'updatedAt = :now'];
  if (outcome.status === 'done') {
    set.push('#rows = :rows', '#file = :file');
    Object.assign(values, { ':rows': outcome.rows, ':file': outcome.file });
  } else {
    set.push('#error = :error');
    values[':error'] = outcome.error;
  }
  return conditional(() =>
    db.doc.send(
      new TransactWriteCommand({
        // The same request again (a resend after a timeout) is applied once.
        ClientRequestToken: createHash('sha256').update(`export:${job.id}:${job.attempt}:${outcome.status}`).digest('hex').slice(0, 36),
        TransactItems: [
          {
            Update: {
              TableName: db.table,
              Key: keys.exportJob(job.id),
              UpdateExpression: `SET ${set.join(', ')}`,
              ConditionExpression: OWN_RUN,
              ExpressionAttributeNames: { '#status': 'status', ...(outcome.status === 'done' ? { '#rows': 'rows', '#file': 'file' } : { '#error': 'error' }) },
              ExpressionAttributeValues: values,
            },
          },
          { Delete: { TableName: db.table, Key: keys.activeExport(job.id) } },
        ],
      }),
    ),
  );
}

/**
 * Stop a job that has not finished: cancelled by its owner, or failed by a runner starting
 * again when it is out of attempts. False when it had already finished (or is not the owner's).
 */
export function stopJob(db: Db, id: string, to: { status: 'cancelled'; ownerId: string } | { status: 'failed'; error: string }, now: Date): Promise<boolean> {
  const values: Record<string, unknown> = { ':to': to.status, ':now': now.toISOString(), ':queued': 'queued', ':running': 'running' };
  const names: Record<string, string> = { '#status': 'status' };
  let condition = '#status IN (:queued, :running)';
  let update = 'SET #status = :to, updatedAt = :now';
  if (to.status === 'cancelled') {
    condition += ' AND ownerId = :owner';
    values[':owner'] = to.ownerId;
  } else {
    update += ', #error = :error';
    names['#error'] = 'error';
    values[':error'] = to.error;
  }
  return conditional(() =>
    db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: db.table,
              Key: keys.exportJob(id),
              UpdateExpression: update,
              ConditionExpression: condition,
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            },
          },
          { Delete: { TableName: db.table, Key: keys.activeExport(id) } },
        ],
      }),
    ),
  );
}
