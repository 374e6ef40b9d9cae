/**
 * 条件分支: an action's destination as routes tried in order, each with a condition in the
 * forms' language on the data and its computed values, the last without one as the default.
 * The event records the branch taken.
 */
import { describe, it, expect } from 'vitest';
import type { Condition, FormData } from '../../forms/language.js';
import type { WorkflowState } from '../../workflows/engine.js';
import type { WorkflowDeclaration } from '../../workflows/language.js';
import { checkWorkflow, parseWorkflow } from '../../workflows/schema.js';
import { fakeForm } from './fake-form.js';
import { LATER, NOW, actor, districtReviewer, draftOf, next, streetReviewer, submitter, transition } from './fixtures.js';

const title = { zh: '步骤', en: 'Step' };
const big: Condition = { expr: { gt: [{ field: 'amount' }, { param: 'bigAmount' }] } };

/** fill → check → (big amounts or flagged: upper →) done; a submit of an urgent case skips the check. */
const lab: WorkflowDeclaration = {
  id: 'routing-lab',
  formId: 'routing-lab',
  title,
  initial: 'fill',
  params: { bigAmount: { label: { zh: '大额', en: 'Large amount' }, value: 1000 } },
  steps: {
    fill: {
      kind: 'fill',
      title,
      status: 'draft',
      assignees: { kind: 'submitter' },
      actions: { submit: { to: [{ when: { field: 'urgent', equals: true }, to: 'upper' }, { to: 'check' }] } },
    },
    check: {
      kind: 'review',
      title,
      status: 'in_review',
      assignees: { kind: 'orgAtDepth', depth: 1, role: 'reviewer' },
      edits: { paths: ['flagged'] },
      actions: {
        approve: { to: [{ when: { any: [big, { field: 'flagged', equals: true }] }, to: 'upper' }, { to: 'done' }] },
        return: { to: 'fill', commentRequired: true },
      },
    },
    upper: {
      kind: 'review',
      title,
      status: 'in_review',
      assignees: { kind: 'orgAtDepth', depth: 0, role: 'reviewer' },
      actions: { approve: { to: 'done' }, return: { to: ['fill', 'check'], resume: 'direct', commentRequired: true } },
    },
    done: { kind: 'end', title, status: 'completed', actions: {} },
  },
};
const act = actor(lab, fakeForm({ computed: (data) => ({ doubled: typeof data.amount === 'number' ? data.amount * 2 : null }) }));

const inCheck = (data: FormData): WorkflowState => next(draftOf(lab, data), act(draftOf(lab, data), { action: 'submit' }, submitter, NOW));
const approveCheck = (data: FormData, extra: FormData = {}) => transition(act(inCheck(data), { action: 'approve', ...extra }, streetReviewer, LATER));

describe('routes', () => {
  it('takes the first route whose condition holds', () => {
    expect(approveCheck({ amount: 5000 }).step).toBe('upper');
  });

  it('takes the default when no condition holds', () => {
    expect(approveCheck({ amount: 50 }).step).toBe('done');
  });

  it('takes the default while a condition is undecided (an operand empty)', () => {
    expect(approveCheck({}).step).toBe('done');
  });

  it('decides on the data after the request’s edits', () => {
    const t = transition(act(inCheck({ amount: 50 }), { action: 'approve', data: { amount: 50, flagged: true } }, streetReviewer, LATER));

    expect(t.step).toBe('upper');
  });

  it('records the branch taken and its condition in the event', () => {
    expect(approveCheck({ amount: 5000 }).event).toMatchObject({
      kind: 'approve',
      step: 'check',
      to: 'upper',
      changes: { route: { branch: 1, of: 2, when: { any: [big, { field: 'flagged', equals: true }] } } },
    });
  });

  it('records the default branch without a condition', () => {
    expect(approveCheck({ amount: 50 }).event.changes).toEqual({ route: { branch: 2, of: 2 } });
  });

  it('routes a submit too', () => {
    const draft = draftOf(lab, { urgent: true });

    expect(transition(act(draft, { action: 'submit' }, submitter, NOW)).step).toBe('upper');
  });

  it('sends a direct return back to the returning step, whatever the routes say', () => {
    const atUpper = next(inCheck({ amount: 5000 }), act(inCheck({ amount: 5000 }), { action: 'approve' }, streetReviewer, LATER));
    const back = next(atUpper, act(atUpper, { action: 'return', to: 'check', comment: '请复核' }, districtReviewer, LATER));

    const t = transition(act({ ...back, data: { amount: 5 } }, { action: 'approve' }, streetReviewer, LATER));

    expect([t.step, t.event.changes]).toEqual(['upper', undefined]);
  });
});

describe('checking routes', () => {
  const copy = () => structuredClone(lab);

  it('finds no problem in the lab', () => {
    expect(checkWorkflow(lab)).toEqual([]);
  });

  it('reports a route to an undeclared step', () => {
    const broken = copy();
    broken.steps.check.actions.approve.to = [{ when: big, to: 'archive' }, { to: 'done' }];

    expect(checkWorkflow(broken)).toContain('check.approve leads to unknown step archive');
  });

  it('reports routes without a default', () => {
    const broken = copy();
    broken.steps.check.actions.approve.to = [{ when: big, to: 'upper' }, { when: { field: 'flagged', equals: true }, to: 'done' }];

    expect(checkWorkflow(broken)).toEqual(['check.approve routes have no default: the last route has a condition']);
  });

  it('reports a route without a condition before the last', () => {
    const broken = copy();
    broken.steps.check.actions.approve.to = [{ to: 'upper' }, { to: 'done' }];

    expect(checkWorkflow(broken)).toEqual(['check.approve route 1 has no condition, so the routes after it are never taken']);
  });

  it('reports routes on a return', () => {
    const broken = copy();
    broken.steps.check.actions.return = { to: [{ when: big, to: 'fill' }, { to: 'fill' }], commentRequired: true };

    expect(checkWorkflow(broken)).toEqual(['check.return is a return, which goes where the request says, not by routes']);
  });

  it('reports routes on an action that stays', () => {
    const broken = copy();
    broken.steps.check.actions.comment = { to: [{ to: 'done' }] };

    expect(checkWorkflow(broken)).toContain('check.comment stays in its step but names a target');
  });

  it('reports a route reading a parameter the workflow does not declare', () => {
    const broken = copy();
    delete broken.params;

    expect(checkWorkflow(broken)).toEqual(['check.approve route 1 reads parameter bigAmount, which the workflow does not declare']);
  });

  it('reports a route to an undeclared step at the route', () => {
    const broken = copy();
    broken.steps.check.actions.approve.to = [{ when: big, to: 'upper' }, { to: 'archive' }];

    const checked = parseWorkflow(broken);

    expect(checked.ok ? [] : checked.issues.map((i) => i.path)).toEqual([['steps', 'check', 'actions', 'approve', 'to', 1, 'to']]);
  });
});
