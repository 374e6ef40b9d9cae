import { describe, it, expect } from 'vitest';
import type { FormData } from '../../forms/language.js';
import type { WorkflowState } from '../../workflows/engine.js';
import type { WorkflowDeclaration } from '../../workflows/language.js';
import { fakeForm } from './fake-form.js';
import {
  NOW,
  actor,
  asTarget,
  draftOf,
  issuePaths,
  next,
  refusal,
  streetReviewer,
  streetReviewer2,
  submitter,
  transition,
  unionMember,
} from './fixtures.js';

const title = { zh: '步骤', en: 'Step' };
const gradeMessage = { zh: '请先评定等级', en: 'Grade first' };

/** fill → review (named actions, edits of grade and note) → done or upper. */
const lab: WorkflowDeclaration = {
  id: 'actions-lab',
  formId: 'actions-lab',
  title,
  initial: 'fill',
  steps: {
    fill: { kind: 'fill', title, status: 'draft', assignees: { kind: 'submitter' }, actions: { submit: { to: 'review' }, comment: {} } },
    review: {
      kind: 'review',
      title,
      status: 'in_review',
      assignees: { kind: 'orgAtDepth', depth: 1, role: 'reviewer' },
      edits: { paths: ['grade', 'note'] },
      actions: {
        pass: { kind: 'approve', title: { zh: '通过', en: 'Pass' }, to: 'done', requires: [{ that: { field: 'grade', filled: true }, message: gradeMessage }] },
        'send-up': { kind: 'approve', title: { zh: '上报', en: 'Send up' }, to: 'upper' },
        confirm: { kind: 'approve', title: { zh: '确认', en: 'Confirm' }, by: 'submitter', to: 'done' },
        unkinded: { title: { zh: '无类型', en: 'No kind' }, to: 'done' },
        edit: {},
        return: { to: 'fill', commentRequired: true },
        transfer: {},
        comment: {},
      },
    },
    upper: { kind: 'review', title, status: 'in_review', assignees: { kind: 'orgAtDepth', depth: 0, role: 'reviewer' }, actions: { approve: { to: 'done' } } },
    done: { kind: 'end', title, status: 'completed', actions: {} },
  },
};

/** Scores must be whole numbers 0..10; `total` adds them up. */
const form = fakeForm({
  required: ['name'],
  check: (data) => (typeof data.score === 'number' && (data.score < 0 || data.score > 10) ? [{ path: 'score', message: { zh: '超出范围', en: 'Out of range' } }] : []),
  computed: (data) => ({ total: (typeof data.score === 'number' ? data.score : 0) + (data.grade === '优秀' ? 100 : 0) }),
});
const act = actor(lab, form);

const submitted: FormData = { name: '某工会', score: 7 };
const inReview = (): WorkflowState => next(draftOf(lab, submitted), act(draftOf(lab, submitted), { action: 'submit' }, submitter, NOW));

describe('named actions', () => {
  it('moves by a named action to its declared step', () => {
    const outcome = act(inReview(), { action: 'send-up' }, streetReviewer);

    expect(transition(outcome)).toMatchObject({ step: 'upper', status: 'in_review', assignees: [{ key: 'org:yangpu:reviewer' }] });
  });

  it('records both the action’s name and its kind in the event', () => {
    const outcome = act(inReview(), { action: 'send-up' }, streetReviewer);

    expect(transition(outcome).event).toEqual({ action: 'send-up', kind: 'approve', step: 'review', to: 'upper', status: 'in_review' });
  });

  it('refuses the kind’s built-in name when the step opens the kind only under another name', () => {
    const outcome = act(inReview(), { action: 'approve' }, streetReviewer);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('refuses, as not open, a declared name that has no kind', () => {
    const outcome = act(inReview(), { action: 'unkinded' }, streetReviewer);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });
});

describe('who may take an action', () => {
  it('refuses the submitter an action taken by the step’s assignees', () => {
    const outcome = act(inReview(), { action: 'send-up' }, submitter);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('lets the submitter take an action declared by: submitter', () => {
    const outcome = act(inReview(), { action: 'confirm' }, submitter);

    expect(transition(outcome).step).toBe('done');
  });

  it('refuses an assignee an action declared by: submitter', () => {
    const outcome = act(inReview(), { action: 'confirm' }, streetReviewer);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });

  it('lets a fill step’s assignees submit a draft that has no stored assignees', () => {
    const outcome = act(draftOf(lab, submitted), { action: 'submit' }, submitter, NOW);

    expect(transition(outcome).step).toBe('review');
  });

  it('refuses a submit by someone of the union outside the fill step’s rule', () => {
    const outcome = act(draftOf(lab, submitted), { action: 'submit' }, unionMember, NOW);

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });
});

describe('requirements', () => {
  it('refuses an action whose requirement fails, with the declared message at the path', () => {
    const outcome = act(inReview(), { action: 'pass' }, streetReviewer);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'grade', message: gradeMessage }] });
  });

  it('judges requirements on the data after the request’s own edits', () => {
    const outcome = act(inReview(), { action: 'pass', data: { ...submitted, grade: '优秀' } }, streetReviewer);

    expect(transition(outcome).step).toBe('done');
  });

  it('passes a requirement met by data an earlier edit stored', () => {
    const graded = next(inReview(), act(inReview(), { action: 'edit', data: { ...submitted, grade: '合格' } }, streetReviewer));

    const outcome = act(graded, { action: 'pass' }, streetReviewer);

    expect(transition(outcome).step).toBe('done');
  });
});

