import { describe, it, expect } from 'vitest';
import type { FormData } from '../../forms/language.js';
import type { ActionRequest, Actor, WorkflowState } from '../../workflows/engine.js';
import { workflowForForm } from '../../workflows/registry.js';
import { fakeForm } from './fake-form.js';
import {
  NOW,
  OTHER_UNION,
  UNION,
  actor,
  committeeMember,
  draftOf,
  issuePaths,
  next,
  otherStreetReviewer,
  pathOf,
  refusal,
  streetReviewer,
  submitter,
  transition,
} from './fixtures.js';

const workflow = workflowForForm('fund-query')!;
const act = actor(workflow, fakeForm({ required: ['question'] }));

/** The caller acts for the code's holder as an anonymous member of the union. */
const codeHolder: Actor = { id: 'anon-01JZ', name: '会员', orgId: UNION, orgPath: pathOf(UNION), roles: ['member'] };
const query: FormData = { line: '职工活动支出', question: '春游人均费用是否超标？' };
const withAnswer: FormData = { ...query, answer: '人均 180 元，经工会委员会决议' };

const created = () => draftOf(workflow, query);
const inUnionAnswer = (): WorkflowState => next(created(), act(created(), { action: 'submit' }, codeHolder, NOW));
const inCommitteeClose = (): WorkflowState => next(inUnionAnswer(), act(inUnionAnswer(), { action: 'answer', data: withAnswer }, submitter));
const inStreetReview = (): WorkflowState =>
  next(inCommitteeClose(), act(inCommitteeClose(), { action: 'escalate', comment: '会员不认可答复' }, committeeMember));

describe('fund query: the member’s query', () => {
  it('goes to the union’s submitters to answer within five working days', () => {
    const t = transition(act(created(), { action: 'submit' }, codeHolder, NOW));

    expect([t.step, t.status, t.assignees]).toEqual([
      'union-answer',
      'in_review',
      [{ key: 'org:g-yp-tech:submitter', since: NOW.toISOString(), dueAt: '2025-06-09T15:59:59.999Z' }],
    ]);
  });

  it('refuses a member of another union', () => {
    expect(refusal(act(created(), { action: 'submit' }, { ...codeHolder, orgId: OTHER_UNION }, NOW)).code).toBe('action_not_allowed');
  });

  it('refuses the union’s submitter, who may not raise queries about itself', () => {
    expect(refusal(act(created(), { action: 'submit' }, submitter, NOW)).code).toBe('action_not_allowed');
  });

  it('refuses an answer written into the query', () => {
    expect(issuePaths(act(created(), { action: 'submit', data: withAnswer }, codeHolder, NOW))).toEqual(['answer']);
  });
});

describe('fund query: the union answers', () => {
  it('refuses to send without an answer', () => {
    expect(refusal(act(inUnionAnswer(), { action: 'answer' }, submitter))).toMatchObject({ code: 'validation_failed', issues: [{ path: 'answer' }] });
  });

  it('sends the answer to the union’s committee', () => {
    const t = transition(act(inUnionAnswer(), { action: 'answer', data: withAnswer }, submitter));

    expect([t.step, t.assignees.map((a) => a.key)]).toEqual(['committee-close', ['org:g-yp-tech:reviewer']]);
  });

  it('records the answer under the action’s own name', () => {
    const t = transition(act(inUnionAnswer(), { action: 'answer', data: withAnswer }, submitter));

    expect(t.event).toMatchObject({ action: 'answer', kind: 'approve', changes: { edits: [{ path: 'answer', before: null, after: withAnswer.answer }] } });
  });

  it('refuses a change to the member’s question', () => {
    expect(issuePaths(act(inUnionAnswer(), { action: 'answer', data: { ...withAnswer, question: '改' } }, submitter))).toEqual(['question']);
  });

  it('refuses the committee, which answers nothing itself', () => {
    expect(refusal(act(inUnionAnswer(), { action: 'answer', data: withAnswer }, committeeMember)).code).toBe('action_not_allowed');
  });

  it('saves a draft answer without sending it', () => {
    expect(transition(act(inUnionAnswer(), { action: 'edit', data: withAnswer }, submitter)).step).toBe('union-answer');
  });
});

