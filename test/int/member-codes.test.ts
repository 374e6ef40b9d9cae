/**
 * Member one-time codes and evaluation rounds (会员评家): a union opens a round and gets its
 * codes once; a member answers once per code, anonymously; an unknown and a used code are
 * indistinguishable; rounds follow the submission scope rule. What the change logs of the
 * tables show is tested in anonymity.test.ts.
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getForm } from '../../forms/registry.js';
import { codeHash, generateCode } from '../../functions/store/codes.js';
import { scanTable, setupEnv, signIn, type Client, type TestEnv } from './support.js';

/** The home assessment once forms/ declares it; until then any draft of acme's stands in. */
const ASSESSMENT_FORM = getForm('home-assessment') ? 'home-assessment' : 'union-registration';
const CODE_FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
const ANSWERS = {
  q_activities: 'satisfied',
  q_rights: 'basic',
  q_openness: 'satisfied',
  q_services: 'unsatisfied',
  overall: 'satisfied',
  comment: '职工书屋开放时间可以再长一些',
};

type Round = { id: string; tally: Record<string, number>; satisfactionRate: number | null };

let env: TestEnv;
let acme: Client;
let beta: Client;
let street: Client;
let assessmentId: string;

beforeAll(async () => {
  env = await setupEnv();
  [acme, beta, street] = await Promise.all(['acme.submitter', 'beta.submitter', 'dinghailu.reviewer'].map((u) => signIn(env.app, u)));
  const draft = await acme.json('POST', '/api/submissions', { formId: ASSESSMENT_FORM, data: {} });
  expect(draft.status).toBe(201);
  assessmentId = draft.body.id;
});

async function openRound(count = 3): Promise<{ round: Round; codes: string[]; codesShownOnce: boolean }> {
  const res = await acme.json('POST', '/api/rounds', { purpose: 'evaluation', submissionId: assessmentId, count, title: '2019 年度会员评家' });
  expect(res.status).toBe(201);
  return res.body;
}

function evaluate(code: string, answers: Record<string, unknown> = ANSWERS, headers: Record<string, string> = {}) {
  return Promise.resolve(
    env.app.request('/api/member/evaluations', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ code, answers }),
    }),
  );
}

async function answer(code: string, answers?: Record<string, unknown>, headers?: Record<string, string>) {
  const res = await evaluate(code, answers, headers);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}


