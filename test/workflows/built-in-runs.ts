/**
 * The built-in workflows run through `apply` with a stand-in form (any plain object is valid
 * data), on the organisation tree and people of fixtures.ts: the states the guard tests start
 * from. Only declared steps and actions are used, never their declaration's inner shape.
 */
import type { FieldDecl, FormData } from '../../forms/language.js';
import type { ActionRequest, Actor, Outcome, WorkflowState } from '../../workflows/engine.js';
import type { WorkflowDeclaration } from '../../workflows/language.js';
import { workflowForForm } from '../../workflows/registry.js';
import { fakeForm } from './fake-form.js';
import { LATER, NOW, actor, draftOf, expandGroups, next, districtAuditor1, districtAuditor2, districtAuditor3, assignedAuditor, streetReviewer, submitter } from './fixtures.js';

/** Two score items, which home-assessment's street review re-scores (its edits name score items by kind). */
const scoreItem = (key: string): FieldDecl => ({ key, type: 'score', label: { zh: key, en: key }, max: 10 });
export const form = fakeForm({ fields: [scoreItem('org_committee'), scoreItem('org_members')] });
export const registration = workflowForForm('union-registration')!;
export const homeAssessment = workflowForForm('home-assessment')!;

/**
 * The audit workflow with its district sign-off signed jointly (会签) by the district 经审会,
 * as these tests exercise 会签; the built-in one signs in turn (依次), which sequence.test.ts
 * covers.
 */
function jointly(workflow: WorkflowDeclaration): WorkflowDeclaration {
  const { sequence: _turns, ...signoff } = workflow.steps['district-signoff'];
  return {
    ...workflow,
    steps: { ...workflow.steps, 'district-signoff': { ...signoff, mode: 'all', assignees: { kind: 'orgAtDepth', depth: 0, role: 'auditor' } } },
  };
}
export const audit = jointly(workflowForForm('audit-submission')!);

/** `apply` for one workflow with the stand-in form, at LATER unless told. */
export const runner = (workflow: WorkflowDeclaration) => {
  const act = actor(workflow, form);
  const then = (state: WorkflowState, request: ActionRequest, who: Actor, now: Date = LATER): WorkflowState => next(state, act(state, request, who, now));
  return { act, then };
};

/** A copy of `workflow` with `extra` actions declared in `step`. */
export function withActions(workflow: WorkflowDeclaration, step: string, extra: WorkflowDeclaration['steps'][string]['actions']): WorkflowDeclaration {
  const declared = workflow.steps[step];
  return { ...workflow, steps: { ...workflow.steps, [step]: { ...declared, actions: { ...declared.actions, ...extra } } } };
}

const reg = runner(registration);
/** A union registration in street review, submitted at NOW, nobody having acted. */
export const registrationInStreetReview = (data: FormData = { name: '工会' }): WorkflowState =>
  reg.then(draftOf(registration, data), { action: 'submit' }, submitter, NOW);

/** The same after the street approved it. */
export const registrationInDistrictReview = (): WorkflowState => reg.then(registrationInStreetReview(), { action: 'approve' }, streetReviewer);

/** Scores as the union gave them, one per item the street may re-score. */
export const scores: FormData = { org_committee: { score: 8, note: '' }, org_members: { score: 9, note: '' } };
const home = runner(homeAssessment);
export const homeInStreetReview = (): WorkflowState => home.then(draftOf(homeAssessment, scores), { action: 'submit' }, submitter, NOW);
export const homeInDistrictReview = (): WorkflowState => home.then(homeInStreetReview(), { action: 'approve' }, streetReviewer);

const aud = runner(audit);
export const auditInReview = (data: FormData = { findings: [] }): WorkflowState => aud.then(draftOf(audit, data), { action: 'submit' }, submitter, NOW);
/** Entering the district 经审会's 会签 with nothing found: the outcome, before its group is expanded. */
export const enteringSignoff = (): Outcome => aud.act(auditInReview(), { action: 'no-findings' }, assignedAuditor);
export const committee = { 'org:yangpu:auditor': [districtAuditor1, districtAuditor2, districtAuditor3] };
/** In the 会签, every member of the 经审会 still to sign. */
export const auditInSignoff = (): WorkflowState => expandGroups(auditInReview(), enteringSignoff(), committee);
