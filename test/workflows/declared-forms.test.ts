/**
 * The declared workflows against the real declared forms: every path a workflow edits,
 * requires or locks is a field of its form, and each process runs end to end on the form's
 * own example data.
 */
import { describe, it, expect } from 'vitest';
import type { FormData } from '../../forms/language.js';
import { getForm } from '../../forms/registry.js';
import { shanghaiDate } from '../../workflows/calendar.js';
import type { ActionRequest, Actor, WorkflowState } from '../../workflows/engine.js';
import { allWorkflows, workflowForForm } from '../../workflows/registry.js';
import { fitProblems } from '../../workflows/fit.js';
import {
  LATER,
  actor,
  assignedAuditor,
  committeeMember,
  districtAuditor1,
  districtAuditor2,
  districtReviewer,
  draftOf,
  expandGroups,
  issuePaths,
  next,
  streetReviewer,
  submitter,
  transition,
} from './fixtures.js';

describe('workflows and their declared forms', () => {
  it.each(allWorkflows().map((w) => [w.id, w] as const))('%s runs for a declared form', (_id, workflow) => {
    expect(getForm(workflow.formId)?.decl.id).toBe(workflow.formId);
  });

  it.each(allWorkflows().map((w) => [w.id, w] as const))('%s names only fields its form declares, with their types', (_id, workflow) => {
    expect(fitProblems(workflow, getForm(workflow.formId)!.decl)).toEqual([]);
  });
});

/** Run requests in order from a fresh draft of the form's example; the steps reached, in order. */
function runOn(formId: string, steps: [ActionRequest | ((s: WorkflowState) => ActionRequest), Actor][]): { state: WorkflowState; seen: string[] } {
  const workflow = workflowForForm(formId)!;
  const form = getForm(formId)!;
  const act = actor(workflow, form);
  let state = draftOf(workflow, form.example(shanghaiDate(LATER)));
  const seen: string[] = [];
  for (const [request, who] of steps) {
    state = next(state, act(state, typeof request === 'function' ? request(state) : request, who));
    seen.push(state.step);
  }
  return { state, seen };
}
const withItem = (data: FormData, key: string, score: number): FormData => ({ ...data, [key]: { ...(data[key] as object), score } });

describe('the declared processes on their real forms', () => {
  it('home assessment: a re-score with its reason, then the final grade', () => {
    const { seen } = runOn('home-assessment', [
      [{ action: 'submit' }, submitter],
      [(s) => ({ action: 'approve', data: withItem(s.data, 'org_committee', 5), reasons: { 'org_committee.score': '换届材料缺失' } }), streetReviewer],
      [(s) => ({ action: 'approve', data: { ...s.data, districtGrade: 'qualified', recommendModel: false } }), districtReviewer],
    ]);

    expect(seen).toEqual(['street-review', 'district-review', 'completed']);
  });

  it('home assessment: the form refuses a re-score above the item’s maximum', () => {
    const { state } = runOn('home-assessment', [[{ action: 'submit' }, submitter]]);
    const act = actor(workflowForForm('home-assessment')!, getForm('home-assessment')!);

    const outcome = act(state, { action: 'approve', data: withItem(state.data, 'org_committee', 9), reasons: { 'org_committee.score': '加分' } }, streetReviewer);

    expect(issuePaths(outcome)).toEqual(['org_committee.score']);
  });

  it('fund oversight: the committee publishes the disclosure', () => {
    expect(runOn('fund-oversight', [[{ action: 'submit' }, submitter], [{ action: 'approve' }, committeeMember]]).seen).toEqual(['committee-review', 'published']);
  });

  it('fund query: the union answers and the committee closes', () => {
    const member: Actor = { id: 'anon-1', name: '会员', orgId: submitter.orgId, orgPath: submitter.orgPath, roles: ['member'] };

    const { seen } = runOn('fund-query', [
      [{ action: 'submit' }, member],
      [(s) => ({ action: 'answer', data: { ...s.data, answer: '主要用于端午节慰问' } }), submitter],
      [(s) => ({ action: 'close', data: { ...s.data, committeeNote: '答复属实' } }), committeeMember],
    ]);

    expect(seen).toEqual(['union-answer', 'committee-close', 'closed']);
  });

  it('audit submission: a finding answered, accepted and signed off by the 经审会', () => {
    const finding = { id: 'F1', category: 'spending', description: '部分支出缺少审批单', severity: 'general', deadline: '2025-07-31' };
    const { state, seen } = runOn('audit-submission', [
      [{ action: 'submit' }, submitter],
      [(s) => ({ action: 'raise-findings', data: { ...s.data, findings: [finding] } }), assignedAuditor],
      [(s) => ({ action: 'submit-answers', data: { ...s.data, findings: [{ ...finding, answer: '已补齐审批单' }] } }), submitter],
    ]);
    const act = actor(workflowForForm('audit-submission')!, getForm('audit-submission')!);
    const accepted = { ...state.data, findings: [{ ...finding, answer: '已补齐审批单', verdict: 'accepted' }] };
    const signoff = expandGroups(state, act(state, { action: 'approve', data: accepted }, assignedAuditor), {
      'org:yangpu:auditor': [districtAuditor1, districtAuditor2],
    });
    const oneSigned = next(signoff, act(signoff, { action: 'approve' }, districtAuditor1));

    expect([...seen, transition(act(oneSigned, { action: 'approve' }, districtAuditor2)).step]).toEqual([
      'audit-review',
      'rectification',
      'audit-verify',
      'closed',
    ]);
  });
});
