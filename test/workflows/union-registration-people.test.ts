/** Union registration: withdraw, transfer, comment, remind, closed actions and a whole run. */
import { describe, it, expect } from 'vitest';
import type { Actor, WorkflowState } from '../../workflows/engine.js';
import {
  LATER,
  act,
  asTarget,
  districtReviewer,
  districtReviewer2,
  draftState,
  inDistrictReview,
  inStreetReview,
  next,
  otherStreetReviewer,
  otherUnionSubmitter,
  refusal,
  returnedToFill,
  streetAdmin,
  streetReviewer,
  streetReviewer2,
  streetReviewer3,
  submitter,
  transition,
  unionMember,
} from './support.js';

/** Monday 2 June 2025 + 5 working days = Monday 9 June, end of day in Shanghai. */
const STREET_DUE = '2025-06-09T15:59:59.999Z';
/** Wednesday 4 June 2025 (LATER) + 10 working days = Wednesday 18 June, end of day in Shanghai. */
const DISTRICT_DUE = '2025-06-18T15:59:59.999Z';

const transferTo = (target: Actor) => ({ action: 'transfer', to: target.id, target: asTarget(target) });
const commentedByStreet = (): WorkflowState =>
  next(inStreetReview(), act(inStreetReview(), { action: 'comment', comment: '请补充材料' }, streetReviewer, LATER));
const transferredToColleague = (): WorkflowState =>
  next(inStreetReview(), act(inStreetReview(), transferTo(streetReviewer2), streetReviewer, LATER));
const approvedState = (): WorkflowState =>
  next(inDistrictReview(), act(inDistrictReview(), { action: 'approve' }, districtReviewer, LATER));
const rejectedState = (): WorkflowState =>
  next(inStreetReview(), act(inStreetReview(), { action: 'reject', comment: '不符合条件' }, streetReviewer, LATER));
const withdrawnState = (): WorkflowState => next(draftState(), act(draftState(), { action: 'withdraw' }, submitter));


describe('union registration: withdraw', () => {
  it('withdraws a draft from fill', () => {
    const outcome = act(draftState(), { action: 'withdraw' }, submitter);

    expect(transition(outcome)).toMatchObject({ step: 'withdrawn', status: 'withdrawn', assignees: [], effects: [] });
  });

  it('withdraws a returned submission from fill', () => {
    const outcome = act(returnedToFill(), { action: 'withdraw' }, submitter, LATER);

    expect(transition(outcome)).toMatchObject({ step: 'withdrawn', status: 'withdrawn' });
  });

  it('withdraws from street-review before any reviewer acted', () => {
    const outcome = act(inStreetReview(), { action: 'withdraw', comment: '信息有误，撤回重填' }, submitter);

    expect(transition(outcome)).toMatchObject({ step: 'withdrawn', status: 'withdrawn', assignees: [] });
  });

  it('records the withdraw event with its optional comment', () => {
    const outcome = act(inStreetReview(), { action: 'withdraw', comment: '信息有误' }, submitter);

    expect(transition(outcome).event).toEqual({
      action: 'withdraw',
      kind: 'withdraw',
      step: 'street-review',
      to: 'withdrawn',
      status: 'withdrawn',
      comment: '信息有误',
    });
  });

  it('still withdraws from street-review after the submitter commented there', () => {
    const state = next(inStreetReview(), act(inStreetReview(), { action: 'comment', comment: '补充说明' }, submitter));

    const outcome = act(state, { action: 'withdraw' }, submitter);

    expect(transition(outcome).status).toBe('withdrawn');
  });

  it('refuses to withdraw from street-review after a reviewer commented', () => {
    const outcome = act(commentedByStreet(), { action: 'withdraw' }, submitter, LATER);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses to withdraw from street-review after a reviewer transferred it', () => {
    const outcome = act(transferredToColleague(), { action: 'withdraw' }, submitter, LATER);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses to withdraw in district-review', () => {
    const outcome = act(inDistrictReview(), { action: 'withdraw' }, submitter, LATER);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses a submitter of another organisation', () => {
    const outcome = act(inStreetReview(), { action: 'withdraw' }, otherUnionSubmitter);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses a street reviewer', () => {
    const outcome = act(inStreetReview(), { action: 'withdraw' }, streetReviewer);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses an over-long withdraw comment', () => {
    const outcome = act(draftState(), { action: 'withdraw', comment: 'x'.repeat(2001) }, submitter);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'comment' }] });
  });
});

