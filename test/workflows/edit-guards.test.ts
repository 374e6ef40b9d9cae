/**
 * What a step may change, pinned by the issues it gives, through the built-in workflows: the
 * street's re-scores with their reasons (home assessment), and the findings an auditor raises
 * and the union answers, with answers once accepted settled (audit submission). Also the
 * differences `diffData` finds where a value changes its kind.
 */
import { describe, it, expect } from 'vitest';
import { diffData, editScope, type Outcome, type WorkflowState } from '../../workflows/engine.js';
import { assignedAuditor, refusal, streetReviewer, submitter, transition } from './fixtures.js';
import { audit, auditInReview, homeAssessment, homeInStreetReview, runner, scores } from './built-in-runs.js';

const home = runner(homeAssessment);
const aud = runner(audit);

const OUT_OF_SCOPE = { zh: '此步骤不能修改该项', en: 'This step may not change this field' };
const issues = (outcome: Outcome) => refusal(outcome).issues;
const rescore = (score: number) => ({ ...scores, org_committee: { score, note: '' } });

describe('re-scores with a reason', () => {
  it('refuses a re-score without its reason, at the reason', () => {
    expect(issues(home.act(homeInStreetReview(), { action: 'edit', data: rescore(6) }, streetReviewer))).toEqual([
      { path: 'reasons.org_committee.score', message: { zh: '请填写修改理由', en: 'A reason is required for this change' } },
    ]);
  });

  it('refuses a reason over 2000 characters', () => {
    const outcome = home.act(homeInStreetReview(), { action: 'edit', data: rescore(6), reasons: { 'org_committee.score': '理'.repeat(2001) } }, streetReviewer);

    expect(issues(outcome)).toEqual([
      { path: 'reasons.org_committee.score', message: { zh: '修改理由不能超过 2000 字', en: 'At most 2000 characters' } },
    ]);
  });

  it('keeps a reason of exactly 2000 characters with both scores', () => {
    const reason = '理'.repeat(2000);
    const outcome = home.act(homeInStreetReview(), { action: 'edit', data: rescore(6), reasons: { 'org_committee.score': reason } }, streetReviewer);

    expect(transition(outcome).event.changes).toEqual({ edits: [{ path: 'org_committee.score', before: 8, after: 6, reason }] });
  });
});

describe('findings', () => {
  const finding = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    category: '预算执行',
    description: `发现 ${id}`,
    severity: '一般',
    deadline: '2025-07-31',
    ...extra,
  });
  const raised = { findings: [finding('f1'), finding('f2')] };
  const inRectification = (): WorkflowState => aud.then(auditInReview(), { action: 'raise-findings', data: raised }, assignedAuditor);
  const answered = { findings: [finding('f1', { answer: '已整改' }), finding('f2', { answer: '已整改' })] };
  const inVerify = (): WorkflowState => aud.then(inRectification(), { action: 'submit-answers', data: answered }, submitter);
  const judged = {
    findings: [finding('f1', { answer: '已整改', verdict: 'accepted' }), finding('f2', { answer: '已整改', verdict: 'returned', verdictNote: '佐证不足' })],
  };
  /** Back with the union: f1's answer accepted, f2's sent back. */
  const sentBack = (): WorkflowState => aud.then(inVerify(), { action: 'return', data: judged, comment: '请补充佐证' }, assignedAuditor);
  const withRow = (i: number, extra: Record<string, unknown>) => ({
    findings: judged.findings.map((row, j) => (j === i ? { ...row, ...extra } : row)),
  });

  it('records raised findings as one change of the whole list', () => {
    const t = transition(aud.act(auditInReview(), { action: 'raise-findings', data: raised }, assignedAuditor));

    expect(t.event.changes).toEqual({ edits: [{ path: 'findings', before: [], after: raised.findings }] });
  });

  it('refuses a row the union adds, once, at the list', () => {
    const outcome = aud.act(sentBack(), { action: 'edit', data: { findings: [...judged.findings, finding('f3')] } }, submitter);

    expect(issues(outcome)).toEqual([{ path: 'findings', message: OUT_OF_SCOPE }]);
  });

  it('refuses a change to an accepted answer as settled', () => {
    const outcome = aud.act(sentBack(), { action: 'edit', data: withRow(0, { answer: '改口' }) }, submitter);

    expect(issues(outcome)).toEqual([
      { path: 'findings.0.answer', message: { zh: '已确认的内容不能再修改', en: 'This row is settled and may not change' } },
    ]);
  });

  it('names a change outside the step in a settled row once, as outside the step', () => {
    const outcome = aud.act(sentBack(), { action: 'edit', data: withRow(0, { verdict: 'returned' }) }, submitter);

    expect(issues(outcome)).toEqual([{ path: 'findings.0.verdict', message: OUT_OF_SCOPE }]);
  });

  it('names a settled change and a change outside the step in different rows each', () => {
    const data = { findings: [{ ...judged.findings[0], answer: '改口' }, { ...judged.findings[1], verdict: 'accepted' }] };

    expect(issues(aud.act(sentBack(), { action: 'edit', data }, submitter))).toEqual([
      { path: 'findings.1.verdict', message: OUT_OF_SCOPE },
      { path: 'findings.0.answer', message: { zh: '已确认的内容不能再修改', en: 'This row is settled and may not change' } },
    ]);
  });

  it('names every missing column of a finding that is not a row', () => {
    const outcome = aud.act(auditInReview(), { action: 'raise-findings', data: { findings: [null] } }, assignedAuditor);

    expect(issues(outcome)?.map((i) => i.path)).toEqual(['findings.0.category', 'findings.0.description', 'findings.0.severity', 'findings.0.deadline']);
  });

  it('takes a new answer to one sent back', () => {
    const outcome = aud.act(sentBack(), { action: 'edit', data: withRow(1, { answer: '已补充签收单' }) }, submitter);

    expect(transition(outcome).event.changes).toEqual({ edits: [{ path: 'findings.1.answer', before: '已整改', after: '已补充签收单' }] });
  });
});

describe('diffData where a value changes its kind', () => {
  it('sees an object given where there was null by its fields', () => {
    expect(diffData({ f: null }, { f: { a: 1 } })).toEqual([{ path: 'f.a', before: null, after: 1 }]);
  });

  it('sees a list that became an object as one change', () => {
    expect(diffData({ f: [1] }, { f: { a: 1 } })).toEqual([{ path: 'f', before: [1], after: { a: 1 } }]);
  });

  it('sees a list that became text as one change', () => {
    expect(diffData({ f: [1] }, { f: 'x' })).toEqual([{ path: 'f', before: [1], after: 'x' }]);
  });

  it('sees an object that became a number as one change', () => {
    expect(diffData({ f: { a: 1 } }, { f: 5 })).toEqual([{ path: 'f', before: { a: 1 }, after: 5 }]);
  });

  it('sees a list removed as its rows removed', () => {
    expect(diffData({ f: [1] }, { f: null })).toEqual([
      { path: 'f', before: [1], after: null, rows: true },
      { path: 'f.0', before: 1, after: null },
    ]);
  });
});

describe('editScope', () => {
  it('is undefined for a step the workflow does not have', () => {
    expect(editScope(audit, 'no-such-step')).toBeUndefined();
  });
});
