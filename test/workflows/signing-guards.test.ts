/**
 * Who may be named to sign or see a record (加签, 转交, 抄送), each rule pinned by its own
 * refusal, and what approving does to the signing lists, through the built-in union
 * registration (或签) and the district 经审会's 会签 of the audit submission.
 */
import { describe, it, expect } from 'vitest';
import { expandSigners, type ActionRequest, type Actor, type WorkflowState } from '../../workflows/engine.js';
import {
  LATER,
  NOW,
  STREET,
  DISTRICT,
  asTarget,
  districtAuditor1,
  districtAuditor2,
  districtAuditor3,
  districtReviewer,
  leader,
  pathOf,
  streetReviewer,
    submitter,
  systemAdmin,
  transition,
} from './fixtures.js';
import { audit, auditInSignoff, committee, enteringSignoff, registration, registrationInStreetReview, runner, withActions } from './built-in-runs.js';

const { act, then } = runner(registration);
/** The 经审会's 会签 with the side actions of a review step declared. */
const signoff = runner(withActions(audit, 'district-signoff', { addSigner: {}, cc: {}, transfer: {} }));

const STREET_KEY = 'org:wujiaochang:reviewer';
/** Monday 2 June 2025 + 5 working days, end of day in Shanghai. */
const STREET_DUE = '2025-06-09T15:59:59.999Z';

const named = (action: string, who: Actor, extra: Partial<ActionRequest> = {}): ActionRequest => ({ action, to: who.id, target: asTarget(who), ...extra });
const addSigner = (who: Actor, position?: 'before' | 'after') => named('addSigner', who, { position });
/** A refusal about the person or choice at `path`. */
const badTarget = (zh: string, en: string, path = 'to') => ({ ok: false, code: 'validation_failed', message: { zh, en }, issues: [{ path, message: { zh, en } }] });

const ALREADY = badTarget('该人员已在本步骤的办理人中', 'This person already signs in this step');
const OWN_SUBMISSION = badTarget('填报单位的人员不能审批本单位的填报', 'Nobody of the submitting union may sign its own submission');
const NOT_A_SIGNER = badTarget('加签对象须为审核或审计人员', 'Only a reviewer or an auditor can be added as a signer');
const NOT_A_READER = badTarget('只能抄送给审核或审计人员', 'Copy in only a reviewer or an auditor');

/** A district reviewer who also administers accounts. */
const reviewingAdmin: Actor = { id: 'u-dist-admin-rev', name: '韦东', orgId: DISTRICT, orgPath: pathOf(DISTRICT), roles: ['admin', 'reviewer'] };
/** A street reviewer who also files for the street's own union. */
const filingReviewer: Actor = { id: 'u-street-both', name: '邱实', orgId: STREET, orgPath: pathOf(STREET), roles: ['submitter', 'reviewer'] };

/** A state as stored before the signing lists existed: none of them present. */
function withoutSigningLists(state: WorkflowState): WorkflowState {
  const { approvals: _a, returnedFrom: _r, cc: _c, heldAssignees: _h, addedAfter: _d, ...rest } = state;
  return rest;
}

describe('naming a person', () => {
  it.each([
    ['transfer', '转交对象不存在', 'No such person to transfer to'],
    ['addSigner', '加签对象不存在', 'No such person to add as a signer'],
    ['cc', '抄送对象不存在', 'No such person to copy in'],
  ])('refuses %s without the person loaded', (action, zh, en) => {
    expect(act(registrationInStreetReview(), { action, to: 'u-nobody', position: 'after' }, streetReviewer)).toEqual(badTarget(zh, en));
  });
});

describe('转交', () => {
  it('refuses a person outside the group the step is assigned to', () => {
    expect(act(registrationInStreetReview(), named('transfer', districtReviewer), streetReviewer)).toEqual(
      badTarget('只能转交给本步骤办理范围内的其他人', 'Transfer only to another person assigned to this step'),
    );
  });
});

