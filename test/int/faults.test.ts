/**
 * Faults DynamoDB Local cannot produce, injected with aws-sdk-client-mock on the app's own
 * DocumentClient: only the action's TransactWriteItems fails; every other call goes through
 * to the emulator. Each answer must be the documented envelope, and afterwards (mock
 * restored) the submission must be exactly as it was: nothing half-written.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { DescribeTableCommand, ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/http/app.js';
import { createDb, type Db } from '../../functions/store/dynamo.js';
import { keys } from '../../functions/store/keys.js';
import { freePort } from '../../functions/store/local-dynamo.js';
import { shanghaiDate } from '../../workflows/calendar.js';
import { setupEnv, signIn, submittedRegistration, validRegistration, type Client, type TestEnv } from './support.js';

type DocClient = TestEnv['db']['doc'];

/** An AWS-shaped error as the SDK would throw it (name, fault, metadata). */
function awsError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400, attempts: 1 }, ...extra });
}

function cancelled(codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: codes.map((Code) => (Code === 'None' ? { Code } : { Code, Message: `${Code} on this item` })),
  });
}

type Snapshot = { version: number; step: string; status: string; number?: string; events: number; lastHash: string; chainOk: boolean; inbox: string[] };

/** The submission as DynamoDB holds it now, read through the API with the mock restored. */
async function snapshot(viewer: Client, id: string): Promise<Snapshot> {
  const sub = await viewer.json('GET', `/api/submissions/${id}`);
  const history = await viewer.json('GET', `/api/submissions/${id}/history`);
  const verify = await viewer.json('GET', `/api/submissions/${id}/verify`);
  const inbox = await viewer.json('GET', '/api/inbox');
  expect(sub.status).toBe(200);
  const events = history.body.events as { hash: string }[];
  return {
    version: sub.body.version,
    step: sub.body.step,
    status: sub.body.status,
    number: sub.body.number,
    events: events.length,
    lastHash: events[events.length - 1]?.hash ?? '',
    chainOk: verify.body.ok === true,
    inbox: (inbox.body.items as { submissionId: string }[]).map((i) => i.submissionId).filter((s) => s === id),
  };
}

/** Writes that went out through the DocumentClient other than the transaction. */
function strayWrites(mock: AwsClientStub<DocClient>): number {
  return mock.commandCalls(PutCommand).length + mock.commandCalls(UpdateCommand).length + mock.commandCalls(DeleteCommand).length;
}

let env: TestEnv;
let submitter: Client;
let street: Client;
let district: Client;
let active: AwsClientStub<DocClient> | undefined;

/** Mock the app's DocumentClient: everything calls through to DynamoDB Local unless told otherwise. */
function mockDoc(): AwsClientStub<DocClient> {
  const mock = mockClient(env.db.doc);
  mock.send.callThrough();
  active = mock;
  return mock;
}

function restoreMock() {
  active?.restore();
  active = undefined;
}

beforeAll(async () => {
  env = await setupEnv();
  submitter = await signIn(env.app, 'acme.submitter');
  street = await signIn(env.app, 'dinghailu.reviewer');
  district = await signIn(env.app, 'district.reviewer');
});

afterEach(restoreMock);

type Outcome = { status: number; body: any; transactions: number; tokens: Set<unknown>; strays: number; before: Snapshot; after: Snapshot };

/** Submit a registration, then let the street approval's TransactWriteItems fail with `error`. */
async function streetApprovalFailingWith(error: Error): Promise<Outcome> {
  const sub = await submittedRegistration(submitter);
  const before = await snapshot(street, sub.id);
  const mock = mockDoc();
  mock.on(TransactWriteCommand).rejects(error);
  const res = await street.json('POST', `/api/submissions/${sub.id}/actions`, { action: 'approve', version: sub.version });
  const calls = mock.commandCalls(TransactWriteCommand);
  const tokens = new Set(calls.map((call) => call.args[0].input.ClientRequestToken));
  const strays = strayWrites(mock);
  restoreMock();
  const after = await snapshot(street, sub.id);
  return { status: res.status, body: res.body, transactions: calls.length, tokens, strays, before, after };
}

