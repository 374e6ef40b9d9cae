import { describe, it, expect } from 'vitest';
import type { FormData } from '../../forms/language.js';
import { expandSigners, type ActionRequest, type Actor, type WorkflowState } from '../../workflows/engine.js';
import { workflowForForm } from '../../workflows/registry.js';
import { fakeForm } from './fake-form.js';
import {
  NOW,
  actor,
  assignedAuditor,
  districtAuditor1,
  districtAuditor2,
  districtAuditor3,
  draftOf,
  expandGroups,
  issuePaths,
  next,
  otherAuditor,
  refusal,
  submitter,
  transition,
} from './fixtures.js';

const workflow = workflowForForm('audit-submission')!;
type Finding = Record<string, unknown>;
const rows = (data: FormData) => (Array.isArray(data.findings) ? (data.findings as Finding[]) : []);
/** Stands in for the form: severities and verdicts are choices. */
const form = fakeForm({
  required: ['auditYear'],
  check: (data) =>
    rows(data).flatMap((row, i) => [
      ...(row.severity !== undefined && !['一般', '较重', '严重'].includes(row.severity as string)
        ? [{ path: `findings.${i}.severity`, message: { zh: '无此选项', en: 'No such option' } }]
        : []),
      ...(row.verdict !== undefined && !['accepted', 'returned'].includes(row.verdict as string)
        ? [{ path: `findings.${i}.verdict`, message: { zh: '无此选项', en: 'No such option' } }]
        : []),
    ]),
});
const act = actor(workflow, form);
const committee = { 'org:yangpu:auditor': [districtAuditor1, districtAuditor2, districtAuditor3] };

const material: FormData = { auditYear: 2024, bankBalance: 5_000_000, bookBalance: 5_000_000 };
const finding = (id: string, extra: Finding = {}): Finding => ({ id, category: '预算执行', description: `发现 ${id}`, severity: '一般', deadline: '2025-07-31', ...extra });
const raised: FormData = { ...material, findings: [finding('f1'), finding('f2')] };
const answered = (a = '已整改', b = '已整改'): FormData => ({
  ...material,
  findings: [finding('f1', { answer: a }), finding('f2', { answer: b })],
});
const judged = (v1: string, v2: string, answers = answered()): FormData => ({
  ...answers,
  findings: rows(answers).map((row, i) => {
    const verdict = [v1, v2][i];
    return verdict === 'returned' ? { ...row, verdict, verdictNote: '佐证不足' } : { ...row, verdict };
  }),
});

const then = (state: WorkflowState, request: ActionRequest, who: Actor) => next(state, act(state, request, who));
const draft = () => draftOf(workflow, material);
const inAuditReview = (): WorkflowState => then(draft(), { action: 'submit' }, submitter);
const inRectification = (): WorkflowState => then(inAuditReview(), { action: 'raise-findings', data: raised }, assignedAuditor);
const inVerify = (): WorkflowState => then(inRectification(), { action: 'submit-answers', data: answered() }, submitter);
/** Back in rectification with f1 accepted and f2 sent back. */
const sentBack = (): WorkflowState => then(inVerify(), { action: 'return', comment: 'f2 整改不到位', data: judged('accepted', 'returned') }, assignedAuditor);
const enteringSignoff = () => act(inVerify(), { action: 'approve', data: judged('accepted', 'accepted') }, assignedAuditor);
const inSignoff = (): WorkflowState => expandGroups(inVerify(), enteringSignoff(), committee);

describe('audit submission: fill', () => {
  it('sends the material to the auditor assigned to the union', () => {
    expect(transition(act(draft(), { action: 'submit' }, submitter, NOW)).assignees.map((a) => a.key)).toEqual(['assigned:g-yp-tech:auditor']);
  });

  it('refuses findings written by the union itself', () => {
    expect(issuePaths(act(draftOf(workflow, {}), { action: 'submit', data: raised }, submitter, NOW))).toEqual(['findings']);
  });
});