describe('union registration: transfer', () => {
  it('assigns the step to the chosen colleague in person, keeping the due date', () => {
    const outcome = act(inStreetReview(), transferTo(streetReviewer2), streetReviewer, LATER);

    expect(transition(outcome).assignees).toEqual([{ key: 'user:u-street-2', since: LATER.toISOString(), dueAt: STREET_DUE }]);
  });

  it('stays in the same step and status', () => {
    const outcome = act(inStreetReview(), transferTo(streetReviewer2), streetReviewer, LATER);

    expect(transition(outcome)).toMatchObject({ step: 'street-review', status: 'in_review' });
  });

  it('counts as a reviewer acting', () => {
    const outcome = act(inStreetReview(), transferTo(streetReviewer2), streetReviewer, LATER);

    expect(transition(outcome).reviewActed).toBe(true);
  });

  it('notifies the colleague it was transferred to', () => {
    const outcome = act(inStreetReview(), transferTo(streetReviewer2), streetReviewer, LATER);

    expect(transition(outcome).effects).toEqual([{ kind: 'notify', keys: ['user:u-street-2'], reason: 'assigned' }]);
  });

  it('records whom it was transferred to in the event', () => {
    const outcome = act(inStreetReview(), { ...transferTo(streetReviewer2), comment: '请吴刚办理' }, streetReviewer, LATER);

    expect(transition(outcome).event).toEqual({
      action: 'transfer',
      kind: 'transfer',
      step: 'street-review',
      to: 'street-review',
      status: 'in_review',
      comment: '请吴刚办理',
      changes: { to: { id: 'u-street-2', name: '吴刚' } },
    });
  });

  it('lets the colleague it was transferred to approve', () => {
    const outcome = act(transferredToColleague(), { action: 'approve' }, streetReviewer2, LATER);

    expect(transition(outcome).step).toBe('district-review');
  });

  it('no longer lets the other reviewers of the organisation approve', () => {
    const outcome = act(transferredToColleague(), { action: 'approve' }, streetReviewer, LATER);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('lets the colleague it was transferred to pass it on to another reviewer of the organisation', () => {
    const outcome = act(transferredToColleague(), transferTo(streetReviewer3), streetReviewer2, LATER);

    expect(transition(outcome).assignees).toEqual([{ key: 'user:u-street-3', since: LATER.toISOString(), dueAt: STREET_DUE }]);
  });

  it('transfers in district-review to another district reviewer', () => {
    const outcome = act(inDistrictReview(), transferTo(districtReviewer2), districtReviewer, LATER);

    expect(transition(outcome).assignees).toEqual([{ key: 'user:u-district-2', since: LATER.toISOString(), dueAt: DISTRICT_DUE }]);
  });

  it('refuses a transfer to oneself', () => {
    const outcome = act(inStreetReview(), transferTo(streetReviewer), streetReviewer, LATER);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'to' }] });
  });

  it('refuses a transfer to a reviewer of another street', () => {
    const outcome = act(inStreetReview(), transferTo(otherStreetReviewer), streetReviewer, LATER);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'to' }] });
  });

  it('refuses a transfer to a district reviewer while in street-review', () => {
    const outcome = act(inStreetReview(), transferTo(districtReviewer), streetReviewer, LATER);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'to' }] });
  });

  it('refuses a transfer to someone of the same organisation without the reviewer role', () => {
    const outcome = act(inStreetReview(), transferTo(streetAdmin), streetReviewer, LATER);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'to' }] });
  });

  it('refuses a transfer naming nobody', () => {
    const outcome = act(inStreetReview(), { action: 'transfer' }, streetReviewer, LATER);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'to' }] });
  });

  it('refuses a transfer to an id the caller could not load', () => {
    const outcome = act(inStreetReview(), { action: 'transfer', to: 'u-nobody' }, streetReviewer, LATER);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'to' }] });
  });

  it('refuses a transfer whose loaded person is not the one named', () => {
    const outcome = act(inStreetReview(), { action: 'transfer', to: 'u-street-3', target: asTarget(streetReviewer2) }, streetReviewer, LATER);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'to' }] });
  });

  it('refuses a transfer by someone not assigned to the step', () => {
    const outcome = act(inStreetReview(), transferTo(streetReviewer2), otherStreetReviewer, LATER);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses a transfer by the submitter', () => {
    const outcome = act(inStreetReview(), transferTo(streetReviewer2), submitter, LATER);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });
});

