/**
 * Who is who to the engine: the assignee keys a person answers to, and a step's assignee rule
 * resolved to keys. Everything is a key comparison, so the engine never needs a directory.
 */
import type { Actor, WorkflowState } from './engine-types.js';
import { stepReviewsFromOutside, type AssigneeRule, type Role, type StepDecl } from './language.js';

export const orgKey = (orgId: string, role: Role) => `org:${orgId}:${role}`;
export const userKey = (id: string) => `user:${id}`;
/** The 特约经审员 assigned to an organisation: a named assignment, not a place in the tree. */
export const assignedAuditorKey = (orgId: string) => `assigned:${orgId}:auditor`;

/** The assignee keys an actor answers to. */
export function actorKeys(actor: Pick<Actor, 'id' | 'orgId' | 'roles' | 'assignedOrgIds'>): string[] {
  const keys = actor.roles.map((role) => orgKey(actor.orgId, role));
  // An assignment only counts while the person holds the auditor role.
  if (actor.roles.includes('auditor')) for (const org of actor.assignedOrgIds ?? []) keys.push(assignedAuditorKey(org));
  keys.push(userKey(actor.id));
  return keys;
}

/** Is `key` one person (as opposed to a group the caller may expand)? */
export const isPersonKey = (key: string) => key.startsWith('user:');

/** Resolve a step's assignee rule against the submission's organisation path; undefined when it cannot resolve. */
export function resolveAssignees(rule: AssigneeRule | undefined, state: Pick<WorkflowState, 'orgId' | 'orgPath'>): string[] | undefined {
  if (!rule) return [];
  switch (rule.kind) {
    case 'submitter':
      return [orgKey(state.orgId, 'submitter')];
    case 'ownOrg':
      return [orgKey(state.orgId, rule.role)];
    case 'assignedAuditor':
      return [assignedAuditorKey(state.orgId)];
    case 'orgAtDepth': {
      // Only a proper ancestor may review: an organisation never reviews itself through this rule.
      if (rule.depth >= state.orgPath.length - 1) return undefined;
      return [orgKey(state.orgPath[rule.depth], rule.role)];
    }
  }
}

export function isSubmitterOf(actor: Pick<Actor, 'orgId' | 'roles'>, state: Pick<WorkflowState, 'orgId'>): boolean {
  return actor.orgId === state.orgId && actor.roles.includes('submitter');
}

/** Is the person's organisation the submitting one, or below it in the organisation tree? */
export function isOfSubmittingUnion(person: Pick<Actor, 'orgId' | 'orgPath'>, state: Pick<WorkflowState, 'orgId'>): boolean {
  return person.orgId === state.orgId || person.orgPath.includes(state.orgId);
}

/**
 * May this person review the submission in this step? Not in a step that reviews the union
 * from outside (in any of its turns, for 依次) when the person is of the submitting union or
 * below it; in the union's own steps the union's people are the reviewers.
 */
export function mayReviewIn(step: StepDecl | undefined, person: Pick<Actor, 'orgId' | 'orgPath'>, state: Pick<WorkflowState, 'orgId'>): boolean {
  return !(stepReviewsFromOutside(step) && isOfSubmittingUnion(person, state));
}

export function holdsAny(actor: Actor, keys: readonly string[]): boolean {
  const mine = new Set(actorKeys(actor));
  return keys.some((k) => mine.has(k));
}

export function isAssignee(actor: Actor, state: Pick<WorkflowState, 'assignees'>): boolean {
  return holdsAny(
    actor,
    state.assignees.map((a) => a.key),
  );
}
