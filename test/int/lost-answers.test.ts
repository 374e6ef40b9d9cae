/**
 * A write whose answer is lost: DynamoDB Local receives the TransactWriteItems and commits
 * it, and then the SDK sees a TimeoutError instead of the answer (an SDK middleware lets the
 * request through and throws on the way back), as when the database stalls mid-action.
 * The app must answer what really happened: the new state when the write committed, 503 only
 * when it did not.
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupEnv, signIn, submittedRegistration, validRegistration, type Client, type TestEnv } from './support.js';

/**
 * - `lose-first`: the first attempt commits, its answer is lost; later attempts pass.
 * - `lose-all`: every attempt reaches the database, every answer is lost (reads still work).
 * - `drop-all`: every attempt times out before it reaches the database: nothing commits.
 */
type Mode = 'pass' | 'lose-first' | 'lose-all' | 'drop-all';

let env: TestEnv;
let submitter: Client;
let street: Client;
let district: Client;
let admin: Client;
let mode: Mode = 'pass';
/** Every TransactWriteItems attempt while a fault is on: its token, and whether it reached the database. */
let attempts: { token?: string; delivered: boolean }[] = [];

const timeout = () => Object.assign(new Error('Connection timed out after 3000 ms'), { name: 'TimeoutError' });

beforeAll(async () => {
  env = await setupEnv();
  [submitter, street, district, admin] = await Promise.all(
    ['acme.submitter', 'dinghailu.reviewer', 'district.reviewer', 'admin'].map((u) => signIn(env.app, u)),
  );
  // Inside the SDK's retry loop, around the HTTP exchange itself: the SDK retries as it would.
  env.db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'TransactWriteItemsCommand' || mode === 'pass') return next(args);
      // The token as sent (the SDK fills one in when the caller gives none).
      const body = (args.request as { body?: unknown }).body;
      const text = typeof body === 'string' ? body : body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : undefined;
      const token = text ? (JSON.parse(text) as { ClientRequestToken?: string }).ClientRequestToken : undefined;
      if (mode === 'drop-all') {
        attempts.push({ token, delivered: false });
        throw timeout();
      }
      const first = attempts.length === 0;
      const out = await next(args);
      attempts.push({ token, delivered: true });
      if (mode === 'lose-all' || first) throw timeout();
      return out;
    },
    { step: 'deserialize', name: 'loseTransactionAnswers', priority: 'high' },
  );
});

afterEach(() => {
  mode = 'pass';
  attempts = [];
});

/** Run `call` with the fault on; the fault is off again before anything is read back. */
async function withFault<T>(fault: Mode, call: () => Promise<T>): Promise<{ result: T; attempts: typeof attempts }> {
  mode = fault;
  attempts = [];
  try {
    return { result: await call(), attempts };
  } finally {
    mode = 'pass';
  }
}

async function atDistrictReview(): Promise<{ id: string; version: number }> {
  const sub = await submittedRegistration(submitter);
  const approved = await street.json('POST', `/api/submissions/${sub.id}/actions`, { action: 'approve', version: sub.version });
  expect(approved.status).toBe(200);
  return approved.body;
}

/** One logical write: every attempt carries the same ClientRequestToken of at most 36 characters. */
function expectOneToken(seen: typeof attempts) {
  expect(seen.length).toBeGreaterThan(0);
  const tokens = new Set(seen.map((a) => a.token));
  expect(tokens.size).toBe(1);
  const [token] = tokens;
  expect(typeof token).toBe('string');
  expect(token!.length).toBeGreaterThan(0);
  expect(token!.length).toBeLessThanOrEqual(36);
}

const TRIALS = 5;

describe.each<Mode>(['lose-first', 'lose-all'])('the district approval whose answer is lost (%s)', (fault) => {
  it(`answers 200 with the number in each of ${TRIALS} trials, as committed, never 503`, async () => {
    let committedButUnavailable = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const sub = await atDistrictReview();
      const { result: res, attempts: seen } = await withFault(fault, () =>
        district.json('POST', `/api/submissions/${sub.id}/actions`, { action: 'approve', version: sub.version }),
      );
      const stored = await district.json('GET', `/api/submissions/${sub.id}`);
      const committed = stored.body.version === sub.version + 1;
      if (committed && res.status === 503) committedButUnavailable++;
      expect(committed).toBe(true);
      expect(stored.body).toMatchObject({ status: 'approved', number: expect.stringMatching(/^YP-\d{4}-\d{4}$/) });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: sub.id, version: sub.version + 1, status: 'approved', number: stored.body.number });
      expect(seen.some((a) => a.delivered)).toBe(true);
      expectOneToken(seen);
      const verify = await district.json('GET', `/api/submissions/${sub.id}/verify`);
      expect(verify.body.ok).toBe(true);
    }
    console.log(`${fault}: ${committedButUnavailable} of ${TRIALS} committed approvals answered 503`);
    expect(committedButUnavailable).toBe(0);
  });
});

