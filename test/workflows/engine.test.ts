import { describe, it, expect } from 'vitest';
import { MAX_COMMENT_LENGTH, actorKeys, apply, orgKey, resolveAssignees, userKey } from '../../workflows/engine.js';
import type { WorkflowDeclaration } from '../../workflows/language.js';
import {
  DISTRICT,
  NOW,
  ORG_PATH,
  STREET,
  UNION,
  act,
  draftState,
  form,
  inStreetReview,
  refusal,
  streetReviewer,
  submitter,
  transition,
  workflow,
} from './support.js';

describe('actorKeys', () => {
  it('gives one organisation key per role and the personal key', () => {
    const keys = actorKeys({ id: 'u-1', orgId: STREET, roles: ['reviewer', 'auditor'] });

    expect(keys).toEqual([
      'org:wujiaochang:reviewer',
      'org:wujiaochang:auditor',
      'user:u-1',
    ]);
  });

  it('gives only the personal key to someone without roles', () => {
    expect(actorKeys({ id: 'u-2', orgId: STREET, roles: [] })).toEqual(['user:u-2']);
  });
});

describe('orgKey and userKey', () => {
  it('formats a group key as org:<orgId>:<role>', () => {
    expect(orgKey(DISTRICT, 'reviewer')).toBe('org:yangpu:reviewer');
  });

  it('formats a personal key as user:<id>', () => {
    expect(userKey('u-9')).toBe('user:u-9');
  });
});

describe('resolveAssignees', () => {
  const submission = { orgId: UNION, orgPath: ORG_PATH };

  it('resolves no rule to nobody', () => {
    expect(resolveAssignees(undefined, submission)).toEqual([]);
  });

  it('resolves the submitter rule to the submitting organisation’s submitters', () => {
    expect(resolveAssignees({ kind: 'submitter' }, submission)).toEqual(['org:g-yp-tech:submitter']);
  });

  it('resolves ownOrg to the submitting organisation with the given role', () => {
    expect(resolveAssignees({ kind: 'ownOrg', role: 'reviewer' }, submission)).toEqual(['org:g-yp-tech:reviewer']);
  });

  it('resolves orgAtDepth 0 to the district', () => {
    expect(resolveAssignees({ kind: 'orgAtDepth', depth: 0, role: 'reviewer' }, submission)).toEqual(['org:yangpu:reviewer']);
  });

  it('resolves orgAtDepth 1 to the street above a grassroots union', () => {
    expect(resolveAssignees({ kind: 'orgAtDepth', depth: 1, role: 'reviewer' }, submission)).toEqual([
      'org:wujiaochang:reviewer',
    ]);
  });

  it('resolves orgAtDepth with the given role', () => {
    expect(resolveAssignees({ kind: 'orgAtDepth', depth: 0, role: 'auditor' }, submission)).toEqual(['org:yangpu:auditor']);
  });

  it('refuses an orgAtDepth that would make the submitting organisation review itself', () => {
    expect(resolveAssignees({ kind: 'orgAtDepth', depth: 2, role: 'reviewer' }, submission)).toBeUndefined();
  });

  it('refuses orgAtDepth 1 for a grassroots union directly under the district', () => {
    const direct = { orgId: 'g-direct', orgPath: [DISTRICT, 'g-direct'] };

    expect(resolveAssignees({ kind: 'orgAtDepth', depth: 1, role: 'reviewer' }, direct)).toBeUndefined();
  });

  it('refuses an orgAtDepth deeper than the organisation path', () => {
    expect(resolveAssignees({ kind: 'orgAtDepth', depth: 5, role: 'reviewer' }, submission)).toBeUndefined();
  });
});

describe('apply: actions that do not exist', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'delete', 'APPROVE', ''])(
    'refuses the unknown action name %j as not open',
    (name) => {
      const outcome = act(inStreetReview(), { action: name, comment: '意见' }, streetReviewer);

      expect(refusal(outcome).code).toBe('action_not_allowed');
    },
  );

  it('refuses __proto__ by the submitter in the fill step as not open', () => {
    const outcome = act(draftState(), { action: '__proto__' }, submitter);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses any action on a submission in a step the workflow does not declare', () => {
    const outcome = act(draftState({ step: 'archived' }), { action: 'comment', comment: '意见' }, submitter);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });
});

describe('apply: form data with actions other than submit', () => {
  it.each([
    ['approve', streetReviewer],
    ['comment', streetReviewer],
    ['return', streetReviewer],
    ['remind', submitter],
    ['withdraw', submitter],
  ] as const)('refuses data sent with %s', (action, actor) => {
    const outcome = act(inStreetReview(), { action, comment: '意见', data: { name: '改名' } }, actor);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'data' }] });
  });

  it('refuses null sent as data with a comment', () => {
    const outcome = act(inStreetReview(), { action: 'comment', comment: '意见', data: null }, streetReviewer);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'data' }] });
  });
});