describe('加签: who may be added', () => {
  it('refuses the actor themself', () => {
    expect(act(registrationInStreetReview(), addSigner(streetReviewer, 'after'), streetReviewer)).toEqual(ALREADY);
  });

  it('refuses someone already to sign after', () => {
    const added = then(registrationInStreetReview(), addSigner(leader, 'after'), streetReviewer);

    expect(act(added, addSigner(leader, 'after'), streetReviewer)).toEqual(ALREADY);
  });

  it('refuses a member of a 会签 who still has to sign', () => {
    expect(signoff.act(auditInSignoff(), addSigner(districtAuditor2, 'after'), districtAuditor1)).toEqual(ALREADY);
  });

  it('adds a second person after the first, keeping both in order', () => {
    const added = then(registrationInStreetReview(), addSigner(leader, 'after'), streetReviewer);

    expect(transition(act(added, addSigner(districtReviewer, 'after'), streetReviewer)).addedAfter).toEqual([
      { id: leader.id, name: leader.name },
      { id: districtReviewer.id, name: districtReviewer.name },
    ]);
  });

  it('refuses a submitter of the submitting union with its own reason', () => {
    expect(act(registrationInStreetReview(), addSigner(submitter, 'after'), streetReviewer)).toEqual(OWN_SUBMISSION);
  });

  it('refuses someone with no review work', () => {
    expect(act(registrationInStreetReview(), addSigner(systemAdmin, 'after'), streetReviewer)).toEqual(NOT_A_SIGNER);
  });

  it('adds a reviewer who also administers accounts', () => {
    expect(transition(act(registrationInStreetReview(), addSigner(reviewingAdmin, 'after'), streetReviewer)).addedAfter).toEqual([
      { id: reviewingAdmin.id, name: reviewingAdmin.name },
    ]);
  });

  it('adds an auditor', () => {
    expect(transition(act(registrationInStreetReview(), addSigner(districtAuditor1, 'before'), streetReviewer)).assignees).toEqual([
      { key: `user:${districtAuditor1.id}`, since: LATER.toISOString(), dueAt: STREET_DUE },
    ]);
  });

  it('adds a reviewer who is a submitter of another organisation', () => {
    expect(transition(act(registrationInStreetReview(), addSigner(filingReviewer, 'after'), streetReviewer)).addedAfter).toHaveLength(1);
  });

  it('refuses without a position, at position', () => {
    expect(act(registrationInStreetReview(), addSigner(leader), streetReviewer)).toEqual(
      badTarget('请选择加签在前还是在后', 'Choose whether the signer acts before or after', 'position'),
    );
  });

  it('refuses a second person before while the first is still to act', () => {
    const added = then(registrationInStreetReview(), addSigner(leader, 'before'), streetReviewer);

    expect(act(added, addSigner(districtReviewer, 'before'), leader)).toEqual(
      badTarget('已有加签人在办理，请待其办理后再加签', 'Someone added before is still to act', 'position'),
    );
  });
});

describe('加签: the signing lists', () => {
  it.each(['before', 'after'] as const)('counts adding a signer %s as a reviewer acting', (position) => {
    expect(transition(act(registrationInStreetReview(), addSigner(leader, position), streetReviewer)).reviewActed).toBe(true);
  });

  it('starts the list of signers after on a record stored without one', () => {
    const stored = withoutSigningLists(registrationInStreetReview());

    expect(transition(act(stored, addSigner(leader, 'after'), streetReviewer)).addedAfter).toEqual([{ id: leader.id, name: leader.name }]);
  });

  it('adds a signer before on a record stored without held assignees', () => {
    const stored = withoutSigningLists(registrationInStreetReview());

    expect(transition(act(stored, addSigner(leader, 'before'), streetReviewer)).heldAssignees).toEqual(stored.assignees);
  });

  it('hands the step back to the held assignees when the signer added before approves', () => {
    const added = then(registrationInStreetReview(), addSigner(leader, 'before'), streetReviewer);
    const t = transition(act(added, { action: 'approve' }, leader));

    expect(t).toMatchObject({
      step: 'street-review',
      assignees: [{ key: STREET_KEY, since: NOW.toISOString(), dueAt: STREET_DUE }],
      heldAssignees: [],
      approvals: [{ id: leader.id, name: leader.name, at: LATER.toISOString() }],
      reviewActed: true,
      effects: [{ kind: 'notify', keys: [STREET_KEY], reason: 'assigned' }],
    });
  });

  it('passes the step to the signer added after once the step’s own approval is in', () => {
    const added = then(registrationInStreetReview(), addSigner(leader, 'after'), streetReviewer);
    const t = transition(act(added, { action: 'approve' }, streetReviewer));

    expect(t).toMatchObject({
      step: 'street-review',
      assignees: [{ key: `user:${leader.id}`, since: LATER.toISOString(), dueAt: STREET_DUE }],
      addedAfter: [],
      reviewActed: true,
      effects: [{ kind: 'notify', keys: [`user:${leader.id}`], reason: 'assigned' }],
    });
  });

  it('counts an approval that moves on as a reviewer acting', () => {
    expect(transition(act(registrationInStreetReview(), { action: 'approve' }, streetReviewer))).toMatchObject({
      step: 'district-review',
      reviewActed: true,
    });
  });
});