describe('audit submission: audit review', () => {
  it('refuses an auditor assigned to other unions', () => {
    expect(refusal(act(inAuditReview(), { action: 'no-findings' }, otherAuditor)).code).toBe('action_not_allowed');
  });

  it('refuses a member of the district 经审会 who is not assigned to the union', () => {
    expect(refusal(act(inAuditReview(), { action: 'no-findings' }, districtAuditor1)).code).toBe('action_not_allowed');
  });

  it('sends a clean audit to the district 经审会, asking for its members', () => {
    const t = transition(act(inAuditReview(), { action: 'no-findings' }, assignedAuditor));

    expect([t.step, t.expand]).toEqual(['district-signoff', ['org:yangpu:auditor']]);
  });

  it('refuses no-findings when findings are written', () => {
    expect(issuePaths(act(inAuditReview(), { action: 'no-findings', data: raised }, assignedAuditor))).toEqual(['findings']);
  });

  it('refuses to raise findings without any', () => {
    expect(issuePaths(act(inAuditReview(), { action: 'raise-findings' }, assignedAuditor))).toEqual(['findings']);
  });

  it('refuses to raise a finding without its severity', () => {
    const data = { ...material, findings: [finding('f1', { severity: undefined })] };

    expect(issuePaths(act(inAuditReview(), { action: 'raise-findings', data }, assignedAuditor))).toEqual(['findings.0.severity']);
  });

  it('sends raised findings to the union for rectification', () => {
    const t = transition(act(inAuditReview(), { action: 'raise-findings', data: raised }, assignedAuditor));

    expect([t.step, t.assignees.map((a) => a.key)]).toEqual(['rectification', ['org:g-yp-tech:submitter']]);
  });

  it('records the raised findings as one change of the group', () => {
    const t = transition(act(inAuditReview(), { action: 'raise-findings', data: raised }, assignedAuditor));

    expect(t.event.changes).toEqual({ edits: [{ path: 'findings', before: null, after: raised.findings }] });
  });

  it('refuses an answer written by the auditor into a finding', () => {
    const data = { ...material, findings: [finding('f1', { answer: '代答' })] };

    expect(issuePaths(act(inAuditReview(), { action: 'raise-findings', data }, assignedAuditor))).toEqual(['findings.0.answer']);
  });

  it('refuses a change to the union’s material', () => {
    expect(issuePaths(act(inAuditReview(), { action: 'raise-findings', data: { ...raised, bankBalance: 1 } }, assignedAuditor))).toEqual(['bankBalance']);
  });

  it('returns the material to the union', () => {
    expect(transition(act(inAuditReview(), { action: 'return', comment: '缺银行对账单' }, assignedAuditor))).toMatchObject({ step: 'fill', status: 'returned' });
  });
});

describe('audit submission: rectification', () => {
  it('refuses to send without an answer to every finding', () => {
    expect(issuePaths(act(inRectification(), { action: 'submit-answers', data: answered('已整改', '') }, submitter))).toEqual(['findings.1.answer']);
  });

  it('sends the answers to the auditor to verify', () => {
    const t = transition(act(inRectification(), { action: 'submit-answers', data: answered() }, submitter));

    expect([t.step, t.assignees.map((a) => a.key)]).toEqual(['audit-verify', ['assigned:g-yp-tech:auditor']]);
  });

  it('records each answer as an edit', () => {
    const t = transition(act(inRectification(), { action: 'submit-answers', data: answered() }, submitter));

    expect((t.event.changes!.edits as { path: string }[]).map((e) => e.path)).toEqual(['findings.0.answer', 'findings.1.answer']);
  });

  it('refuses the union a change to a finding itself', () => {
    const data = { ...answered(), findings: [finding('f1', { answer: 'a', severity: '较重' }), finding('f2', { answer: 'b' })] };

    expect(issuePaths(act(inRectification(), { action: 'submit-answers', data }, submitter))).toEqual(['findings.0.severity']);
  });

  it('refuses the union a verdict on its own answer', () => {
    expect(issuePaths(act(inRectification(), { action: 'submit-answers', data: judged('accepted', 'accepted') }, submitter))).toEqual([
      'findings.0.verdict',
      'findings.1.verdict',
    ]);
  });

  it('refuses the union dropping a finding', () => {
    const data = { ...material, findings: [finding('f1', { answer: 'a' })] };

    expect(issuePaths(act(inRectification(), { action: 'submit-answers', data }, submitter))).toEqual(['findings']);
  });

  it('refuses the auditor, as the answers are the union’s', () => {
    expect(refusal(act(inRectification(), { action: 'submit-answers', data: answered() }, assignedAuditor)).code).toBe('action_not_allowed');
  });

  it('saves answers without sending them', () => {
    expect(transition(act(inRectification(), { action: 'edit', data: answered('草稿', '') }, submitter)).step).toBe('rectification');
  });
});

describe('audit submission: verification', () => {
  it('refuses to approve while an answer is not accepted', () => {
    expect(issuePaths(act(inVerify(), { action: 'approve', data: judged('accepted', 'returned') }, assignedAuditor))).toEqual(['findings.1.verdict']);
  });

  it('sends verified answers to the district 经审会', () => {
    expect(transition(enteringSignoff())).toMatchObject({ step: 'district-signoff', expand: ['org:yangpu:auditor'] });
  });

  it('refuses to send back answers without a verdict on each', () => {
    expect(issuePaths(act(inVerify(), { action: 'return', comment: '请补充' }, assignedAuditor))).toEqual(['findings.0.verdict', 'findings.1.verdict']);
  });

  it('refuses to send back an answer without saying why', () => {
    const data = { ...judged('accepted', 'returned'), findings: rows(judged('accepted', 'returned')).map(({ verdictNote: _n, ...row }) => row) };

    expect(issuePaths(act(inVerify(), { action: 'return', comment: '请补充', data }, assignedAuditor))).toEqual(['findings.1.verdictNote']);
  });

  it('sends the answers back to the union', () => {
    expect(transition(act(inVerify(), { action: 'return', comment: 'f2 不到位', data: judged('accepted', 'returned') }, assignedAuditor))).toMatchObject({
      step: 'rectification',
      assignees: [{ key: 'org:g-yp-tech:submitter' }],
    });
  });

  it('refuses the auditor a change to an answer', () => {
    const data = judged('accepted', 'accepted', answered('改写', '已整改'));

    expect(issuePaths(act(inVerify(), { action: 'approve', data }, assignedAuditor))).toEqual(['findings.0.answer']);
  });

  it('refuses a verdict the form does not know', () => {
    expect(issuePaths(act(inVerify(), { action: 'approve', data: judged('accepted', 'maybe') }, assignedAuditor))).toEqual(['findings.1.verdict']);
  });
});

