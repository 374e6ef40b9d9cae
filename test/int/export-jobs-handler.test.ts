/**
 * The exports Lambda's handler over DynamoDB Local: from a table-stream batch it runs only the
 * new export job items (not their later changes, nor other items), and reports a record whose
 * run throws as a batch item failure, so the stream retries that job alone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleExports, jobIdsOf } from '../../functions/handlers/exports.js';
import { submissionView } from '../../functions/http/routes/submissions.js';
import { LocalExportFiles } from '../../functions/records/exports-files.js';
import { startExport, type RunDeps } from '../../functions/service/export-jobs.js';
import { readJob } from '../../functions/store/export-jobs.js';
import { readSession, tokenHash } from '../../functions/store/accounts.js';
import { setupEnv, signIn, submittedRegistration, type TestEnv } from './support.js';

let env: TestEnv;
let dir: string;
let deps: RunDeps;

const record = (eventName: 'INSERT' | 'MODIFY' | 'REMOVE', pk: string, sk: string, seq: string) => ({
  eventName,
  dynamodb: { Keys: { pk: { S: pk }, sk: { S: sk } }, SequenceNumber: seq },
});

beforeAll(async () => {
  env = await setupEnv();
  dir = await mkdtemp(join(tmpdir(), 'unionflow-export-handler-'));
  deps = { db: env.db, now: () => new Date(), files: new LocalExportFiles({ dir }), view: submissionView };
  await submittedRegistration(await signIn(env.app, 'acme.submitter'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function queuedJob(): Promise<string> {
  const client = await signIn(env.app, 'district.auditor');
  const caller = (await readSession(env.db, tokenHash(client.token), new Date()))!.caller;
  return (await startExport({ ...deps, exports: { files: deps.files, start: () => {} } }, caller, { format: 'jsonl' })).id;
}

describe('the exports handler', () => {
  it('picks out only INSERTs of export job items', () => {
    const event = {
      Records: [
        record('INSERT', 'EXPORT#01ARZ3NDEKTSV4RRFFQ69G5FAV', 'META', '1'),
        record('MODIFY', 'EXPORT#01ARZ3NDEKTSV4RRFFQ69G5FAW', 'META', '2'),
        record('INSERT', 'SUB#01ARZ3NDEKTSV4RRFFQ69G5FAX', 'META', '3'),
        record('INSERT', 'EXPORTS#ACTIVE', '01ARZ3NDEKTSV4RRFFQ69G5FAY', '4'),
      ],
    } as unknown as DynamoDBStreamEvent;
    expect(jobIdsOf(event)).toEqual([{ id: '01ARZ3NDEKTSV4RRFFQ69G5FAV', sequence: '1' }]);
  });

  it('runs a new job to done and reports no failure', async () => {
    const id = await queuedJob();
    const out = await handleExports({ Records: [record('INSERT', `EXPORT#${id}`, 'META', '10')] } as unknown as DynamoDBStreamEvent, deps);
    expect(out.batchItemFailures).toEqual([]);
    expect((await readJob(env.db, id))?.status).toBe('done');
  });

  it('reports the record whose run throws, and only it', async () => {
    const good = await queuedJob();
    const bad = await queuedJob();
    // A database that fails the claim of one job: the run throws before it starts.
    const failing: RunDeps = {
      ...deps,
      db: { ...env.db, doc: { send: (command: { input?: { Key?: { pk?: string } } }) => (command.input?.Key?.pk === `EXPORT#${bad}` ? Promise.reject(Object.assign(new Error('boom'), { name: 'InternalServerError' })) : env.db.doc.send(command as never)) } as never },
    };
    const out = await handleExports(
      { Records: [record('INSERT', `EXPORT#${bad}`, 'META', '20'), record('INSERT', `EXPORT#${good}`, 'META', '21')] } as unknown as DynamoDBStreamEvent,
      failing,
    );
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: '20' }]);
    expect((await readJob(env.db, good))?.status).toBe('done');
    expect((await readJob(env.db, bad))?.status).toBe('queued');
  });
});
