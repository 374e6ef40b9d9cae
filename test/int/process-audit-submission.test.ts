/**
 * Process 4 (经审 审计资料报送) end to end through the HTTP API with the demo accounts: the
 * union sends its audit material to its assigned 特约经审员, who raises two findings; the union
 * answers both; the auditor accepts one and returns the other; the union answers the returned
 * one again (the accepted one is settled); the auditor accepts it, and the district 经审会
 * signs off (依次: one member, then the other; never the 特约经审员). Then the no-findings path.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../forms/validators.js';
import { shanghaiDate } from '../../workflows/calendar.js';
import { act, formExample, inboxIds, setupEnv, signIn, type Client, type TestEnv } from './support.js';

const NOW = new Date('2030-06-14T02:00:00.000Z');
const FORM = 'audit-submission';
const DEADLINE = addDays(shanghaiDate(NOW), 30);

type Finding = Record<string, any>;
type Sub = {
  id: string;
  version: number;
  step: string;
  status: string;
  data: Record<string, any> & { findings?: Finding[] };
  computed: Record<string, any>;
  assignees: { key: string }[];
  approvals?: { id: string; name: string; at: string }[];
};

const FINDINGS: Finding[] = [
  { id: 'F1', category: 'spending', description: '部分职工活动支出缺少活动方案和签到表', severity: 'general', deadline: DEADLINE },
  { id: 'F2', category: 'accounting', description: '银行存款未达账项未及时调整', severity: 'serious', deadline: DEADLINE },
];

const issuePaths = (body: any): string[] => (body?.error?.issues ?? []).map((i: { path: string }) => i.path);
const keysOf = (sub: Sub) => sub.assignees.map((a) => a.key).sort();
/** The stored data with each finding row changed as `rows` says (by index). */
const withRows = (sub: Sub, rows: Record<number, Finding>) => ({
  ...sub.data,
  findings: sub.data.findings!.map((row, i) => ({ ...row, ...(rows[i] ?? {}) })),
});

