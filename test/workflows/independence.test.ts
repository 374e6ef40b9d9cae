/**
 * Nobody reviews their own union: in a step that reviews the submitting union from outside
 * (assigned to an organisation above it, or to its 特约经审员), nobody whose organisation is the
 * union or one below it may act, be transferred to, be added as a signer (加签), or be among
 * the 会签 signers a group expands into. The union's own steps (its committee's review) keep
 * working with the union's own people.
 */
import { describe, it, expect } from 'vitest';
import { expandSigners, type Actor, type ActionRequest, type WorkflowState } from '../../workflows/engine.js';
import type { WorkflowDeclaration } from '../../workflows/language.js';
import { workflowForForm } from '../../workflows/registry.js';
import { fakeForm } from './fake-form.js';
import {
  LATER,
  NOW,
  UNION,
  actor,
  asTarget,
  assignedAuditor,
  branchAuditor,
  branchReviewer,
  committeeMember,
  committeeMember2,
  districtAuditor1,
  districtAuditor2,
  draftOf,
  issuePaths,
  leader,
  next,
  otherUnionReviewer,
  pathOf,
  refusal,
  streetReviewer,
  streetReviewer2,
  submitter,
  transition,
  unionAuditor,
} from './fixtures.js';
import { act as actOnRegistration, inStreetReview } from './support.js';

const addSigner = (target: Actor, position: 'before' | 'after'): ActionRequest => ({ action: 'addSigner', to: target.id, target: asTarget(target), position });
const transferTo = (target: Actor): ActionRequest => ({ action: 'transfer', to: target.id, target: asTarget(target) });
/** A person assigned in person (a transfer or 加签 recorded before the rule, or a stale record). */
const assignedInPerson = (state: WorkflowState, who: Actor): WorkflowState => ({
  ...state,
  assignees: [{ key: `user:${who.id}`, since: NOW.toISOString() }],
});

describe('union registration, street-review: 加签 of the union’s own people', () => {
  it.each([
    ['before', 'the union’s committee member', committeeMember],
    ['after', 'the union’s committee member', committeeMember],
    ['before', 'a reviewer of a 分会 below the union', branchReviewer],
    ['after', 'a reviewer of a 分会 below the union', branchReviewer],
  ] as const)('refuses adding %s %s with an issue at to', (position, _who, who) => {
    const outcome = actOnRegistration(inStreetReview(), addSigner(who, position), streetReviewer, LATER);

    expect(refusal(outcome).code).toBe('validation_failed');
    expect(issuePaths(outcome)).toEqual(['to']);
  });

  it('says why in Chinese and English', () => {
    const outcome = actOnRegistration(inStreetReview(), addSigner(committeeMember, 'after'), streetReviewer, LATER);

    expect(refusal(outcome).issues?.[0].message).toEqual({
      zh: '填报单位及其下属单位的人员不能审核本单位的填报',
      en: 'Nobody of the submitting union or an organisation below it may review its submission',
    });
  });

  it('still adds a district leader after', () => {
    expect(transition(actOnRegistration(inStreetReview(), addSigner(leader, 'after'), streetReviewer, LATER)).addedAfter).toEqual([
      { id: leader.id, name: leader.name },
    ]);
  });

  it('still adds a reviewer of a sibling union under the same street, which is not below the submitting one', () => {
    expect(transition(actOnRegistration(inStreetReview(), addSigner(otherUnionReviewer, 'before'), streetReviewer, LATER)).assignees.map((a) => a.key)).toEqual([
      'user:u-other-rev',
    ]);
  });
});

describe('union registration, street-review: 转交 to the union’s own people', () => {
  it.each([
    ['the union’s committee member', committeeMember],
    ['a reviewer of a 分会 below the union', branchReviewer],
  ] as const)('refuses a transfer to %s with an issue at to', (_who, who) => {
    expect(issuePaths(actOnRegistration(inStreetReview(), transferTo(who), streetReviewer, LATER))).toEqual(['to']);
  });
});

