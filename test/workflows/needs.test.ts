/**
 * What the caller must load for a request, as the engine says it: the person an action of
 * kind transfer, addSigner or cc names (by its kind, whatever its name), the server-sourced
 * values of a submit; and for a transition, the groups to expand and the counter to read.
 */
import { describe, it, expect } from 'vitest';
import { requestNeeds, transitionNeeds, type WorkflowState } from '../../workflows/engine.js';
import type { WorkflowDeclaration } from '../../workflows/language.js';
import { fakeForm } from './fake-form.js';
import { LATER, NOW, actor, asTarget, draftOf, next, streetReviewer, streetReviewer2, submitter, transition } from './fixtures.js';

const title = { zh: '步骤', en: 'Step' };
const named = (zh: string, en: string) => ({ zh, en });

/** fill → review (actions named freely, each of a kind) → sign (会签) → done, which issues a number. */
const lab: WorkflowDeclaration = {
  id: 'needs-lab',
  formId: 'needs-lab',
  title,
  initial: 'fill',
  withdrawUntilActedIn: 'review',
  steps: {
    fill: { kind: 'fill', title, status: 'draft', assignees: { kind: 'submitter' }, actions: { submit: { to: 'review' } } },
    review: {
      kind: 'review',
      title,
      status: 'in_review',
      assignees: { kind: 'orgAtDepth', depth: 1, role: 'reviewer' },
      actions: {
        'hand-over': { kind: 'transfer', title: named('移交', 'Hand over') },
        'ask-also': { kind: 'addSigner', title: named('请他人会签', 'Ask someone to sign') },
        'copy-to': { kind: 'cc', title: named('送阅', 'Copy to') },
        approve: { to: 'sign' },
        return: { to: 'fill', commentRequired: true },
        transfer: {},
      },
    },
    sign: {
      kind: 'review',
      title,
      status: 'in_review',
      assignees: { kind: 'orgAtDepth', depth: 0, role: 'auditor' },
      mode: 'all',
      actions: { approve: { to: 'done' } },
    },
    done: {
      kind: 'end',
      title,
      status: 'approved',
      actions: {},
      effects: [{ kind: 'issueNumber', counter: 'needs-lab', format: 'N-{year}-{seq}', digits: 3 }],
    },
  },
};
const act = actor(lab, fakeForm());
const inReview = (): WorkflowState => next(draftOf(lab, {}), act(draftOf(lab, {}), { action: 'submit' }, submitter, NOW));

describe('requestNeeds', () => {
  it.each(['hand-over', 'ask-also', 'copy-to', 'transfer'])('asks for the person %s names, by its kind', (action) => {
    expect(requestNeeds(lab, inReview(), { action, to: 'u-street-2' })).toEqual({ person: 'u-street-2', serverSources: false });
  });

  it('asks for no person when a return names a step', () => {
    expect(requestNeeds(lab, inReview(), { action: 'return', to: 'fill' })).toEqual({ serverSources: false });
  });

  it('asks for no person when a person-naming action names nobody', () => {
    expect(requestNeeds(lab, inReview(), { action: 'hand-over' })).toEqual({ serverSources: false });
  });

  it('asks for the server-sourced values of a submit', () => {
    expect(requestNeeds(lab, draftOf(lab, {}), { action: 'submit' })).toEqual({ serverSources: true });
  });

  it('asks for nothing for an action the step does not open', () => {
    expect(requestNeeds(lab, inReview(), { action: 'cc', to: 'u-street-2' })).toEqual({ serverSources: false });
  });

  it('asks for nothing for an undeclared step', () => {
    expect(requestNeeds(lab, { ...inReview(), step: 'constructor' }, { action: 'hand-over', to: 'x' })).toEqual({ serverSources: false });
  });
});

describe('a declared hand-over of kind transfer', () => {
  it('hands the step to the person the caller loaded', () => {
    const t = transition(act(inReview(), { action: 'hand-over', to: streetReviewer2.id, target: asTarget(streetReviewer2) }, streetReviewer, LATER));

    expect([t.step, t.assignees.map((a) => a.key), t.event]).toEqual([
      'review',
      ['user:u-street-2'],
      expect.objectContaining({ action: 'hand-over', kind: 'transfer', changes: { to: { id: 'u-street-2', name: streetReviewer2.name } } }),
    ]);
  });
});

describe('transitionNeeds', () => {
  it('asks for the members of the groups a 会签 step is entered with', () => {
    const t = transition(act(inReview(), { action: 'approve' }, streetReviewer, LATER));

    expect(transitionNeeds(t)).toEqual({ groups: ['org:yangpu:auditor'] });
  });

  it('asks for the counter of a number the transition issues', () => {
    const signing: WorkflowState = { ...inReview(), step: 'sign', assignees: [{ key: 'user:u-jsh-1', since: LATER.toISOString() }] };
    const t = transition(act(signing, { action: 'approve' }, { id: 'u-jsh-1', name: '杨帆', orgId: 'yangpu', orgPath: ['yangpu'], roles: ['auditor'] }, LATER));

    expect(transitionNeeds(t)).toEqual({ groups: [], counter: { counter: 'needs-lab', year: 2025 } });
  });

  it('asks for nothing for a transition that stays', () => {
    expect(transitionNeeds(transition(act(inReview(), { action: 'hand-over', to: streetReviewer2.id, target: asTarget(streetReviewer2) }, streetReviewer, LATER)))).toEqual({ groups: [] });
  });
});