describe('audit material with two findings, one answer returned, then signed off jointly by the district', () => {
  let env: TestEnv;
  let union: Client;
  let auditor: Client;
  let beta: Client;
  let district1: Client;
  let district2: Client;
  let sub: Sub;
  let betaSub: Sub;

  beforeAll(async () => {
    env = await setupEnv({ now: () => NOW });
    [union, auditor, beta, district1, district2] = await Promise.all(
      ['acme.submitter', 'acme.auditor', 'beta.submitter', 'district.auditor', 'district.auditor2'].map((u) => signIn(env.app, u)),
    );
  });

  it('submits the union’s audit material to audit-review, assigned to its 特约经审员', async () => {
    const created = await union.json('POST', '/api/submissions', { formId: FORM, data: formExample(FORM, NOW) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ step: 'fill', status: 'draft' });
    const submitted = await act(union, created.body, 'submit');
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ formId: FORM, orgId: 'acme', step: 'audit-review', status: 'in_review' });
    expect(submitted.body.data).toEqual(formExample(FORM, NOW));
    expect(keysOf(submitted.body)).toEqual(['assigned:acme:auditor']);
    expect(submitted.body.computed).toEqual({ bankDifference: 120_000, findingsCount: 0, openFindings: 0 });
    sub = submitted.body;
  });

  it('puts it in the assigned auditor’s inbox, and not in the district 经审会’s', async () => {
    expect(await inboxIds(auditor)).toEqual([sub.id]);
    expect(await inboxIds(district1)).toEqual([]);
    expect(await inboxIds(district2)).toEqual([]);
  });

  it('keeps another union’s audit material out of the assigned auditor’s inbox and scope', async () => {
    const created = await beta.json('POST', '/api/submissions', { formId: FORM, data: formExample(FORM, NOW) });
    const submitted = await act(beta, created.body, 'submit');
    expect(submitted.body.step).toBe('audit-review');
    betaSub = submitted.body;
    expect(await inboxIds(auditor)).not.toContain(betaSub.id);
    const read = await auditor.json('GET', `/api/submissions/${betaSub.id}`);
    expect(read.status).toBe(404);
  });

  it('refuses raise-findings by another union’s submitter with 404', async () => {
    const refused = await act(beta, sub, 'raise-findings', { data: { ...sub.data, findings: FINDINGS } });
    expect(refused.status).toBe(404);
  });

  it('refuses raise-findings without a finding, with 422', async () => {
    const refused = await act(auditor, sub, 'raise-findings');
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body)).toEqual(['findings']);
  });

  it('refuses an auditor’s change of the union’s figures, with 422', async () => {
    const refused = await act(auditor, sub, 'raise-findings', { data: { ...sub.data, assets: 1, findings: FINDINGS } });
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body)).toEqual(['assets']);
  });

  it('raises two findings and moves to rectification, assigned to the union', async () => {
    const raised = await act(auditor, sub, 'raise-findings', { data: { ...sub.data, findings: FINDINGS }, comment: '发现两项问题，请限期整改' });
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({ step: 'rectification', status: 'in_review' });
    expect(raised.body.data.findings).toEqual(FINDINGS);
    expect(raised.body.computed).toMatchObject({ findingsCount: 2, openFindings: 2 });
    expect(keysOf(raised.body)).toEqual(['org:acme:submitter']);
    expect(await inboxIds(union)).toEqual([sub.id]);
    expect(await inboxIds(auditor)).toEqual([]);
    sub = raised.body;
  });

  it('refuses submit-answers while a finding is unanswered, with 422', async () => {
    const refused = await act(union, sub, 'submit-answers', { data: withRows(sub, { 0: { answer: '已补齐活动方案和签到表' } }) });
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body)).toEqual(['findings.1.answer']);
  });

  it('refuses the union’s change of a finding’s description, with 422', async () => {
    const data = withRows(sub, { 0: { answer: '已整改', description: '改写的问题' }, 1: { answer: '已整改' } });
    const refused = await act(union, sub, 'submit-answers', { data });
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body)).toEqual(['findings.0.description']);
  });

  it('sends both answers to audit-verify, assigned to the auditor again', async () => {
    const data = withRows(sub, { 0: { answer: '已补齐全年活动方案和签到表' }, 1: { answer: '已于 12 月调整未达账项' } });
    const answered = await act(union, sub, 'submit-answers', { data });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ step: 'audit-verify', status: 'in_review' });
    expect(answered.body.data.findings.map((f: Finding) => f.answer)).toEqual(['已补齐全年活动方案和签到表', '已于 12 月调整未达账项']);
    expect(keysOf(answered.body)).toEqual(['assigned:acme:auditor']);
    expect(await inboxIds(auditor)).toEqual([sub.id]);
    sub = answered.body;
  });

  it('refuses the approval while an answer is not accepted, with 422', async () => {
    const refused = await act(auditor, sub, 'approve', { data: withRows(sub, { 0: { verdict: 'accepted' } }) });
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body)).toEqual(['findings.1.verdict']);
  });

  it('refuses a return of an answer without a verdict note, with 422', async () => {
    const data = withRows(sub, { 0: { verdict: 'accepted' }, 1: { verdict: 'returned' } });
    const refused = await act(auditor, sub, 'return', { data, comment: '一项整改不到位' });
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body)).toEqual(['findings.1.verdictNote']);
  });

  it('refuses an auditor’s change of the union’s answer, with 422', async () => {
    const data = withRows(sub, { 0: { verdict: 'accepted', answer: '审计员改写' }, 1: { verdict: 'accepted' } });
    const refused = await act(auditor, sub, 'approve', { data });
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body)).toEqual(['findings.0.answer']);
  });

  it('accepts one answer and returns the other to rectification with its verdicts', async () => {
    const data = withRows(sub, { 0: { verdict: 'accepted' }, 1: { verdict: 'returned', verdictNote: '未附调整后的银行余额调节表' } });
    const returned = await act(auditor, sub, 'return', { data, comment: '一项整改不到位，请补充' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ step: 'rectification', status: 'in_review' });
    expect(returned.body.data.findings.map((f: Finding) => [f.verdict, f.verdictNote])).toEqual([
      ['accepted', undefined],
      ['returned', '未附调整后的银行余额调节表'],
    ]);
    expect(returned.body.computed).toMatchObject({ findingsCount: 2, openFindings: 1 });
    expect(await inboxIds(union)).toEqual([sub.id]);
    sub = returned.body;
  });

  it('refuses a change of the accepted answer, with 422 at that answer', async () => {
    const data = withRows(sub, { 0: { answer: '再补充一点说明' }, 1: { answer: '已附余额调节表' } });
    const refused = await act(union, sub, 'submit-answers', { data });
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body)).toEqual(['findings.0.answer']);
  });

  it('sends the returned finding’s new answer to audit-verify, the accepted one unchanged', async () => {
    const data = withRows(sub, { 1: { answer: '已调整未达账项，附调整后的银行余额调节表' } });
    const answered = await act(union, sub, 'submit-answers', { data });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ step: 'audit-verify', status: 'in_review' });
    expect(answered.body.data.findings[0]).toEqual({ ...FINDINGS[0], answer: '已补齐全年活动方案和签到表', verdict: 'accepted' });
    expect(answered.body.data.findings[1].answer).toBe('已调整未达账项，附调整后的银行余额调节表');
    sub = answered.body;
  });

  it('moves to district-signoff on the approval, assigned to both district 经审会 members and not the 特约经审员', async () => {
    const data = withRows(sub, { 1: { verdict: 'accepted', verdictNote: '已核实' } });
    const approved = await act(auditor, sub, 'approve', { data, comment: '整改到位' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ step: 'district-signoff', status: 'in_review', approvals: [] });
    expect(approved.body.computed).toMatchObject({ openFindings: 0 });
    expect(keysOf(approved.body)).toEqual(['user:district.auditor', 'user:district.auditor2']);
    expect(await inboxIds(district1)).toContain(sub.id);
    expect(await inboxIds(district2)).toContain(sub.id);
    expect(await inboxIds(auditor)).toEqual([]);
    sub = approved.body;
  });

  it('refuses the 特约经审员’s sign-off with 409', async () => {
    const refused = await act(auditor, sub, 'approve');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('action_not_allowed');
  });

  it('stays in district-signoff after the first signature, with one approval recorded and one signer left', async () => {
    const signed = await act(district1, sub, 'approve', { comment: '同意' });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ step: 'district-signoff', status: 'in_review' });
    expect(signed.body.approvals.map((a: { id: string }) => a.id)).toEqual(['district.auditor']);
    expect(keysOf(signed.body)).toEqual(['user:district.auditor2']);
    expect(await inboxIds(district1)).not.toContain(sub.id);
    expect(await inboxIds(district2)).toContain(sub.id);
    sub = signed.body;
  });

  it('refuses a second signature by the same person with 409', async () => {
    const refused = await act(district1, sub, 'approve');
    expect(refused.status).toBe(409);
  });

  it('closes after the second signature, in nobody’s inbox', async () => {
    const signed = await act(district2, sub, 'approve', { comment: '同意结案' });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({ step: 'closed', status: 'closed', assignees: [] });
    expect(await inboxIds(district2)).toEqual([]);
    expect(await inboxIds(union)).toEqual([]);
    sub = signed.body;
  });

  it('records every step in order with its actor, and an unbroken hash chain', async () => {
    const { body } = await district1.json('GET', `/api/submissions/${sub.id}/history`);
    expect(body.events.map((e: any) => [e.action, e.actor.id, e.step, e.to])).toEqual([
      ['create', 'acme.submitter', 'fill', 'fill'],
      ['submit', 'acme.submitter', 'fill', 'audit-review'],
      ['raise-findings', 'acme.auditor', 'audit-review', 'rectification'],
      ['submit-answers', 'acme.submitter', 'rectification', 'audit-verify'],
      ['return', 'acme.auditor', 'audit-verify', 'rectification'],
      ['submit-answers', 'acme.submitter', 'rectification', 'audit-verify'],
      ['approve', 'acme.auditor', 'audit-verify', 'district-signoff'],
      ['approve', 'district.auditor', 'district-signoff', 'district-signoff'],
      ['approve', 'district.auditor2', 'district-signoff', 'closed'],
    ]);
    expect((await district1.json('GET', `/api/submissions/${sub.id}/verify`)).body).toMatchObject({ ok: true, events: 9 });
  });

  it('records the findings as an edit of the auditor, and the returned answer’s before and after', async () => {
    const { body } = await union.json('GET', `/api/submissions/${sub.id}/history`);
    const raised = body.events[2].changes.edits;
    expect(raised).toEqual([{ path: 'findings', before: null, after: FINDINGS }]);
    const reanswered = body.events[5].changes.edits;
    expect(reanswered).toEqual([
      { path: 'findings.1.answer', before: '已于 12 月调整未达账项', after: '已调整未达账项，附调整后的银行余额调节表' },
    ]);
  });
});

