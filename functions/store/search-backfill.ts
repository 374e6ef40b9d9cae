/**
 * Gives submissions stored before the search attributes existed (search-keys.ts) what later
 * writes carry: `submittedAt` from their own history (the first submit event), the form
 * partition, the period sort keys and the search key. Until it runs such a record is still
 * listed by scope, organisation, state, step and created period (the scope indexes always
 * held it), but not by form index, submitted period or q.
 *
 * A maintenance pass, run once after deploying (and by `ensureTable`'s callers locally): the
 * one place a Scan is right, since it must visit every item. Each record is updated only if
 * its version is still the one read, so a concurrent action is never overwritten; it is then
 * simply left for the next pass (the action's own write carried the attributes anyway).
 */
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { guarded, type Db } from './dynamo.js';
import { parseItem } from './errors.js';
import { keys } from './keys.js';
import { searchAttributes } from './search-keys.js';
import { readHistory, submissionSchema, type Submission } from './submissions.js';
import { FORM_PARTITION } from './table.js';

/** When the history says it was first submitted: the first event of kind (or name) submit. */
async function firstSubmit(db: Db, sub: Submission): Promise<string | undefined> {
  if (sub.status === 'draft' && sub.seq <= 1) return undefined;
  const events = await readHistory(db, sub.id);
  const submit = events.find((e) => (e as { kind?: string }).kind === 'submit' || e.action === 'submit');
  return submit?.at;
}

export async function backfillSearchAttributes(db: Db): Promise<{ updated: number; skipped: number }> {
  let updated = 0;
  let skipped = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await guarded(() =>
      db.doc.send(
        new ScanCommand({
          TableName: db.table,
          FilterExpression: 'begins_with(pk, :sub) AND sk = :meta AND attribute_not_exists(#form)',
          ExpressionAttributeNames: { '#form': FORM_PARTITION },
          ExpressionAttributeValues: { ':sub': 'SUB#', ':meta': 'META' },
          ExclusiveStartKey: start,
        }),
      ),
    );
    for (const item of page.Items ?? []) {
      const sub = parseItem(submissionSchema, item);
      const submittedAt = sub.submittedAt ?? (await firstSubmit(db, sub));
      const attributes: Record<string, unknown> = { ...searchAttributes({ ...sub, submittedAt }), ...(submittedAt ? { submittedAt } : {}) };
      const names = Object.fromEntries(Object.keys(attributes).map((k, i) => [`#a${i}`, k]));
      const values = Object.fromEntries(Object.values(attributes).map((v, i) => [`:a${i}`, v]));
      try {
        await guarded(() =>
          db.doc.send(
            new UpdateCommand({
              TableName: db.table,
              Key: keys.submission(sub.id),
              UpdateExpression: `SET ${Object.keys(names).map((n, i) => `${n} = :a${i}`).join(', ')}`,
              ConditionExpression: '#version = :version',
              ExpressionAttributeNames: { ...names, '#version': 'version' },
              ExpressionAttributeValues: { ...values, ':version': sub.version },
            }),
          ),
        );
        updated += 1;
      } catch (error) {
        if ((error as { code?: string }).code !== 'version_conflict' && (error as Error).name !== 'ConditionalCheckFailedException') throw error;
        skipped += 1;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return { updated, skipped };
}
