/**
 * Process 2 (职工之家建设自评 with 会员评家) end to end through the HTTP API with the demo
 * accounts: the union drafts its self-assessment, opens an evaluation round, members answer
 * with one-time codes, the union submits (the tally and every computed value come from the
 * server), the street re-scores an item with a reason, the district grades it and completes
 * it. Then the district's returns: to the street, and to the union, both coming straight back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { act, anonymousJson, formExample, inboxIds, setupEnv, signIn, type Client, type TestEnv } from './support.js';

const NOW = new Date('2030-06-14T02:00:00.000Z');
const FORM = 'home-assessment';

type Sub = {
  id: string;
  version: number;
  step: string;
  status: string;
  data: Record<string, any>;
  computed: Record<string, any>;
  assignees: { key: string }[];
};

const example = () => formExample(FORM, NOW);
const answers = (overall: string) => ({ ...formExample('member-evaluation', NOW), overall });
const issuePaths = (body: any): string[] => (body?.error?.issues ?? []).map((i: { path: string }) => i.path);

/** The stored data with one item's score changed: the complete new data object an edit sends. */
const rescored = (data: Record<string, any>, item: string, score: number) => ({ ...data, [item]: { ...data[item], score } });

describe('a home assessment evaluated by members, re-scored by the street and graded by the district', () => {
  let env: TestEnv;
  let union: Client;
  let street: Client;
  let district: Client;
  let sub: Sub;
  let roundId: string;
  let codes: string[];
  const REASON = '委员会换届材料缺少经审会选举记录，扣 2 分';

  beforeAll(async () => {
    env = await setupEnv({ now: () => NOW });
    [union, street, district] = await Promise.all(
      ['acme.submitter', 'dinghailu.reviewer', 'district.reviewer'].map((u) => signIn(env.app, u)),
    );
  });

  it('creates a draft in the fill step, dropping the tally values a client types', async () => {
    const created = await union.json('POST', '/api/submissions', {
      formId: FORM,
      data: { ...example(), evalAnswers: 500, evalSatisfied: 500 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ formId: FORM, orgId: 'acme', step: 'fill', status: 'draft', version: 1, assignees: [] });
    expect(created.body.data).toEqual(example());
    sub = created.body;
  });

  it('opens an evaluation round for the draft and hands out its codes once', async () => {
    const opened = await union.json('POST', '/api/rounds', { purpose: 'evaluation', submissionId: sub.id, count: 6 });
    expect(opened.status).toBe(201);
    expect(opened.body.codes).toHaveLength(6);
    expect(opened.body.round).toMatchObject({ purpose: 'evaluation', submissionId: sub.id, orgId: 'acme', count: 6 });
    expect(opened.body.round.tally).toEqual({ answers: 0, satisfied: 0, basic: 0, unsatisfied: 0 });
    roundId = opened.body.round.id;
    codes = opened.body.codes;
  });

  it('takes one answer per code from members without an account', async () => {
    const overall = ['satisfied', 'satisfied', 'satisfied', 'basic', 'unsatisfied'];
    const results = [];
    for (const [i, choice] of overall.entries()) {
      results.push(await anonymousJson(env.app, 'POST', '/api/member/evaluations', { code: codes[i], answers: answers(choice) }));
    }
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
  });

  it('refuses a code that was already used with 404', async () => {
    const again = await anonymousJson(env.app, 'POST', '/api/member/evaluations', { code: codes[0], answers: answers('unsatisfied') });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('not_found');
  });

  it('tallies the overall answers in the round: 3 satisfied, 1 basically satisfied, 1 unsatisfied', async () => {
    const round = await union.json('GET', `/api/rounds/${roundId}`);
    expect(round.status).toBe(200);
    expect(round.body.tally).toEqual({ answers: 5, satisfied: 3, basic: 1, unsatisfied: 1 });
    expect(round.body.satisfactionRate).toBeCloseTo(0.8);
  });

  it('submits to street-review with the tally copied from the round, ignoring the values the client sends', async () => {
    const forged = {
      ...example(),
      evalAnswers: 100,
      evalSatisfied: 100,
      evalBasic: 0,
      evalUnsatisfied: 0,
      memberEvaluationScore: 10,
      total: 100,
      grade: 'excellent',
      modelEligible: true,
    };
    const submitted = await act(union, sub, 'submit', { data: forged });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ step: 'street-review', status: 'in_review', version: 2 });
    expect(submitted.body.assignees.map((a: { key: string }) => a.key)).toEqual(['org:dinghailu:reviewer']);
    expect(submitted.body.data).toEqual({ ...example(), evalAnswers: 5, evalSatisfied: 3, evalBasic: 1, evalUnsatisfied: 1 });
    sub = submitted.body;
  });

  it('computes the section totals, 会员评家 score floor(10 × 4/5) = 8, total 90 and grade excellent', () => {
    expect(sub.computed).toEqual({
      sec_org: 18,
      sec_democracy: 18,
      sec_rights: 18,
      sec_culture: 13,
      sec_funds: 15,
      memberEvaluationScore: 8,
      satisfactionRate: 80,
      total: 90,
      grade: 'excellent',
      // 5 answers are fewer than max(20, 30 % of 120 members): not eligible as a model home.
      modelEligible: false,
    });
  });

  it('puts the submitted assessment in the street reviewer inbox only', async () => {
    expect(await inboxIds(street)).toEqual([sub.id]);
    expect(await inboxIds(district)).toEqual([]);
    expect(await inboxIds(union)).toEqual([]);
  });

  it('refuses a street re-score without a reason with 422 at the reason of that path', async () => {
    const refused = await act(street, sub, 'edit', { data: rescored(sub.data, 'org_committee', 5) });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('validation_failed');
    expect(issuePaths(refused.body)).toEqual(['reasons.org_committee.score']);
  });

  it('refuses a street edit of a field outside the step’s edits (an evidence note) with 422', async () => {
    const data = { ...sub.data, org_committee: { ...sub.data.org_committee, note: '街道改写的说明' } };
    const refused = await act(street, sub, 'edit', { data, reasons: { 'org_committee.note': '改写' } });
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body)).toEqual(['org_committee.note']);
  });

  it('refuses a street edit of the district’s grade with 422', async () => {
    const refused = await act(street, sub, 'edit', { data: { ...sub.data, districtGrade: 'excellent' }, reasons: { districtGrade: '提前评定' } });
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body)).toEqual(['districtGrade']);
  });

  it('leaves the submission unchanged after the refused edits', async () => {
    const read = await street.json('GET', `/api/submissions/${sub.id}`);
    expect(read.body).toMatchObject({ version: sub.version, step: 'street-review', data: sub.data, computed: sub.computed });
  });

  it('re-scores one item with a reason and recomputes total 88 and grade qualified', async () => {
    const edited = await act(street, sub, 'edit', { data: rescored(sub.data, 'org_committee', 5), reasons: { 'org_committee.score': REASON } });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ step: 'street-review', status: 'in_review', version: sub.version + 1 });
    expect(edited.body.data.org_committee).toEqual({ ...sub.data.org_committee, score: 5 });
    expect(edited.body.computed).toMatchObject({ sec_org: 16, memberEvaluationScore: 8, total: 88, grade: 'qualified' });
    sub = edited.body;
  });

  it('records the re-score in history with the score before, the score after and the reason', async () => {
    const { body } = await street.json('GET', `/api/submissions/${sub.id}/history`);
    const last = body.events.at(-1);
    expect(last).toMatchObject({ action: 'edit', step: 'street-review', actor: { id: 'dinghailu.reviewer', orgId: 'dinghailu' } });
    expect(last.changes.edits).toEqual([{ path: 'org_committee.score', before: 7, after: 5, reason: REASON }]);
  });

  it('keeps the union’s own self-score and the tally in the submit event', async () => {
    const { body } = await street.json('GET', `/api/submissions/${sub.id}/history`);
    const submit = body.events.find((e: { action: string }) => e.action === 'submit');
    expect(submit.changes.data.org_committee.score).toBe(7);
    expect(submit.changes.data).toMatchObject({ evalAnswers: 5, evalSatisfied: 3, evalBasic: 1, evalUnsatisfied: 1 });
    expect(submit.changes.computed).toMatchObject({ total: 90, grade: 'excellent' });
  });

  it('moves the street-approved assessment to district-review, in the district reviewer inbox', async () => {
    const approved = await act(street, sub, 'approve', { comment: '复核完毕，报区总工会' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ step: 'district-review', status: 'in_review' });
    expect(approved.body.assignees.map((a: { key: string }) => a.key)).toEqual(['org:yangpu:reviewer']);
    expect(await inboxIds(district)).toEqual([sub.id]);
    expect(await inboxIds(street)).toEqual([]);
    sub = approved.body;
  });

  it('refuses the district approval until districtGrade is filled, with 422 at districtGrade', async () => {
    const refused = await act(district, sub, 'approve');
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body)).toEqual(['districtGrade']);
  });

  it('refuses a district change of a self-score with 422', async () => {
    const refused = await act(district, sub, 'edit', { data: rescored(sub.data, 'org_members', 6), reasons: { 'org_members.score': '加分' } });
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body)).toEqual(['org_members.score']);
  });

  it('lets the district set the final grade and the recommendation', async () => {
    const data = { ...sub.data, districtGrade: 'qualified', recommendModel: false, districtOpinion: '建议加强经审会建设' };
    const edited = await act(district, sub, 'edit', { data });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ step: 'district-review', data: { districtGrade: 'qualified', recommendModel: false } });
    sub = edited.body;
  });

  it('completes the assessment on the district approval, in nobody’s inbox', async () => {
    const approved = await act(district, sub, 'approve', { comment: '审定合格' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ step: 'completed', status: 'completed', assignees: [] });
    expect(approved.body.computed).toMatchObject({ total: 88, grade: 'qualified' });
    expect(await inboxIds(district)).toEqual([]);
    expect(await inboxIds(street)).toEqual([]);
    sub = approved.body;
  });

  it('refuses a 会员评家 round for the completed assessment with 422 at submissionId', async () => {
    const refused = await union.json('POST', '/api/rounds', { purpose: 'evaluation', submissionId: sub.id, count: 1 }, { 'accept-language': 'en' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.issues).toEqual([
      { path: 'submissionId', message: 'Members evaluate a home assessment only while it is being filled (a draft, or returned); this one is already submitted' },
    ]);
  });

  it('records every step in order with its actor, and an unbroken hash chain', async () => {
    const { body } = await union.json('GET', `/api/submissions/${sub.id}/history`);
    expect(body.events.map((e: any) => [e.action, e.actor.id, e.step, e.to])).toEqual([
      ['create', 'acme.submitter', 'fill', 'fill'],
      ['submit', 'acme.submitter', 'fill', 'street-review'],
      ['edit', 'dinghailu.reviewer', 'street-review', 'street-review'],
      ['approve', 'dinghailu.reviewer', 'street-review', 'district-review'],
      ['edit', 'district.reviewer', 'district-review', 'district-review'],
      ['approve', 'district.reviewer', 'district-review', 'completed'],
    ]);
    const verified = await union.json('GET', `/api/submissions/${sub.id}/verify`);
    expect(verified.body).toMatchObject({ ok: true });
  });

  it('records the district’s grade as an edit without a reason', async () => {
    const { body } = await union.json('GET', `/api/submissions/${sub.id}/history`);
    const edits = body.events[4].changes.edits;
    expect(edits).toEqual(
      expect.arrayContaining([
        { path: 'districtGrade', before: null, after: 'qualified' },
        { path: 'recommendModel', before: null, after: false },
      ]),
    );
  });
});

