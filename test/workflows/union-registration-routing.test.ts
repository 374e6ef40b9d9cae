/**
 * 建会申请 of a key enterprise (重点企业) or of one with more employees than the workflow's
 * threshold: after the district organisation department approves, it also passes the
 * district leadership's approval before the number is issued. Other registrations are
 * approved by the department as before.
 */
import { describe, it, expect } from 'vitest';
import { getForm } from '../../forms/registry.js';
import type { FormData } from '../../forms/language.js';
import { fitProblems } from '../../workflows/fit.js';
import {
  LATER,
  act,
  districtReviewer,
  districtReviewer2,
  draftState,
  next,
  refusal,
  streetReviewer,
  submitter,
  transition,
  validData,
  workflow,
} from './support.js';

const threshold = workflow.params!.leaderReviewEmployees.value;

/** A registration with `changes`, approved by the street and waiting for the district. */
function atDistrict(changes: FormData) {
  const data = { ...validData(), ...changes };
  const submitted = next(draftState({ data }), act(draftState({ data }), { action: 'submit' }, submitter));
  return next(submitted, act(submitted, { action: 'approve' }, streetReviewer, LATER));
}
const departmentApproves = (changes: FormData) => transition(act(atDistrict(changes), { action: 'approve' }, districtReviewer, LATER));
const atLeader = (changes: FormData) => next(atDistrict(changes), act(atDistrict(changes), { action: 'approve' }, districtReviewer, LATER));

describe('union registration: the district leadership’s approval', () => {
  it('declares the threshold as data of the workflow', () => {
    expect(workflow.params).toEqual({ leaderReviewEmployees: { label: expect.any(Object), help: expect.any(Object), value: 300 } });
  });

  it('sends a key enterprise to the district leadership after the department approves', () => {
    expect(departmentApproves({ keyEnterprise: true })).toMatchObject({ step: 'district-leader-review', status: 'in_review' });
  });

  it('sends an enterprise with more employees than the threshold there too', () => {
    expect(departmentApproves({ employees: threshold + 1, intendedMembers: threshold }).step).toBe('district-leader-review');
  });

  it('approves an ordinary registration at the department, issuing the number', () => {
    const t = departmentApproves({ employees: threshold, keyEnterprise: false });

    expect([t.step, t.effects[0]]).toEqual(['approved', expect.objectContaining({ kind: 'issueNumber', counter: 'union-registration' })]);
  });

  it('assigns the district leadership’s step to the district’s reviewers, due in five working days', () => {
    expect(departmentApproves({ keyEnterprise: true }).assignees).toEqual([
      { key: 'org:yangpu:reviewer', since: LATER.toISOString(), dueAt: '2025-06-11T15:59:59.999Z' },
    ]);
  });

  it('records in the history which branch was taken and why', () => {
    expect(departmentApproves({ keyEnterprise: true }).event).toMatchObject({
      step: 'district-review',
      to: 'district-leader-review',
      changes: { route: { branch: 1, of: 2, when: { any: [{ field: 'keyEnterprise', equals: true }, expect.any(Object)] } } },
    });
  });

  it('records the default branch for an ordinary registration', () => {
    expect(departmentApproves({}).event.changes).toEqual({ route: { branch: 2, of: 2 } });
  });

  it('approves at the district leadership, issuing the number', () => {
    const t = transition(act(atLeader({ keyEnterprise: true }), { action: 'approve' }, districtReviewer2, LATER));

    expect([t.step, t.status, t.effects.map((e) => e.kind)]).toEqual(['approved', 'approved', ['issueNumber', 'notify']]);
  });

  it('lets the district leadership return it to the union or reject it, with a comment', () => {
    const returned = transition(act(atLeader({ keyEnterprise: true }), { action: 'return', comment: '请补充一企一方案' }, districtReviewer, LATER));
    const rejected = transition(act(atLeader({ keyEnterprise: true }), { action: 'reject', comment: '不予批准' }, districtReviewer, LATER));

    expect([returned.step, returned.status, rejected.step]).toEqual(['fill', 'returned', 'rejected']);
  });

  it('refuses the street reviewer at the district leadership’s step', () => {
    expect(refusal(act(atLeader({ keyEnterprise: true }), { action: 'approve' }, streetReviewer, LATER)).code).toBe('action_not_allowed');
  });

  it('does not fit a form version without the key enterprise flag', () => {
    const form = getForm('union-registration')!;
    const sections = form.decl.sections.map((s) => ({ fields: s.fields.filter((f) => f.key !== 'keyEnterprise') }));

    expect(fitProblems(workflow, { sections, computed: form.decl.computed })).toEqual([
      'district-review.approve route 1 reads keyEnterprise, which the form does not declare',
    ]);
  });

  it('does not fit a form version whose employees are text', () => {
    const form = getForm('union-registration')!;
    const sections = form.decl.sections.map((s) => ({
      fields: s.fields.map((f) => (f.key === 'employees' ? { key: 'employees', type: 'text' as const, label: f.label } : f)),
    }));

    expect(fitProblems(workflow, { sections })).toEqual([expect.stringMatching(/^district-review\.approve route 1 compares .*employees.* \(string\) with .* \(number\)$/)]);
  });
});