describe('audit submission: answers sent back', () => {
  it('refuses a change to an answer the auditor accepted', () => {
    const data = judged('accepted', 'returned', answered('改写', '重新整改'));

    expect(issuePaths(act(sentBack(), { action: 'submit-answers', data }, submitter))).toEqual(['findings.0.answer']);
  });

  it('accepts a new answer to the one sent back', () => {
    const data = judged('accepted', 'returned', answered('已整改', '重新整改'));

    expect(transition(act(sentBack(), { action: 'submit-answers', data }, submitter)).step).toBe('audit-verify');
  });

  it('asks only the findings not accepted for an answer', () => {
    const state: WorkflowState = { ...sentBack(), data: { ...material, findings: [finding('f1', { verdict: 'accepted' }), finding('f2', { verdict: 'returned' })] } };

    expect(issuePaths(act(state, { action: 'submit-answers' }, submitter))).toEqual(['findings.1.answer']);
  });
});

describe('audit submission: district sign-off (依次: review, then a countersignature)', () => {
  /** As the caller does: the next turn's group expanded into its members, less those who signed. */
  const signed = (state: WorkflowState, who: Actor): WorkflowState => {
    const outcome = transition(act(state, { action: 'approve' }, who));
    return next(state, expandSigners(workflow, state, outcome, committee));
  };

  it('lets any member of the 经审会 take the first turn', () => {
    expect(inSignoff().assignees.map((a) => a.key)).toEqual(['user:u-jsh-1', 'user:u-jsh-2', 'user:u-jsh-3']);
  });

  it('hands the countersignature to the other members after the first signature', () => {
    const t = transition(act(inSignoff(), { action: 'approve' }, districtAuditor2));

    expect([t.step, t.expand, t.event.changes]).toEqual([
      'district-signoff',
      ['org:yangpu:auditor'],
      { signature: { turn: 1, of: 2, title: { zh: '经审会审核', en: 'Audit committee review' } } },
    ]);
    expect(signed(inSignoff(), districtAuditor2).assignees.map((a) => a.key)).toEqual(['user:u-jsh-1', 'user:u-jsh-3']);
  });

  it('refuses the first signer’s countersignature', () => {
    const one = next(inSignoff(), act(inSignoff(), { action: 'approve' }, districtAuditor1));

    expect(refusal(act(one, { action: 'approve' }, districtAuditor1)).code).toBe('action_not_allowed');
  });

  it('closes the audit once a second member has countersigned', () => {
    const one = signed(inSignoff(), districtAuditor1);

    const t = transition(act(one, { action: 'approve' }, districtAuditor3));

    expect([t.step, t.status, t.event.changes]).toEqual(['closed', 'closed', { signature: { turn: 2, of: 2, title: { zh: '经审会复核签批', en: 'Audit committee countersignature' } } }]);
  });

  it('lets one member send it back to verification for everyone', () => {
    const one = then(inSignoff(), { action: 'approve' }, districtAuditor1);

    expect(transition(act(one, { action: 'return', comment: '请复核 f2' }, districtAuditor3))).toMatchObject({
      step: 'audit-verify',
      assignees: [{ key: 'assigned:g-yp-tech:auditor' }],
      approvals: [],
    });
  });

  it('refuses the assigned auditor, who is not a member', () => {
    expect(refusal(act(inSignoff(), { action: 'approve' }, assignedAuditor)).code).toBe('action_not_allowed');
  });
});

describe('audit submission: a whole run', () => {
  it('goes through findings, an answer sent back, verification and the two signatures to closing', () => {
    let state = draft();
    const seen: string[] = [];
    const run = (request: ActionRequest, who: Actor) => {
      state = then(state, request, who);
      seen.push(state.step);
    };

    run({ action: 'submit' }, submitter);
    run({ action: 'raise-findings', data: raised }, assignedAuditor);
    run({ action: 'submit-answers', data: answered() }, submitter);
    run({ action: 'return', comment: 'f2 不到位', data: judged('accepted', 'returned') }, assignedAuditor);
    run({ action: 'submit-answers', data: judged('accepted', 'returned', answered('已整改', '重新整改')) }, submitter);
    state = expandGroups(state, act(state, { action: 'approve', data: judged('accepted', 'accepted', answered('已整改', '重新整改')) }, assignedAuditor), committee);
    seen.push(state.step);
    for (const member of [districtAuditor1, districtAuditor2]) run({ action: 'approve' }, member);

    expect(seen).toEqual([
      'audit-review',
      'rectification',
      'audit-verify',
      'rectification',
      'audit-verify',
      'district-signoff',
      'district-signoff',
      'closed',
    ]);
  });
});
