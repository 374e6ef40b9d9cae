/**
 * 依次: a step whose turns are signed in the declared order, one person each, nobody twice.
 * Each turn's group is expanded into its members (as a 会签 group is), less those who signed
 * an earlier turn; each signature is an event that says which turn it signed.
 */
import { describe, it, expect } from 'vitest';
import { expandSigners, type Actor, type WorkflowState } from '../../workflows/engine.js';
import type { WorkflowDeclaration } from '../../workflows/language.js';
import { checkWorkflow } from '../../workflows/schema.js';
import { fakeForm } from './fake-form.js';
import {
  NOW,
  actor,
  asTarget,
  districtAuditor1,
  districtAuditor2,
  districtAuditor3,
  districtReviewer,
  districtReviewer2,
  draftOf,
  leader,
  next,
  refusal,
  streetReviewer,
  streetReviewer2,
  submitter,
  transition,
} from './fixtures.js';

const title = { zh: '步骤', en: 'Step' };
const turn = (zh: string, en: string, depth: number, role: 'reviewer' | 'auditor') => ({
  title: { zh, en },
  assignees: { kind: 'orgAtDepth' as const, depth, role },
});

/** fill → sign (依次: the street, then the district department, then the district 经审会) → done. */
const lab: WorkflowDeclaration = {
  id: 'sequence-lab',
  formId: 'sequence-lab',
  title,
  initial: 'fill',
  steps: {
    fill: { kind: 'fill', title, status: 'draft', assignees: { kind: 'submitter' }, actions: { submit: { to: 'sign' } } },
    sign: {
      kind: 'review',
      title,
      status: 'in_review',
      mode: 'sequence',
      sequence: [turn('街道审核', 'Street', 1, 'reviewer'), turn('区组织部审核', 'District department', 0, 'reviewer'), turn('区经审会签批', 'District audit committee', 0, 'auditor')],
      dueWorkingDays: 10,
      actions: {
        approve: { to: 'done' },
        return: { to: 'fill', commentRequired: true },
        transfer: {},
        addSigner: {},
        comment: {},
      },
    },
    done: { kind: 'end', title, status: 'completed', actions: {} },
  },
};
/** The same group twice: two different members of the district 经审会, one after the other. */
const twice: WorkflowDeclaration = {
  ...lab,
  id: 'sequence-twice',
  steps: {
    ...lab.steps,
    sign: { ...lab.steps.sign, sequence: [turn('经审会审核', 'Review', 0, 'auditor'), turn('经审会复核', 'Second signature', 0, 'auditor')] },
  },
};

const groups: Record<string, Actor[]> = {
  'org:wujiaochang:reviewer': [streetReviewer, streetReviewer2],
  'org:yangpu:reviewer': [districtReviewer, districtReviewer2],
  'org:yangpu:auditor': [districtAuditor1, districtAuditor2, districtAuditor3],
};
const form = fakeForm();
const actIn = (workflow: WorkflowDeclaration) => actor(workflow, form);

/** Apply and, like the caller, expand the groups the transition names (less earlier signers). */
function step(workflow: WorkflowDeclaration, state: WorkflowState, request: Parameters<ReturnType<typeof actIn>>[1], who: Actor): WorkflowState {
  const outcome = actIn(workflow)(state, request, who);
  const t = transition(outcome);
  const members = Object.fromEntries(t.expand.map((k) => [k, groups[k] ?? []]));
  return next(state, expandSigners(workflow, state, t, members));
}
const inSign = (workflow = lab): WorkflowState => step(workflow, draftOf(workflow, {}), { action: 'submit' }, submitter);
const keys = (state: WorkflowState) => state.assignees.map((a) => a.key);

describe('依次: entering the step', () => {
  it('assigns the first turn’s group, asking the caller to expand it', () => {
    const t = transition(actIn(lab)(draftOf(lab, {}), { action: 'submit' }, submitter, NOW));

    expect([t.step, t.assignees.map((a) => a.key), t.expand]).toEqual(['sign', ['org:wujiaochang:reviewer'], ['org:wujiaochang:reviewer']]);
  });

  it('lets any one member of the first turn sign it', () => {
    expect(keys(inSign())).toEqual(['user:u-street-1', 'user:u-street-2']);
  });
});