describe('edits riding on an action', () => {
  it('stores the edited data when the action moves on', () => {
    const outcome = act(inReview(), { action: 'pass', data: { ...submitted, grade: '优秀' } }, streetReviewer);

    expect(transition(outcome).data).toEqual({ ...submitted, grade: '优秀' });
  });

  it('records the edits with both values in the event', () => {
    const outcome = act(inReview(), { action: 'pass', data: { ...submitted, grade: '优秀' } }, streetReviewer);

    expect(transition(outcome).event.changes).toEqual({ edits: [{ path: 'grade', before: null, after: '优秀' }] });
  });

  it('gives the form’s computed values for the edited data', () => {
    const outcome = act(inReview(), { action: 'pass', data: { ...submitted, grade: '优秀' } }, streetReviewer);

    expect(transition(outcome).computed).toEqual({ total: 107 });
  });

  it('records no changes when the data sent is the data stored', () => {
    const outcome = act(inReview(), { action: 'send-up', data: { ...submitted } }, streetReviewer);

    expect(transition(outcome).event).not.toHaveProperty('changes');
  });

  it('refuses a change outside the step’s edits, with one issue per path', () => {
    const outcome = act(inReview(), { action: 'send-up', data: { name: '改名', score: 9, note: '可' } }, streetReviewer);

    expect(issuePaths(outcome)).toEqual(['name', 'score']);
  });

  it('refuses data the form’s draft check refuses, with the form’s issues', () => {
    const outcome = act(inReview(), { action: 'edit', data: { ...submitted, score: 11 } }, streetReviewer);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'score', message: { en: 'Out of range' } }] });
  });

  it('refuses data that is not an object', () => {
    const outcome = act(inReview(), { action: 'edit', data: ['grade'] }, streetReviewer);

    expect(refusal(outcome).code).toBe('validation_failed');
  });

  it('rides on a return, which keeps the edited note', () => {
    const outcome = act(inReview(), { action: 'return', comment: '请补充', data: { ...submitted, note: '材料不全' } }, streetReviewer);

    expect(transition(outcome)).toMatchObject({ step: 'fill', status: 'returned', data: { note: '材料不全' } });
  });

  it.each([
    ['comment', { comment: '意见' }],
    ['transfer', { to: streetReviewer2.id, target: asTarget(streetReviewer2) }],
  ] as const)('refuses data sent with %s, which is about people, not the record', (action, extra) => {
    const outcome = act(inReview(), { action, ...extra, data: { ...submitted, grade: '优秀' } }, streetReviewer);

    expect(issuePaths(outcome)).toEqual(['data']);
  });
});

describe('the edit action', () => {
  const edited = () => act(inReview(), { action: 'edit', data: { ...submitted, note: '待核' } }, streetReviewer);

  it('stays in the step with the same assignees', () => {
    const t = transition(edited());

    expect([t.step, t.status, t.assignees]).toEqual(['review', 'in_review', inReview().assignees]);
  });

  it('stores the edited data', () => {
    expect(transition(edited()).data).toEqual({ ...submitted, note: '待核' });
  });

  it('records the edit as an event that stays in the step', () => {
    expect(transition(edited()).event).toEqual({
      action: 'edit',
      kind: 'edit',
      step: 'review',
      to: 'review',
      status: 'in_review',
      changes: { edits: [{ path: 'note', before: null, after: '待核' }] },
    });
  });

  it('counts as a reviewer acting', () => {
    expect(transition(edited()).reviewActed).toBe(true);
  });

  it('refuses someone not assigned to the step', () => {
    const outcome = act(inReview(), { action: 'edit', data: { ...submitted, note: '待核' } }, { ...streetReviewer, id: 'x', orgId: 'elsewhere' });

    expect(refusal(outcome).code).toBe('action_not_allowed');
  });
});

describe('submitting in a fill step with later steps’ fields', () => {
  it('refuses a field that a later step edits', () => {
    const outcome = act(draftOf(lab, {}), { action: 'submit', data: { ...submitted, grade: '优秀' } }, submitter, NOW);

    expect(refusal(outcome)).toMatchObject({ code: 'validation_failed', issues: [{ path: 'grade' }] });
  });

  it('accepts the later steps’ fields unchanged when a returned submission is resubmitted', () => {
    const returned = next(inReview(), act(inReview(), { action: 'return', comment: '请补充', data: { ...submitted, note: '材料不全' } }, streetReviewer));

    const outcome = act(returned, { action: 'submit', data: { ...submitted, score: 8, note: '材料不全' } }, submitter);

    expect(transition(outcome)).toMatchObject({ step: 'review', data: { score: 8, note: '材料不全' } });
  });

  it('refuses a required field left out, with the form’s submit issues', () => {
    const outcome = act(draftOf(lab, {}), { action: 'submit', data: { score: 3 } }, submitter, NOW);

    expect(issuePaths(outcome)).toEqual(['name']);
  });

  it('records the submitted data and its computed values', () => {
    const outcome = act(draftOf(lab, submitted), { action: 'submit' }, submitter, NOW);

    expect(transition(outcome).event.changes).toEqual({ data: submitted, computed: { total: 7 } });
  });
});

describe('a new transition’s bookkeeping', () => {
  it('starts a step with no approvals, signers held or added, copies or pending return', () => {
    const t = transition(act(inReview(), { action: 'send-up' }, streetReviewer));

    expect([t.approvals, t.heldAssignees, t.addedAfter, t.cc, t.returnedFrom, t.expand]).toEqual([[], [], [], [], null, []]);
  });

  it('reads a submission stored before these fields existed as having none of them', () => {
    const { approvals: _a, returnedFrom: _r, cc: _c, heldAssignees: _h, addedAfter: _d, ...old } = inReview();

    const t = transition(act(old, { action: 'comment', comment: '看过' }, streetReviewer));

    expect([t.approvals, t.heldAssignees, t.addedAfter, t.cc, t.returnedFrom]).toEqual([[], [], [], [], null]);
  });
});
