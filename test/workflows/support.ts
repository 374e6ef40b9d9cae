/**
 * Shared fixtures for the pure workflow tests: the union-registration workflow and form, an
 * organisation tree (杨浦区总工会 → 五角场街道 → a grassroots union), the people acting in it,
 * and helpers to run the engine from one state to the next. No database, no HTTP.
 */
import { getForm } from '../../forms/registry.js';
import type { FormData } from '../../forms/language.js';
import { shanghaiDate } from '../../workflows/calendar.js';
import {
  apply,
  type ActionRequest,
  type Actor,
  type Outcome,
  type Refusal,
  type TargetUser,
  type Transition,
  type WorkflowState,
} from '../../workflows/engine.js';
import { workflowForForm } from '../../workflows/registry.js';

export const form = getForm('union-registration')!;
export const workflow = workflowForForm('union-registration')!;

/** Monday 2 June 2025, 10:00 in Shanghai. */
export const NOW = new Date('2025-06-02T02:00:00.000Z');
/** Wednesday 4 June 2025, 15:00 in Shanghai: when reviewers act in these tests. */
export const LATER = new Date('2025-06-04T07:00:00.000Z');

export const DISTRICT = 'yangpu';
export const STREET = 'wujiaochang';
export const OTHER_STREET = 'siping';
export const UNION = 'g-yp-tech';
export const OTHER_UNION = 'g-other';
export const ORG_PATH = [DISTRICT, STREET, UNION];

const person = (id: string, name: string, orgId: string, roles: Actor['roles']): Actor => ({ id, name, orgId, roles });

export const submitter = person('u-sub', '李明', UNION, ['submitter']);
export const otherUnionSubmitter = person('u-other-sub', '赵强', OTHER_UNION, ['submitter']);
/** Someone of the submitting union without the submitter role. */
export const unionMember = person('u-member', '周敏', UNION, ['member']);
export const streetReviewer = person('u-street-1', '孙丽', STREET, ['reviewer']);
export const streetReviewer2 = person('u-street-2', '吴刚', STREET, ['reviewer']);
export const streetReviewer3 = person('u-street-3', '郑洁', STREET, ['reviewer']);
export const streetAdmin = person('u-street-admin', '冯涛', STREET, ['admin']);
export const otherStreetReviewer = person('u-siping-1', '钱伟', OTHER_STREET, ['reviewer']);
export const districtReviewer = person('u-district-1', '何平', DISTRICT, ['reviewer']);
export const districtReviewer2 = person('u-district-2', '韩雪', DISTRICT, ['reviewer']);

export const asTarget = (actor: Actor): TargetUser => ({ ...actor });

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

/** The transition of an outcome; fails the test with the refusal if it was refused. */
export function transition(outcome: Outcome): Transition {
  if (!outcome.ok) throw new Error(`expected a transition, got ${outcome.code}: ${outcome.message.en}`);
  return outcome;
}

/** The refusal of an outcome; fails the test if it was a transition. */
export function refusal(outcome: Outcome): Refusal {
  if (outcome.ok) throw new Error(`expected a refusal, got a transition to ${outcome.step}`);
  return outcome;
}

/** The state after a transition, as the store would keep it. */
export function next(state: WorkflowState, outcome: Outcome): WorkflowState {
  const t = transition(outcome);
  return { ...state, step: t.step, status: t.status, assignees: t.assignees, data: t.data, reviewActed: t.reviewActed };
}

export const inStreetReview = (now: Date = NOW): WorkflowState =>
  next(draftState(), act(draftState({ data: validData(now) }), { action: 'submit' }, submitter, now));

export const inDistrictReview = (): WorkflowState =>
  next(inStreetReview(), act(inStreetReview(), { action: 'approve' }, streetReviewer, LATER));

export const returnedToFill = (): WorkflowState =>
  next(inStreetReview(), act(inStreetReview(), { action: 'return', comment: '请补充筹备会议纪要' }, streetReviewer, LATER));
