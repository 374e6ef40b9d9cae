/**
 * The actions a page offers a person, for each declared workflow: exactly those the engine
 * would take from that person in that step, with the workflow's own words and what each
 * request needs (a comment, a person, a step to return to, the data the step may change).
 */
import { describe, expect, it } from 'vitest';
import { getForm } from '../../forms/registry.js';
import { shanghaiDate } from '../../workflows/calendar.js';
import type { Actor, WorkflowState } from '../../workflows/engine.js';
import { openActions } from '../../workflows/open-actions.js';
import { workflowForForm } from '../../workflows/registry.js';
import {
  LATER,
  NOW,
  ORG_PATH,
  UNION,
  assignedAuditor,
  committeeMember,
  districtAuditor1,
  districtAuditor2,
  districtReviewer,
  otherAuditor,
  streetReviewer,
  submitter,
} from './fixtures.js';

const since = NOW.toISOString();

function setup(formId: string) {
  const workflow = workflowForForm(formId)!;
  const form = getForm(formId)!;
  const state = (step: string, keys: string[], overrides: Partial<WorkflowState> = {}): WorkflowState => ({
    orgId: UNION,
    orgPath: ORG_PATH,
    step,
    status: workflow.steps[step].status,
    data: form.decl.example(shanghaiDate(NOW)),
    assignees: keys.map((key) => ({ key, since })),
    reviewActed: false,
    ...overrides,
  });
  const open = (s: WorkflowState, who: Actor) => openActions(workflow, form, s, who, LATER);
  const names = (s: WorkflowState, who: Actor) => open(s, who).map((a) => a.name);
  return { state, open, names };
}

describe('union registration', () => {
  const { state, open, names } = setup('union-registration');
  const streetReview = state('street-review', [`org:wujiaochang:reviewer`]);

  it('offers the submitter of a draft 提交, 撤回 and 发表意见', () => {
    const actions = open(state('fill', []), submitter);
    expect(actions.map((a) => [a.name, a.title.zh])).toEqual([
      ['submit', '提交'],
      ['withdraw', '撤回'],
      ['comment', '发表意见'],
    ]);
  });

  it('offers the street reviewer every review action of 街道审核, and never 催办', () => {
    expect(names(streetReview, streetReviewer)).toEqual(['approve', 'return', 'reject', 'transfer', 'addSigner', 'cc', 'comment']);
    const titles = open(streetReview, streetReviewer).map((a) => a.title.zh);
    expect(titles).toEqual(['同意', '退回', '驳回', '转交', '加签', '抄送', '发表意见']);
  });

  it('says which actions need a comment, a person, a step to return to and a position', () => {
    const byName = new Map(open(streetReview, streetReviewer).map((a) => [a.name, a]));
    expect(byName.get('return')).toMatchObject({ commentRequired: true, returnTargets: ['fill'], namesPerson: false });
    expect(byName.get('reject')).toMatchObject({ commentRequired: true });
    expect(byName.get('approve')).toMatchObject({ commentRequired: false, carriesData: false });
    expect(byName.get('transfer')).toMatchObject({ namesPerson: true });
    expect(byName.get('addSigner')).toMatchObject({ namesPerson: true, positions: ['before', 'after'] });
  });

  it('offers the submitter 撤回 and 催办 in 街道审核 until a reviewer acts, then only 催办', () => {
    expect(names(streetReview, submitter)).toEqual(['comment', 'remind', 'withdraw']);
    expect(names({ ...streetReview, reviewActed: true }, submitter)).toEqual(['comment', 'remind']);
  });

  it('offers the union’s own committee no review action on its union’s application', () => {
    expect(names(streetReview, committeeMember)).toEqual(['comment']);
  });

  it('offers nothing to the district in the street’s step but a comment', () => {
    expect(names(streetReview, districtReviewer)).toEqual(['comment']);
  });

  it('offers nothing in an end step', () => {
    expect(open(state('approved', []), districtReviewer)).toEqual([]);
  });
});

describe('home assessment', () => {
  const { state, open } = setup('home-assessment');

  it('lets the street’s data-carrying actions carry the re-score, and not its transfer', () => {
    const actions = open(state('street-review', ['org:wujiaochang:reviewer']), streetReviewer);
    const carrying = actions.filter((a) => a.carriesData).map((a) => a.name);
    expect(carrying).toEqual(['edit', 'approve', 'return', 'reject']);
    expect(actions.find((a) => a.name === 'edit')!.title.zh).toBe('保存修改');
  });

  it('lets the district return to the union or to the street', () => {
    const actions = open(state('district-review', ['org:yangpu:reviewer']), districtReviewer);
    expect(actions.find((a) => a.name === 'return')!.returnTargets).toEqual(['fill', 'street-review']);
  });
});

describe('fund oversight', () => {
  const { state, names } = setup('fund-oversight');
  const review = state('committee-review', [`org:${UNION}:reviewer`]);

  it('offers the union’s own committee its review, which it does from inside the union', () => {
    expect(names(review, committeeMember)).toEqual(['approve', 'return', 'reject', 'transfer', 'comment']);
  });

  it('offers the union’s submitter 催办 and 撤回 but not the committee’s actions', () => {
    expect(names(review, submitter)).toEqual(['comment', 'remind', 'withdraw']);
  });
});

describe('fund query', () => {
  const { state, open } = setup('fund-query');

  it('offers the union’s submitter the answer by its declared title', () => {
    const actions = open(state('union-answer', [`org:${UNION}:submitter`]), submitter);
    expect(actions.map((a) => [a.name, a.title.zh, a.carriesData])).toEqual([
      ['answer', '提交答复', true],
      ['edit', '保存修改', true],
      ['comment', '发表意见', false],
    ]);
  });
});

describe('audit submission', () => {
  const { state, open, names } = setup('audit-submission');

  it('offers the assigned 特约经审员 提出审计发现 and 未发现问题, carrying the findings', () => {
    const actions = open(state('audit-review', [`assigned:${UNION}:auditor`]), assignedAuditor);
    expect(actions.map((a) => [a.name, a.title.zh, a.carriesData])).toEqual([
      ['no-findings', '未发现问题', true],
      ['raise-findings', '提出审计发现', true],
      ['return', '退回', true],
      ['edit', '保存修改', true],
      ['comment', '发表意见', false],
    ]);
  });

  it('offers an auditor assigned to another union no audit action', () => {
    expect(names(state('audit-review', [`assigned:${UNION}:auditor`]), otherAuditor)).toEqual(['comment']);
  });

  it('offers the union its answers in rectification and the auditor nothing but a comment', () => {
    const rectification = state('rectification', [`org:${UNION}:submitter`]);
    expect(names(rectification, submitter)).toEqual(['submit-answers', 'edit', 'comment']);
    expect(names(rectification, assignedAuditor)).toEqual(['comment']);
  });

  it('does not offer the second turn of the district sign-off to the member who signed the first', () => {
    const signoff = state('district-signoff', ['user:u-jsh-1', 'user:u-jsh-2'], {
      approvals: [{ id: districtAuditor1.id, name: districtAuditor1.name, at: since }],
    });
    expect(names(signoff, districtAuditor1)).toEqual(['return', 'comment']);
    expect(names(signoff, districtAuditor2)).toEqual(['approve', 'return', 'comment']);
  });
});
