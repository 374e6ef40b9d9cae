import { describe, it, expect } from 'vitest';
import type { Actor, WorkflowState } from '../../workflows/engine.js';
import type { WorkflowDeclaration } from '../../workflows/language.js';
import { fakeForm } from './fake-form.js';
import {
  LATER,
  NOW,
  actor,
  asTarget,
  systemAdmin,
  districtAuditor1,
  districtAuditor2,
  districtAuditor3,
  districtReviewer,
  draftOf,
  expandGroups,
  issuePaths,
  leader,
  next,
  refusal,
  streetReviewer,
  streetReviewer2,
  submitter,
  transition,
} from './fixtures.js';

const title = { zh: '步骤', en: 'Step' };
const side = { addSigner: {}, cc: {}, transfer: {}, comment: {} };

/** fill → check (或签, street) → sign (会签, the district 经审会) → done. */
const lab: WorkflowDeclaration = {
  id: 'signers-lab',
  formId: 'signers-lab',
  title,
  initial: 'fill',
  steps: {
    fill: { kind: 'fill', title, status: 'draft', assignees: { kind: 'submitter' }, actions: { submit: { to: 'check' } } },
    check: {
      kind: 'review',
      title,
      status: 'in_review',
      assignees: { kind: 'orgAtDepth', depth: 1, role: 'reviewer' },
      mode: 'any',
      dueWorkingDays: 5,
      actions: { ...side, approve: { to: 'sign' }, return: { to: 'fill', commentRequired: true } },
    },
    sign: {
      kind: 'review',
      title,
      status: 'in_review',
      assignees: { kind: 'orgAtDepth', depth: 0, role: 'auditor' },
      mode: 'all',
      actions: {
        ...side,
        approve: { to: 'done' },
        return: { to: 'check', commentRequired: true },
        reject: { to: 'rejected', commentRequired: true },
      },
    },
    done: { kind: 'end', title, status: 'completed', actions: {} },
    rejected: { kind: 'end', title, status: 'rejected', actions: {} },
  },
};
const act = actor(lab, fakeForm());
const committee = { 'org:yangpu:auditor': [districtAuditor1, districtAuditor2, districtAuditor3] };
/** Monday 2 June 2025 + 5 working days, end of day in Shanghai. */
const CHECK_DUE = '2025-06-09T15:59:59.999Z';

const inCheck = (): WorkflowState => next(draftOf(lab, {}), act(draftOf(lab, {}), { action: 'submit' }, submitter, NOW));
const enteringSign = () => act(inCheck(), { action: 'approve' }, streetReviewer);
const inSign = (): WorkflowState => expandGroups(inCheck(), enteringSign(), committee);
const after = (state: WorkflowState, request: Parameters<typeof act>[1], who: Actor) => next(state, act(state, request, who));
const signedByOne = () => after(inSign(), { action: 'approve' }, districtAuditor1);
const addSigner = (target: Actor, position?: 'before' | 'after') => ({ action: 'addSigner', to: target.id, target: asTarget(target), position });

describe('会签: entering the step', () => {
  it('asks the caller to expand the group into its members', () => {
    expect(transition(enteringSign()).expand).toEqual(['org:yangpu:auditor']);
  });

  it('asks nothing to be expanded for a 或签 step', () => {
    expect(transition(act(draftOf(lab, {}), { action: 'submit' }, submitter, NOW)).expand).toEqual([]);
  });
});

