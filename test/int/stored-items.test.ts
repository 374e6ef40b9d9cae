/**
 * History events and inbox entries are parsed on the way out of the store: a stored item of
 * the wrong shape is an error naming the item, never an object passed on as if it were right.
 * Items are written straight into DynamoDB Local, past the app.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { seal, verifyChain } from '../../functions/records/chain.js';
import { keys } from '../../functions/store/keys.js';
import { MalformedItem } from '../../functions/store/errors.js';
import { readHistory, readInbox } from '../../functions/store/submissions.js';
import { setupEnv, signIn, submittedRegistration, type Client, type TestEnv } from './support.js';

let env: TestEnv;
let submitter: Client;
let street: Client;

beforeAll(async () => {
  env = await setupEnv();
  submitter = await signIn(env.app, 'acme.submitter');
  street = await signIn(env.app, 'dinghailu.reviewer');
});

afterEach(() => {
  vi.restoreAllMocks();
});

const put = (Item: Record<string, unknown>) => env.db.doc.send(new PutCommand({ TableName: env.db.table, Item }));

async function setInEvent(id: string, seq: number, attribute: string, value: unknown) {
  await env.db.doc.send(
    new UpdateCommand({
      TableName: env.db.table,
      Key: keys.event(id, seq),
      UpdateExpression: 'SET #event.#a = :v',
      ExpressionAttributeNames: { '#event': 'event', '#a': attribute },
      ExpressionAttributeValues: { ':v': value },
    }),
  );
}

describe('readHistory', () => {
  it('reads a record’s events as they were sealed', async () => {
    const sub = await submittedRegistration(submitter);
    const events = await readHistory(env.db, sub.id);
    expect([events.map((e) => e.seq), verifyChain(events).ok]).toEqual([[1, 2], true]);
  });

  it('refuses an event whose sequence number is text, naming the item and the field', async () => {
    const sub = await submittedRegistration(submitter);
    await setInEvent(sub.id, 2, 'seq', '2');
    const error = await readHistory(env.db, sub.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedItem);
    expect((error as MalformedItem).message).toMatch(new RegExp(`SUB#${sub.id}.*EV#00000002.*event\\.seq`));
  });

  it('refuses an event item without its event', async () => {
    const sub = await submittedRegistration(submitter);
    await put({ ...keys.event(sub.id, 3), note: 'no event here' });
    await expect(readHistory(env.db, sub.id)).rejects.toThrow(MalformedItem);
  });

  it('refuses an event whose actor is missing', async () => {
    const sub = await submittedRegistration(submitter);
    await setInEvent(sub.id, 1, 'actor', null);
    await expect(readHistory(env.db, sub.id)).rejects.toThrow(/event\.actor/);
  });

  it('keeps a field it does not know, so the event still verifies against its hash', async () => {
    const sub = await submittedRegistration(submitter);
    const [first] = await readHistory(env.db, sub.id);
    const { hash: _hash, ...rest } = first;
    const widened = seal({ ...rest, note: '以后的字段' } as typeof rest);
    await put({ ...keys.event(sub.id, 1), event: widened });
    const [read] = await readHistory(env.db, sub.id);
    expect([(read as Record<string, unknown>).note, read.hash]).toEqual(['以后的字段', widened.hash]);
  });

  it('answers GET /history with 503 and logs the malformed item', async () => {
    const sub = await submittedRegistration(submitter);
    await setInEvent(sub.id, 2, 'comment', 42);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await street.json('GET', `/api/submissions/${sub.id}/history`);
    expect([res.status, res.body.error.code]).toEqual([503, 'unavailable']);
    expect(logged.mock.calls.flat().join(' ')).toMatch(/MalformedItem/);
  });
});

describe('verifying a record whose event was retyped', () => {
  it('reports the chain broken at that event, not a 503', async () => {
    const sub = await submittedRegistration(submitter);
    await setInEvent(sub.id, 2, 'comment', 42);
    const res = await street.json('GET', `/api/submissions/${sub.id}/verify`);
    expect([res.status, res.body]).toMatchObject([200, { ok: false, events: 2, firstBadSeq: 2, integrity: { ok: false, firstBadSeq: 2, reason: 'hash' } }]);
  });
});

describe('readInbox', () => {
  const entry = (submissionId: string) => ({
    submissionId,
    formId: 'union-registration',
    step: 'street-review',
    orgId: 'acme',
    orgName: '艾克米',
    since: '2026-01-05T02:00:00.000Z',
  });

  it('reads entries without their keys', async () => {
    const key = `org:${randomUUID()}:reviewer`;
    await put({ ...keys.inbox(key, 's-1'), ...entry('s-1'), dueAt: '2026-01-12T15:59:59.999Z' });
    expect(await readInbox(env.db, [key])).toEqual([{ ...entry('s-1'), dueAt: '2026-01-12T15:59:59.999Z' }]);
  });

  it('refuses an entry whose time is a number, naming the item and the field', async () => {
    const key = `org:${randomUUID()}:reviewer`;
    await put({ ...keys.inbox(key, 's-2'), ...entry('s-2'), since: 1_767_578_400 });
    const error = await readInbox(env.db, [key]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedItem);
    expect((error as MalformedItem).message).toMatch(new RegExp(`INBOX#${key}.*SUB#s-2.*since`));
  });

  it('refuses an entry without its submission id', async () => {
    const key = `org:${randomUUID()}:reviewer`;
    const { submissionId: _id, ...rest } = entry('s-3');
    await put({ ...keys.inbox(key, 's-3'), ...rest });
    await expect(readInbox(env.db, [key])).rejects.toThrow(/submissionId/);
  });
});
