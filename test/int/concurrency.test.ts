/**
 * Optimistic concurrency on DynamoDB Local: many approvals racing at one version, and a stale
 * version, never write twice or half.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { setupEnv, signIn, submittedRegistration as submitted_, validRegistration, type Client, type TestEnv } from './support.js';

type Answer = { status: number; body: any };

const RACERS = 12;
const NOW = new Date('2030-03-04T02:00:00.000Z');
const submittedRegistration = (client: Client) => submitted_(client, validRegistration(NOW));

let env: TestEnv;
let submitter: Client;
let street: Client;
let district: Client;

beforeAll(async () => {
  env = await setupEnv({ now: () => NOW });
  submitter = await signIn(env.app, 'acme.submitter');
  street = await signIn(env.app, 'dinghailu.reviewer');
  district = await signIn(env.app, 'district.reviewer');
});

const approve = (client: Client, sub: { id: string; version: number }) =>
  client.json('POST', `/api/submissions/${sub.id}/actions`, { action: 'approve', version: sub.version });

const race = (client: Client, sub: { id: string; version: number }): Promise<Answer[]> =>
  Promise.all(Array.from({ length: RACERS }, () => approve(client, sub)));

const history = async (id: string) => (await district.json('GET', `/api/submissions/${id}/history`)).body.events as { action: string }[];

describe(`${RACERS} concurrent street approvals at the same version`, () => {
  let sub: { id: string; version: number };
  let answers: Answer[];

  beforeAll(async () => {
    sub = await submittedRegistration(submitter);
    answers = await race(street, sub);
  });

  it('answers exactly one of them 200', () => {
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
  });

  it('answers the other eleven 409 version_conflict', () => {
    const losers = answers.filter((a) => a.status !== 200).map((a) => [a.status, a.body.error.code]);
    expect(losers).toEqual(Array.from({ length: RACERS - 1 }, () => [409, 'version_conflict']));
  });

  it('records exactly one approve event', async () => {
    const events = await history(sub.id);
    expect(events.filter((e) => e.action === 'approve')).toHaveLength(1);
  });

  it('advances the version by exactly one', async () => {
    const after = await district.json('GET', `/api/submissions/${sub.id}`);
    expect(after.body).toMatchObject({ version: sub.version + 1, step: 'district-review' });
  });

  it('keeps a hash chain that verifies', async () => {
    const verified = await district.json('GET', `/api/submissions/${sub.id}/verify`);
    expect(verified.body).toMatchObject({ ok: true, events: 3, integrity: { ok: true }, completeness: { ok: true } });
  });

  it('moves the submission to the district inbox exactly once', async () => {
    const inbox = await district.json('GET', '/api/inbox');
    const ids = inbox.body.items.map((i: { submissionId: string }) => i.submissionId);
    expect(ids.filter((id: string) => id === sub.id)).toHaveLength(1);
  });
});

describe(`${RACERS} concurrent district approvals that each would issue a number`, () => {
  let sub: { id: string; version: number };
  let answers: Answer[];

  beforeAll(async () => {
    const submitted = await submittedRegistration(submitter);
    sub = (await approve(street, submitted)).body;
    answers = await race(district, sub);
  });

  it('answers exactly one 200 and eleven 409 version_conflict', () => {
    const summary = answers.map((a) => (a.status === 200 ? 'ok' : `${a.status} ${a.body.error.code}`)).sort();
    expect(summary).toEqual([...Array.from({ length: RACERS - 1 }, () => '409 version_conflict'), 'ok']);
  });

  it('issues the first number of the year to the winner', () => {
    const winner = answers.find((a) => a.status === 200)!;
    expect(winner.body.number).toBe('YP-2030-0001');
  });

  it('burns no number: the next approval takes 0002', async () => {
    const next = await submittedRegistration(submitter);
    const streetApproved = await approve(street, next);
    const approved = await approve(district, streetApproved.body);
    expect(approved.body.number).toBe('YP-2030-0002');
  });
});

describe('a stale version', () => {
  let sub: { id: string; version: number };
  let refused: Answer;
  let before: { sub: any; events: unknown[]; inbox: unknown };

  beforeAll(async () => {
    const submitted = await submittedRegistration(submitter);
    sub = (await street.json('POST', `/api/submissions/${submitted.id}/actions`, { action: 'comment', comment: '请核对', version: submitted.version })).body;
    before = {
      sub: (await street.json('GET', `/api/submissions/${sub.id}`)).body,
      events: await history(sub.id),
      inbox: (await street.json('GET', '/api/inbox')).body,
    };
    refused = await approve(street, { id: sub.id, version: sub.version - 1 });
  });

  it('answers 409 version_conflict when the version is stale', () => {
    expect([refused.status, refused.body.error.code]).toEqual([409, 'version_conflict']);
  });

  it('leaves the submission unchanged after a stale approval', async () => {
    const after = await street.json('GET', `/api/submissions/${sub.id}`);
    expect(after.body).toEqual(before.sub);
  });

  it('writes no history event for a stale approval', async () => {
    expect(await history(sub.id)).toEqual(before.events);
  });

  it('leaves the inbox unchanged after a stale approval', async () => {
    const inbox = await street.json('GET', '/api/inbox');
    expect(inbox.body).toEqual(before.inbox);
  });

  it('answers 409 version_conflict for a version from the future', async () => {
    const res = await approve(street, { id: sub.id, version: sub.version + 5 });
    expect([res.status, res.body.error.code]).toEqual([409, 'version_conflict']);
  });
});