describe('the district returning a home assessment', () => {
  let env: TestEnv;
  let union: Client;
  let street: Client;
  let district: Client;

  beforeAll(async () => {
    env = await setupEnv({ now: () => NOW });
    [union, street, district] = await Promise.all(
      ['acme.submitter', 'dinghailu.reviewer', 'district.reviewer'].map((u) => signIn(env.app, u)),
    );
  });

  /** A submitted assessment approved by the street: waiting in district-review. */
  async function atDistrict(): Promise<Sub> {
    const created = await union.json('POST', '/api/submissions', { formId: FORM, data: example() });
    const submitted = await act(union, created.body, 'submit');
    const approved = await act(street, submitted.body, 'approve');
    expect(approved.body.step).toBe('district-review');
    return approved.body;
  }

  describe('to the street', () => {
    let sub: Sub;
    beforeAll(async () => {
      sub = await atDistrict();
    });

    it('puts it back in street-review, in review, in the street reviewer inbox', async () => {
      const returned = await act(district, sub, 'return', { to: 'street-review', comment: '请街道核实民主管理得分' });
      expect(returned.status).toBe(200);
      expect(returned.body).toMatchObject({ step: 'street-review', status: 'in_review' });
      expect(returned.body.assignees.map((a: { key: string }) => a.key)).toEqual(['org:dinghailu:reviewer']);
      expect(await inboxIds(street)).toContain(sub.id);
      expect(await inboxIds(district)).not.toContain(sub.id);
      sub = returned.body;
    });

    it('lets the street re-score with a reason while it is back', async () => {
      const edited = await act(street, sub, 'edit', {
        data: rescored(sub.data, 'dem_openness', 4),
        reasons: { 'dem_openness.score': '厂务公开栏 2 个季度未更新' },
      });
      expect(edited.status).toBe(200);
      expect(edited.body.data.dem_openness.score).toBe(4);
      sub = edited.body;
    });

    it('sends it back to district-review when the street approves again', async () => {
      const approved = await act(street, sub, 'approve', { comment: '已核实' });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ step: 'district-review', status: 'in_review' });
      expect(await inboxIds(district)).toContain(sub.id);
      sub = approved.body;
    });

    it('records the return with its comment and target step', async () => {
      const { body } = await district.json('GET', `/api/submissions/${sub.id}/history`);
      const ret = body.events.find((e: { action: string }) => e.action === 'return');
      expect(ret).toMatchObject({ actor: { id: 'district.reviewer' }, step: 'district-review', to: 'street-review', comment: '请街道核实民主管理得分' });
    });
  });

  describe('to the union', () => {
    let sub: Sub;
    beforeAll(async () => {
      sub = await atDistrict();
    });

    it('puts it back in the fill step as returned, in the union’s inbox', async () => {
      const returned = await act(district, sub, 'return', { comment: '请补充职代会决议' });
      expect(returned.status).toBe(200);
      expect(returned.body).toMatchObject({ step: 'fill', status: 'returned' });
      expect(await inboxIds(union)).toContain(sub.id);
      sub = returned.body;
    });

    it('opens a 会员评家 round for the returned assessment', async () => {
      const opened = await union.json('POST', '/api/rounds', { purpose: 'evaluation', submissionId: sub.id, count: 1 });
      expect(opened.status).toBe(201);
    });

    it('sends the corrected resubmission straight back to district-review, skipping the street', async () => {
      const data = { ...sub.data, dem_congress: { score: 8, note: '职代会决议已补充上传' } };
      const resubmitted = await act(union, sub, 'submit', { data });
      expect(resubmitted.status).toBe(200);
      expect(resubmitted.body).toMatchObject({ step: 'district-review', status: 'in_review' });
      expect(await inboxIds(district)).toContain(sub.id);
      expect(await inboxIds(street)).not.toContain(sub.id);
    });
  });

  it('refuses a return to a step the district may not return to, with 422 at to', async () => {
    const sub = await atDistrict();
    const refused = await act(district, sub, 'return', { to: 'completed', comment: '退回' });
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body)).toEqual(['to']);
  });
});
