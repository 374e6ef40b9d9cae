/**
 * The history hash chain (API.md): recomputed independently here, and tampered with directly
 * in DynamoDB to see `/verify` name the first bad event.
 */
import { createHash } from 'node:crypto';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import canonicalizeModule from 'canonicalize';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupEnv, signIn, submittedRegistration, type Client, type TestEnv } from './support.js';

// The package is CommonJS with a default-export typing.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string;

type Event = { seq: number; action: string; comment?: string; prevHash: string; hash: string; changes?: any };

let env: TestEnv;
let submitter: Client;
let street: Client;
let auditor: Client;

beforeAll(async () => {
  env = await setupEnv();
  submitter = await signIn(env.app, 'acme.submitter');
  street = await signIn(env.app, 'dinghailu.reviewer');
  auditor = await signIn(env.app, 'district.auditor');
});

/** create (1) → submit (2) → return with a comment (3) → resubmit (4) → street approve (5). */
async function recordWithFiveEvents(): Promise<string> {
  const sub = await submittedRegistration(submitter);
  const returned = await street.json('POST', `/api/submissions/${sub.id}/actions`, { action: 'return', comment: '请补充材料', version: sub.version });
  const resubmitted = await submitter.json('POST', `/api/submissions/${sub.id}/actions`, { action: 'submit', version: returned.body.version });
  await street.json('POST', `/api/submissions/${sub.id}/actions`, { action: 'approve', comment: '同意', version: resubmitted.body.version });
  return sub.id;
}

const eventKey = (id: string, seq: number) => ({ pk: `SUB#${id}`, sk: `EV#${String(seq).padStart(8, '0')}` });

const verify = async (id: string) => (await auditor.json('GET', `/api/submissions/${id}/verify`)).body;
const events = async (id: string): Promise<Event[]> => (await auditor.json('GET', `/api/submissions/${id}/history`)).body.events;

/** SHA-256 of the RFC 8785 canonical JSON of the event without its hash, done here, not by the app. */
function independentHash(event: Event): string {
  const { hash: _hash, ...rest } = event;
  return createHash('sha256').update(canonicalize(rest), 'utf8').digest('hex');
}

async function setInEvent(id: string, seq: number, path: string[], value: unknown) {
  const names = Object.fromEntries(path.map((p, i) => [`#p${i}`, p]));
  await env.db.doc.send(
    new UpdateCommand({
      TableName: env.db.table,
      Key: eventKey(id, seq),
      UpdateExpression: `SET #event.${path.map((_, i) => `#p${i}`).join('.')} = :v`,
      ExpressionAttributeNames: { '#event': 'event', ...names },
      ExpressionAttributeValues: { ':v': value },
    }),
  );
}

describe('an untouched record', () => {
  let id: string;
  let history: Event[];

  beforeAll(async () => {
    id = await recordWithFiveEvents();
    history = await events(id);
  });

  it('verifies ok with the number of its events', async () => {
    expect(await verify(id)).toMatchObject({ ok: true, events: 5 });
  });

  it('starts its chain with a prevHash of 64 zeros', () => {
    expect(history[0].prevHash).toBe('0'.repeat(64));
  });

  it('gives every event a hash equal to an independent SHA-256 of its canonical JSON', () => {
    expect(history.map(independentHash)).toEqual(history.map((e) => e.hash));
  });

  it('links every event to the hash of the one before', () => {
    expect(history.slice(1).map((e) => e.prevHash)).toEqual(history.slice(0, -1).map((e) => e.hash));
  });

  it('uses lowercase hex SHA-256 hashes', () => {
    for (const e of history) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('numbers its events 1 to 5 in order', () => {
    expect(history.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('a record tampered with in the database', () => {
  it('names the event whose comment was changed', async () => {
    const id = await recordWithFiveEvents();
    await setInEvent(id, 3, ['comment'], '材料齐全');
    expect(await verify(id)).toMatchObject({ ok: false, events: 5, firstBadSeq: 3 });
  });

  it('names the submit event whose data snapshot was changed', async () => {
    const id = await recordWithFiveEvents();
    await setInEvent(id, 2, ['changes', 'data', 'employees'], 9999);
    expect(await verify(id)).toMatchObject({ ok: false, events: 5, firstBadSeq: 2 });
  });

  it('names the event whose actor was changed', async () => {
    const id = await recordWithFiveEvents();
    await setInEvent(id, 5, ['actor', 'id'], 'district.reviewer');
    expect(await verify(id)).toMatchObject({ ok: false, events: 5, firstBadSeq: 5 });
  });

  it('names the event whose hash was recomputed to hide a change, through the next link', async () => {
    const id = await recordWithFiveEvents();
    const [, , third] = await events(id);
    const forged = { ...third, comment: '材料齐全' };
    await setInEvent(id, 3, ['comment'], forged.comment);
    await setInEvent(id, 3, ['hash'], independentHash(forged));
    expect(await verify(id)).toMatchObject({ ok: false, events: 5, firstBadSeq: 4 });
  });

  it('detects a deleted last event', async () => {
    const id = await recordWithFiveEvents();
    await env.db.doc.send(new DeleteCommand({ TableName: env.db.table, Key: eventKey(id, 5) }));
    expect(await verify(id)).toMatchObject({ ok: false, events: 4, firstBadSeq: 5 });
  });

  it('detects a deleted event in the middle', async () => {
    const id = await recordWithFiveEvents();
    await env.db.doc.send(new DeleteCommand({ TableName: env.db.table, Key: eventKey(id, 3) }));
    expect(await verify(id)).toMatchObject({ ok: false, events: 4 });
  });

  it('shows the tampered value in the history, where a re-verifier can catch it', async () => {
    const id = await recordWithFiveEvents();
    await setInEvent(id, 3, ['comment'], '材料齐全');
    const third = (await events(id))[2];
    expect([third.comment, independentHash(third) === third.hash]).toEqual(['材料齐全', false]);
  });
});

describe('the history’s content', () => {
  it('is readable by the auditor of the submitting union', async () => {
    const id = await recordWithFiveEvents();
    const acmeAuditor = await signIn(env.app, 'acme.auditor');
    const res = await acmeAuditor.json('GET', `/api/submissions/${id}/verify`);
    expect(res.body).toMatchObject({ ok: true, events: 5 });
  });

  it('keeps the return comment in the event that returned it', async () => {
    const id = await recordWithFiveEvents();
    const third = (await events(id))[2];
    expect([third.action, third.comment]).toEqual(['return', '请补充材料']);
  });
});