describe('audit material without findings', () => {
  let env: TestEnv;
  let union: Client;
  let auditor: Client;
  let district1: Client;
  let district2: Client;
  let sub: Sub;

  beforeAll(async () => {
    env = await setupEnv({ now: () => NOW });
    [union, auditor, district1, district2] = await Promise.all(
      ['acme.submitter', 'acme.auditor', 'district.auditor', 'district.auditor2'].map((u) => signIn(env.app, u)),
    );
    const created = await union.json('POST', '/api/submissions', { formId: FORM, data: formExample(FORM, NOW) });
    sub = (await act(union, created.body, 'submit')).body;
  });

  it('refuses no-findings when findings were written, with 422', async () => {
    const refused = await act(auditor, sub, 'no-findings', { data: { ...sub.data, findings: FINDINGS } });
    expect(refused.status).toBe(422);
    expect(issuePaths(refused.body)).toEqual(['findings']);
  });

  it('goes straight to district-signoff, assigned to both district 经审会 members', async () => {
    const cleared = await act(auditor, sub, 'no-findings', { comment: '未发现问题' });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ step: 'district-signoff', status: 'in_review' });
    expect(cleared.body.data.findings).toBeUndefined();
    expect(keysOf(cleared.body)).toEqual(['user:district.auditor', 'user:district.auditor2']);
    sub = cleared.body;
  });

  it('closes once both district 经审会 members have signed', async () => {
    const first = await act(district2, sub, 'approve');
    expect(first.body).toMatchObject({ step: 'district-signoff' });
    const second = await act(district1, first.body, 'approve');
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ step: 'closed', status: 'closed' });
    const { body } = await union.json('GET', `/api/submissions/${sub.id}/history`);
    expect(body.events.map((e: any) => e.action)).toEqual(['create', 'submit', 'no-findings', 'approve', 'approve']);
  });
});
