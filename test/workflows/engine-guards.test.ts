/**
 * The checks `apply` makes before an action's own behaviour, each pinned by the refusal it
 * gives (its code, message and issues), through the built-in workflows: withdrawing until a
 * reviewer acts, who may comment, comments, data an action may carry, returns, and actions a
 * declaration names without a behaviour.
 */
import { describe, it, expect } from 'vitest';
import { apply, type Actor } from '../../workflows/engine.js';
import { fakeForm } from './fake-form.js';
import {
  DISTRICT,
  LATER,
  NOW,
  STREET,
  assignedAuditor,
  districtReviewer,
  draftOf,
  otherUnionSubmitter,
  pathOf,
  refusal,
  streetReviewer,
  submitter,
  systemAdmin,
  transition,
  unionMember,
} from './fixtures.js';
import {
  homeAssessment,
  homeInDistrictReview,
  homeInStreetReview,
  registration,
  registrationInDistrictReview,
  registrationInStreetReview,
  runner,
  scores,
  withActions,
} from './built-in-runs.js';

const { act, then } = runner(registration);
const home = runner(homeAssessment);

const NOT_OPEN = { ok: false, code: 'action_not_allowed', message: { zh: '此步骤不能进行该操作', en: 'This action is not open in this step' } };
const NOT_YOURS = { ok: false, code: 'action_not_allowed', message: { zh: '您不是此步骤的办理人', en: 'You are not assigned to this step' } };
/** A district reviewer who also administers accounts: not assigned to the street's review. */
const reviewingAdmin: Actor = { id: 'u-dist-admin-rev', name: '韦东', orgId: DISTRICT, orgPath: pathOf(DISTRICT), roles: ['admin', 'reviewer'] };

describe('withdrawing from the first review step', () => {
  it('is open to the submitter until a reviewer acts, and clears every signing list', () => {
    const outcome = act(registrationInStreetReview(), { action: 'withdraw' }, submitter);

    expect(transition(outcome)).toMatchObject({
      step: 'withdrawn',
      status: 'withdrawn',
      assignees: [],
      approvals: [],
      returnedFrom: null,
      heldAssignees: [],
      addedAfter: [],
      event: { kind: 'withdraw', step: 'street-review', to: 'withdrawn' },
    });
  });

  it('opens no other undeclared action there, not even to the step’s reviewer', () => {
    expect(act(registrationInStreetReview(), { action: 'edit' }, streetReviewer)).toEqual(NOT_OPEN);
  });

  it('stays open after a reviewer the step is not assigned to commented', () => {
    const commented = then(registrationInStreetReview(), { action: 'comment', comment: '请注意会员人数' }, districtReviewer);

    expect(transition(act(commented, { action: 'withdraw' }, submitter)).status).toBe('withdrawn');
  });

  it('closes once the step’s reviewer commented', () => {
    const commented = then(registrationInStreetReview(), { action: 'comment', comment: '请补充材料' }, streetReviewer);

    expect(act(commented, { action: 'withdraw' }, submitter)).toEqual(NOT_OPEN);
  });
});

describe('a withdraw declared in a review step', () => {
  const declared = withActions(registration, 'street-review', { withdraw: {} });
  const run = runner(declared);

  it('is open before a reviewer acts', () => {
    expect(transition(run.act(registrationInStreetReview(), { action: 'withdraw' }, submitter)).status).toBe('withdrawn');
  });

  it('closes once a reviewer acted', () => {
    const commented = run.then(registrationInStreetReview(), { action: 'comment', comment: '请补充材料' }, streetReviewer);

    expect(run.act(commented, { action: 'withdraw' }, submitter)).toEqual(NOT_OPEN);
  });

  it('leaves the draft step withdrawable whatever its record says', () => {
    const draft = draftOf(declared, {}, { reviewActed: true });

    expect(transition(run.act(draft, { action: 'withdraw' }, submitter)).status).toBe('withdrawn');
  });
});

