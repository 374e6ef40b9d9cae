/**
 * Anonymity against whoever can read the tables' change logs: after members answer and query
 * in a known order, every stream of every table is read, and nothing in it (no record, no
 * ordering) rejoins an answer or a query to its code; then every stored item of codes, answers
 * and waiting queries is checked for times and sequences.
 */
import { createHash } from 'node:crypto';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import canonicalizeModule from 'canonicalize';
import { beforeAll, describe, expect, it } from 'vitest';
import { releaseQueries } from '../../functions/service/member-queries.js';
import { codeHash, normaliseCode } from '../../functions/store/codes.js';
import { act, anonymousJson, formExample, scanTable, setupEnv, signIn, type Client, type TestEnv } from './support.js';

const canonicalize = canonicalizeModule as unknown as (input: unknown) => string;
const local = { region: 'ap-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d/;
const EPOCH = /^1\d{9}(\d{3})?$/;

let env: TestEnv;
let streams: DynamoDBStreamsClient;
let union: Client;
let committee: Client;

/** Every record of every shard of every stream of `table`, oldest first. */
async function streamRecords(table: string): Promise<_Record[]> {
  const { Streams = [] } = await streams.send(new ListStreamsCommand({ TableName: table }));
  const records: _Record[] = [];
  for (const { StreamArn } of Streams) {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      let iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        records.push(...(page.Records ?? []));
        if ((page.Records ?? []).length === 0) break;
        iterator = page.NextShardIterator;
      }
    }
  }
  return records.sort((a, b) => (a.dynamodb?.SequenceNumber ?? '').localeCompare(b.dynamodb?.SequenceNumber ?? '', undefined, { numeric: true }));
}

/** Both tables' change logs together: what an operator reading every stream would have. */
async function allStreams(): Promise<_Record[]> {
  return [...(await streamRecords(env.db.table)), ...(await streamRecords(env.db.anonTable))];
}

const newImage = (record: _Record) => record.dynamodb?.NewImage ?? {};
const str = (value: { S?: string } | undefined) => value?.S;

/** What a code could be found by in a log: its text, its normal form, its hash. */
const traces = (code: string) => [code, normaliseCode(code), codeHash(code)];

const EVALUATION_ORDER = ['第一位会员的意见', '第二位会员的意见', '第三位会员的意见', '第四位会员的意见', '第五位会员的意见', '第六位会员的意见'];
const answers = (comment: string) => ({ q_activities: 'satisfied', q_rights: 'basic', q_openness: 'satisfied', q_services: 'unsatisfied', overall: 'basic', comment });

let evaluationCodes: string[];
let evaluationRound: string;
let queryCodes: string[];
let queryRound: string;
let disclosureId: string;
/** The questions in the order members asked them. */
let asked: string[];
let recordsBefore: number;
const newRecordsPerRedemption: number[] = [];

beforeAll(async () => {
  env = await setupEnv();
  streams = new DynamoDBStreamsClient({ ...local, endpoint: env.endpoint });
  [union, committee] = await Promise.all(['acme.submitter', 'acme.committee'].map((u) => signIn(env.app, u)));

  const assessment = (await union.json('POST', '/api/submissions', { formId: 'home-assessment', data: {} })).body;
  const evaluation = await union.json('POST', '/api/rounds', { purpose: 'evaluation', submissionId: assessment.id, count: 8 });
  [evaluationCodes, evaluationRound] = [evaluation.body.codes, evaluation.body.round.id];

  const draft = (await union.json('POST', '/api/submissions', { formId: 'fund-oversight', data: formExample('fund-oversight') })).body;
  const submitted = (await act(union, draft, 'submit')).body;
  disclosureId = (await act(committee, submitted, 'approve')).body.id;
  const fundRound = await union.json('POST', '/api/rounds', { purpose: 'fund-query', submissionId: disclosureId, count: 4 });
  [queryCodes, queryRound] = [fundRound.body.codes, fundRound.body.round.id];

  // Members ask in the reverse of the order a release will file their queries in, so the naive
  // guess "the i-th query filed is the i-th code used" is right for none of them.
  const questions = ['甲：端午慰问品如何采购？', '乙：活动支出为何增加？', '丙：困难帮扶名单是否公示？', '丁：职工书屋购书明细？'];
  const releaseOrder = (q: string) =>
    createHash('sha256').update(canonicalize({ disclosureId, line: '职工活动支出', question: q }), 'utf8').digest('hex');
  asked = [...questions].sort((a, b) => releaseOrder(b).localeCompare(releaseOrder(a)));

  recordsBefore = (await allStreams()).length;
  let seen = recordsBefore;
  for (const [i, comment] of EVALUATION_ORDER.entries()) {
    const res = await anonymousJson(env.app, 'POST', '/api/member/evaluations', { code: evaluationCodes[i], answers: answers(comment) });
    expect(res.status).toBe(201);
    const now = (await allStreams()).length;
    newRecordsPerRedemption.push(now - seen);
    seen = now;
  }
  for (const [i, question] of asked.entries()) {
    const res = await anonymousJson(env.app, 'POST', '/api/member/queries', { code: queryCodes[i], disclosureId, line: '职工活动支出', question });
    expect(res.status).toBe(202);
    const now = (await allStreams()).length;
    newRecordsPerRedemption.push(now - seen);
    seen = now;
  }
});

