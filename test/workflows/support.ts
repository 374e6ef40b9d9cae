/**
 * Shared fixtures for the union-registration tests: the real workflow and form on the
 * organisation tree and people of fixtures.ts, and helpers to run the engine from one state
 * to the next. No database, no HTTP.
 */
import { getForm } from '../../forms/registry.js';
import type { FormData } from '../../forms/language.js';
import { shanghaiDate } from '../../workflows/calendar.js';
import { apply, type ActionRequest, type Actor, type Outcome, type WorkflowState } from '../../workflows/engine.js';
import { workflowForForm } from '../../workflows/registry.js';
import { LATER, NOW, ORG_PATH, STREET, UNION, next, pathOf, streetReviewer, submitter } from './fixtures.js';

export {
  DISTRICT,
  branchReviewer,
  committeeMember,
  otherUnionReviewer,
  LATER,
  NOW,
  ORG_PATH,
  OTHER_STREET,
  OTHER_UNION,
  STREET,
  UNION,
  asTarget,
  districtReviewer,
  districtReviewer2,
  next,
  otherStreetReviewer,
  otherUnionSubmitter,
  refusal,
  streetReviewer,
  streetReviewer2,
  submitter,
  transition,
  unionMember,
} from './fixtures.js';

export const form = getForm('union-registration')!;
export const workflow = workflowForForm('union-registration')!;

const person = (id: string, name: string, orgId: string, roles: Actor['roles']): Actor => ({ id, name, orgId, orgPath: pathOf(orgId), roles });

export const streetReviewer3 = person('u-street-3', '郑洁', STREET, ['reviewer']);
export const streetAdmin = person('u-street-admin', '冯涛', STREET, ['admin']);

/** Complete, valid data for a submission made at `now` (its meeting date is after that day). */
export const validData = (now: Date = NOW): FormData => form.decl.example(shanghaiDate(now));

export function draftState(overrides: Partial<WorkflowState> = {}): WorkflowState {
  return {
    orgId: UNION,
    orgPath: ORG_PATH,
    step: 'fill',
    status: 'draft',
    data: validData(),
    assignees: [{ key: `org:${UNION}:submitter`, since: NOW.toISOString() }],
    reviewActed: false,
    ...overrides,
  };
}

export const act = (state: WorkflowState, request: ActionRequest, actor: Actor, now: Date = NOW): Outcome =>
  apply(workflow, form, state, request, actor, now);

export const inStreetReview = (now: Date = NOW): WorkflowState =>
  next(draftState(), act(draftState({ data: validData(now) }), { action: 'submit' }, submitter, now));

export const inDistrictReview = (): WorkflowState =>
  next(inStreetReview(), act(inStreetReview(), { action: 'approve' }, streetReviewer, LATER));

export const returnedToFill = (): WorkflowState =>
  next(inStreetReview(), act(inStreetReview(), { action: 'return', comment: '请补充筹备会议纪要' }, streetReviewer, LATER));
