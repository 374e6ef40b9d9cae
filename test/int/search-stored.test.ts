/**
 * Records stored before the search attributes existed, the backfill that gives them those
 * attributes, a local table made before the form indexes, and what searches cost on a few
 * hundred records written through the store's item builders.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { list } from '../../functions/service/submissions.js';
import { callerOf, getOrg, getUser } from '../../functions/store/accounts.js';
import { createDb } from '../../functions/store/dynamo.js';
import { keys } from '../../functions/store/keys.js';
import type { ListFilter } from '../../functions/store/listing.js';
import { ensureTable, startLocalDynamo } from '../../functions/store/local-dynamo.js';
import { backfillSearchAttributes } from '../../functions/store/search-backfill.js';
import { createTableInput, INDEXES } from '../../functions/store/table.js';
import { seedDemo } from '../../functions/seed.js';
import { seededSubmission, seedSubmissions } from '../../bench/search-seed.js';
import { act, endpoint, ownRegistration, setupEnv, signIn, submittedRegistration, type Client, type TestEnv } from './support.js';

const NEW_ATTRIBUTES = ['formPk', 'submittedSk', 'updatedSk', 'searchKey', 'submittedAt'];

describe('records stored before search attributes', () => {
  let env: TestEnv;
  let auditor: Client;
  let submitted: { id: string; submittedAt: string };
  let draftId = '';

  beforeAll(async () => {
    env = await setupEnv();
    const acme = await signIn(env.app, 'acme.submitter');
    auditor = await signIn(env.app, 'district.auditor');
    submitted = await submittedRegistration(acme, { ...(await ownRegistration(acme)), name: '旧时记录科技公司' });
    draftId = (await acme.json('POST', '/api/submissions', { formId: 'union-registration', data: { name: '旧时草稿' } })).body.id;
    // As an item written before these attributes existed looks.
    for (const id of [submitted.id, draftId]) {
      await env.db.doc.send(new UpdateCommand({ TableName: env.db.table, Key: keys.submission(id), UpdateExpression: `REMOVE ${NEW_ATTRIBUTES.join(', ')}` }));
    }
  });

  const ids = async (query: string) => (await auditor.json('GET', `/api/submissions?${query}`)).body.items.map((i: { id: string }) => i.id).sort();

  it('are still listed by scope, organisation, state and created period, but not yet by form index or q', async () => {
    expect(await ids('')).toEqual([submitted.id, draftId].sort());
    expect(await ids('orgId=dinghailu&status=in_review')).toEqual([submitted.id]);
    expect(await ids('from=2000-01-01')).toEqual([submitted.id, draftId].sort());
    expect(await ids('formId=union-registration&from=2000-01-01')).toEqual([]);
    expect(await ids(`q=${encodeURIComponent('旧时')}`)).toEqual([]);
  });

  it('get every attribute from the backfill, submittedAt from their own history, once', async () => {
    expect(await backfillSearchAttributes(env.db)).toEqual({ updated: 2, skipped: 0 });
    const item = (await env.db.doc.send(new GetCommand({ TableName: env.db.table, Key: keys.submission(submitted.id) }))).Item!;
    expect(item.submittedAt).toBe(submitted.submittedAt);
    expect(item.submittedSk).toBe(`${submitted.submittedAt}#${submitted.id}`);
    const draft = (await env.db.doc.send(new GetCommand({ TableName: env.db.table, Key: keys.submission(draftId) }))).Item!;
    expect(draft.submittedAt).toBeUndefined();
    expect(await ids('formId=union-registration&from=2000-01-01')).toEqual([submitted.id, draftId].sort());
    expect(await ids(`formId=union-registration&period=submitted&from=2000-01-01`)).toEqual([submitted.id]);
    expect(await ids(`q=${encodeURIComponent('旧时')}`)).toEqual([submitted.id, draftId].sort());
    expect(await backfillSearchAttributes(env.db)).toEqual({ updated: 0, skipped: 0 });
  });

  it('keeps the first submit time when a returned record is submitted again', async () => {
    const acme = await signIn(env.app, 'acme.submitter');
    const street = await signIn(env.app, 'dinghailu.reviewer');
    const first = await submittedRegistration(acme);
    const returned = await act(street, first, 'return', { comment: '请补充材料' });
    await new Promise((r) => setTimeout(r, 5));
    const again = await act(acme, returned.body, 'submit');
    expect(again.status).toBe(200);
    expect(again.body.submittedAt).toBe(first.submittedAt);
    expect(again.body.updatedAt > first.submittedAt).toBe(true);
  });

  it('a local table made before the form indexes gets them from ensureTable', async () => {
    // Its own DynamoDB Local: the shared one, busy with every other file's tables, can leave an
    // added index building for minutes; an npm start data folder has its instance to itself.
    const local = await startLocalDynamo();
    const url = local.endpoint;
    const table = `old_${randomBytes(6).toString('hex')}`;
    const old = createTableInput(table);
    const client = new DynamoDBClient({ endpoint: url, region: 'ap-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    try {
      const before = old.GlobalSecondaryIndexes.filter((i) => !i.IndexName.startsWith('form'));
      const used = new Set(['pk', 'sk', ...before.flatMap((i) => i.KeySchema.map((k) => k.AttributeName))]);
      await client.send(new CreateTableCommand({ ...old, GlobalSecondaryIndexes: before, AttributeDefinitions: old.AttributeDefinitions.filter((a) => used.has(a.AttributeName)) }));
      expect(await ensureTable(url, table)).toBe('existing');
      const described = await client.send(new DescribeTableCommand({ TableName: table }));
      expect(described.Table!.GlobalSecondaryIndexes!.map((i) => i.IndexName).sort()).toEqual(INDEXES.map((i) => i.name).sort());
    } finally {
      client.destroy();
      await local.stop();
    }
    // DynamoDB Local builds each index in turn; on a busy machine that takes a while.
  }, 330_000);
});

describe('what searches read', () => {
  const N = 600;
  let caller: Parameters<typeof list>[1];
  let deps: Parameters<typeof list>[0];

  beforeAll(async () => {
    const url = endpoint();
    const table = `cost_${randomBytes(6).toString('hex')}`;
    await ensureTable(url, table);
    const db = createDb({ table, endpoint: url });
    await seedDemo(db);
    await seedSubmissions(db, N);
    deps = { db, now: () => new Date() };
    const user = (await getUser(db, 'district.auditor'))!;
    caller = callerOf(user, (await getOrg(db, user.orgId))!);
  }, 60_000);

  async function walk(filter: ListFilter) {
    let units = 0;
    let items = 0;
    let cursor: string | undefined;
    do {
      const page = await list(deps, caller, filter, 100, cursor);
      units += page.readUnits;
      items += page.items.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return { units, items };
  }

  it('reads about what it returns for one form in one month, by each period kind, across the district', async () => {
    const all = await walk({});
    expect(all.items).toBe(N);
    const perItem = all.units / all.items;
    for (const period of ['created', 'submitted', 'updated'] as const) {
      const one = await walk({ formId: 'union-registration', period, from: '2025-03-01', to: '2025-03-31' });
      const expected = Array.from({ length: N }, (_, i) => seededSubmission(i, N).sub).filter((s) => {
        const at = period === 'created' ? s.createdAt : period === 'submitted' ? s.submittedAt : s.updatedAt;
        return s.formId === 'union-registration' && at !== undefined && at >= '2025-02-28T16:00:00.000Z' && at < '2025-03-31T16:00:00.000Z';
      });
      expect(one.items).toBe(expected.length);
      expect(one.items).toBeGreaterThan(0);
      // Its own items' worth, plus at most half a unit of rounding per query.
      expect(one.units).toBeLessThanOrEqual(one.items * perItem + 1);
    }
  });

  it('reads one street’s partition for one street, not the district', async () => {
    const street = await walk({ orgId: 'dinghailu' });
    expect(street.items).toBe(Array.from({ length: N }, (_, i) => seededSubmission(i, N)).filter((s) => s.street === 'dinghailu').length);
    expect(street.units).toBeLessThanOrEqual(street.items * ((await walk({})).units / N) + 1);
  });

  it('reads two items for q by number, and the whole scope for a state (a filter, said so in listing-plan.ts)', async () => {
    const numbered = Array.from({ length: N }, (_, i) => seededSubmission(i, N).sub).find((s) => s.number)!;
    const page = await list(deps, caller, { q: numbered.number }, 50);
    expect([page.items.map((s) => s.id), page.readUnits]).toEqual([[numbered.id], 1]);
    const state = await walk({ status: 'approved' });
    expect(state.units).toBeGreaterThan((await walk({})).units * 0.9);
  });
});