describe('apply: comments', () => {
  it('allows the maximum comment length', () => {
    const comment = '意'.repeat(MAX_COMMENT_LENGTH);

    const outcome = act(inStreetReview(), { action: 'comment', comment }, streetReviewer);

    expect(transition(outcome).event.comment).toBe(comment);
  });

  it('refuses a comment one character over the maximum on any action', () => {
    const outcome = act(inStreetReview(), { action: 'approve', comment: 'x'.repeat(MAX_COMMENT_LENGTH + 1) }, streetReviewer);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'comment' }] });
  });

  it('records a comment without surrounding whitespace', () => {
    const outcome = act(inStreetReview(), { action: 'approve', comment: '  同意  ' }, streetReviewer);

    expect(transition(outcome).event.comment).toBe('同意');
  });

  it('records no comment when only whitespace was given on an action that does not require one', () => {
    const outcome = act(inStreetReview(), { action: 'approve', comment: '   ' }, streetReviewer);

    expect(transition(outcome).event).not.toHaveProperty('comment');
  });

  it('gives bilingual messages with a refusal', () => {
    const outcome = act(inStreetReview(), { action: 'return' }, streetReviewer);

    expect(refusal(outcome).message).toEqual({ zh: expect.any(String), en: 'A comment is required' });
  });
});

describe('apply on other declarations', () => {
  const committee: WorkflowDeclaration = {
    id: 'committee-test',
    formId: 'union-registration',
    title: { zh: '测试', en: 'Test' },
    initial: 'fill',
    steps: {
      fill: {
        kind: 'fill',
        title: { zh: '填报', en: 'Fill in' },
        status: 'draft',
        assignees: { kind: 'submitter' },
        actions: { submit: { to: 'committee' } },
      },
      committee: {
        kind: 'review',
        title: { zh: '经审会审查', en: 'Committee review' },
        status: 'in_review',
        assignees: { kind: 'ownOrg', role: 'reviewer' },
        mode: 'any',
        actions: { approve: { to: 'published' }, reject: { to: 'nowhere' } },
      },
      published: { kind: 'end', title: { zh: '已公开', en: 'Published' }, status: 'completed', actions: {} },
    },
  };
  const committeeMember = { id: 'u-c', name: '审查委员', orgId: UNION, orgPath: ORG_PATH, roles: ['reviewer' as const] };

  it('assigns an ownOrg step to the submitting organisation’s role without a due date', () => {
    const outcome = apply(committee, form, draftState(), { action: 'submit' }, submitter, NOW);

    expect(transition(outcome).assignees).toEqual([{ key: 'org:g-yp-tech:reviewer', since: NOW.toISOString() }]);
  });

  it('lets the union’s own committee approve an ownOrg step', () => {
    const state = draftState({ step: 'committee', status: 'in_review', assignees: [{ key: 'org:g-yp-tech:reviewer', since: NOW.toISOString() }] });

    const outcome = apply(committee, form, state, { action: 'approve' }, committeeMember, NOW);

    expect(transition(outcome)).toMatchObject({ step: 'published', status: 'completed', assignees: [] });
  });

  it('refuses, rather than throws, an action leading to an undeclared step', () => {
    const state = draftState({ step: 'committee', status: 'in_review', assignees: [{ key: 'org:g-yp-tech:reviewer', since: NOW.toISOString() }] });

    const outcome = apply(committee, form, state, { action: 'reject', comment: '不通过' }, committeeMember, NOW);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it.each(['constructor', 'toString'])('refuses a submit leading to %s, which is not a declared step', (name) => {
    const broken: WorkflowDeclaration = { ...committee, steps: { ...committee.steps, fill: { ...committee.steps.fill, actions: { submit: { to: name } } } } };

    const outcome = apply(broken, form, draftState(), { action: 'submit' }, submitter, NOW);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('does not open withdraw in a review step of a workflow without withdrawUntilActedIn', () => {
    const state = draftState({ step: 'committee', status: 'in_review', assignees: [{ key: 'org:g-yp-tech:reviewer', since: NOW.toISOString() }] });

    const outcome = apply(committee, form, state, { action: 'withdraw' }, submitter, NOW);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('leaves the workflow declaration unchanged by applying actions', () => {
    const before = structuredClone(workflow);

    act(draftState(), { action: 'submit' }, submitter);

    expect(workflow).toEqual(before);
  });
});