describe('union registration, street-review: acting by the union’s own people even when assigned in person', () => {
  const requests: [string, ActionRequest][] = [
    ['approve', { action: 'approve' }],
    ['return', { action: 'return', comment: '请补充' }],
    ['reject', { action: 'reject', comment: '不予批准' }],
    ['transfer', transferTo(streetReviewer2)],
    ['addSigner', addSigner(leader, 'after')],
    ['cc', { action: 'cc', to: leader.id, target: asTarget(leader) }],
  ];

  it.each(requests)('refuses the union’s committee member’s %s with action_not_allowed', (_name, request) => {
    const state = assignedInPerson(inStreetReview(), committeeMember);

    expect(refusal(actOnRegistration(state, request, committeeMember, LATER)).code).toBe('action_not_allowed');
  });

  it('refuses a reviewer of a 分会 below the union assigned in person', () => {
    const state = assignedInPerson(inStreetReview(), branchReviewer);

    expect(refusal(actOnRegistration(state, { action: 'approve' }, branchReviewer, LATER)).code).toBe('action_not_allowed');
  });

  it('refuses the union’s committee member listed to sign after, once it is their turn', () => {
    const listed = { ...inStreetReview(), addedAfter: [{ id: committeeMember.id, name: committeeMember.name }] };
    const theirTurn = next(listed, actOnRegistration(listed, { action: 'approve' }, streetReviewer, LATER));

    expect(theirTurn.assignees.map((a) => a.key)).toEqual(['user:u-committee']);
    expect(refusal(actOnRegistration(theirTurn, { action: 'approve' }, committeeMember, LATER)).code).toBe('action_not_allowed');
  });

  it('does not count a comment by the union’s own person assigned in person as a reviewer acting', () => {
    const state = assignedInPerson(inStreetReview(), committeeMember);

    expect(transition(actOnRegistration(state, { action: 'comment', comment: '补充说明' }, committeeMember, LATER)).reviewActed).toBe(false);
  });

  it('still lets the street’s own reviewer approve', () => {
    expect(transition(actOnRegistration(inStreetReview(), { action: 'approve' }, streetReviewer, LATER)).step).toBe('district-review');
  });
});

describe('audit submission, audit-review: assignment by the step’s rule', () => {
  const workflow = workflowForForm('audit-submission')!;
  const act = actor(workflow, fakeForm({ required: ['auditYear'] }));
  const inAuditReview = () => {
    const draft = draftOf(workflow, { auditYear: 2024 });
    return next(draft, act(draft, { action: 'submit' }, submitter, NOW));
  };

  it.each([
    ['of the union itself', unionAuditor],
    ['of a 分会 below it', branchAuditor],
  ] as const)('refuses a 特约经审员 assigned to the union but %s', (_who, who) => {
    expect(refusal(act(inAuditReview(), { action: 'no-findings' }, who)).code).toBe('action_not_allowed');
  });

  it('says why', () => {
    expect(refusal(act(inAuditReview(), { action: 'no-findings' }, unionAuditor)).message).toEqual({
      zh: '填报单位及其下属单位的人员不能审核本单位的填报',
      en: 'Nobody of the submitting union or an organisation below it may review its submission',
    });
  });

  it('still lets the independent 特约经审员 act', () => {
    expect(transition(act(inAuditReview(), { action: 'no-findings' }, assignedAuditor)).step).toBe('district-signoff');
  });
});

const title = { zh: '步骤', en: 'Step' };
/** fill → audit (或签, the assigned 特约经审员) → sign (会签, the district 经审会) → own (会签, the union's committee) → done. */
const lab: WorkflowDeclaration = {
  id: 'independence-lab',
  formId: 'independence-lab',
  title,
  initial: 'fill',
  steps: {
    fill: { kind: 'fill', title, status: 'draft', assignees: { kind: 'submitter' }, actions: { submit: { to: 'audit' } } },
    audit: {
      kind: 'review',
      title,
      status: 'in_review',
      assignees: { kind: 'assignedAuditor' },
      actions: { approve: { to: 'sign' }, transfer: {}, addSigner: {}, 'to-jointly': { kind: 'approve', to: 'jointly' } },
    },
    jointly: {
      kind: 'review',
      title,
      status: 'in_review',
      assignees: { kind: 'assignedAuditor' },
      mode: 'all',
      actions: { approve: { to: 'sign' } },
    },
    sign: {
      kind: 'review',
      title,
      status: 'in_review',
      assignees: { kind: 'orgAtDepth', depth: 0, role: 'auditor' },
      mode: 'all',
      actions: { approve: { to: 'own' } },
    },
    own: {
      kind: 'review',
      title,
      status: 'in_review',
      assignees: { kind: 'ownOrg', role: 'reviewer' },
      mode: 'all',
      actions: { approve: { to: 'done' }, transfer: {}, addSigner: {} },
    },
    done: { kind: 'end', title, status: 'completed', actions: {} },
  },
};
const actInLab = actor(lab, fakeForm());
const labDraft = () => draftOf(lab, {});
const inAudit = (): WorkflowState => next(labDraft(), actInLab(labDraft(), { action: 'submit' }, submitter, NOW));
const enteringSign = () => actInLab(inAudit(), { action: 'approve' }, assignedAuditor);
const enteringJointly = () => actInLab(inAudit(), { action: 'to-jointly' }, assignedAuditor);
const inSign = (): WorkflowState => {
  const t = transition(enteringSign());
  return next(inAudit(), expandSigners(lab, inAudit(), t, { 'org:yangpu:auditor': [districtAuditor1, districtAuditor2] }));
};
const enteringOwn = () => {
  const signed = next(inSign(), actInLab(inSign(), { action: 'approve' }, districtAuditor1));
  return { from: signed, outcome: actInLab(signed, { action: 'approve' }, districtAuditor2) };
};

