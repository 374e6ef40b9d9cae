/**
 * The workflow declaration language. A workflow is data: steps, who is assigned to each (a
 * rule over the organisation tree and roles, or a named assignment), how many of them must
 * act (或签 / 会签 / 依次), the due time in working days, the actions open in the step and
 * where each leads (by conditions, where it branches), what data the step may change, and the effects
 * of reaching a step. Its one definition is the Zod schema of schema.ts; the types here are
 * inferred from it, and conditions are the forms' own language. `engine.ts` interprets it;
 * nothing here does I/O.
 */
import type { z } from 'zod';
import type {
  ActionDeclSchema,
  AssigneeRuleSchema,
  EditsDeclSchema,
  EffectDeclSchema,
  FieldSelectorSchema,
  ParamDeclSchema,
  RequirementSchema,
  RouteSchema,
  StepDeclSchema,
  TurnSchema,
  WorkflowShape,
} from './schema.js';

/** Every status a submission can have: the one list the store, the routes and the records use. */
export const STATUSES = ['draft', 'in_review', 'returned', 'approved', 'rejected', 'withdrawn', 'completed', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const ROLES = ['submitter', 'reviewer', 'auditor', 'admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What an action does. A step's actions are named freely (`raise-findings`, `close`, ...);
 * the kind says which behaviour the engine gives the name. A built-in name used as an action
 * name is its own kind unless `kind` says otherwise.
 */
export const ACTION_KINDS = ['submit', 'approve', 'return', 'reject', 'withdraw', 'transfer', 'comment', 'remind', 'edit', 'addSigner', 'cc'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export const STEP_KINDS = ['fill', 'review', 'end'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** 或签 (any one assignee), 会签 (every assignee), 依次 (turns in the declared order). */
export const SIGNING_MODES = ['any', 'all', 'sequence'] as const;
export type SigningMode = (typeof SIGNING_MODES)[number];

export type AssigneeRule = z.infer<typeof AssigneeRuleSchema>;
export type Requirement = z.infer<typeof RequirementSchema>;
export type Route = z.infer<typeof RouteSchema>;
export type ActionDecl = z.infer<typeof ActionDeclSchema>;
export type FieldSelector = z.infer<typeof FieldSelectorSchema>;
export type EditsDecl = z.infer<typeof EditsDeclSchema>;
export type EffectDecl = z.infer<typeof EffectDeclSchema>;
export type Turn = z.infer<typeof TurnSchema>;
export type StepDecl = z.infer<typeof StepDeclSchema>;
export type ParamDecl = z.infer<typeof ParamDeclSchema>;
/** A declaration as the schema's shapes parse it (the checks across it add no type). */
export type WorkflowDeclaration = z.infer<typeof WorkflowShape>;

/**
 * Does a step with this rule review the submitting union from outside? The rule says it:
 * `orgAtDepth` names an organisation above the union (the street, the district) and
 * `assignedAuditor` the union's 特约经审员, independent by office, so those steps review from
 * outside; `submitter` and `ownOrg` name the submitting organisation's own people, so those
 * steps are the union's own (its fill and answer steps, its 经费审查委员会's review). A step
 * without assignees reviews nothing.
 *
 * In a step that reviews from outside, nobody whose organisation is the submitting union or
 * one below it in the tree may act as an assignee, be transferred to (转交), be added as a
 * signer (加签, before or after), or be among the people a 会签 group expands into; the engine
 * refuses each. The union's own steps are done by the union's own people by design.
 *
 * Every rule kind must be placed here: a new kind fails to compile until it is.
 */
export function reviewsFromOutside(rule: AssigneeRule | undefined): boolean {
  if (!rule) return false;
  switch (rule.kind) {
    case 'orgAtDepth':
    case 'assignedAuditor':
      return true;
    case 'submitter':
    case 'ownOrg':
      return false;
  }
}

/** Every assignee rule of a step: its turns in order for 依次, else its one rule. */
export function rulesOf(step: Pick<StepDecl, 'assignees' | 'mode' | 'sequence'>): AssigneeRule[] {
  if (step.mode === 'sequence') return (step.sequence ?? []).map((t) => t.assignees);
  return step.assignees ? [step.assignees] : [];
}

/** The rule of the turn `turn` (0-based) of a step; a step that is not 依次 has one rule for every turn. */
export function ruleOfTurn(step: Pick<StepDecl, 'assignees' | 'mode' | 'sequence'>, turn: number): AssigneeRule | undefined {
  return step.mode === 'sequence' ? step.sequence?.[turn]?.assignees : step.assignees;
}

/** Does the step review the submitting union from outside in any of its turns? */
export const stepReviewsFromOutside = (step: Pick<StepDecl, 'assignees' | 'mode' | 'sequence'> | undefined): boolean =>
  step !== undefined && rulesOf(step).some(reviewsFromOutside);

/** The kind of a declared action, or undefined when the declaration names none. */
export function actionKind(name: string, decl: ActionDecl): ActionKind | undefined {
  if (decl.kind) return decl.kind;
  return (ACTION_KINDS as readonly string[]).includes(name) ? (name as ActionKind) : undefined;
}

/** The routes of an action that lists them (条件分支), else undefined. */
export function routesOf(decl: ActionDecl): Route[] | undefined {
  return Array.isArray(decl.to) && decl.to.length > 0 && typeof decl.to[0] === 'object' ? (decl.to as Route[]) : undefined;
}

/** Every step an action may lead to, as a list: its target, its return targets, or each route's. */
export function targetsOf(decl: ActionDecl): string[] {
  if (decl.to === undefined) return [];
  if (typeof decl.to === 'string') return [decl.to];
  return (decl.to as (string | Route)[]).map((t) => (typeof t === 'string' ? t : t.to));
}

/** A workflow's version: 1 for a declaration that does not say. */
export const versionOf = (workflow: Pick<WorkflowDeclaration, 'version'>): number => workflow.version ?? 1;

/** Whether a workflow version serves a version of its form. */
export function servesFormVersion(workflow: Pick<WorkflowDeclaration, 'formVersions'>, formVersion: number): boolean {
  const range = workflow.formVersions;
  return !range || (formVersion >= range.from && (range.to === undefined || formVersion <= range.to));
}
