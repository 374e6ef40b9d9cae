/**
 * Every wait between the store's attempts goes through the Db's `sleep`: unprocessed batch
 * items, transaction conflicts on a code, an idempotency key another request is taking, and
 * unprocessed attachment keys. The faults are ones DynamoDB Local cannot produce, injected on
 * a Db of the test's own whose sleep records each wait and returns at once; everything else
 * reaches the emulator.
 */
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, seal } from '../../functions/records/chain.js';
import { checkAttachmentRefs } from '../../functions/store/attachments.js';
import { codeHash, codeItem, generateCode, putAnonymous, putCodes, redeemCode } from '../../functions/store/codes.js';
import { createDb, type Db } from '../../functions/store/dynamo.js';
import { insertSubmission, type Submission } from '../../functions/store/submissions.js';
import { scanTable, setupEnv, type TestEnv } from './support.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});

type Stub = AwsClientStub<Db['doc']>;
let mock: Stub | undefined;
afterEach(() => {
  mock?.restore();
  mock = undefined;
});

/** The test table through a client of its own, its waits recorded (and not waited). */
function recordingDb() {
  const waits: number[] = [];
  const db = createDb({ table: env.db.table, anonTable: env.db.anonTable, endpoint: env.endpoint, sleep: async (ms) => void waits.push(ms) });
  mock = mockClient(db.doc);
  mock.send.callThrough();
  return { db, waits, mock };
}

const aCode = (roundId: string) => ({ hash: codeHash(generateCode()), roundId, orgId: 'acme', purpose: 'evaluation' as const });

describe('putAnonymous', () => {
  it('writes the items DynamoDB left unprocessed after one wait through the Db’s sleep', async () => {
    const { db, waits, mock } = recordingDb();
    const roundId = randomUUID();
    const items = [aCode(roundId), aCode(roundId)].map(codeItem);
    let calls = 0;
    mock.on(BatchWriteCommand).callsFake(async (input) => {
      if (calls++ === 0) return { UnprocessedItems: input.RequestItems };
      return env.db.doc.send(new BatchWriteCommand(input));
    });
    await putAnonymous(db, items);
    const stored = (await scanTable(env, 'anon')).filter((i) => i.roundId === roundId);
    expect([stored.length, waits.length]).toEqual([2, 1]);
  });

  it('gives up as unavailable after eight attempts, each retry after a wait through the Db’s sleep', async () => {
    const { db, waits, mock } = recordingDb();
    mock.on(BatchWriteCommand).callsFake(async (input) => ({ UnprocessedItems: input.RequestItems }));
    const started = Date.now();
    await expect(putAnonymous(db, [codeItem(aCode(randomUUID()))])).rejects.toMatchObject({ code: 'unavailable' });
    // The backoff asks for about 1.7–3.5 s in all; none of it is waited here.
    expect([mock.commandCalls(BatchWriteCommand).length, waits.length, Date.now() - started < 1000]).toEqual([8, 7, true]);
    expect(waits.reduce((a, b) => a + b, 0)).toBeGreaterThan(1500);
  });
});

describe('redeemCode', () => {
  it('gives up on persistent conflicts as unavailable, waiting only through the Db’s sleep between attempts', async () => {
    const code = generateCode();
    await putCodes(env.db, [{ ...aCode(randomUUID()), hash: codeHash(code) }]);
    const { db, waits, mock } = recordingDb();
    mock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled [TransactionConflict]',
        $metadata: { httpStatusCode: 400 },
        CancellationReasons: [{ Code: 'TransactionConflict' }],
      }),
    );
    const started = Date.now();
    await expect(redeemCode(db, code, 'evaluation', { items: () => [] })).rejects.toMatchObject({ code: 'unavailable' });
    expect([mock.commandCalls(TransactWriteCommand).length, waits.length, Date.now() - started < 1000]).toEqual([12, 11, true]);
    await expect(redeemCode(env.db, code, 'evaluation', { items: () => [] })).resolves.toMatchObject({ orgId: 'acme' });
  });
});

describe('insertSubmission with an idempotency key', () => {
  function draft(): { sub: Submission; event: ReturnType<typeof seal> } {
    const id = randomUUID();
    const at = new Date().toISOString();
    const sub: Submission = {
      id,
      formId: 'union-registration',
      formVersion: 1,
      orgId: 'acme',
      orgName: '艾克米',
      orgPath: ['yangpu', 'dinghailu', 'acme'],
      step: 'fill',
      status: 'draft',
      data: {},
      computed: {},
      warnings: [],
      version: 1,
      assignees: [],
      reviewActed: false,
      seq: 1,
      lastHash: '',
      createdAt: at,
      updatedAt: at,
      createdBy: 'acme.submitter',
    };
    const event = seal({
      seq: 1,
      at,
      actor: { id: 'acme.submitter', name: '提交人', orgId: 'acme' },
      action: 'create',
      step: 'fill',
      to: 'fill',
      status: 'draft',
      formId: sub.formId,
      formVersion: 1,
      prevHash: GENESIS_HASH,
    });
    return { sub: { ...sub, lastHash: event.hash }, event };
  }

  it('waits through the Db’s sleep for the first answer while another request holds the key, then answers 409', async () => {
    const { db, waits, mock } = recordingDb();
    mock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled [None, None, TransactionConflict]',
        $metadata: { httpStatusCode: 400 },
        CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'TransactionConflict' }],
      }),
    );
    const { sub, event } = draft();
    const idem = { userId: 'acme.submitter', key: randomUUID(), fingerprint: 'f', expiresAt: Math.floor(Date.now() / 1000) + 3600 };
    await expect(insertSubmission(db, sub, event, idem)).rejects.toMatchObject({ code: 'version_conflict' });
    expect(waits).toEqual([50, 100, 150]);
  });
});

describe('checkAttachmentRefs', () => {
  it('gives up as unavailable when keys stay unprocessed, each retry after a wait through the Db’s sleep', async () => {
    const { db, waits, mock } = recordingDb();
    mock.on(BatchGetCommand).callsFake(async (input) => ({ Responses: {}, UnprocessedKeys: input.RequestItems }));
    const ref = { id: '01ARZ3NDEKTSV4RRFFQ69G5FAV', name: 'a.pdf', size: 1, sha256: '0'.repeat(64), path: 'files.0' };
    await expect(checkAttachmentRefs(db, 'acme', [ref])).rejects.toMatchObject({ code: 'unavailable' });
    expect(waits).toEqual([100, 200, 400]);
  });
});
