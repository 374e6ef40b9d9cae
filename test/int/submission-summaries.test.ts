/**
 * readSubmissionSummaries: what a list of submissions needs, read without their data. The
 * items DynamoDB sends back are watched (against DynamoDB Local), not only what is parsed
 * from them, since parsing would drop the data anyway.
 */
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../functions/store/dynamo.js';
import { readSubmissionSummaries, SUMMARY_FIELDS } from '../../functions/store/submission-summaries.js';
import { readSubmission, type Submission } from '../../functions/store/submissions.js';
import { setupEnv, signIn, submittedRegistration, type TestEnv } from './support.js';

let env: TestEnv;
let ids: string[];
let sent: Record<string, unknown>[] = [];

/** The same table, remembering every item a BatchGetItem answered with. */
function watched(db: Db): Db {
  const doc = new Proxy(db.doc, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: unknown) => {
        const out = await target.send(command as never);
        if (command instanceof BatchGetCommand) sent.push(...(((out as { Responses?: Record<string, Record<string, unknown>[]> }).Responses ?? {})[db.table] ?? []));
        const item = (out as { Item?: Record<string, unknown> }).Item;
        if (command instanceof GetCommand && item) sent.push(item);
        return out;
      };
    },
  });
  return { ...db, doc };
}

beforeAll(async () => {
  env = await setupEnv();
  const union = await signIn(env.app, 'acme.submitter');
  ids = [(await submittedRegistration(union)).id, (await submittedRegistration(union)).id];
});

describe('readSubmissionSummaries', () => {
  it('reads each submission’s summary, and leaves an unknown id out', async () => {
    const full = new Map<string, Submission>();
    for (const id of ids) full.set(id, (await readSubmission(env.db, id))!);
    const summaries = await readSubmissionSummaries(env.db, [...ids, '01J00000000000000000000000']);
    expect([...summaries.keys()].sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const want = Object.fromEntries(SUMMARY_FIELDS.filter((f) => full.get(id)![f] !== undefined).map((f) => [f, full.get(id)![f]]));
      expect(summaries.get(id)).toEqual(want);
    }
  });

  it('is sent no data by DynamoDB, where a full read is', async () => {
    sent = [];
    await readSubmissionSummaries(watched(env.db), ids);
    expect(sent).toHaveLength(2);
    for (const item of sent) expect(Object.keys(item).sort()).toEqual(SUMMARY_FIELDS.filter((f) => f in item).sort());
    expect(sent.some((item) => 'data' in item)).toBe(false);
    sent = [];
    for (const id of ids) await readSubmission(watched(env.db), id);
    expect(sent).toHaveLength(2);
    expect(sent.every((item) => 'data' in item)).toBe(true);
  });
});