describe('fund query: the committee closes', () => {
  it('closes the query with a note', () => {
    const t = transition(act(inCommitteeClose(), { action: 'close', data: { ...withAnswer, committeeNote: '答复属实' } }, committeeMember));

    expect([t.step, t.status, t.event.action]).toEqual(['closed', 'closed', 'close']);
  });

  it('refuses an escalation without saying why', () => {
    expect(issuePaths(act(inCommitteeClose(), { action: 'escalate' }, committeeMember))).toEqual(['comment']);
  });

  it('escalates to the street union’s reviewers', () => {
    const t = transition(act(inCommitteeClose(), { action: 'escalate', comment: '会员不认可答复' }, committeeMember));

    expect([t.step, t.assignees.map((a) => a.key)]).toEqual(['street-review', ['org:wujiaochang:reviewer']]);
  });

  it('sends the answer back to the union', () => {
    const t = transition(act(inCommitteeClose(), { action: 'return', comment: '答复不完整' }, committeeMember));

    expect([t.step, t.status, t.effects]).toEqual(['union-answer', 'in_review', [{ kind: 'notify', keys: ['org:g-yp-tech:submitter'], reason: 'returned' }]]);
  });

  it('refuses a change to the union’s answer', () => {
    expect(issuePaths(act(inCommitteeClose(), { action: 'close', data: { ...withAnswer, answer: '改写' } }, committeeMember))).toEqual(['answer']);
  });

  it('refuses the union’s submitter', () => {
    expect(refusal(act(inCommitteeClose(), { action: 'close' }, submitter)).code).toBe('action_not_allowed');
  });
});

describe('fund query: the street closes', () => {
  it('refuses to close without the street’s note', () => {
    expect(issuePaths(act(inStreetReview(), { action: 'close' }, streetReviewer))).toEqual(['streetNote']);
  });

  it('closes with the street’s note', () => {
    const t = transition(act(inStreetReview(), { action: 'close', data: { ...withAnswer, streetNote: '已核实，答复合规' } }, streetReviewer));

    expect([t.step, t.status]).toEqual(['closed', 'closed']);
  });

  it('refuses a change to the committee’s note', () => {
    const data = { ...withAnswer, committeeNote: '改', streetNote: '已核实' };

    expect(issuePaths(act(inStreetReview(), { action: 'close', data }, streetReviewer))).toEqual(['committeeNote']);
  });

  it('refuses a reviewer of another street', () => {
    expect(refusal(act(inStreetReview(), { action: 'close' }, otherStreetReviewer)).code).toBe('action_not_allowed');
  });
});

describe('fund query: a whole run', () => {
  it('goes from the query through a sent-back answer and an escalation to closing', () => {
    let state = created();
    const seen: string[] = [];
    for (const [request, who] of [
      [{ action: 'submit' }, codeHolder],
      [{ action: 'answer', data: withAnswer }, submitter],
      [{ action: 'return', comment: '请附决议' }, committeeMember],
      [{ action: 'answer', data: { ...withAnswer, answer: '人均 180 元，附决议' } }, submitter],
      [{ action: 'escalate', comment: '会员仍有异议' }, committeeMember],
      [{ action: 'close', data: { ...withAnswer, answer: '人均 180 元，附决议', streetNote: '合规' } }, streetReviewer],
    ] as [ActionRequest, Actor][]) {
      state = next(state, act(state, request, who));
      seen.push(state.step);
    }

    expect(seen).toEqual(['union-answer', 'committee-close', 'union-answer', 'committee-close', 'street-review', 'closed']);
  });
});