/** `unknown`: the write may have committed (no answer came back), so it is sent again under its token before answering. */
const faults: { name: string; error: () => Error; status: number; code: string; unknown?: boolean }[] = [
  { name: 'ThrottlingException', error: () => awsError('ThrottlingException', 'Rate of requests exceeds the allowed throughput.'), status: 503, code: 'unavailable' },
  {
    name: 'ProvisionedThroughputExceededException',
    error: () =>
      new ProvisionedThroughputExceededException({
        message: 'The level of configured provisioned throughput for the table was exceeded.',
        $metadata: { httpStatusCode: 400 },
      }),
    status: 503,
    code: 'unavailable',
  },
  {
    name: 'a TimeoutError (no answer within the request timeout)',
    error: () => awsError('TimeoutError', 'Connection timed out after 3000 ms', { $fault: undefined, $metadata: undefined }),
    status: 503,
    code: 'unavailable',
    unknown: true,
  },
  {
    name: 'a reset connection (ECONNRESET)',
    error: () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    status: 503,
    code: 'unavailable',
    unknown: true,
  },
  {
    name: 'TransactionCanceledException [ConditionalCheckFailed, None, None, None] (a lost race)',
    error: () => cancelled(['ConditionalCheckFailed', 'None', 'None', 'None']),
    status: 409,
    code: 'version_conflict',
  },
  {
    name: 'TransactionCanceledException [None, None, ThrottlingError, None]',
    error: () => cancelled(['None', 'None', 'ThrottlingError', 'None']),
    status: 503,
    code: 'unavailable',
  },
];

describe.each(faults)('a street approval whose TransactWriteItems fails with $name', ({ error, status, code, unknown }) => {
  let outcome: Outcome;
  beforeAll(async () => {
    outcome = await streetApprovalFailingWith(error());
  });

  it(`answers ${status} with the "${code}" error envelope`, () => {
    expect(outcome.status).toBe(status);
    expect(outcome.body).toEqual({ error: { code, message: expect.any(String) } });
    expect(outcome.body.error.message.length).toBeGreaterThan(0);
  });

  it(`attempted ${unknown ? 'one logical TransactWriteItems, sent again under its one ClientRequestToken,' : 'exactly one TransactWriteItems'} and no separate write`, () => {
    if (unknown) {
      expect(outcome.transactions).toBeGreaterThan(1);
      expect(outcome.transactions).toBeLessThanOrEqual(3);
    } else {
      expect(outcome.transactions).toBe(1);
    }
    expect(outcome.tokens.size).toBe(1);
    expect([...outcome.tokens][0]).toEqual(expect.any(String));
    expect(outcome.strays).toBe(0);
  });

  it('leaves the submission in DynamoDB as it was: same version, step, status, history and inbox, chain intact', () => {
    expect(outcome.before.version).toBeGreaterThan(0);
    expect(outcome.before.step).toBe('street-review');
    expect(outcome.before.inbox).toHaveLength(1);
    expect(outcome.after).toEqual(outcome.before);
    expect(outcome.after.chainOk).toBe(true);
  });
});

describe('a submit whose TransactWriteItems is throttled', () => {
  it('answers 503 unavailable and leaves the draft a draft at its version', async () => {
    const created = await submitter.json('POST', '/api/submissions', { formId: 'union-registration', data: validRegistration() });
    expect(created.status).toBe(201);
    const before = await snapshot(submitter, created.body.id);
    const mock = mockDoc();
    mock.on(TransactWriteCommand).rejects(awsError('ThrottlingException', 'Rate exceeded'));
    const res = await submitter.json('POST', `/api/submissions/${created.body.id}/actions`, { action: 'submit', version: created.body.version });
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(1);
    restoreMock();
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('unavailable');
    const after = await snapshot(submitter, created.body.id);
    expect(after).toEqual(before);
    expect(after).toMatchObject({ step: 'fill', status: 'draft', chainOk: true });
  });
});