describe('who may comment where a comment names nobody', () => {
  it('lets a reviewer the step is not assigned to comment, without ending the right to withdraw', () => {
    const t = transition(act(registrationInStreetReview(), { action: 'comment', comment: '区总关注' }, districtReviewer));

    expect([t.step, t.reviewActed]).toEqual(['street-review', false]);
  });

  it('lets an auditor comment', () => {
    expect(transition(act(registrationInStreetReview(), { action: 'comment', comment: '经审关注' }, assignedAuditor)).event.kind).toBe('comment');
  });

  it('lets someone who reviews and also administers comment', () => {
    expect(transition(act(registrationInStreetReview(), { action: 'comment', comment: '已阅' }, reviewingAdmin)).event.kind).toBe('comment');
  });

  it.each([
    ['an administrator', systemAdmin],
    ['a member of the union', unionMember],
    ['a submitter of another union', otherUnionSubmitter],
  ])('refuses %s', (_, who) => {
    expect(act(registrationInStreetReview(), { action: 'comment', comment: '意见' }, who)).toEqual(NOT_YOURS);
  });
});

describe('comments', () => {
  it('refuses a return without a comment, at comment', () => {
    const required = { zh: '请填写意见', en: 'A comment is required' };

    expect(act(registrationInStreetReview(), { action: 'return' }, streetReviewer)).toEqual({
      ok: false,
      code: 'validation_failed',
      message: required,
      issues: [{ path: 'comment', message: required }],
    });
  });

  it('refuses a comment over 2000 characters, at comment', () => {
    expect(act(registrationInStreetReview(), { action: 'comment', comment: '意'.repeat(2001) }, streetReviewer)).toEqual({
      ok: false,
      code: 'validation_failed',
      message: { zh: '意见过长', en: 'The comment is too long' },
      issues: [{ path: 'comment', message: { zh: '意见不能超过 2000 字', en: 'At most 2000 characters' } }],
    });
  });
});

describe('data an action carries', () => {
  it('refuses data on an action about people, at data', () => {
    const message = { zh: '此操作不接受表单数据', en: 'This action takes no form data' };

    expect(act(registrationInStreetReview(), { action: 'comment', comment: '意见', data: { name: '工会' } }, streetReviewer)).toEqual({
      ok: false,
      code: 'validation_failed',
      message,
      issues: [{ path: 'data', message }],
    });
  });

  it('refuses a submit whose data the form refuses, with the form’s issues', () => {
    const form = fakeForm({ required: ['name'] });
    const outcome = apply(registration, form, draftOf(registration, {}), { action: 'submit' }, submitter, NOW);

    expect(outcome).toEqual({
      ok: false,
      code: 'validation_failed',
      message: { zh: '表单未通过校验', en: 'The form has errors' },
      issues: [{ path: 'name', message: { zh: '必填', en: 'Required' } }],
    });
  });

  it('refuses a change outside what the step may edit, at each changed path', () => {
    const outcome = home.act(homeInStreetReview(), { action: 'edit', data: { ...scores, unionName: '改名' } }, streetReviewer);

    expect(outcome).toEqual({
      ok: false,
      code: 'validation_failed',
      message: { zh: '此步骤不能这样修改数据', en: 'This step may not make these changes' },
      issues: [{ path: 'unionName', message: { zh: '此步骤不能修改该项', en: 'This step may not change this field' } }],
    });
  });

  it('lets a reject carry the step’s edits', () => {
    const rescored = { ...scores, org_committee: { score: 5, note: '' } };
    const outcome = home.act(
      homeInStreetReview(),
      { action: 'reject', comment: '不符合条件', data: rescored, reasons: { 'org_committee.score': '委员会未按期换届' } },
      streetReviewer,
    );

    expect(transition(outcome).data).toEqual(rescored);
  });

  it('gives no warnings for an action that carries no data', () => {
    expect(transition(act(registrationInStreetReview(), { action: 'approve' }, streetReviewer)).warnings).toEqual([]);
  });

  it('gives no warnings for an edit', () => {
    const rescored = { ...scores, org_members: { score: 7, note: '' } };
    const outcome = home.act(homeInStreetReview(), { action: 'edit', data: rescored, reasons: { 'org_members.score': '会员台账不全' } }, streetReviewer);

    expect(transition(outcome).warnings).toEqual([]);
  });
});