describe('依次: the turns in order', () => {
  it('refuses a signer of a later turn before their turn', () => {
    expect(refusal(actIn(lab)(inSign(), { action: 'approve' }, districtReviewer)).code).toBe('action_not_allowed');
  });

  it('stays in the step after a turn, assigned to the next turn’s group', () => {
    const t = transition(actIn(lab)(inSign(), { action: 'approve' }, streetReviewer2));

    expect([t.step, t.assignees.map((a) => a.key), t.expand]).toEqual(['sign', ['org:yangpu:reviewer'], ['org:yangpu:reviewer']]);
  });

  it('keeps the step’s due date from turn to turn', () => {
    const due = inSign().assignees[0].dueAt;

    expect(transition(actIn(lab)(inSign(), { action: 'approve' }, streetReviewer2)).assignees[0].dueAt).toBe(due);
  });

  it('records each signature with its turn in the history', () => {
    const t = transition(actIn(lab)(inSign(), { action: 'approve', comment: '同意' }, streetReviewer2));

    expect(t.event).toEqual({
      action: 'approve',
      kind: 'approve',
      step: 'sign',
      to: 'sign',
      status: 'in_review',
      comment: '同意',
      changes: { signature: { turn: 1, of: 3, title: { zh: '街道审核', en: 'Street' } } },
    });
  });

  it('keeps who has signed, in order', () => {
    const two = step(lab, step(lab, inSign(), { action: 'approve' }, streetReviewer), { action: 'approve' }, districtReviewer2);

    expect([two.approvals?.map((a) => a.id), keys(two)]).toEqual([['u-street-1', 'u-district-2'], ['user:u-jsh-1', 'user:u-jsh-2', 'user:u-jsh-3']]);
  });

  it('moves on after the last turn, recording its signature', () => {
    const two = step(lab, step(lab, inSign(), { action: 'approve' }, streetReviewer), { action: 'approve' }, districtReviewer);

    const t = transition(actIn(lab)(two, { action: 'approve' }, districtAuditor3));

    expect([t.step, t.approvals, t.event.changes]).toEqual(['done', [], { signature: { turn: 3, of: 3, title: { zh: '区经审会签批', en: 'District audit committee' } } }]);
  });

  it('starts again from the first turn when the step is returned and entered again', () => {
    const one = step(lab, inSign(), { action: 'approve' }, streetReviewer);
    const returned = step(lab, one, { action: 'return', comment: '请补充' }, districtReviewer);

    const again = step(lab, returned, { action: 'submit' }, submitter);

    expect([again.approvals, keys(again)]).toEqual([[], ['user:u-street-1', 'user:u-street-2']]);
  });
});

describe('依次: nobody signs two turns', () => {
  it('leaves those who signed an earlier turn out of the next turn’s group', () => {
    const one = step(twice, inSign(twice), { action: 'approve' }, districtAuditor2);

    expect(keys(one)).toEqual(['user:u-jsh-1', 'user:u-jsh-3']);
  });

  it('refuses a second signature by the same person, even where the group is not expanded', () => {
    const one = next(inSign(twice), actIn(twice)(inSign(twice), { action: 'approve' }, districtAuditor2));

    expect(refusal(actIn(twice)(one, { action: 'approve' }, districtAuditor2))).toMatchObject({ code: 'action_not_allowed' });
  });

  it('refuses to enter a turn nobody is left to sign', () => {
    const state = inSign(twice);
    const t = transition(actIn(twice)(state, { action: 'approve' }, districtAuditor1));

    expect(refusal(expandSigners(twice, state, t, { 'org:yangpu:auditor': [districtAuditor1] }))).toMatchObject({
      code: 'action_not_allowed',
      message: { en: expect.stringContaining('nobody left') },
    });
  });

  it('closes after two different members have signed', () => {
    const one = step(twice, inSign(twice), { action: 'approve' }, districtAuditor1);

    expect(transition(actIn(twice)(one, { action: 'approve' }, districtAuditor3)).step).toBe('done');
  });
});