/** A round's answer slots in the anonymous table, filled or not. */
async function slotItems(roundId: string): Promise<Record<string, unknown>[]> {
  const out = await env.db.doc.send(
    new QueryCommand({
      TableName: env.db.anonTable,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `ANS#${roundId}` },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

/** The slots holding an answer. */
async function answerItems(roundId: string): Promise<Record<string, unknown>[]> {
  return (await slotItems(roundId)).filter((item) => item.answers !== undefined);
}

async function readRound(client: Client, id: string) {
  return client.json<Round>('GET', `/api/rounds/${id}`);
}

describe('opening a round', () => {
  it('answers N distinct codes of the form XXXX-XXXX-XXXX, marked as shown once', async () => {
    const { codes, codesShownOnce } = await openRound(40);
    expect([codes.length, new Set(codes).size, codesShownOnce]).toEqual([40, 40, true]);
    for (const code of codes) expect(code).toMatch(CODE_FORMAT);
  });

  it('stores one item per code in the anonymous table, keyed by the code’s SHA-256', async () => {
    const { round, codes } = await openRound(30);
    const stored = (await scanTable(env, 'anon')).filter((item) => item.roundId === round.id && String(item.pk).startsWith('CODE#'));
    expect(stored.map((item) => item.pk).sort()).toEqual(codes.map((code) => `CODE#${codeHash(code)}`).sort());
  });

  it('stores no code and no code hash in the main table', async () => {
    const { round, codes } = await openRound(30);
    const table = JSON.stringify(await scanTable(env));
    const leaked = codes.filter((code) => table.includes(code) || table.includes(code.replace(/-/g, '')) || table.includes(codeHash(code)));
    expect([table.includes(round.id), leaked]).toEqual([true, []]);
  });

  it('stores no code in plain text in the anonymous table', async () => {
    const { codes } = await openRound(30);
    const table = JSON.stringify(await scanTable(env, 'anon'));
    const leaked = codes.filter((code) => table.includes(code) || table.includes(code.replace(/-/g, '')));
    expect(leaked).toEqual([]);
  });

  it('makes one empty answer slot per code, under random ids', async () => {
    const { round } = await openRound(12);
    const slots = await slotItems(round.id);
    expect(slots).toHaveLength(12);
    for (const slot of slots) expect(Object.keys(slot).sort()).toEqual(['pk', 'sk']);
    for (const slot of slots) expect(slot.sk).toMatch(/^S#[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('starts a round with an empty tally and no satisfaction rate', async () => {
    const { round } = await openRound(1);
    const res = await readRound(acme, round.id);
    expect([res.status, res.body.tally, res.body.satisfactionRate]).toEqual([200, { answers: 0, satisfied: 0, basic: 0, unsatisfied: 0 }, null]);
  });

  it('lists the round among its union’s rounds of that submission', async () => {
    const { round } = await openRound(1);
    const res = await acme.json('GET', `/api/rounds?submissionId=${assessmentId}`);
    expect(res.body.items.map((r: Round) => r.id)).toContain(round.id);
  });

  it('answers a street reviewer 403 when it tries to open a round for acme’s submission', async () => {
    const res = await street.json('POST', '/api/rounds', { purpose: 'evaluation', submissionId: assessmentId, count: 1 });
    expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
  });

  it.each([
    ['evaluation', '评议码'],
    ['fund-query', '监督码'],
  ])('tells a street reviewer opening a %s round that only a grassroots submitter hands out a %s', async (purpose, word) => {
    const res = await street.json('POST', '/api/rounds', { purpose, count: 1 });
    expect([res.status, res.body.error.message]).toEqual([403, `只有基层工会填报人可以发放${word}`]);
  });

  it('answers another union’s submitter 404 when it names acme’s submission', async () => {
    const res = await beta.json('POST', '/api/rounds', { purpose: 'evaluation', submissionId: assessmentId, count: 1 });
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
  });

  it('answers 422 for an evaluation round without a submission', async () => {
    const res = await acme.json('POST', '/api/rounds', { purpose: 'evaluation', count: 1 });
    expect([res.status, res.body.error.issues.map((i: { path: string }) => i.path)]).toEqual([422, ['submissionId']]);
  });

  it.each([
    { body: { purpose: 'evaluation', count: 0 }, status: 422 },
    { body: { purpose: 'evaluation', count: 2001 }, status: 422 },
    { body: { purpose: 'evaluation', count: 2.5 }, status: 422 },
    { body: { purpose: 'lottery', count: 1 }, status: 422 },
    { body: { purpose: 'evaluation', count: 1, codes: ['AAAA-AAAA-AAAA'] }, status: 400 },
  ])('answers $status to the malformed round $body', async ({ body, status }) => {
    const res = await acme.json('POST', '/api/rounds', { submissionId: assessmentId, ...body });
    expect(res.status).toBe(status);
  });
});

describe('reading rounds within scope', () => {
  let roundId: string;

  beforeAll(async () => {
    roundId = (await openRound(1)).round.id;
  });

  it('lets the union’s street reviewer read the round', async () => {
    expect((await readRound(street, roundId)).status).toBe(200);
  });

  it('answers another union’s submitter exactly as for a round that does not exist', async () => {
    const outOfScope = await beta.request('GET', `/api/rounds/${roundId}`);
    const missing = await beta.request('GET', `/api/rounds/${randomUUID()}`);
    expect([outOfScope.status, await outOfScope.text()]).toEqual([404, await missing.text()]);
  });

  it('answers a malformed round id 404 like a missing one', async () => {
    const res = await acme.request('GET', '/api/rounds/%27%20OR%201%3D1');
    expect([res.status, await res.text()]).toEqual([404, await (await acme.request('GET', `/api/rounds/${randomUUID()}`)).text()]);
  });

  it('does not list acme’s rounds to another union, even filtered on acme’s submission', async () => {
    const res = await beta.json('GET', `/api/rounds?submissionId=${assessmentId}`);
    expect([res.status, res.body.items]).toEqual([200, []]);
  });
});

describe('printing the codes', () => {
  it('answers Accept: text/html with a self-contained printable sheet carrying every code', async () => {
    const res = await acme.request('POST', '/api/rounds', { purpose: 'evaluation', submissionId: assessmentId, count: 5 }, { accept: 'text/html' });
    const html = await res.text();
    const codes = html.match(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/g) ?? [];
    expect([res.status, res.headers.get('content-type'), new Set(codes).size]).toEqual([201, 'text/html; charset=UTF-8', 5]);
    expect(html).toContain('上海艾克米科技有限公司工会');
    expect(html).toContain('http://localhost/m/evaluate');
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<(script|link|img|iframe)\b|url\(|@import/i);
    // A phone shows it at its own width, not as a shrunken desktop page.
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
  });

  it('answers Accept: text/csv with a BOM, a header and one row per code', async () => {
    const res = await acme.request('POST', '/api/rounds', { purpose: 'evaluation', submissionId: assessmentId, count: 7 }, { accept: 'text/csv' });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const rows = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).replace(/^\ufeff/, '').trimEnd().split('\r\n');
    expect([res.status, [...bytes.slice(0, 3)], rows.length]).toEqual([201, [0xef, 0xbb, 0xbf], 8]);
    for (const row of rows.slice(1)) expect(row.split(',')[1]).toMatch(CODE_FORMAT);
  });

  it.each(['application/json', 'text/html', 'text/csv'])('forbids caching the codes answered as %s', async (accept) => {
    const res = await acme.request('POST', '/api/rounds', { purpose: 'evaluation', submissionId: assessmentId, count: 1 }, { accept });
    expect([res.status, res.headers.get('cache-control')]).toEqual([201, 'no-store']);
  });
});

describe('answering with a code', () => {
  it('accepts a code once, without an account', async () => {
    const { codes } = await openRound(1);
    const res = await answer(codes[0]);
    expect([res.status, JSON.parse(res.text)]).toEqual([201, { ok: true }]);
  });

  it('refuses a used code with 404 评议码无效或已使用', async () => {
    const { codes } = await openRound(1);
    await answer(codes[0]);
    const again = await answer(codes[0]);
    expect([again.status, JSON.parse(again.text).error]).toEqual([404, { code: 'not_found', message: '评议码无效或已使用' }]);
  });

  it('accepts a code typed in lower case, without hyphens, with O for 0 and I for 1', async () => {
    const { codes } = await openRound(1);
    const typed = codes[0].toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'i');
    expect((await answer(typed)).status).toBe(201);
  });

  it.each([{ lang: 'zh-CN' }, { lang: 'en' }])('answers an unknown and a used code byte for byte alike ($lang)', async ({ lang }) => {
    const { codes } = await openRound(1);
    await answer(codes[0]);
    const used = await answer(codes[0], ANSWERS, { 'accept-language': lang });
    const unknown = await answer(generateCode(), ANSWERS, { 'accept-language': lang });
    expect(used.status).toBe(404);
    expect(unknown).toEqual(used);
  });

  it('keeps a code usable after answers that fail validation', async () => {
    const { codes } = await openRound(1);
    const invalid = await answer(codes[0], { ...ANSWERS, overall: 'great' });
    expect([invalid.status, (await answer(codes[0])).status]).toEqual([422, 201]);
  });

  it('accepts exactly one of 20 concurrent answers with the same code, the others alike 404', async () => {
    const { codes } = await openRound(1);
    const results = await Promise.all(Array.from({ length: 20 }, () => answer(codes[0])));
    const rejected = results.filter((r) => r.status !== 201);
    expect([results.length - rejected.length, new Set(rejected.map((r) => `${r.status} ${r.text}`)).size, rejected[0].status]).toEqual([1, 1, 404]);
  });

  it('counts one answer after 20 concurrent answers with the same code', async () => {
    const { round, codes } = await openRound(1);
    await Promise.all(Array.from({ length: 20 }, () => answer(codes[0])));
    expect((await readRound(acme, round.id)).body.tally.answers).toBe(1);
  });

  it('stores one answer item after 20 concurrent answers with the same code', async () => {
    const { round, codes } = await openRound(1);
    await Promise.all(Array.from({ length: 20 }, () => answer(codes[0])));
    expect(await answerItems(round.id)).toHaveLength(1);
  });

  it('accepts 20 different codes of one round answered at the same moment', async () => {
    const { round, codes } = await openRound(20);
    const statuses = await Promise.all(codes.map(async (code) => (await answer(code)).status));
    expect([statuses.filter((s) => s === 201).length, (await readRound(acme, round.id)).body.tally.answers]).toEqual([20, 20]);
  });

  it('tallies the overall choices and the satisfaction rate', async () => {
    const { round, codes } = await openRound(6);
    const overall = ['satisfied', 'satisfied', 'satisfied', 'basic', 'basic', 'unsatisfied'];
    for (const [i, code] of codes.entries()) expect((await answer(code, { ...ANSWERS, overall: overall[i] })).status).toBe(201);
    const { body } = await readRound(acme, round.id);
    expect([body.tally, body.satisfactionRate]).toEqual([{ answers: 6, satisfied: 3, basic: 2, unsatisfied: 1 }, 5 / 6]);
  });

  it('answers a body over 8 KiB 413', async () => {
    const { codes } = await openRound(1);
    expect((await answer(codes[0], { ...ANSWERS, comment: '长'.repeat(4000) })).status).toBe(413);
  });
});

describe('anonymity', () => {
  it('stores an answer with only its random id and the answers: no code, hash, time or counter', async () => {
    const { round, codes } = await openRound(1);
    await answer(codes[0]);
    const [item] = await answerItems(round.id);
    expect(Object.keys(item).sort()).toEqual(['answers', 'pk', 'sk']);
    expect(item.sk).toMatch(/^S#[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(item.answers).toEqual(ANSWERS);
    const text = JSON.stringify(item);
    for (const secret of [codes[0], codes[0].replace(/-/g, ''), codeHash(codes[0])]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT|\b1\d{9}\b|"\w+":\d/);
  });

  it('marks a used code used and adds nothing else to it', async () => {
    const { round, codes } = await openRound(1);
    await answer(codes[0]);
    const [item] = (await scanTable(env, 'anon')).filter((i) => i.pk === `CODE#${codeHash(codes[0])}`);
    expect(item).toEqual({ pk: item.pk, sk: 'META', roundId: round.id, orgId: 'acme', submissionId: assessmentId, purpose: 'evaluation', used: true });
  });

  it('logs nothing that contains the code, whether it is accepted, used, unknown or malformed', async () => {
    const { codes } = await openRound(1);
    const unknown = generateCode();
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => {}));
    await answer(codes[0]);
    await answer(codes[0]);
    await answer(unknown);
    await answer(unknown, { overall: 'great' });
    const logged = JSON.stringify(spies.flatMap((s) => s.mock.calls));
    for (const secret of [codes[0], unknown]) expect(logged).not.toContain(secret);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });
});

describe('malformed member bodies', () => {
  const choice = fc.oneof(fc.constantFrom('satisfied', 'basic', 'unsatisfied'), fc.string({ maxLength: 12 }), fc.integer(), fc.constant(null));
  const answers = fc.oneof(
    fc.record(
      { q_activities: choice, q_rights: choice, q_openness: choice, q_services: choice, overall: choice, comment: fc.string({ maxLength: 600 }) },
      { requiredKeys: [] },
    ),
    fc.jsonValue({ maxDepth: 3 }),
  );
  const body = fc.oneof(
    fc.record({ code: fc.oneof(fc.string({ maxLength: 80 }), fc.jsonValue({ maxDepth: 2 })), answers }, { requiredKeys: [] }).map((b) => JSON.stringify(b)),
    fc.json({ maxDepth: 3 }),
    fc.string({ unit: 'binary', maxLength: 80 }),
  );

  it('answers any body with a 4xx error, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const res = await env.app.request('/api/member/evaluations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
        const answered = await res.text();
        expect([400, 404, 413, 422], `${res.status} ${answered.slice(0, 200)}`).toContain(res.status);
        expect(Object.keys(JSON.parse(answered))).toEqual(['error']);
      }),
      { numRuns: 80 },
    );
  });
});
