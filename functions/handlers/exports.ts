/**
 * The exports Lambda: the table stream hands it each new export job item (the event source's
 * filter passes only INSERTs of `EXPORT#` items), and it runs the job with the same code as
 * the local runner, writing to S3. A record whose run throws is reported as a batch item
 * failure, so the stream retries that job alone; `runExport` claims with the attempt number,
 * so a retry starts the job afresh, and after MAX_ATTEMPTS it is no longer claimed.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { submissionView } from '../http/routes/submissions.js';
import { S3ExportFiles } from '../records/exports-s3.js';
import { runExport, type RunDeps } from '../service/export-jobs.js';
import { MAX_ATTEMPTS, readJob, stopJob } from '../store/export-jobs.js';
import { dbFromEnv } from '../store/dynamo.js';

let deps: RunDeps | undefined;
const depsFromEnv = (): RunDeps => (deps ??= { db: dbFromEnv(), now: () => new Date(), files: new S3ExportFiles({ bucket: process.env.FILES_BUCKET ?? '' }), view: submissionView });

/** The job ids of a batch: new `EXPORT#<id>` / `META` items. */
export function jobIdsOf(event: DynamoDBStreamEvent): { id: string; sequence: string }[] {
  return event.Records.flatMap((record) => {
    const pk = record.dynamodb?.Keys?.pk?.S;
    const sk = record.dynamodb?.Keys?.sk?.S;
    if (record.eventName !== 'INSERT' || !pk?.startsWith('EXPORT#') || sk !== 'META') return [];
    return [{ id: pk.slice('EXPORT#'.length), sequence: record.dynamodb?.SequenceNumber ?? '' }];
  });
}

export async function handleExports(event: DynamoDBStreamEvent, given: RunDeps = depsFromEnv()): Promise<DynamoDBBatchResponse> {
  const failures: { itemIdentifier: string }[] = [];
  for (const { id, sequence } of jobIdsOf(event)) {
    try {
      const outcome = await runExport(given, id);
      // Skipped while still running: another invocation has it, or it is out of attempts.
      const job = outcome === 'skipped' ? await readJob(given.db, id) : undefined;
      if (job?.status === 'running' && job.attempt >= MAX_ATTEMPTS) await stopJob(given.db, id, { status: 'failed', error: 'interrupted' }, given.now());
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', msg: 'export job threw', id, error: String((error as Error)?.stack ?? error) }));
      failures.push({ itemIdentifier: sequence });
    }
  }
  return { batchItemFailures: failures };
}

export const handler = (event: DynamoDBStreamEvent) => handleExports(event);