describe('依次: transfer and 加签 within a turn', () => {
  it('transfers a turn to another person of that turn’s group', () => {
    const newcomer = { ...streetReviewer2, id: 'u-street-3', name: '郑洁' };

    const t = transition(actIn(lab)(inSign(), { action: 'transfer', to: newcomer.id, target: asTarget(newcomer) }, streetReviewer));

    expect(t.assignees.map((a) => a.key)).toEqual(['user:u-street-3']);
  });

  it('refuses a transfer to someone of another turn’s group', () => {
    const outcome = actIn(lab)(inSign(), { action: 'transfer', to: districtReviewer.id, target: asTarget(districtReviewer) }, streetReviewer);

    expect(refusal(outcome).issues?.map((i) => i.path)).toEqual(['to']);
  });

  it('refuses 加签 before a turn: the order is the declaration’s', () => {
    const outcome = actIn(lab)(inSign(), { action: 'addSigner', to: leader.id, target: asTarget(leader), position: 'before' }, streetReviewer);

    expect(refusal(outcome).issues?.map((i) => i.path)).toEqual(['position']);
  });

  it('lets a person added after sign once every turn is signed', () => {
    let state = step(lab, inSign(), { action: 'addSigner', to: leader.id, target: asTarget(leader), position: 'after' }, streetReviewer);
    for (const who of [streetReviewer, districtReviewer, districtAuditor1]) state = step(lab, state, { action: 'approve' }, who);

    expect([state.step, keys(state)]).toEqual(['sign', ['user:u-leader']]);
    expect(transition(actIn(lab)(state, { action: 'approve' }, leader)).step).toBe('done');
  });
});

describe('checking 依次', () => {
  const copy = () => structuredClone(lab);

  it('finds no problem in the lab', () => {
    expect(checkWorkflow(lab)).toEqual([]);
  });

  it('reports 依次 on a step that is not a review', () => {
    const broken = copy();
    broken.steps.fill = { ...broken.steps.fill, mode: 'sequence', sequence: broken.steps.sign.sequence, assignees: undefined };

    expect(checkWorkflow(broken)).toEqual(['step fill is 依次 but not a review step']);
  });

  it('reports 依次 with fewer than two turns', () => {
    const broken = copy();
    broken.steps.sign.sequence = broken.steps.sign.sequence!.slice(0, 1);

    expect(checkWorkflow(broken)).toEqual(['step sign is 依次 but declares fewer than two turns']);
  });

  it('reports 依次 without turns as a step without assignees', () => {
    const broken = copy();
    delete broken.steps.sign.sequence;

    expect(checkWorkflow(broken)).toEqual(['step sign is 依次 but declares fewer than two turns', 'step sign has no assignees']);
  });

  it('reports assignees beside the turns', () => {
    const broken = copy();
    broken.steps.sign.assignees = { kind: 'orgAtDepth', depth: 1, role: 'reviewer' };

    expect(checkWorkflow(broken)).toEqual(['step sign is 依次: its turns say who signs, so it declares no assignees']);
  });

  it('reports turns on a step that is not 依次', () => {
    const broken = copy();
    broken.steps.sign.mode = 'any';
    broken.steps.sign.assignees = { kind: 'orgAtDepth', depth: 1, role: 'reviewer' };

    expect(checkWorkflow(broken)).toEqual(['step sign declares turns but is not 依次 (mode: sequence)']);
  });

  it('refuses a turn without a title', () => {
    const broken = copy() as unknown as { steps: { sign: { sequence: { title?: unknown }[] } } };
    delete broken.steps.sign.sequence[1].title;

    expect(checkWorkflow(broken)).toEqual([expect.stringMatching(/^steps\.sign\.sequence\.1\.title: /)]);
  });
});
