/**
 * Transactions by name, and the waiting between attempts, checked on the generated commands
 * with no database: the DocumentClient is mocked whole, so nothing leaves the process.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb } from '../../functions/store/dynamo.js';
import { reasonsByName, transactItems, transactWrite, type NamedItem } from '../../functions/store/transact.js';

const put = (pk: string) => ({ Put: { TableName: 't', Item: { pk, sk: 'META' } } });
const named: NamedItem[] = [
  { name: 'submission', item: put('SUB#1') },
  { name: 'event', item: put('SUB#1#EV') },
  { name: 'counter', item: put('COUNTER#x') },
];

function cancelled(codes: string[]) {
  return new TransactionCanceledException({
    message: `Transaction cancelled [${codes.join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

/** A Db whose waits are recorded and end at once. */
function recordingDb() {
  const waits: number[] = [];
  const db = createDb({ table: 't', endpoint: 'http://127.0.0.1:9', maxAttempts: 1, sleep: async (ms) => void waits.push(ms) });
  return { db, waits, mock: mockClient(db.doc) };
}

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

describe('transactItems', () => {
  it('lists the items in the order they are named', () => {
    expect(transactItems(named)).toEqual([put('SUB#1'), put('SUB#1#EV'), put('COUNTER#x')]);
  });

  it('refuses two items of one name, whose reasons could not be told apart', () => {
    expect(() => transactItems([...named, { name: 'event', item: put('SUB#2') }])).toThrow(/event/);
  });
});

describe('reasonsByName', () => {
  it('gives each named item its cancellation reason', () => {
    const reasons = reasonsByName(cancelled(['None', 'None', 'ConditionalCheckFailed']), named);
    expect(Object.fromEntries(reasons!)).toEqual({ submission: 'None', event: 'None', counter: 'ConditionalCheckFailed' });
  });

  it('is undefined for an error that is not a cancellation', () => {
    expect(reasonsByName(Object.assign(new Error('slow'), { name: 'TimeoutError' }), named)).toBeUndefined();
  });

  it('names no item when the reasons do not match the items one for one', () => {
    expect(reasonsByName(cancelled(['ConditionalCheckFailed']), named)?.size).toBe(0);
  });
});

describe('transactWrite', () => {
  it('sends the named items under the token', async () => {
    const { db, mock } = recordingDb();
    restore = () => mock.restore();
    mock.on(TransactWriteCommand).resolves({});
    await transactWrite(db, named, 'token-1', async () => false);
    expect(mock.commandCalls(TransactWriteCommand)[0].args[0].input).toEqual({ TransactItems: transactItems(named), ClientRequestToken: 'token-1' });
  });

  it('waits through the Db’s sleep before sending again after an answer was lost', async () => {
    const { db, waits, mock } = recordingDb();
    restore = () => mock.restore();
    mock
      .on(TransactWriteCommand)
      .rejectsOnce(Object.assign(new Error('no answer'), { name: 'TimeoutError' }))
      .resolves({});
    await transactWrite(db, named, 'token-2', async () => false);
    expect([mock.commandCalls(TransactWriteCommand).length, waits]).toEqual([2, [50]]);
  });

  it('waits through the Db’s sleep between every resend while no answer comes', async () => {
    const { db, waits, mock } = recordingDb();
    restore = () => mock.restore();
    mock.on(TransactWriteCommand).rejects(Object.assign(new Error('no answer'), { name: 'TimeoutError' }));
    await expect(transactWrite(db, named, 'token-3', async () => false)).rejects.toMatchObject({ code: 'unavailable' });
    expect([mock.commandCalls(TransactWriteCommand).length, waits]).toEqual([3, [50, 100]]);
  });
});