describe('会签: approvals', () => {
  it('keeps the step while others are still to approve', () => {
    const t = transition(act(inSign(), { action: 'approve' }, districtAuditor1));

    expect([t.step, t.status]).toEqual(['sign', 'in_review']);
  });

  it('removes the approver from the assignees', () => {
    const t = transition(act(inSign(), { action: 'approve' }, districtAuditor1));

    expect(t.assignees.map((a) => a.key)).toEqual(['user:u-jsh-2', 'user:u-jsh-3']);
  });

  it('keeps who has approved, and when', () => {
    const t = transition(act(inSign(), { action: 'approve' }, districtAuditor1));

    expect(t.approvals).toEqual([{ id: 'u-jsh-1', name: '杨帆', at: LATER.toISOString() }]);
  });

  it('records a partial approval as an event that stays in the step', () => {
    const t = transition(act(inSign(), { action: 'approve', comment: '同意' }, districtAuditor1));

    expect(t.event).toEqual({ action: 'approve', kind: 'approve', step: 'sign', to: 'sign', status: 'in_review', comment: '同意' });
  });

  it('refuses a second approval by someone who has approved', () => {
    const outcome = act(signedByOne(), { action: 'approve' }, districtAuditor1);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('adds each approval to the record', () => {
    const t = transition(act(signedByOne(), { action: 'approve' }, districtAuditor2));

    expect(t.approvals.map((a) => a.name)).toEqual(['杨帆', '朱红']);
  });

  it('moves on when the last assignee approves', () => {
    const twoSigned = after(signedByOne(), { action: 'approve' }, districtAuditor2);

    const t = transition(act(twoSigned, { action: 'approve' }, districtAuditor3));

    expect([t.step, t.status, t.assignees, t.approvals]).toEqual(['done', 'completed', [], []]);
  });

  it('refuses someone outside the group', () => {
    expect(refusal(act(inSign(), { action: 'approve' }, districtReviewer)).code).toBe('action_not_allowed');
  });

  it('lets any one assignee return the step for all of them', () => {
    const t = transition(act(signedByOne(), { action: 'return', comment: '请复核' }, districtAuditor3));

    expect([t.step, t.assignees.map((a) => a.key), t.approvals]).toEqual(['check', ['org:wujiaochang:reviewer'], []]);
  });

  it('lets any one assignee reject for all of them', () => {
    const t = transition(act(signedByOne(), { action: 'reject', comment: '不予通过' }, districtAuditor2));

    expect([t.step, t.status]).toEqual(['rejected', 'rejected']);
  });

  it('asks for the group to be expanded again when the step is entered again', () => {
    const returned = after(signedByOne(), { action: 'return', comment: '请复核' }, districtAuditor3);

    const t = transition(act(returned, { action: 'approve' }, streetReviewer));

    expect([t.expand, t.approvals]).toEqual([['org:yangpu:auditor'], []]);
  });

  it('counts a group key the caller did not expand as one assignee any member signs for', () => {
    const unexpanded = next(inCheck(), enteringSign());

    expect(transition(act(unexpanded, { action: 'approve' }, districtAuditor2)).step).toBe('done');
  });

  it('on transfer hands over only the transferring member’s place', () => {
    const outcome = act(inSign(), { action: 'transfer', to: 'u-jsh-4', target: { ...districtAuditor1, id: 'u-jsh-4', name: '林' } }, districtAuditor1);

    expect(transition(outcome).assignees.map((a) => a.key)).toEqual(['user:u-jsh-2', 'user:u-jsh-3', 'user:u-jsh-4']);
  });

  it('refuses a transfer to a member who already signs in the step', () => {
    const outcome = act(inSign(), { action: 'transfer', to: districtAuditor2.id, target: asTarget(districtAuditor2) }, districtAuditor1);

    expect(issuePaths(outcome)).toEqual(['to']);
  });
});

describe('加签 before', () => {
  const added = () => act(inCheck(), addSigner(leader, 'before'), streetReviewer);
  const withLeaderFirst = () => next(inCheck(), added());

  it('assigns the step to the added person, keeping its due date', () => {
    expect(transition(added()).assignees).toEqual([{ key: 'user:u-leader', since: LATER.toISOString(), dueAt: CHECK_DUE }]);
  });

  it('holds the step’s own assignees until the added person approves', () => {
    expect(transition(added()).heldAssignees.map((a) => a.key)).toEqual(['org:wujiaochang:reviewer']);
  });

  it('notifies the added person', () => {
    expect(transition(added()).effects).toEqual([{ kind: 'notify', keys: ['user:u-leader'], reason: 'assigned' }]);
  });

  it('records whom it added, and where, in the event', () => {
    expect(transition(added()).event.changes).toEqual({ addSigner: { id: 'u-leader', name: '许强', position: 'before' } });
  });

  it('does not let the held assignees approve in the meantime', () => {
    expect(refusal(act(withLeaderFirst(), { action: 'approve' }, streetReviewer2)).code).toBe('action_not_allowed');
  });

  it('gives the step back to the held assignees once the added person approves, in the same step', () => {
    const t = transition(act(withLeaderFirst(), { action: 'approve' }, leader));

    expect([t.step, t.assignees.map((a) => a.key), t.heldAssignees]).toEqual(['check', ['org:wujiaochang:reviewer'], []]);
  });

  it('keeps the added person’s approval in the record', () => {
    const t = transition(act(withLeaderFirst(), { action: 'approve' }, leader));

    expect(t.approvals.map((a) => a.id)).toEqual(['u-leader']);
  });

  it('moves on when a resumed assignee approves', () => {
    const resumed = after(withLeaderFirst(), { action: 'approve' }, leader);

    expect(transition(act(resumed, { action: 'approve' }, streetReviewer2)).step).toBe('sign');
  });

  it('under 会签 resumes the members who had not yet signed', () => {
    const leaderFirst = after(signedByOne(), addSigner(leader, 'before'), districtAuditor2);

    const t = transition(act(leaderFirst, { action: 'approve' }, leader));

    expect(t.assignees.map((a) => a.key)).toEqual(['user:u-jsh-2', 'user:u-jsh-3']);
  });

  it('refuses a second person added before while the first is still to act', () => {
    const outcome = act(withLeaderFirst(), addSigner(districtReviewer, 'before'), leader);

    expect(issuePaths(outcome)).toEqual(['position']);
  });
});

describe('加签 after', () => {
  const added = () => act(inCheck(), addSigner(leader, 'after'), streetReviewer);
  const withLeaderAfter = () => next(inCheck(), added());

  it('keeps the step’s assignees and lists the added person to sign after them', () => {
    const t = transition(added());

    expect([t.assignees, t.addedAfter]).toEqual([inCheck().assignees, [{ id: 'u-leader', name: '许强' }]]);
  });

  it('records whom it added, and where, in the event', () => {
    expect(transition(added()).event.changes).toEqual({ addSigner: { id: 'u-leader', name: '许强', position: 'after' } });
  });

  it('assigns the added person instead of moving on when the step’s approval is complete', () => {
    const t = transition(act(withLeaderAfter(), { action: 'approve' }, streetReviewer2));

    expect([t.step, t.assignees, t.addedAfter]).toEqual(['check', [{ key: 'user:u-leader', since: LATER.toISOString(), dueAt: CHECK_DUE }], []]);
  });

  it('notifies the added person when it is their turn', () => {
    const t = transition(act(withLeaderAfter(), { action: 'approve' }, streetReviewer2));

    expect(t.effects).toEqual([{ kind: 'notify', keys: ['user:u-leader'], reason: 'assigned' }]);
  });

  it('moves on once the added person approves', () => {
    const leaderTurn = after(withLeaderAfter(), { action: 'approve' }, streetReviewer2);

    expect(transition(act(leaderTurn, { action: 'approve' }, leader)).step).toBe('sign');
  });

  it('under 会签 waits for every member before the added person’s turn', () => {
    const leaderAfter = after(inSign(), addSigner(leader, 'after'), districtAuditor1);
    const oneSigned = after(leaderAfter, { action: 'approve' }, districtAuditor1);
    const twoSigned = after(oneSigned, { action: 'approve' }, districtAuditor2);

    const t = transition(act(twoSigned, { action: 'approve' }, districtAuditor3));

    expect([t.step, t.assignees.map((a) => a.key)]).toEqual(['sign', ['user:u-leader']]);
  });

  it('refuses adding someone already to sign after', () => {
    const outcome = act(withLeaderAfter(), addSigner(leader, 'after'), streetReviewer2);

    expect(issuePaths(outcome)).toEqual(['to']);
  });
});

describe('加签 refusals', () => {
  it('refuses a request without a position', () => {
    expect(issuePaths(act(inCheck(), addSigner(leader), streetReviewer))).toEqual(['position']);
  });

  it('refuses adding oneself', () => {
    expect(issuePaths(act(inCheck(), addSigner(streetReviewer, 'before'), streetReviewer))).toEqual(['to']);
  });

  it('refuses a person the caller could not load', () => {
    expect(issuePaths(act(inCheck(), { action: 'addSigner', to: 'u-nobody', position: 'before' }, streetReviewer))).toEqual(['to']);
  });

  it('refuses a submitter of the submitting union', () => {
    expect(issuePaths(act(inCheck(), addSigner(submitter, 'after'), streetReviewer))).toEqual(['to']);
  });

  it('refuses someone not assigned to the step', () => {
    expect(refusal(act(inCheck(), addSigner(leader, 'before'), districtReviewer)).code).toBe('action_not_allowed');
  });

  it('refuses a person who does no review work, such as the system administrator', () => {
    expect(issuePaths(act(inCheck(), addSigner(systemAdmin, 'after'), streetReviewer))).toEqual(['to']);
  });
});

describe('抄送', () => {
  const copied = () => act(inCheck(), { action: 'cc', to: leader.id, target: asTarget(leader) }, streetReviewer);

  it('adds the person to the copy list', () => {
    expect(transition(copied()).cc).toEqual(['u-leader']);
  });

  it('stays in the step with the same assignees', () => {
    const t = transition(copied());

    expect([t.step, t.assignees]).toEqual(['check', inCheck().assignees]);
  });

  it('notifies the person with reason cc', () => {
    expect(transition(copied()).effects).toEqual([{ kind: 'notify', keys: ['user:u-leader'], reason: 'cc' }]);
  });

  it('records whom it copied in the event', () => {
    expect(transition(copied()).event.changes).toEqual({ cc: { id: 'u-leader', name: '许强' } });
  });

  it('lists a person copied twice once', () => {
    const once = next(inCheck(), copied());

    expect(transition(act(once, { action: 'cc', to: leader.id, target: asTarget(leader) }, streetReviewer2)).cc).toEqual(['u-leader']);
  });

  it('keeps the copy list when the submission moves on', () => {
    const once = next(inCheck(), copied());

    expect(transition(act(once, { action: 'approve' }, streetReviewer)).cc).toEqual(['u-leader']);
  });

  it('refuses a copy naming nobody', () => {
    expect(issuePaths(act(inCheck(), { action: 'cc' }, streetReviewer))).toEqual(['to']);
  });

  it('refuses someone not assigned to the step', () => {
    expect(refusal(act(inCheck(), { action: 'cc', to: leader.id, target: asTarget(leader) }, submitter)).code).toBe('action_not_allowed');
  });
});