describe('会签', () => {
  it('keeps the others to sign after one approval, counting it as a reviewer acting', () => {
    const t = transition(signoff.act(auditInSignoff(), { action: 'approve' }, districtAuditor1));

    expect(t).toMatchObject({
      step: 'district-signoff',
      assignees: [{ key: `user:${districtAuditor2.id}` }, { key: `user:${districtAuditor3.id}` }],
      approvals: [{ id: districtAuditor1.id, name: districtAuditor1.name, at: LATER.toISOString() }],
      reviewActed: true,
    });
  });

  it('records one approval on a record stored without approvals', () => {
    const stored = withoutSigningLists(auditInSignoff());

    expect(transition(signoff.act(stored, { action: 'approve' }, districtAuditor1)).approvals).toEqual([
      { id: districtAuditor1.id, name: districtAuditor1.name, at: LATER.toISOString() },
    ]);
  });

  it('keeps an assignee the transition does not ask to expand', () => {
    const entering = transition(enteringSignoff());
    const extra = { key: `user:${leader.id}`, since: LATER.toISOString() };
    const expanded = transition(expandSigners(audit, auditInSignoff(), { ...entering, assignees: [...entering.assignees, extra] }, committee));

    expect(expanded.assignees.map((a) => a.key)).toEqual([
      `user:${districtAuditor1.id}`,
      `user:${districtAuditor2.id}`,
      `user:${districtAuditor3.id}`,
      extra.key,
    ]);
  });
});

describe('抄送', () => {
  it('refuses someone with no review work', () => {
    expect(act(registrationInStreetReview(), named('cc', systemAdmin), streetReviewer)).toEqual(NOT_A_READER);
  });

  it.each([
    ['a reviewer', districtReviewer],
    ['an auditor', districtAuditor1],
    ['a reviewer who also administers accounts', reviewingAdmin],
  ])('copies in %s', (_, who) => {
    expect(transition(act(registrationInStreetReview(), named('cc', who), streetReviewer)).cc).toEqual([who.id]);
  });

  it('starts the list on a record stored without one', () => {
    const stored = withoutSigningLists(registrationInStreetReview());

    expect(transition(act(stored, named('cc', leader), streetReviewer)).cc).toEqual([leader.id]);
  });

  it('keeps the people copied in before', () => {
    const copied = then(registrationInStreetReview(), named('cc', districtReviewer), streetReviewer);

    expect(transition(act(copied, named('cc', leader), streetReviewer)).cc).toEqual([districtReviewer.id, leader.id]);
  });
});

describe('加签 while someone added before is acting', () => {
  it('refuses to add after a person whose turn is held, so nobody signs a step twice', () => {
    const before = signoff.then(auditInSignoff(), named('addSigner', districtReviewer, { position: 'before' }), districtAuditor1);
    expect(before.heldAssignees?.map((a) => a.key)).toContain(`user:${districtAuditor2.id}`);
    expect(signoff.act(before, named('addSigner', districtAuditor2, { position: 'after' }), districtReviewer)).toEqual(ALREADY);
  });
});

