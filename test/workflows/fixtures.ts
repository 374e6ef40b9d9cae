/**
 * Fixtures every pure workflow test can share without loading a real form: the organisation
 * tree (杨浦区总工会 → 五角场街道 → a grassroots union), the people acting in it, the clock, and
 * helpers to run a workflow from one state to the next.
 */
import type { FormData } from '../../forms/language.js';
import {
  apply,
  type ActionRequest,
  type Actor,
  type EngineForm,
  type Outcome,
  type Refusal,
  type TargetUser,
  type Transition,
  type WorkflowState,
} from '../../workflows/engine.js';
import type { WorkflowDeclaration } from '../../workflows/language.js';

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
/** A 分会 below the submitting union. */
export const UNION_BRANCH = 'g-yp-tech-rd';

const PATHS: Record<string, string[]> = {
  [DISTRICT]: [DISTRICT],
  [STREET]: [DISTRICT, STREET],
  [OTHER_STREET]: [DISTRICT, OTHER_STREET],
  [UNION]: ORG_PATH,
  [OTHER_UNION]: [DISTRICT, STREET, OTHER_UNION],
  [UNION_BRANCH]: [...ORG_PATH, UNION_BRANCH],
};
/** An organisation's path in the fixtures' tree, district first. */
export function pathOf(orgId: string): string[] {
  const path = PATHS[orgId];
  if (!path) throw new Error(`no organisation ${orgId} in the fixtures' tree`);
  return path;
}

const person = (id: string, name: string, orgId: string, roles: Actor['roles'], assignedOrgIds?: string[]): Actor =>
  assignedOrgIds ? { id, name, orgId, orgPath: pathOf(orgId), roles, assignedOrgIds } : { id, name, orgId, orgPath: pathOf(orgId), roles };

export const submitter = person('u-sub', '李明', UNION, ['submitter']);
export const otherUnionSubmitter = person('u-other-sub', '赵强', OTHER_UNION, ['submitter']);
/** Someone of the submitting union without the submitter role. */
export const unionMember = person('u-member', '周敏', UNION, ['member']);
/** The union's own 经费审查委员会. */
export const committeeMember = person('u-committee', '陈静', UNION, ['reviewer']);
export const committeeMember2 = person('u-committee-2', '王芳', UNION, ['reviewer']);
/** A reviewer of a 分会 below the submitting union. */
export const branchReviewer = person('u-branch', '刘洋', UNION_BRANCH, ['reviewer']);
/** A reviewer of another union under the same street. */
export const otherUnionReviewer = person('u-other-rev', '高峰', OTHER_UNION, ['reviewer']);
export const streetReviewer = person('u-street-1', '孙丽', STREET, ['reviewer']);
export const streetReviewer2 = person('u-street-2', '吴刚', STREET, ['reviewer']);
export const otherStreetReviewer = person('u-siping-1', '钱伟', OTHER_STREET, ['reviewer']);
export const districtReviewer = person('u-district-1', '何平', DISTRICT, ['reviewer']);
export const districtReviewer2 = person('u-district-2', '韩雪', DISTRICT, ['reviewer']);
/** 特约经审员 assigned to the submitting union (定点联系). */
export const assignedAuditor = person('u-aud-1', '蒋文', STREET, ['auditor'], [UNION]);
/** An auditor of the submitting union itself, assigned to it as its 特约经审员 (an assignment that breaks independence). */
export const unionAuditor = person('u-aud-own', '邓丽', UNION, ['auditor'], [UNION]);
/** An auditor of a 分会 below the submitting union, assigned to the union. */
export const branchAuditor = person('u-aud-branch', '曹阳', UNION_BRANCH, ['auditor'], [UNION]);
/** 特约经审员 assigned to another union only. */
export const otherAuditor = person('u-aud-2', '沈毅', STREET, ['auditor'], [OTHER_UNION]);
/** Members of the district 经审会. */
export const districtAuditor1 = person('u-jsh-1', '杨帆', DISTRICT, ['auditor']);
export const districtAuditor2 = person('u-jsh-2', '朱红', DISTRICT, ['auditor']);
export const districtAuditor3 = person('u-jsh-3', '秦岭', DISTRICT, ['auditor']);
/** A district leader, outside every group, to add as a signer or copy in. */
export const leader = person('u-leader', '许强', DISTRICT, ['reviewer']);
/** The system administrator: no review work, so never a signer. */
export const systemAdmin = person('u-admin', '管理员', DISTRICT, ['admin']);

export const asTarget = (actor: Actor): TargetUser => ({ ...actor });

/** A fresh draft in the initial step, as the caller creates it (nobody assigned yet). */
export function draftOf(workflow: WorkflowDeclaration, data: FormData, overrides: Partial<WorkflowState> = {}): WorkflowState {
  return {
    orgId: UNION,
    orgPath: ORG_PATH,
    step: workflow.initial,
    status: 'draft',
    data,
    assignees: [],
    reviewActed: false,
    ...overrides,
  };
}

/** The state after a transition, as the store would keep it. */
export function next(state: WorkflowState, outcome: Outcome): WorkflowState {
  const t = transition(outcome);
  return {
    ...state,
    step: t.step,
    status: t.status,
    assignees: t.assignees,
    data: t.data,
    reviewActed: t.reviewActed,
    approvals: t.approvals,
    returnedFrom: t.returnedFrom,
    cc: t.cc,
    heldAssignees: t.heldAssignees,
    addedAfter: t.addedAfter,
  };
}

/** The transition of an outcome; fails the test with the refusal if it was refused. */
export function transition(outcome: Outcome): Transition {
  if (!outcome.ok) throw new Error(`expected a transition, got ${outcome.code}: ${outcome.message.en} ${JSON.stringify(outcome.issues ?? [])}`);
  return outcome;
}

/** The refusal of an outcome; fails the test if it was a transition. */
export function refusal(outcome: Outcome): Refusal {
  if (outcome.ok) throw new Error(`expected a refusal, got a transition to ${outcome.step}`);
  return outcome;
}

/** The paths of a refusal's issues, sorted. */
export const issuePaths = (outcome: Outcome): string[] => (refusal(outcome).issues ?? []).map((i) => i.path).sort();

/** `act` for one workflow and form. */
export const actor = (workflow: WorkflowDeclaration, form: EngineForm) =>
  (state: WorkflowState, request: ActionRequest, who: Actor, now: Date = LATER): Outcome => apply(workflow, form, state, request, who, now);

/**
 * What the caller does to a 会签 step before committing: replace each group key the
 * transition names in `expand` by its members' personal keys.
 */
export function expandGroups(state: WorkflowState, outcome: Outcome, members: Record<string, Actor[]>): WorkflowState {
  const t = transition(outcome);
  const assignees = t.assignees.flatMap((a) =>
    t.expand.includes(a.key) ? (members[a.key] ?? []).map((m) => ({ ...a, key: `user:${m.id}` })) : [a],
  );
  return { ...next(state, outcome), assignees };
}
