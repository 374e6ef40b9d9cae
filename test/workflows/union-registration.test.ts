import { describe, it, expect } from 'vitest';
import {
  DISTRICT,
  UNION,
  LATER,
  NOW,
  act,
  districtReviewer,
  districtReviewer2,
  draftState,
  inDistrictReview,
  inStreetReview,
  otherStreetReviewer,
  otherUnionSubmitter,
  refusal,
  returnedToFill,
  streetAdmin,
  streetReviewer,
  streetReviewer2,
  submitter,
  transition,
  unionMember,
  validData,
} from './support.js';

/** Monday 2 June 2025 + 5 working days = Monday 9 June, end of day in Shanghai. */
const STREET_DUE = '2025-06-09T15:59:59.999Z';
/** Wednesday 4 June 2025 (LATER) + 10 working days = Wednesday 18 June, end of day in Shanghai. */
const DISTRICT_DUE = '2025-06-18T15:59:59.999Z';

describe('union registration: submit', () => {
  it('moves a valid draft from fill to street-review, in review', () => {
    const outcome = act(draftState(), { action: 'submit' }, submitter);

    expect(transition(outcome)).toMatchObject({ step: 'street-review', status: 'in_review' });
  });

  it('assigns street-review to the reviewers of the street above the submitting union', () => {
    const outcome = act(draftState(), { action: 'submit' }, submitter);

    expect(transition(outcome).assignees.map((a) => a.key)).toEqual(['org:wujiaochang:reviewer']);
  });

  it('makes street-review due at the end of the Shanghai day five working days later', () => {
    const outcome = act(draftState(), { action: 'submit' }, submitter);

    expect(transition(outcome).assignees).toEqual([{ key: 'org:wujiaochang:reviewer', since: NOW.toISOString(), dueAt: STREET_DUE }]);
  });

  it('notifies the street reviewers that they are assigned', () => {
    const outcome = act(draftState(), { action: 'submit' }, submitter);

    expect(transition(outcome).effects).toEqual([{ kind: 'notify', keys: ['org:wujiaochang:reviewer'], reason: 'assigned' }]);
  });

  it('records a submit event from fill to street-review carrying the data and computed values', () => {
    const data = validData();

    const outcome = act(draftState({ data }), { action: 'submit' }, submitter);

    expect(transition(outcome).event).toEqual({
      action: 'submit',
      kind: 'submit',
      step: 'fill',
      to: 'street-review',
      status: 'in_review',
      changes: { data, computed: { isFederation: false, coveredEmployeesTotal: null, womenCommitteeRequired: true, membershipRate: 83 } },
    });
  });

  it('starts a fresh review in which no reviewer has acted', () => {
    const outcome = act(draftState({ reviewActed: true }), { action: 'submit' }, submitter);

    expect(transition(outcome).reviewActed).toBe(false);
  });

  it('submits the stored draft when the request carries no data', () => {
    const data = validData();

    const outcome = act(draftState({ data }), { action: 'submit' }, submitter);

    expect(transition(outcome).data).toEqual(data);
  });

  it('replaces the stored draft with the data in the request', () => {
    const sent = { ...validData(), name: '上海杨浦新名称科技有限公司' };

    const outcome = act(draftState({ data: { name: '旧名称' } }), { action: 'submit', data: sent }, submitter);

    expect(transition(outcome).data).toEqual(sent);
  });

  it('drops computed values sent with the data and computes them itself', () => {
    const sent = { ...validData(), membershipRate: 100 };

    const outcome = transition(act(draftState(), { action: 'submit', data: sent }, submitter));

    expect([outcome.data.membershipRate, outcome.computed.membershipRate]).toEqual([undefined, 83]);
  });

  it('refuses invalid data in the request with the failing fields', () => {
    const { name: _name, ...withoutName } = validData();

    const outcome = act(draftState(), { action: 'submit', data: { ...withoutName, leaderMobile: '12345' } }, submitter);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed' });
    expect(refusal(outcome).issues!.map((i) => i.path).sort()).toEqual(['leaderMobile', 'name']);
  });

  it('refuses an incomplete stored draft when the request carries no data', () => {
    const outcome = act(draftState({ data: { name: '只填了名称' } }), { action: 'submit' }, submitter);

    expect(refusal(outcome).code).toBe('validation_failed');
  });

  it('refuses data that is not an object', () => {
    const outcome = act(draftState(), { action: 'submit', data: ['not', 'a', 'form'] }, submitter);

    expect(refusal(outcome).code).toBe('validation_failed');
  });

  it('refuses a founding meeting on the Shanghai date of now even when it is still the day before in UTC', () => {
    const now = new Date('2025-06-01T16:30:00.000Z'); // 00:30 on 2 June in Shanghai
    const data = { ...validData(now), foundingMeetingDate: '2025-06-02' };

    const outcome = act(draftState(), { action: 'submit', data }, submitter, now);

    expect(refusal(outcome).issues!.map((i) => i.path)).toEqual(['foundingMeetingDate']);
  });

  it('refuses someone of the submitting union without the submitter role', () => {
    const outcome = act(draftState(), { action: 'submit' }, unionMember);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses a street reviewer', () => {
    const outcome = act(draftState(), { action: 'submit' }, streetReviewer);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses a submitter of another organisation', () => {
    const outcome = act(draftState(), { action: 'submit' }, otherUnionSubmitter);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses a grassroots union directly under the district, which has no street to review it', () => {
    const state = draftState({ orgId: 'g-direct', orgPath: [DISTRICT, 'g-direct'] });
    const directSubmitter = { ...submitter, orgId: 'g-direct' };

    const outcome = act(state, { action: 'submit' }, directSubmitter);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses a second submit while in street-review', () => {
    const outcome = act(inStreetReview(), { action: 'submit' }, submitter);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('resubmits a returned submission to street-review with a new due date', () => {
    const resubmittedAt = new Date('2025-06-05T02:00:00.000Z'); // Thursday 10:00 in Shanghai

    const outcome = act(returnedToFill(), { action: 'submit' }, submitter, resubmittedAt);

    expect(transition(outcome)).toMatchObject({
      step: 'street-review',
      status: 'in_review',
      assignees: [{ key: 'org:wujiaochang:reviewer', dueAt: '2025-06-12T15:59:59.999Z' }],
    });
  });
});

describe('union registration: approve', () => {
  it('moves from street-review to district-review, in review', () => {
    const outcome = act(inStreetReview(), { action: 'approve' }, streetReviewer, LATER);

    expect(transition(outcome)).toMatchObject({ step: 'district-review', status: 'in_review' });
  });

  it('assigns district-review to the district’s reviewers, due ten working days after the approval', () => {
    const outcome = act(inStreetReview(), { action: 'approve' }, streetReviewer, LATER);

    expect(transition(outcome).assignees).toEqual([{ key: 'org:yangpu:reviewer', since: LATER.toISOString(), dueAt: DISTRICT_DUE }]);
  });

  it('notifies the district reviewers that they are assigned', () => {
    const outcome = act(inStreetReview(), { action: 'approve' }, streetReviewer, LATER);

    expect(transition(outcome).effects).toEqual([{ kind: 'notify', keys: ['org:yangpu:reviewer'], reason: 'assigned' }]);
  });

  it('lets any one of the street’s reviewers approve (或签)', () => {
    const outcome = act(inStreetReview(), { action: 'approve' }, streetReviewer2, LATER);

    expect(transition(outcome).step).toBe('district-review');
  });

  it('records the approval event with its comment and keeps the data', () => {
    const state = inStreetReview();

    const outcome = transition(act(state, { action: 'approve', comment: '材料齐全，同意' }, streetReviewer, LATER));

    expect([outcome.event, outcome.data]).toEqual([
      { action: 'approve', kind: 'approve', step: 'street-review', to: 'district-review', status: 'in_review', comment: '材料齐全，同意' },
      state.data,
    ]);
  });

  it('refuses a reviewer of another street', () => {
    const outcome = act(inStreetReview(), { action: 'approve' }, otherStreetReviewer, LATER);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses a district reviewer in street-review', () => {
    const outcome = act(inStreetReview(), { action: 'approve' }, districtReviewer, LATER);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses a street admin who is not a reviewer', () => {
    const outcome = act(inStreetReview(), { action: 'approve' }, streetAdmin, LATER);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses the submitter', () => {
    const outcome = act(inStreetReview(), { action: 'approve' }, submitter, LATER);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses a street reviewer in district-review', () => {
    const outcome = act(inDistrictReview(), { action: 'approve' }, streetReviewer, LATER);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('moves from district-review to approved with nobody assigned', () => {
    const outcome = act(inDistrictReview(), { action: 'approve' }, districtReviewer, LATER);

    expect(transition(outcome)).toMatchObject({ step: 'approved', status: 'approved', assignees: [] });
  });

  it('issues a registration number for the Shanghai year of the approval', () => {
    const outcome = act(inDistrictReview(), { action: 'approve' }, districtReviewer2, LATER);

    expect(transition(outcome).effects).toEqual([
      { kind: 'issueNumber', counter: 'union-registration', format: 'YP-{year}-{seq}', digits: 4, year: 2025 },
      { kind: 'notify', keys: [`org:${UNION}:submitter`], reason: 'decided' },
    ]);
  });

  it('numbers an approval at 17:00 UTC on 31 December in the next year, as it is already new year in Shanghai', () => {
    const outcome = act(inDistrictReview(), { action: 'approve' }, districtReviewer, new Date('2026-12-31T17:00:00.000Z'));

    expect(transition(outcome).effects).toMatchObject([{ kind: 'issueNumber', year: 2027 }, { kind: 'notify', reason: 'decided' }]);
  });

  it('numbers an approval one millisecond before midnight in Shanghai on 31 December in that year', () => {
    const outcome = act(inDistrictReview(), { action: 'approve' }, districtReviewer, new Date('2026-12-31T15:59:59.999Z'));

    expect(transition(outcome).effects).toMatchObject([{ kind: 'issueNumber', year: 2026 }, { kind: 'notify', reason: 'decided' }]);
  });

  it('refuses approve in the fill step', () => {
    const outcome = act(draftState(), { action: 'approve' }, streetReviewer);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });
});

describe('union registration: return', () => {
  it('refuses a return without a comment', () => {
    const outcome = act(inStreetReview(), { action: 'return' }, streetReviewer, LATER);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'comment' }] });
  });

  it('refuses a return whose comment is only whitespace', () => {
    const outcome = act(inStreetReview(), { action: 'return', comment: ' \n\t ' }, streetReviewer, LATER);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'comment' }] });
  });

  it('sends the submission from street-review back to fill with status returned', () => {
    const outcome = act(inStreetReview(), { action: 'return', comment: '请补充会员名册' }, streetReviewer, LATER);

    expect(transition(outcome)).toMatchObject({ step: 'fill', status: 'returned' });
  });

  it('assigns the returned submission to the submitting union’s submitters without a due date', () => {
    const outcome = act(inStreetReview(), { action: 'return', comment: '请补充会员名册' }, streetReviewer, LATER);

    expect(transition(outcome).assignees).toEqual([{ key: 'org:g-yp-tech:submitter', since: LATER.toISOString() }]);
  });

  it('notifies the submitters that the submission was returned', () => {
    const outcome = act(inStreetReview(), { action: 'return', comment: '请补充会员名册' }, streetReviewer, LATER);

    expect(transition(outcome).effects).toEqual([{ kind: 'notify', keys: ['org:g-yp-tech:submitter'], reason: 'returned' }]);
  });

  it('records the return event with its comment', () => {
    const outcome = act(inStreetReview(), { action: 'return', comment: '请补充会员名册' }, streetReviewer, LATER);

    expect(transition(outcome).event).toEqual({
      action: 'return',
      kind: 'return',
      step: 'street-review',
      to: 'fill',
      status: 'returned',
      comment: '请补充会员名册',
    });
  });

  it('sends the submission from district-review back to fill with status returned', () => {
    const outcome = act(inDistrictReview(), { action: 'return', comment: '方案需细化' }, districtReviewer, LATER);

    expect(transition(outcome)).toMatchObject({ step: 'fill', status: 'returned', assignees: [{ key: 'org:g-yp-tech:submitter' }] });
  });

  it('refuses a reviewer who is not assigned to the step', () => {
    const outcome = act(inStreetReview(), { action: 'return', comment: '退回' }, otherStreetReviewer, LATER);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses the submitter', () => {
    const outcome = act(inStreetReview(), { action: 'return', comment: '退回' }, submitter, LATER);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });
});

