import { describe, it, expect } from 'vitest';
import type { FormData } from '../../forms/language.js';
import type { ActionRequest, Actor, WorkflowState } from '../../workflows/engine.js';
import { workflowForForm } from '../../workflows/registry.js';
import { fakeForm } from './fake-form.js';
import {
  NOW,
  actor,
  committeeMember,
  draftOf,
  issuePaths,
  next,
  refusal,
  streetReviewer,
  submitter,
  transition,
} from './fixtures.js';

const workflow = workflowForForm('fund-oversight')!;
const form = fakeForm({
  required: ['period'],
  computed: (d) => ({ closingBalance: (d.openingBalance as number) + (d.income as number) - (d.expenditure as number) }),
});
const act = actor(workflow, form);

/** Amounts in fen. */
const disclosure: FormData = { period: '2025Q1', openingBalance: 1_000_000, income: 250_000, expenditure: 180_000 };
const draft = () => draftOf(workflow, disclosure);
const inCommitteeReview = (): WorkflowState => next(draft(), act(draft(), { action: 'submit' }, submitter, NOW));

describe('fund oversight: fill', () => {
  it('sends the disclosure to the union’s own funds audit committee, without a due date', () => {
    expect(transition(act(draft(), { action: 'submit' }, submitter, NOW)).assignees).toEqual([{ key: 'org:g-yp-tech:reviewer', since: NOW.toISOString() }]);
  });

  it('computes the closing balance rather than taking it', () => {
    expect(transition(act(draft(), { action: 'submit' }, submitter, NOW)).computed).toEqual({ closingBalance: 1_070_000 });
  });

  it('refuses a disclosure without its period', () => {
    expect(issuePaths(act(draftOf(workflow, {}), { action: 'submit', data: { income: 1 } }, submitter, NOW))).toEqual(['period']);
  });
});

describe('fund oversight: committee review', () => {
  it('publishes an approved disclosure as completed and tells the union', () => {
    const t = transition(act(inCommitteeReview(), { action: 'approve' }, committeeMember));

    expect([t.step, t.status, t.effects]).toEqual(['published', 'completed', [{ kind: 'notify', keys: ['org:g-yp-tech:submitter'], reason: 'decided' }]]);
  });

  it('refuses the union’s submitter', () => {
    expect(refusal(act(inCommitteeReview(), { action: 'approve' }, submitter)).code).toBe('action_not_allowed');
  });

  it('refuses the street’s reviewers', () => {
    expect(refusal(act(inCommitteeReview(), { action: 'approve' }, streetReviewer)).code).toBe('action_not_allowed');
  });

  it('refuses changes to the disclosure, which the committee reviews but never edits', () => {
    expect(issuePaths(act(inCommitteeReview(), { action: 'approve', data: { ...disclosure, income: 1 } }, committeeMember))).toEqual(['data']);
  });

  it('returns the disclosure to the union', () => {
    expect(transition(act(inCommitteeReview(), { action: 'return', comment: '请附决议' }, committeeMember))).toMatchObject({ step: 'fill', status: 'returned' });
  });

  it('rejects the disclosure', () => {
    expect(transition(act(inCommitteeReview(), { action: 'reject', comment: '数字不符' }, committeeMember))).toMatchObject({ step: 'rejected', status: 'rejected' });
  });

  it('lets the union withdraw before the committee acts', () => {
    expect(transition(act(inCommitteeReview(), { action: 'withdraw' }, submitter)).status).toBe('withdrawn');
  });

  it('refuses a withdrawal after the committee commented', () => {
    const commented = next(inCommitteeReview(), act(inCommitteeReview(), { action: 'comment', comment: '请说明' }, committeeMember));

    expect(refusal(act(commented, { action: 'withdraw' }, submitter)).code).toBe('action_not_allowed');
  });
});

describe('fund oversight: a whole run', () => {
  it('goes through a return and a resubmission to publication', () => {
    let state = draft();
    const seen: string[] = [];
    for (const [request, who] of [
      [{ action: 'submit' }, submitter],
      [{ action: 'return', comment: '请附决议' }, committeeMember],
      [{ action: 'submit', data: { ...disclosure, expenditure: 170_000 } }, submitter],
      [{ action: 'approve' }, committeeMember],
    ] as [ActionRequest, Actor][]) {
      state = next(state, act(state, request, who));
      seen.push(`${state.step}/${state.status}`);
    }

    expect(seen).toEqual(['committee-review/in_review', 'fill/returned', 'committee-review/in_review', 'published/completed']);
  });
});
