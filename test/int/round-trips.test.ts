/**
 * DynamoDB round trips per action (DESIGN.md, "Data flow of one action": one consistent read,
 * one transactional write), counted by an SDK middleware on the app's own client. The
 * middleware sits inside the retry loop, so it counts every HTTP exchange with DynamoDB.
 * Each caller's session is warmed first: the session middleware caches it for 10 s.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setupEnv, signIn, submittedRegistration, validRegistration, type Client, type TestEnv } from './support.js';

type Trip = { command: string; consistent: boolean; pk: string };

let env: TestEnv;
let submitter: Client;
let street: Client;
let district: Client;
const trips: Trip[] = [];

function pkOf(key: unknown): string {
  const pk = (key as { pk?: unknown } | undefined)?.pk;
  if (typeof pk === 'string') return pk;
  const s = (pk as { S?: unknown } | undefined)?.S;
  return typeof s === 'string' ? s : '';
}

/** The round trips `run` makes, in order, as "Command" names without the suffix. */
async function tripsOf(run: () => Promise<{ status: number }>): Promise<{ status: number; trips: Trip[] }> {
  trips.length = 0;
  const res = await run();
  return { status: res.status, trips: [...trips] };
}

const names = (list: Trip[]) => list.map((t) => t.command);

beforeAll(async () => {
  env = await setupEnv();
  env.db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const input = (args.input ?? {}) as { ConsistentRead?: boolean; Key?: unknown };
      trips.push({ command: String(context.commandName ?? '?').replace(/Command$/, ''), consistent: input.ConsistentRead === true, pk: pkOf(input.Key) });
      return next(args);
    },
    { step: 'deserialize', name: 'countRoundTrips', override: true },
  );
  submitter = await signIn(env.app, 'acme.submitter');
  street = await signIn(env.app, 'dinghailu.reviewer');
  district = await signIn(env.app, 'district.reviewer');
});

/** Warm every session (cache for 10 s) so a measured action pays no session read. */
beforeEach(async () => {
  for (const client of [submitter, street, district]) expect((await client.request('GET', '/api/me')).status).toBe(200);
});

const act = (client: Client, id: string, body: Record<string, unknown>) => client.json('POST', `/api/submissions/${id}/actions`, body);

describe('DynamoDB round trips per action with a warm session', () => {
  it('counts the session read itself on a cold session, and none once it is cached', async () => {
    const fresh = await signIn(env.app, 'wujiaochang.reviewer');
    const cold = await tripsOf(() => fresh.request('GET', '/api/me'));
    const warm = await tripsOf(() => fresh.request('GET', '/api/me'));
    expect(cold.status).toBe(200);
    expect(names(cold.trips)).toEqual(['GetItem']);
    expect(cold.trips[0]!.pk).toMatch(/^SESSION#/);
    expect(warm.trips).toEqual([]);
  });

  it('submit: one consistent GetItem of the submission, then one TransactWriteItems', async () => {
    const created = await submitter.json('POST', '/api/submissions', { formId: 'union-registration', data: validRegistration() });
    expect(created.status).toBe(201);
    const { status, trips: seen } = await tripsOf(() => act(submitter, created.body.id, { action: 'submit', version: created.body.version }));
    expect(status).toBe(200);
    expect(names(seen)).toEqual(['GetItem', 'TransactWriteItems']);
    expect(seen[0]).toMatchObject({ consistent: true, pk: `SUB#${created.body.id}` });
  });

  it('street approve: one consistent GetItem of the submission, then one TransactWriteItems', async () => {
    const sub = await submittedRegistration(submitter);
    const { status, trips: seen } = await tripsOf(() => act(street, sub.id, { action: 'approve', version: sub.version }));
    expect(status).toBe(200);
    expect(names(seen)).toEqual(['GetItem', 'TransactWriteItems']);
    expect(seen[0]).toMatchObject({ consistent: true, pk: `SUB#${sub.id}` });
  });

  it('return: one consistent GetItem of the submission, then one TransactWriteItems', async () => {
    const sub = await submittedRegistration(submitter);
    const { status, trips: seen } = await tripsOf(() => act(street, sub.id, { action: 'return', version: sub.version, comment: '请补充会员名册' }));
    expect(status).toBe(200);
    expect(names(seen)).toEqual(['GetItem', 'TransactWriteItems']);
    expect(seen[0]).toMatchObject({ consistent: true, pk: `SUB#${sub.id}` });
  });

  it('final district approval that issues a number: GetItem ×2 (submission, then its counter, both consistent) + TransactWriteItems ×1', async () => {
    const sub = await submittedRegistration(submitter);
    const streetApproved = await act(street, sub.id, { action: 'approve', version: sub.version });
    expect(streetApproved.status).toBe(200);
    const { status, trips: seen } = await tripsOf(() => act(district, sub.id, { action: 'approve', version: streetApproved.body.version }));
    expect(status).toBe(200);
    expect(names(seen)).toEqual(['GetItem', 'GetItem', 'TransactWriteItems']);
    expect(seen[0]).toMatchObject({ consistent: true, pk: `SUB#${sub.id}` });
    expect(seen[1]).toMatchObject({ consistent: true, pk: expect.stringMatching(/^COUNTER#union-registration#\d{4}$/) });
  });

  it('a refused action (stale version) costs the one read and no write', async () => {
    const sub = await submittedRegistration(submitter);
    const { status, trips: seen } = await tripsOf(() => act(street, sub.id, { action: 'approve', version: sub.version - 1 }));
    expect(status).toBe(409);
    expect(names(seen)).toEqual(['GetItem']);
  });
});