describe('a step assigned to the 特约经审员: 转交 and 加签', () => {
  it.each([
    ['of the union itself', unionAuditor],
    ['of a 分会 below it', branchAuditor],
  ] as const)('refuses a transfer to an auditor assigned to the union but %s', (_who, who) => {
    expect(issuePaths(actInLab(inAudit(), transferTo(who), assignedAuditor))).toEqual(['to']);
  });

  it.each(['before', 'after'] as const)('refuses adding %s an auditor of the union', (position) => {
    expect(issuePaths(actInLab(inAudit(), addSigner(unionAuditor, position), assignedAuditor))).toEqual(['to']);
  });

  it('still transfers to another independent 特约经审员 of the union', () => {
    const colleague = { ...assignedAuditor, id: 'u-aud-3', name: '范明' };

    expect(transition(actInLab(inAudit(), transferTo(colleague), assignedAuditor)).assignees.map((a) => a.key)).toEqual(['user:u-aud-3']);
  });
});

describe('会签: expanding a group into its members', () => {
  it('replaces the group key by its members’ own keys, keeping the due date and time', () => {
    const t = transition(enteringSign());

    const expanded = transition(expandSigners(lab, inAudit(), t, { 'org:yangpu:auditor': [districtAuditor1, districtAuditor2] }));

    expect(expanded.assignees).toEqual([
      { key: 'user:u-jsh-1', since: LATER.toISOString() },
      { key: 'user:u-jsh-2', since: LATER.toISOString() },
    ]);
    expect(expanded.expand).toEqual([]);
  });

  it('refuses a group whose members include a person of the submitting union', () => {
    const misplaced = { ...districtAuditor2, orgId: UNION, orgPath: pathOf(UNION) };

    const outcome = expandSigners(lab, inAudit(), transition(enteringSign()), { 'org:yangpu:auditor': [districtAuditor1, misplaced] });

    expect(refusal(outcome)).toMatchObject({
      code: 'action_not_allowed',
      message: {
        zh: '下一步骤的会签组中有填报单位或其下属单位的人员，不能审核本单位的填报',
        en: 'The next step signs jointly, but its group includes people of the submitting union or below it, who may not review its submission',
      },
    });
  });

  it.each([
    ['of the union itself', unionAuditor],
    ['of a 分会 below it', branchAuditor],
  ] as const)('refuses a 特约经审员 会签 whose members include an auditor %s', (_who, who) => {
    const outcome = expandSigners(lab, inAudit(), transition(enteringJointly()), { [`assigned:${UNION}:auditor`]: [assignedAuditor, who] });

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses a group without members, as before', () => {
    expect(refusal(expandSigners(lab, inAudit(), transition(enteringSign()), {}))).toMatchObject({
      code: 'action_not_allowed',
      message: {
        zh: '下一步骤的会签组没有成员，请先由管理员配置账号',
        en: 'The next step signs jointly, but its group has no members yet; ask the admin to add accounts',
      },
    });
  });

  it('expands the union’s own committee for the union’s own 会签 step', () => {
    const { from, outcome } = enteringOwn();

    const expanded = transition(expandSigners(lab, from, transition(outcome), { [`org:${UNION}:reviewer`]: [committeeMember, committeeMember2] }));

    expect(expanded.assignees.map((a) => a.key)).toEqual(['user:u-committee', 'user:u-committee-2']);
  });

  it('leaves a transition that expands nothing as it is', () => {
    const t = transition(actInLab(inAudit(), transferTo({ ...assignedAuditor, id: 'u-aud-3', name: '范明' }), assignedAuditor));

    expect(expandSigners(lab, inAudit(), t, {})).toBe(t);
  });
});

describe('the union’s own step keeps its own people', () => {
  const inOwn = (): WorkflowState => {
    const { from, outcome } = enteringOwn();
    return next(from, expandSigners(lab, from, transition(outcome), { [`org:${UNION}:reviewer`]: [committeeMember] }));
  };

  it('lets the union’s committee member approve', () => {
    expect(transition(actInLab(inOwn(), { action: 'approve' }, committeeMember)).step).toBe('done');
  });

  it('lets the union’s committee member transfer to a colleague of the committee', () => {
    expect(transition(actInLab(inOwn(), transferTo(committeeMember2), committeeMember)).assignees.map((a) => a.key)).toEqual(['user:u-committee-2']);
  });

  it('still refuses a transfer outside the committee', () => {
    expect(issuePaths(actInLab(inOwn(), transferTo(streetReviewer), committeeMember))).toEqual(['to']);
  });

  it('still refuses adding the union’s submitter as a signer', () => {
    expect(issuePaths(actInLab(inOwn(), addSigner(submitter, 'after'), committeeMember))).toEqual(['to']);
  });
});