describe('the district approval that never reaches the database', () => {
  it('answers 503 and leaves the submission at district review, with no number', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const sub = await atDistrictReview();
      const { result: res, attempts: seen } = await withFault('drop-all', () =>
        district.json('POST', `/api/submissions/${sub.id}/actions`, { action: 'approve', version: sub.version }),
      );
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('unavailable');
      expectOneToken(seen);
      const stored = await district.json('GET', `/api/submissions/${sub.id}`);
      expect(stored.body).toMatchObject({ version: sub.version, step: 'district-review' });
      expect(stored.body.number).toBeUndefined();
      // And the action can simply be repeated.
      const again = await district.json('POST', `/api/submissions/${sub.id}/actions`, { action: 'approve', version: sub.version });
      expect(again.status).toBe(200);
    }
  });
});

describe('other writes whose answer is lost', () => {
  it('a new draft: 201 with the draft that was stored, and only one', async () => {
    const before = (await submitter.json('GET', '/api/submissions?limit=100')).body.items.length;
    const { result: res, attempts: seen } = await withFault('lose-all', () =>
      submitter.json('POST', '/api/submissions', { formId: 'union-registration', data: validRegistration() }),
    );
    expectOneToken(seen);
    expect(res.status).toBe(201);
    expect((await submitter.json('GET', `/api/submissions/${res.body.id}`)).body).toMatchObject({ id: res.body.id, version: 1 });
    expect((await submitter.json('GET', '/api/submissions?limit=100')).body.items.length).toBe(before + 1);
  });

  it('a new draft with an Idempotency-Key: 201, and a retry replays it', async () => {
    const body = { formId: 'union-registration', data: validRegistration() };
    const headers = { 'idempotency-key': `lost-${createHash('sha256').update(String(Math.random())).digest('hex').slice(0, 8)}` };
    const { result: res } = await withFault('lose-all', () => submitter.json('POST', '/api/submissions', body, headers));
    expect(res.status).toBe(201);
    const retry = await submitter.json('POST', '/api/submissions', body, headers);
    expect([retry.status, retry.body.id]).toEqual([201, res.body.id]);
  });

  it('a draft save: 200 with the saved data', async () => {
    const draft = await submitter.json('POST', '/api/submissions', { formId: 'union-registration', data: {} });
    const data = { ...validRegistration(), name: '保存时应答丢失的工会' };
    const { result: res, attempts: seen } = await withFault('lose-all', () =>
      submitter.json('PUT', `/api/submissions/${draft.body.id}/data`, { data, version: draft.body.version }),
    );
    expectOneToken(seen);
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(draft.body.version + 1);
    expect((await submitter.json('GET', `/api/submissions/${draft.body.id}`)).body).toMatchObject({ version: draft.body.version + 1, data: { name: '保存时应答丢失的工会' } });
  });

  it('a draft save that never arrives: 503, the draft unchanged', async () => {
    const draft = await submitter.json('POST', '/api/submissions', { formId: 'union-registration', data: {} });
    const { result: res } = await withFault('drop-all', () =>
      submitter.json('PUT', `/api/submissions/${draft.body.id}/data`, { data: { name: '不应保存' }, version: draft.body.version }),
    );
    expect(res.status).toBe(503);
    expect((await submitter.json('GET', `/api/submissions/${draft.body.id}`)).body.version).toBe(draft.body.version);
  });

  it('an admin change: 201 with the organisation, logged once', async () => {
    const { result: res, attempts: seen } = await withFault('lose-all', () =>
      admin.json('POST', '/api/admin/orgs', { id: 'lost-answer-union', name: '应答丢失工会', type: 'grassroots', parentId: 'dinghailu' }),
    );
    expectOneToken(seen);
    expect(res.status).toBe(201);
    const month = new Date().toISOString().slice(0, 7);
    const log = await admin.json('GET', `/api/admin/log?month=${month}`);
    const entries = (log.body.entries ?? log.body.items ?? []) as { target: { id: string } }[];
    expect(entries.filter((e) => e.target.id === 'lost-answer-union')).toHaveLength(1);
  });
});