describe('the change logs after 6 answers and 4 queries in a known order', () => {
  it('exist only for the main table: the anonymous table has no stream', async () => {
    const dynamo = new DynamoDBClient({ ...local, endpoint: env.endpoint });
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: env.db.anonTable }));
    const { Streams = [] } = await streams.send(new ListStreamsCommand({ TableName: env.db.anonTable }));
    expect([Table?.StreamSpecification?.StreamEnabled ?? false, Table?.LatestStreamArn, Streams.length]).toEqual([false, undefined, 0]);
    expect((await streams.send(new ListStreamsCommand({ TableName: env.db.table }))).Streams).toHaveLength(1);
  });

  it('gain no record at all from any redemption', () => {
    expect(newRecordsPerRedemption).toEqual(Array(EVALUATION_ORDER.length + 4).fill(0));
  });

  it('hold no code, no code hash and no answer anywhere', async () => {
    const log = JSON.stringify(await allStreams());
    const found = [...evaluationCodes, ...queryCodes].flatMap(traces).filter((trace) => log.includes(trace));
    const answered = EVALUATION_ORDER.filter((comment) => log.includes(comment));
    expect([found, answered]).toEqual([[], []]);
  });

  describe('once the waiting queries are released', () => {
    let released: _Record[];

    beforeAll(async () => {
      const before = (await allStreams()).length;
      expect(await releaseQueries(env.deps)).toEqual({ released: 4, held: 0 });
      released = (await allStreams()).slice(before);
    });

    const filed = () =>
      released.filter((r) => r.eventName === 'INSERT' && str(newImage(r).sk) === 'META' && str(newImage(r).formId) === 'fund-query');

    it('shows the queries as submissions carrying no code, code hash, round or redemption time', () => {
      const log = JSON.stringify(released);
      expect(filed()).toHaveLength(4);
      expect(queryCodes.flatMap(traces).filter((trace) => log.includes(trace))).toEqual([]);
      expect([log.includes(queryRound), log.includes(evaluationRound)]).toEqual([false, false]);
    });

    it('stamps every query of the batch with one time, the release’s', () => {
      const times = new Set(filed().map((r) => str(newImage(r).createdAt)));
      expect(times.size).toBe(1);
    });

    it('files them in an order that rejoins none of them to its code', () => {
      const order = filed().map((r) => newImage(r).data?.M?.question?.S);
      expect([...order].sort()).toEqual([...asked].sort());
      // The naive attacker pairs the i-th code used with the i-th query in the log.
      const rejoined = order.filter((question, i) => question === asked[i]).length;
      expect(rejoined).toBe(0);
    });

    it('files them in the order of their content, whatever the order they were asked in', () => {
      const order = filed().map((r) => newImage(r).data?.M?.question?.S);
      expect(order).toEqual([...asked].reverse());
    });
  });
});

describe('what is stored of codes, answers and waiting queries', () => {
  const anonItems = () => scanTable(env, 'anon');

  it('keeps on a code only its round, union, purpose, disclosure and whether it was used', async () => {
    const codes = (await anonItems()).filter((item) => String(item.pk).startsWith('CODE#'));
    expect(codes.length).toBeGreaterThanOrEqual(12);
    for (const code of codes) {
      expect(Object.keys(code).sort()).toEqual(
        code.submissionId === undefined ? ['orgId', 'pk', 'purpose', 'roundId', 'sk', 'used'] : ['orgId', 'pk', 'purpose', 'roundId', 'sk', 'submissionId', 'used'],
      );
    }
  });

  it('keeps on an answer only its slot’s random key and the answers', async () => {
    const slots = (await anonItems()).filter((item) => item.pk === `ANS#${evaluationRound}`);
    const filled = slots.filter((slot) => slot.answers !== undefined);
    expect([slots.length, filled.length]).toEqual([8, 6]);
    for (const slot of slots) expect(Object.keys(slot).filter((k) => k !== 'answers').sort()).toEqual(['pk', 'sk']);
  });

  it('keeps no time, no number and no sequence on any item of the anonymous table', async () => {
    const items = await anonItems();
    const values: unknown[] = [];
    const walk = (value: unknown) => {
      if (value && typeof value === 'object') Object.values(value).forEach(walk);
      else values.push(value);
    };
    items.forEach(walk);
    expect(values.filter((v) => typeof v === 'number' || typeof v === 'bigint')).toEqual([]);
    expect(values.filter((v) => typeof v === 'string' && (ISO_TIME.test(v) || EPOCH.test(v)))).toEqual([]);
  });

  it('keeps no waiting query once they are released', async () => {
    expect((await anonItems()).filter((item) => item.pk === 'QUERIES')).toEqual([]);
  });

  it('keeps no trace of a code, its hash or its round on the query submissions and their history', async () => {
    const main = await scanTable(env);
    const queries = main.filter((item) => item.formId === 'fund-query' || (typeof item.pk === 'string' && main.some((m) => m.formId === 'fund-query' && m.pk === item.pk)));
    const text = JSON.stringify(queries);
    expect(queries.length).toBeGreaterThanOrEqual(4 * 3);
    expect(queryCodes.flatMap(traces).filter((trace) => text.includes(trace))).toEqual([]);
    expect(text.includes(queryRound)).toBe(false);
  });
});