describe('the final approval when another approval takes the counter value first', () => {
  /** A district-review submission, and the counter's value now. */
  async function atDistrictReview() {
    const sub = await submittedRegistration(submitter);
    const approved = await street.json('POST', `/api/submissions/${sub.id}/actions`, { action: 'approve', version: sub.version });
    expect(approved.status).toBe(200);
    return approved.body as { id: string; version: number };
  }

  async function counterValue(db: Db): Promise<number> {
    const year = Number(shanghaiDate(new Date()).slice(0, 4));
    const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.counter('union-registration', year), ConsistentRead: true }));
    return typeof out.Item?.value === 'number' ? out.Item.value : 0;
  }

  type RealSend = (command: TransactWriteCommand | PutCommand) => Promise<unknown>;
  /** The DocumentClient's own send, taken before mocking, to call through from a fake. */
  const realSend = (): RealSend => env.db.doc.send.bind(env.db.doc) as unknown as RealSend;

  /** Before the transaction, another approval moves the counter; then DynamoDB cancels ours on it. */
  function counterMovesBeforeEachTransaction(mock: AwsClientStub<DocClient>, times: number, original: RealSend) {
    let moved = 0;
    mock.on(TransactWriteCommand).callsFake(async (input: ConstructorParameters<typeof TransactWriteCommand>[0]) => {
      if (moved >= times) return original(new TransactWriteCommand(input));
      moved++;
      const items = input.TransactItems ?? [];
      const counterIndex = items.findIndex((i) => String(i.Put?.Item?.pk ?? '').startsWith('COUNTER#'));
      const counter = items[counterIndex]!.Put!;
      // Another approval took the value this one is about to issue.
      await original(new PutCommand({ TableName: env.db.table, Item: { ...counter.Item!, value: Number(counter.Item!.value) } }));
      throw cancelled(items.map((_, i) => (i === counterIndex ? 'ConditionalCheckFailed' : 'None')));
    });
  }

  it('retries with the next counter value and issues the number after the one taken', async () => {
    const sub = await atDistrictReview();
    await district.json('GET', '/api/inbox');
    const seen = await counterValue(env.db);
    const original = realSend();
    const mock = mockDoc();
    counterMovesBeforeEachTransaction(mock, 1, original);
    const res = await district.json('POST', `/api/submissions/${sub.id}/actions`, { action: 'approve', version: sub.version });
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(2);
    restoreMock();
    expect(res.status).toBe(200);
    expect(res.body.number).toMatch(new RegExp(`^YP-\\d{4}-${String(seen + 2).padStart(4, '0')}$`));
    expect(await counterValue(env.db)).toBe(seen + 2);
  });

  it('answers 503 and changes nothing when the counter moves on every attempt', async () => {
    const sub = await atDistrictReview();
    const before = await snapshot(district, sub.id);
    const original = realSend();
    const mock = mockDoc();
    counterMovesBeforeEachTransaction(mock, 100, original);
    const res = await district.json('POST', `/api/submissions/${sub.id}/actions`, { action: 'approve', version: sub.version });
    const attempts = mock.commandCalls(TransactWriteCommand).length;
    restoreMock();
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('unavailable');
    expect(attempts).toBe(3);
    const after = await snapshot(district, sub.id);
    expect(after).toEqual(before);
    expect(after).toMatchObject({ step: 'district-review', chainOk: true, number: undefined });
  });
});

describe('a create racing another with the same Idempotency-Key', () => {
  it('replays the first answer when its transaction conflicts with the one that took the key', async () => {
    const body = { formId: 'union-registration', data: validRegistration() };
    const headers = { 'idempotency-key': 'race-1' };
    const first = await submitter.json('POST', '/api/submissions', body, headers);
    // The second request's transaction meets the first one's in flight: DynamoDB cancels it
    // with a conflict on the key's item, not a failed condition.
    const mock = mockDoc();
    mock.on(TransactWriteCommand).rejectsOnce(cancelled(['None', 'None', 'TransactionConflict']));
    const second = await submitter.json('POST', '/api/submissions', body, headers);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
  });
});

describe('GET /health when DynamoDB does not answer', () => {
  const health = async (db: Db) => {
    const app = createApp({ db, now: () => new Date(), publicUrl: 'http://localhost' });
    const res = await app.request('/health');
    return { status: res.status, body: (await res.json()) as any };
  };

  it('answers 503 unavailable when nothing listens on the database port', async () => {
    const port = await freePort();
    const db = createDb({ table: env.db.table, endpoint: `http://127.0.0.1:${port}`, maxAttempts: 1 });
    const res = await health(db);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('unavailable');
  });

  it('answers 503 unavailable when the database accepts the connection but never replies', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      // The app's own client settings, with a short per-attempt timeout so the test is quick.
      const db = createDb({ table: env.db.table, endpoint: `http://127.0.0.1:${port}`, requestTimeoutMs: 300, maxAttempts: 1 });
      const deadline = new Promise<'no answer within 5 s'>((resolve) => setTimeout(() => resolve('no answer within 5 s'), 5000).unref());
      const res = await Promise.race([health(db), deadline]);
      expect(res).toEqual({ status: 503, body: { ok: false, error: { code: 'unavailable', message: expect.any(String) } } });
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('answers 503 within 2 s with the app’s own client settings when the database accepts connections and never replies', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      // No test-only timeouts: the client as createDb makes it for the app.
      const db = createDb({ table: env.db.table, endpoint: `http://127.0.0.1:${port}` });
      const started = Date.now();
      const res = await health(db);
      const elapsed = Date.now() - started;
      console.log(`/health with a silent database: ${res.status} after ${elapsed} ms`);
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('unavailable');
      expect(elapsed).toBeLessThan(2500);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('answers 503 unavailable when DescribeTable fails with a service error', async () => {
    const mock = mockDoc();
    mock.on(DescribeTableCommand).rejects(awsError('InternalServerError', 'Internal server error', { $fault: 'server', $metadata: { httpStatusCode: 500 } }));
    const res = await env.app.request('/health');
    expect(mock.commandCalls(DescribeTableCommand)).toHaveLength(1);
    expect(res.status).toBe(503);
    expect(((await res.json()) as any).error.code).toBe('unavailable');
  });
});

afterAll(restoreMock);
