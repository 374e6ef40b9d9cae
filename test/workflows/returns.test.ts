import { describe, it, expect } from 'vitest';
import type { WorkflowState } from '../../workflows/engine.js';
import type { WorkflowDeclaration } from '../../workflows/language.js';
import { fakeForm } from './fake-form.js';
import {
  NOW,
  actor,
  districtReviewer,
  draftOf,
  issuePaths,
  next,
  streetReviewer,
  submitter,
  transition,
} from './fixtures.js';

const title = { zh: '步骤', en: 'Step' };
const street = { kind: 'orgAtDepth', depth: 1, role: 'reviewer' } as const;
const district = { kind: 'orgAtDepth', depth: 0, role: 'reviewer' } as const;

/** fill → first (street) → middle (street) → last (district) → done; last returns directly or with a rerun. */
const lab: WorkflowDeclaration = {
  id: 'returns-lab',
  formId: 'returns-lab',
  title,
  initial: 'fill',
  steps: {
    fill: { kind: 'fill', title, status: 'draft', assignees: { kind: 'submitter' }, actions: { submit: { to: 'first' } } },
    first: {
      kind: 'review',
      title,
      status: 'in_review',
      assignees: street,
      actions: { approve: { to: 'middle' }, return: { to: 'fill', commentRequired: true } },
    },
    middle: { kind: 'review', title, status: 'in_review', assignees: street, actions: { approve: { to: 'last' } } },
    last: {
      kind: 'review',
      title,
      status: 'in_review',
      assignees: district,
      actions: {
        approve: { to: 'done' },
        return: { to: ['fill', 'first'], resume: 'direct', commentRequired: true },
        'send-back': { kind: 'return', title: { zh: '退回重审', en: 'Send back to run again' }, to: ['fill', 'first'], commentRequired: true },
      },
    },
    done: { kind: 'end', title, status: 'completed', actions: {} },
  },
};
const act = actor(lab, fakeForm());

const run = (steps: [Parameters<typeof act>[1], Parameters<typeof act>[2]][]): WorkflowState =>
  steps.reduce((state, [request, who]) => next(state, act(state, request, who)), draftOf(lab, {}));
const inLast = () =>
  run([
    [{ action: 'submit' }, submitter],
    [{ action: 'approve' }, streetReviewer],
    [{ action: 'approve' }, streetReviewer],
  ]);
const returnFromLast = (request: Partial<Parameters<typeof act>[1]> = {}) =>
  act(inLast(), { action: 'return', comment: '请修改', ...request }, districtReviewer);

describe('return: choosing where to', () => {
  it('returns to the first listed step by default, as returned to the submitter', () => {
    expect(transition(returnFromLast())).toMatchObject({ step: 'fill', status: 'returned', assignees: [{ key: 'org:g-yp-tech:submitter' }] });
  });

  it('returns to another listed step the request names, in that step’s own status', () => {
    expect(transition(returnFromLast({ to: 'first' }))).toMatchObject({ step: 'first', status: 'in_review', assignees: [{ key: 'org:wujiaochang:reviewer' }] });
  });

  it('tells the returned-to step’s assignees it came back', () => {
    expect(transition(returnFromLast({ to: 'first' })).effects).toEqual([{ kind: 'notify', keys: ['org:wujiaochang:reviewer'], reason: 'returned' }]);
  });

  it('records the chosen step in the event', () => {
    expect(transition(returnFromLast({ to: 'first' })).event).toMatchObject({ action: 'return', kind: 'return', step: 'last', to: 'first' });
  });

  it.each(['middle', 'done', 'last', 'constructor'])('refuses to return to %s, which the step does not list', (to) => {
    expect(issuePaths(returnFromLast({ to }))).toEqual(['to']);
  });
});

describe('return with direct resume', () => {
  it('remembers the step it returned from', () => {
    expect(transition(returnFromLast()).returnedFrom).toBe('last');
  });

  it('sends the resubmitted submission straight back to that step', () => {
    const returned = next(inLast(), returnFromLast());

    const t = transition(act(returned, { action: 'submit' }, submitter));

    expect([t.step, t.assignees.map((a) => a.key)]).toEqual(['last', ['org:yangpu:reviewer']]);
  });

  it('forgets the step it returned from once it goes back there', () => {
    const returned = next(inLast(), returnFromLast());

    expect(transition(act(returned, { action: 'submit' }, submitter)).returnedFrom).toBeNull();
  });

  it('skips the steps in between when the returned-to review approves', () => {
    const returned = next(inLast(), returnFromLast({ to: 'first' }));

    expect(transition(act(returned, { action: 'approve' }, streetReviewer)).step).toBe('last');
  });

  it('runs the steps again when the returned-to review returns further back first', () => {
    const atFirst = next(inLast(), returnFromLast({ to: 'first' }));
    const atFill = next(atFirst, act(atFirst, { action: 'return', comment: '请补充' }, streetReviewer));

    expect(transition(act(atFill, { action: 'submit' }, submitter)).step).toBe('first');
  });
});

describe('return with rerun (the default)', () => {
  const sentBack = () => act(inLast(), { action: 'send-back', comment: '请重新办理' }, districtReviewer);

  it('remembers no step to go back to', () => {
    expect(transition(sentBack()).returnedFrom).toBeNull();
  });

  it('runs every step again after the resubmission', () => {
    const returned = next(inLast(), sentBack());

    expect(transition(act(returned, { action: 'submit' }, submitter)).step).toBe('first');
  });

  it('keeps the submission’s own fill status as returned', () => {
    expect(transition(sentBack()).status).toBe('returned');
  });

  it('refuses a return without the comment it requires', () => {
    expect(issuePaths(act(inLast(), { action: 'send-back' }, districtReviewer))).toEqual(['comment']);
  });
});

describe('a single-target return', () => {
  it('accepts its one target named in the request', () => {
    const atFirst = run([[{ action: 'submit' }, submitter]]);

    expect(transition(act(atFirst, { action: 'return', comment: '请补充', to: 'fill' }, streetReviewer, NOW)).step).toBe('fill');
  });
});
