/**
 * `redeemCode`, the one way a member's code is used: refusals that look like an unknown code,
 * the rule that its transaction writes only the anonymous table, items chosen anew after a
 * lost race, and faults only AWS shows (conflicts, an answer lost after the commit).
 */
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeHash, generateCode, putCodes, redeemCode } from '../../functions/store/codes.js';
import { createDb } from '../../functions/store/dynamo.js';
import { scanTable, setupEnv, type TestEnv } from './support.js';

let env: TestEnv;

beforeAll(async () => {
  env = await setupEnv();
});

describe('redeemCode in the store', () => {
  async function storedCode() {
    const code = generateCode();
    await putCodes(env.db, [{ hash: codeHash(code), roundId: randomUUID(), orgId: 'acme', purpose: 'evaluation' }]);
    return code;
  }
  const nothing = { items: () => [] };

  it('refuses an evaluation code offered as a fund-query code', async () => {
    const code = await storedCode();
    await expect(redeemCode(env.db, code, 'fund-query', nothing)).rejects.toMatchObject({ code: 'not_found', text: { zh: '监督码无效或已使用' } });
  });

  it('leaves an evaluation code usable after it was refused as a fund-query code', async () => {
    const code = await storedCode();
    await redeemCode(env.db, code, 'fund-query', nothing).catch(() => undefined);
    await expect(redeemCode(env.db, code, 'evaluation', nothing)).resolves.toMatchObject({ orgId: 'acme' });
  });

  it('refuses a code its caller does not accept, and leaves it usable', async () => {
    const code = await storedCode();
    await expect(redeemCode(env.db, code, 'evaluation', { ...nothing, accepts: (owner) => owner.orgId === 'beta' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(redeemCode(env.db, code, 'evaluation', nothing)).resolves.toMatchObject({ orgId: 'acme' });
  });

  it('refuses to write anything but the anonymous table in a code’s transaction, and leaves the code usable', async () => {
    const code = await storedCode();
    const logged = { Put: { TableName: env.db.table, Item: { pk: 'X#1', sk: 'META' } } };
    await expect(redeemCode(env.db, code, 'evaluation', { items: () => [logged] })).rejects.toThrow(/anonymous table/);
    expect((await scanTable(env)).some((item) => item.pk === 'X#1')).toBe(false);
    await expect(redeemCode(env.db, code, 'evaluation', nothing)).resolves.toMatchObject({ orgId: 'acme' });
  });

  it('chooses its items anew when one was taken by another redemption', async () => {
    const code = await storedCode();
    const taken = { pk: `SLOT#${randomUUID()}`, sk: 'META' };
    await env.db.doc.send(new PutCommand({ TableName: env.db.anonTable, Item: taken }));
    let calls = 0;
    const fill = (key: Record<string, string>) => ({
      Put: { TableName: env.db.anonTable, Item: key, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    const free = { pk: `SLOT#${randomUUID()}`, sk: 'META' };
    await redeemCode(env.db, code, 'evaluation', { items: () => [fill(calls++ === 0 ? taken : free)] });
    const stored = await scanTable(env, 'anon');
    expect([calls, stored.some((item) => item.pk === free.pk)]).toEqual([2, true]);
  });
});

/**
 * DynamoDB Local runs transactions one at a time; AWS cancels one that overlaps another on
 * an item (two members filling the same answer slot at once). Injected here, as is an answer
 * lost after DynamoDB committed the transaction.
 */
describe('redeemCode under transaction conflicts', () => {
  const conflict = () =>
    new TransactionCanceledException({
      message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]',
      $metadata: { httpStatusCode: 400 },
      CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }],
    });

  /** The table's client conflicting `failures` times, then reaching DynamoDB Local through a second, unmocked client. */
  function conflicting(failures: number) {
    const real = createDb({ table: env.db.table, endpoint: env.endpoint });
    const mock = mockClient(env.db.doc);
    mock.send.callThrough();
    let calls = 0;
    mock.on(TransactWriteCommand).callsFake(async (input) => {
      if (calls++ < failures) throw conflict();
      return real.doc.send(new TransactWriteCommand(input));
    });
    return { mock, calls: () => calls };
  }

  async function storedCode() {
    const code = generateCode();
    await putCodes(env.db, [{ hash: codeHash(code), roundId: randomUUID(), orgId: 'acme', purpose: 'evaluation' }]);
    return code;
  }

  it('retries a redemption cancelled by a conflict until it goes through', async () => {
    const code = await storedCode();
    const { mock, calls } = conflicting(2);
    const outcome = await redeemCode(env.db, code, 'evaluation', { items: () => [] }).finally(() => mock.restore());
    expect([outcome.orgId, calls()]).toEqual(['acme', 3]);
  });

  it('gives up as unavailable (503) when conflicts persist, and leaves the code usable', async () => {
    const code = await storedCode();
    const { mock } = conflicting(Number.POSITIVE_INFINITY);
    // The backoff between attempts is counted, not waited.
    const waits: number[] = [];
    const db = { ...env.db, sleep: async (ms: number) => void waits.push(ms) };
    const outcome = await redeemCode(db, code, 'evaluation', { items: () => [] }).catch((error) => error.code).finally(() => mock.restore());
    expect(waits).toHaveLength(11);
    await expect(redeemCode(env.db, code, 'evaluation', { items: () => [] })).resolves.toMatchObject({ orgId: 'acme' });
    expect(outcome).toBe('unavailable');
  });

  it('answers a redemption whose reply was lost after it committed as done, not as a used code', async () => {
    const code = await storedCode();
    const real = createDb({ table: env.db.table, endpoint: env.endpoint });
    const mock = mockClient(env.db.doc);
    mock.send.callThrough();
    const tokens: (string | undefined)[] = [];
    mock.on(TransactWriteCommand).callsFake(async (input) => {
      tokens.push(input.ClientRequestToken);
      const out = await real.doc.send(new TransactWriteCommand(input));
      if (tokens.length === 1) throw Object.assign(new Error('socket timed out after the request was sent'), { name: 'TimeoutError' });
      return out;
    });
    const outcome = await redeemCode(env.db, code, 'evaluation', { items: () => [] }).finally(() => mock.restore());
    expect([outcome.orgId, tokens.length, tokens[0] === tokens[1], typeof tokens[0]]).toEqual(['acme', 2, true, 'string']);
    await expect(redeemCode(env.db, code, 'evaluation', { items: () => [] })).rejects.toMatchObject({ code: 'not_found' });
  });
});