describe('union registration: comment', () => {
  it('records a reviewer’s comment without moving the submission', () => {
    const state = inStreetReview();

    const outcome = transition(act(state, { action: 'comment', comment: '请补充材料' }, streetReviewer, LATER));

    expect([outcome.step, outcome.status, outcome.assignees, outcome.event]).toEqual([
      'street-review',
      'in_review',
      state.assignees,
      { action: 'comment', kind: 'comment', step: 'street-review', to: 'street-review', status: 'in_review', comment: '请补充材料' },
    ]);
  });

  it('counts an assigned reviewer’s comment in a review step as a reviewer acting', () => {
    const outcome = act(inStreetReview(), { action: 'comment', comment: '请补充材料' }, streetReviewer, LATER);

    expect(transition(outcome).reviewActed).toBe(true);
  });

  it('does not count the submitter’s comment as a reviewer acting', () => {
    const outcome = act(inStreetReview(), { action: 'comment', comment: '已补充' }, submitter, LATER);

    expect(transition(outcome).reviewActed).toBe(false);
  });

  it('lets the submitter comment on a draft in fill', () => {
    const outcome = act(draftState(), { action: 'comment', comment: '草稿备注' }, submitter);

    expect(transition(outcome)).toMatchObject({ step: 'fill', status: 'draft', effects: [] });
  });

  it('refuses a comment without text', () => {
    const outcome = act(inStreetReview(), { action: 'comment' }, streetReviewer, LATER);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'comment' }] });
  });

  it('refuses a comment of only whitespace', () => {
    const outcome = act(inStreetReview(), { action: 'comment', comment: '   ' }, streetReviewer, LATER);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'comment' }] });
  });

  it('refuses an over-long comment', () => {
    const outcome = act(inStreetReview(), { action: 'comment', comment: '长'.repeat(2001) }, streetReviewer, LATER);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'comment' }] });
  });

  it('refuses someone of the submitting union without the submitter role', () => {
    const outcome = act(inStreetReview(), { action: 'comment', comment: '我也说一句' }, unionMember, LATER);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses a submitter of another organisation', () => {
    const outcome = act(inStreetReview(), { action: 'comment', comment: '我也说一句' }, otherUnionSubmitter, LATER);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });
});

describe('union registration: remind', () => {
  it('notifies the step’s assignees that the submitter is waiting', () => {
    const outcome = act(inStreetReview(), { action: 'remind' }, submitter, LATER);

    expect(transition(outcome).effects).toEqual([{ kind: 'notify', keys: ['org:wujiaochang:reviewer'], reason: 'remind' }]);
  });

  it('stays in the step with the same assignees', () => {
    const state = inStreetReview();

    const outcome = transition(act(state, { action: 'remind' }, submitter, LATER));

    expect([outcome.step, outcome.status, outcome.assignees, outcome.reviewActed]).toEqual(['street-review', 'in_review', state.assignees, false]);
  });

  it('reminds the person a step was transferred to', () => {
    const outcome = act(transferredToColleague(), { action: 'remind' }, submitter, LATER);

    expect(transition(outcome).effects).toEqual([{ kind: 'notify', keys: ['user:u-street-2'], reason: 'remind' }]);
  });

  it('reminds the district reviewers in district-review', () => {
    const outcome = act(inDistrictReview(), { action: 'remind' }, submitter, LATER);

    expect(transition(outcome).effects).toEqual([{ kind: 'notify', keys: ['org:yangpu:reviewer'], reason: 'remind' }]);
  });

  it('refuses a reviewer', () => {
    const outcome = act(inStreetReview(), { action: 'remind' }, streetReviewer, LATER);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses a submitter of another organisation', () => {
    const outcome = act(inStreetReview(), { action: 'remind' }, otherUnionSubmitter, LATER);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });
});

describe('union registration: actions not open in a step', () => {
  it.each([
    ['approve', streetReviewer],
    ['return', streetReviewer],
    ['reject', streetReviewer],
    ['transfer', streetReviewer],
    ['remind', submitter],
  ] as const)('refuses %s in fill', (action, actor) => {
    const outcome = act(draftState(), { action, comment: '意见', to: streetReviewer2.id, target: asTarget(streetReviewer2) }, actor);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  const ends: [string, () => WorkflowState][] = [
    ['approved', approvedState],
    ['rejected', rejectedState],
    ['withdrawn', withdrawnState],
  ];
  const everyAction: [string, Actor][] = [
    ['submit', submitter],
    ['withdraw', submitter],
    ['remind', submitter],
    ['comment', submitter],
    ['approve', districtReviewer],
    ['return', districtReviewer],
    ['reject', districtReviewer],
    ['transfer', districtReviewer],
    ['comment', districtReviewer],
  ];
  const cases = ends.flatMap(([end, state]) => everyAction.map(([action, actor]) => [end, action, actor.id, state, actor] as const));

  it.each(cases)('refuses anything in %s: %s by %s', (_end, action, _who, state, actor) => {
    const outcome = act(state(), { action, comment: '意见', to: districtReviewer2.id, target: asTarget(districtReviewer2) }, actor, LATER);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });
});

describe('union registration: a whole run', () => {
  it('goes from draft through return, resubmission and both reviews to approval', () => {
    let state = draftState();
    const steps: string[] = [];
    const run = (request: Parameters<typeof act>[1], actor: Actor) => {
      state = next(state, act(state, request, actor, LATER));
      steps.push(`${state.step}/${state.status}`);
    };

    run({ action: 'submit' }, submitter);
    run({ action: 'return', comment: '请补充' }, streetReviewer);
    run({ action: 'submit' }, submitter);
    run({ action: 'approve' }, streetReviewer2);
    run({ action: 'approve' }, districtReviewer);

    expect(steps).toEqual([
      'street-review/in_review',
      'fill/returned',
      'street-review/in_review',
      'district-review/in_review',
      'approved/approved',
    ]);
  });
});
