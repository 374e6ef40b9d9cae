/**
 * Several submissions at once, as a list shows them (no scope check: callers check scope):
 * one BatchGetItem per hundred ids, projected to the summary, plus retries of keys DynamoDB
 * leaves unprocessed (only throttling does), then a 503. An id with no submission is absent
 * from the answer.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod';
import { guarded, type Db } from './dynamo.js';
import { parseItem, unavailable } from './errors.js';
import { keys } from './keys.js';
import { submissionSchema } from './submissions.js';

/** BatchGetItem's own limit of keys per request. */
const BATCH_GET_MAX = 100;
const UNPROCESSED_RETRIES = 4;

/** What a list of submissions shows and acts with: no data, no history, no signing state. */
export const SUMMARY_FIELDS = ['id', 'formId', 'formVersion', 'workflowVersion', 'orgId', 'orgName', 'step', 'status', 'version', 'assignees'] as const;
const summarySchema = submissionSchema.pick(Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, true])) as { [K in (typeof SUMMARY_FIELDS)[number]]: true });
export type SubmissionSummary = z.infer<typeof summarySchema>;

/** The summaries of `ids`, by id: only the summary's attributes are read and sent back. */
export async function readSubmissionSummaries(db: Db, ids: readonly string[]): Promise<Map<string, SubmissionSummary>> {
  const found = new Map<string, SubmissionSummary>();
  for (const item of await batchGet(db, ids, SUMMARY_FIELDS)) {
    const sub = parseItem(summarySchema, item);
    found.set(sub.id, sub);
  }
  return found;
}

/** The submission items of `ids` (missing ones left out), a hundred keys a request, retrying what DynamoDB leaves unprocessed. */
async function batchGet(db: Db, ids: readonly string[], attributes: readonly string[]): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const unique = [...new Set(ids)];
  const projection = {
    ProjectionExpression: attributes.map((_, i) => `#a${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(attributes.map((a, i) => [`#a${i}`, a])),
  };
  for (let i = 0; i < unique.length; i += BATCH_GET_MAX) {
    let pending: Record<string, unknown>[] = unique.slice(i, i + BATCH_GET_MAX).map((id) => keys.submission(id));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt === UNPROCESSED_RETRIES) throw unavailable();
      if (attempt > 0) await db.sleep(50 * 2 ** attempt);
      const out = await guarded(() => db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: pending, ...projection } } })));
      items.push(...(out.Responses?.[db.table] ?? []));
      pending = (out.UnprocessedKeys?.[db.table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
    }
  }
  return items;
}