describe('requirements of an action', () => {
  it('refuses the final grading without a grade, with the declaration’s issue', () => {
    const outcome = home.act(homeInDistrictReview(), { action: 'approve' }, districtReviewer);

    expect(refusal(outcome)).toMatchObject({
      code: 'validation_failed',
      message: { zh: '尚不满足办理条件', en: 'The data does not meet the conditions of this action' },
      issues: [{ path: 'districtGrade' }],
    });
  });
});

describe('decisions', () => {
  it('counts a reject as a reviewer acting', () => {
    expect(transition(act(registrationInStreetReview(), { action: 'reject', comment: '不符合条件' }, streetReviewer)).reviewActed).toBe(true);
  });

  it('refuses a return to a step the action does not list, naming the ones it does', () => {
    expect(act(registrationInStreetReview(), { action: 'return', to: 'district-review', comment: '退回' }, streetReviewer)).toEqual({
      ok: false,
      code: 'validation_failed',
      message: { zh: '不能退回到该步骤', en: 'This step cannot return there' },
      issues: [{ path: 'to', message: { zh: '可退回到：fill', en: 'Return to one of: fill' } }],
    });
  });

  it('names every step a return may go to', () => {
    const outcome = home.act(homeInDistrictReview(), { action: 'return', to: 'completed', comment: '退回' }, districtReviewer);

    expect(refusal(outcome).issues).toEqual([
      { path: 'to', message: { zh: '可退回到：fill、street-review', en: 'Return to one of: fill, street-review' } },
    ]);
  });

  it('refuses a return to a step the workflow does not have', () => {
    const broken = withActions(registration, 'street-review', { return: { to: 'nowhere', commentRequired: true } });

    expect(runner(broken).act(registrationInStreetReview(), { action: 'return', comment: '退回' }, streetReviewer)).toEqual({
      ok: false,
      code: 'action_not_allowed',
      message: { zh: '流程定义有误：目标步骤不存在', en: 'Workflow error: no step nowhere' },
    });
  });

  it('refuses a submit from an organisation with nobody above it to review', () => {
    const street = draftOf(registration, {}, { orgId: STREET, orgPath: pathOf(STREET) });
    const streetSubmitter: Actor = { id: 'u-street-sub', name: '街道填报', orgId: STREET, orgPath: pathOf(STREET), roles: ['submitter'] };

    expect(act(street, { action: 'submit' }, streetSubmitter)).toEqual({
      ok: false,
      code: 'action_not_allowed',
      message: { zh: '该组织在组织树中没有对应的审核单位', en: 'No organisation above this one can review this step' },
    });
  });
});

describe('actions a declaration names without a behaviour', () => {
  it('opens nothing for a name that is no built-in kind, refusing as not open rather than as not assigned', () => {
    const named = withActions(registration, 'street-review', { mystery: {} });

    expect(runner(named).act(registrationInStreetReview(), { action: 'mystery' }, submitter)).toEqual(NOT_OPEN);
  });

  it('opens nothing for a kind outside the language', () => {
    const cast = withActions(registration, 'street-review', { odd: { kind: 'odd' as never } });

    expect(runner(cast).act(registrationInStreetReview(), { action: 'odd' }, streetReviewer)).toEqual(NOT_OPEN);
  });

  it('refuses someone not assigned with the step’s own refusal', () => {
    expect(act(registrationInDistrictReview(), { action: 'approve' }, streetReviewer, LATER)).toEqual(NOT_YOURS);
  });
});
