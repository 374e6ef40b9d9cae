/**
 * `Idempotency-Key` on POST /api/submissions: a retry replays the first answer instead of
 * starting a second draft; the key belongs to the user who sent it.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { setupEnv, signIn, type Client, type TestEnv } from './support.js';

let env: TestEnv;
let acme: Client;
let beta: Client;

beforeAll(async () => {
  env = await setupEnv();
  acme = await signIn(env.app, 'acme.submitter');
  beta = await signIn(env.app, 'beta.submitter');
});

const body = { formId: 'union-registration', data: { name: '上海杨浦示例科技有限公司', employees: 120 } };

const create = (client: Client, key?: string, payload: unknown = body) =>
  client.json('POST', '/api/submissions', payload, key === undefined ? {} : { 'idempotency-key': key });

/** Every draft of the caller (with a date range, so this file tests idempotency, not the plain listing). */
const draftIds = async (client: Client): Promise<string[]> => {
  const page = await client.json('GET', '/api/submissions?status=draft&from=2000-01-01&to=2999-12-31&limit=100');
  return page.body.items.map((s: { id: string }) => s.id);
};

describe('the same key twice', () => {
  let first: { status: number; body: any };
  let second: { status: number; body: any };
  let before: string[];

  beforeAll(async () => {
    before = await draftIds(acme);
    const key = randomUUID();
    first = await create(acme, key);
    second = await create(acme, key);
  });

  it('answers the retry 201 like the first request', () => {
    expect([first.status, second.status]).toEqual([201, 201]);
  });

  it('answers the retry with the same id', () => {
    expect(second.body.id).toBe(first.body.id);
  });

  it('answers the retry with the same body', () => {
    expect(second.body).toEqual(first.body);
  });

  it('creates one submission, not two', async () => {
    const after = await draftIds(acme);
    expect(after.filter((id) => !before.includes(id))).toEqual([first.body.id]);
  });
});

it('creates a new draft for a different key', async () => {
  const first = await create(acme, randomUUID());
  const second = await create(acme, randomUUID());
  expect(second.status).toBe(201);
  expect(second.body.id).not.toBe(first.body.id);
});

it('creates a new draft for each request without a key', async () => {
  const first = await create(acme);
  const second = await create(acme);
  expect(second.body.id).not.toBe(first.body.id);
});

it('answers 400 bad_request when the same key comes with a different body', async () => {
  const key = randomUUID();
  await create(acme, key);
  const res = await create(acme, key, { ...body, data: { name: '另一家公司' } });
  expect([res.status, res.body.error.code]).toEqual([400, 'bad_request']);
});

it('creates nothing when the same key comes with a different body', async () => {
  const key = randomUUID();
  await create(acme, key);
  const before = await draftIds(acme);
  await create(acme, key, { ...body, data: { name: '另一家公司' } });
  expect(await draftIds(acme)).toEqual(before);
});

it('gives another user’s same key its own draft of its own union', async () => {
  const key = randomUUID();
  const mine = await create(acme, key);
  const theirs = await create(beta, key);
  expect(theirs.status).toBe(201);
  expect([theirs.body.id === mine.body.id, theirs.body.orgId]).toEqual([false, 'beta']);
});

it('does not show another user the draft behind a key it reuses', async () => {
  const key = randomUUID();
  const mine = await create(acme, key);
  await create(beta, key);
  const res = await beta.json('GET', `/api/submissions/${mine.body.id}`);
  expect(res.status).toBe(404);
});

it('replays the first answer even after the draft was edited since', async () => {
  const key = randomUUID();
  const first = await create(acme, key);
  await acme.json('PUT', `/api/submissions/${first.body.id}/data`, { data: { name: '改过的名称' }, version: first.body.version });
  const retry = await create(acme, key);
  expect(retry.body).toEqual(first.body);
});

it.each([
  { name: 'an empty key', key: '' },
  { name: 'a key with a space', key: 'a b' },
  { name: 'a key over 128 characters', key: 'k'.repeat(129) },
])('answers 400 bad_request for $name', async ({ key }) => {
  const res = await create(acme, key);
  expect([res.status, res.body.error.code]).toEqual([400, 'bad_request']);
});

it('answers concurrent retries with one key with one draft', async () => {
  const key = randomUUID();
  const answers = await Promise.all(Array.from({ length: 4 }, () => create(acme, key)));
  expect([...new Set(answers.map((a) => `${a.status} ${a.body.id}`))]).toEqual([expect.stringMatching(/^201 [0-9A-Z]{26}$/)]);
});
