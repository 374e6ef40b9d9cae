/**
 * Process 3 (工会经费使用会员监督) end to end through the HTTP API with the demo accounts: the
 * union discloses a quarter's figures (closing balance computed, the festival-gift policy warns
 * without blocking), its funds audit committee publishes it, members read it through its link
 * without an account, a member queries a line with a one-time code, the union answers, the
 * committee escalates and the street closes the query.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { releaseQueries } from '../../functions/service/member-queries.js';
import { act, anonymousJson, formExample, inboxIds, setupEnv, signIn, type Client, type TestEnv } from './support.js';

const NOW = new Date('2030-06-14T02:00:00.000Z');
const FORM = 'fund-oversight';
const QUESTION = '第二季度职工活动支出较上季度增加较多，请说明端午节慰问品的采购方式。';
const ANSWER = '端午节慰问品经工会委员会 2025 年第 3 次会议集体决定，三家比价后采购，明细已公开。';

type Sub = {
  id: string;
  version: number;
  step: string;
  status: string;
  data: Record<string, any>;
  computed: Record<string, any>;
  warnings: { path: string; message: { zh: string; en: string } }[];
  assignees: { key: string }[];
};

/**
 * The form's example for 10 members: its 36,000.00 yuan of festival gifts is 3,600.00 yuan a
 * member, above the 2,000.00 yuan a year the form's parameter allows.
 */
const disclosure = () => ({ ...formExample(FORM, NOW), members: 10 });
const issuePaths = (body: any): string[] => (body?.error?.issues ?? []).map((i: { path: string }) => i.path);
const keysOf = (sub: Sub) => sub.assignees.map((a) => a.key);