describe('union registration: reject', () => {
  it('refuses a reject without a comment', () => {
    const outcome = act(inStreetReview(), { action: 'reject' }, streetReviewer, LATER);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'comment' }] });
  });

  it('ends the submission from street-review as rejected with nobody assigned', () => {
    const outcome = act(inStreetReview(), { action: 'reject', comment: '不属于本街道' }, streetReviewer, LATER);

    expect(transition(outcome)).toMatchObject({
      step: 'rejected',
      status: 'rejected',
      assignees: [],
      effects: [{ kind: 'notify', keys: [`org:${UNION}:submitter`], reason: 'decided' }],
    });
  });

  it('records the reject event with its comment', () => {
    const outcome = act(inStreetReview(), { action: 'reject', comment: '不属于本街道' }, streetReviewer, LATER);

    expect(transition(outcome).event).toEqual({
      action: 'reject',
      kind: 'reject',
      step: 'street-review',
      to: 'rejected',
      status: 'rejected',
      comment: '不属于本街道',
    });
  });

  it('ends the submission from district-review as rejected', () => {
    const outcome = act(inDistrictReview(), { action: 'reject', comment: '不予批准' }, districtReviewer, LATER);

    expect(transition(outcome)).toMatchObject({ step: 'rejected', status: 'rejected' });
  });

  it('refuses the submitter', () => {
    const outcome = act(inStreetReview(), { action: 'reject', comment: '不予批准' }, submitter, LATER);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });
});