describe('a fund disclosure published, queried by a member, answered, escalated and closed by the street', () => {
  let env: TestEnv;
  let union: Client;
  let committee: Client;
  let street: Client;
  let beta: Client;
  let sub: Sub;
  let codes: string[];
  let query: Sub;
  const allCodes: string[] = [];

  const member = (method: string, path: string, body?: unknown) => anonymousJson(env.app, method, path, body);
  const raise = (code: string, disclosureId = sub.id) =>
    member('POST', '/api/member/queries', { code, disclosureId, line: '职工活动支出', question: QUESTION });

  beforeAll(async () => {
    env = await setupEnv({ now: () => NOW });
    [union, committee, street, beta] = await Promise.all(
      ['acme.submitter', 'acme.committee', 'dinghailu.reviewer', 'beta.submitter'].map((u) => signIn(env.app, u)),
    );
  });

  it('creates a draft disclosure, dropping a closing balance the client types', async () => {
    const created = await union.json('POST', '/api/submissions', { formId: FORM, data: { ...disclosure(), closingBalance: 1 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ formId: FORM, orgId: 'acme', step: 'fill', status: 'draft', version: 1 });
    expect(created.body.data).toEqual(disclosure());
    sub = created.body;
  });

  it('does not show a draft disclosure through the member link: 404', async () => {
    const read = await member('GET', `/api/member/disclosures/${sub.id}`);
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe('not_found');
  });

  it('submits to committee-review, assigned to the union’s own funds audit committee', async () => {
    const submitted = await act(union, sub, 'submit', { data: { ...disclosure(), closingBalance: 1, totalIncome: 2 } });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ step: 'committee-review', status: 'in_review', version: 2 });
    expect(keysOf(submitted.body)).toEqual(['org:acme:reviewer']);
    expect(submitted.body.data).toEqual(disclosure());
    sub = submitted.body;
  });

  it('computes totals and the closing balance: 123,456.00 + 66,723.00 − 64,700.00 = 125,479.00 yuan', () => {
    expect(sub.computed).toEqual({
      totalIncome: 6_672_300,
      totalExpenditure: 6_470_000,
      closingBalance: 12_547_900,
      festivalGiftsPerMember: 360_000,
    });
  });

  it('returns the festival-gift warning beside the data without blocking the submit', () => {
    expect(sub.warnings.map((w) => w.path)).toEqual(['festivalGifts']);
    expect(sub.warnings[0].message.zh).toContain('节日慰问品');
  });

  it('does not show a disclosure under review through the member link: 404', async () => {
    expect((await member('GET', `/api/member/disclosures/${sub.id}`)).status).toBe(404);
  });

  it('puts the disclosure in the committee’s inbox, not the street’s', async () => {
    expect(await inboxIds(committee)).toEqual([sub.id]);
    expect(await inboxIds(street)).toEqual([]);
  });

  it('refuses the approval by the submitter of the union with 409', async () => {
    const refused = await act(union, sub, 'approve');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('action_not_allowed');
  });

  it('publishes the disclosure on the committee’s approval', async () => {
    const approved = await act(committee, sub, 'approve', { comment: '经审查，收支真实' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ step: 'published', status: 'completed', assignees: [] });
    expect(await inboxIds(committee)).toEqual([]);
    sub = approved.body;
  });

  it('shows the published disclosure to anyone with its link, without an account', async () => {
    const read = await member('GET', `/api/member/disclosures/${sub.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: sub.id, formId: FORM, orgName: '上海艾克米科技有限公司工会', data: disclosure() });
    expect(read.body.computed.closingBalance).toBe(12_547_900);
    expect(read.body.warnings.map((w: { path: string }) => w.path)).toEqual(['festivalGifts']);
  });

  it('shows members no people and no workflow', async () => {
    const read = await member('GET', `/api/member/disclosures/${sub.id}`);
    expect(read.body).not.toHaveProperty('assignees');
    expect(read.body).not.toHaveProperty('approvals');
    expect(JSON.stringify(read.body)).not.toContain('acme.');
  });

  it('opens a fund-query round for the published disclosure', async () => {
    const opened = await union.json('POST', '/api/rounds', { purpose: 'fund-query', submissionId: sub.id, count: 3 });
    expect(opened.status).toBe(201);
    expect(opened.body.round).toMatchObject({ purpose: 'fund-query', submissionId: sub.id, orgId: 'acme', count: 3 });
    expect(opened.body.codes).toHaveLength(3);
    codes = opened.body.codes;
    allCodes.push(...codes);
  });

  it('prints a code sheet that sends members to this disclosure’s query form', async () => {
    const res = await union.request('POST', '/api/rounds', { purpose: 'fund-query', submissionId: sub.id, count: 1 }, { accept: 'text/html' });
    expect(res.status).toBe(201);
    expect(await res.text()).toContain(`/m/query?disclosure=${sub.id}`);
  });

  it('accepts a member’s query with a code, and keeps it out of the union’s inbox until the next release', async () => {
    const raised = await raise(codes[0]);
    expect([raised.status, raised.body]).toEqual([202, { ok: true }]);
    expect(await inboxIds(union)).toEqual([]);
  });

  it('files the query as a fund-query in the union’s inbox when queries are released', async () => {
    expect(await releaseQueries(env.deps)).toEqual({ released: 1, held: 0 });
    const [id] = await inboxIds(union);
    const read = await union.json('GET', `/api/submissions/${id}`);
    expect(read.body).toMatchObject({ formId: 'fund-query', orgId: 'acme', step: 'union-answer', status: 'in_review' });
    expect(read.body.data).toEqual({ disclosureId: sub.id, line: '职工活动支出', question: QUESTION });
    expect(keysOf(read.body)).toEqual(['org:acme:submitter']);
    query = read.body;
  });

  it('refuses a used code with 404', async () => {
    const again = await raise(codes[0]);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('not_found');
  });

  it('refuses another union’s code with the same 404 as a used one', async () => {
    const opened = await beta.json('POST', '/api/rounds', { purpose: 'fund-query', count: 1 });
    expect(opened.status).toBe(201);
    allCodes.push(...opened.body.codes);
    const used = await raise(codes[0]);
    const foreign = await raise(opened.body.codes[0]);
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(used.body);
  });

  it('refuses an unknown code with the same 404 as a used one', async () => {
    const used = await raise(codes[0]);
    const unknown = await raise('ZZZZ-ZZZZ-ZZZZ');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(used.body);
  });

  it('files no query for a refused code', async () => {
    expect(await releaseQueries(env.deps)).toEqual({ released: 0, held: 0 });
    expect(await inboxIds(union)).toEqual([query.id]);
  });

  it('refuses the answer action before an answer is written, with 422 at answer', async () => {
    const refused = await act(union, query, 'answer');
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body)).toEqual(['answer']);
  });

  it('refuses a union answer that rewrites the member’s question, with 422 at question', async () => {
    const refused = await act(union, query, 'answer', { data: { ...query.data, question: '已改写的问题', answer: ANSWER } });
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body)).toEqual(['question']);
  });

  it('moves the answered query to committee-close, in the committee’s inbox', async () => {
    const answered = await act(union, query, 'answer', { data: { ...query.data, answer: ANSWER } });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ step: 'committee-close', status: 'in_review', data: { answer: ANSWER, question: QUESTION } });
    expect(keysOf(answered.body)).toEqual(['org:acme:reviewer']);
    expect(await inboxIds(committee)).toEqual([query.id]);
    expect(await inboxIds(union)).toEqual([]);
    query = answered.body;
  });

  it('refuses an escalation without a comment with 422', async () => {
    const refused = await act(committee, query, 'escalate');
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body)).toEqual(['comment']);
  });

  it('escalates to the street union’s reviewers with a comment', async () => {
    const escalated = await act(committee, query, 'escalate', { comment: '答复未说明比价记录，提交街道工会' });
    expect(escalated.status).toBe(200);
    expect(escalated.body).toMatchObject({ step: 'street-review', status: 'in_review' });
    expect(keysOf(escalated.body)).toEqual(['org:dinghailu:reviewer']);
    expect(await inboxIds(street)).toEqual([query.id]);
    expect(await inboxIds(committee)).toEqual([]);
    query = escalated.body;
  });

  it('refuses the street’s close without its note, with 422 at streetNote', async () => {
    const refused = await act(street, query, 'close');
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body)).toEqual(['streetNote']);
  });

  it('closes the query with the street’s note, in nobody’s inbox', async () => {
    const closed = await act(street, query, 'close', { data: { ...query.data, streetNote: '已核查比价记录，采购合规，办结' } });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ step: 'closed', status: 'closed', assignees: [], data: { streetNote: '已核查比价记录，采购合规，办结' } });
    expect(await inboxIds(street)).toEqual([]);
    expect(await inboxIds(union)).toEqual([]);
    query = closed.body;
  });

  it('records every step of the query in order with its actor', async () => {
    const { body } = await street.json('GET', `/api/submissions/${query.id}/history`);
    expect(body.events.map((e: any) => [e.action, e.actor.id, e.step, e.to])).toEqual([
      ['create', 'member', 'member-query', 'member-query'],
      ['submit', 'member', 'member-query', 'union-answer'],
      ['answer', 'acme.submitter', 'union-answer', 'committee-close'],
      ['escalate', 'acme.committee', 'committee-close', 'street-review'],
      ['close', 'dinghailu.reviewer', 'street-review', 'closed'],
    ]);
    expect(body.events[3].comment).toBe('答复未说明比价记录，提交街道工会');
  });

  it('names the member events’ actor as the anonymous member of the union', async () => {
    const { body } = await union.json('GET', `/api/submissions/${query.id}/history`);
    const actors = body.events.slice(0, 2).map((e: any) => e.actor);
    expect(actors).toEqual([
      { id: 'member', name: '会员（匿名） / Member (anonymous)', orgId: 'acme' },
      { id: 'member', name: '会员（匿名） / Member (anonymous)', orgId: 'acme' },
    ]);
  });

  it('keeps no code in the query’s record or history', async () => {
    const { body: history } = await union.json('GET', `/api/submissions/${query.id}/history`);
    const { body: record } = await union.json('GET', `/api/submissions/${query.id}`);
    const text = JSON.stringify([history, record]).toUpperCase();
    for (const code of allCodes) {
      expect(text).not.toContain(code);
      expect(text).not.toContain(code.replace(/-/g, ''));
    }
  });

  it('keeps an unbroken hash chain over the member’s and the union’s events', async () => {
    const verified = await union.json('GET', `/api/submissions/${query.id}/verify`);
    expect(verified.body).toMatchObject({ ok: true, events: 5 });
  });
});

describe('a fund-query code issued for one disclosure', () => {
  let env: TestEnv;
  let union: Client;
  let committee: Client;

  beforeAll(async () => {
    env = await setupEnv({ now: () => NOW });
    [union, committee] = await Promise.all(['acme.submitter', 'acme.committee'].map((u) => signIn(env.app, u)));
  });

  async function published(quarter: number): Promise<Sub> {
    const created = await union.json('POST', '/api/submissions', { formId: FORM, data: { ...formExample(FORM, NOW), quarter } });
    const submitted = await act(union, created.body, 'submit');
    const approved = await act(committee, submitted.body, 'approve');
    expect(approved.body.step).toBe('published');
    return approved.body;
  }

  // fund-query's disclosureId: "a member queries only the disclosure the code was issued for".
  it('is refused with 404 on another published disclosure of the same union', async () => {
    const q1 = await published(1);
    const q2 = await published(2);
    const opened = await union.json('POST', '/api/rounds', { purpose: 'fund-query', submissionId: q1.id, count: 1 });
    const raised = await anonymousJson(env.app, 'POST', '/api/member/queries', {
      code: opened.body.codes[0],
      disclosureId: q2.id,
      line: '职工活动支出',
      question: QUESTION,
    });
    expect(raised.status).toBe(404);
  });
});
