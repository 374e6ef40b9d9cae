/**
 * The workflow declaration language. A workflow is data: steps, who is assigned to each (a
 * rule over the organisation tree and roles, or a named assignment), how many of them must
 * act (或签 / 会签), the due time in working days, the actions open in the step and where each
 * leads, what data the step may change, and the effects of reaching a step. `engine.ts`
 * interprets it; nothing here does I/O.
 */
import type { Scalar, Text } from '../forms/language.js';

export type Role = 'submitter' | 'reviewer' | 'auditor' | 'admin' | 'member';
export const ROLES: readonly Role[] = ['submitter', 'reviewer', 'auditor', 'admin', 'member'];

export type Status =
  | 'draft'
  | 'in_review'
  | 'returned'
  | 'approved'
  | 'rejected'
  | 'withdrawn'
  | 'completed'
  | 'closed';

/**
 * Who a step is assigned to, resolved against the submission's organisation path
 * (`orgPath`: root first, the submitting organisation last).
 * - `submitter`: the submitting organisation's submitters.
 * - `orgAtDepth`: the organisation on the path at `depth` (0 = the district, 1 = the street or
 *   industry union above a grassroots union), with `role`.
 * - `ownOrg`: the submitting organisation itself, with `role` (a union's own committee).
 * - `assignedAuditor`: the 特约经审员 assigned to the submitting organisation (定点联系), a named
 *   assignment rather than a place in the tree.
 */
export type AssigneeRule =
  | { kind: 'submitter' }
  | { kind: 'orgAtDepth'; depth: number; role: Role }
  | { kind: 'ownOrg'; role: Role }
  | { kind: 'assignedAuditor' };

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

/**
 * What an action does. A step's actions are named freely (`raise-findings`, `close`, ...);
 * the kind says which behaviour the engine gives the name. A built-in name used as an action
 * name is its own kind unless `kind` says otherwise.
 */
export type ActionKind =
  | 'submit'
  | 'approve'
  | 'return'
  | 'reject'
  | 'withdraw'
  | 'transfer'
  | 'comment'
  | 'remind'
  | 'edit'
  | 'addSigner'
  | 'cc';
export const ACTION_KINDS: readonly ActionKind[] = [
  'submit',
  'approve',
  'return',
  'reject',
  'withdraw',
  'transfer',
  'comment',
  'remind',
  'edit',
  'addSigner',
  'cc',
];

/** A test of one value. `filled`: not missing, null, blank text or an empty list. */
export type ValueTest = 'filled' | 'empty' | { equals: Scalar } | { notEquals: Scalar } | { in: Scalar[] };

/**
 * A condition on the data that must hold for an action (e.g. a grade before the final
 * approval). Paths are dot-joined (`districtGrade`, `org_committee.score`); a group is a
 * repeating group's key. A failing requirement is a `validation_failed` issue carrying
 * `message` (a generic one when absent) at the failing path.
 */
export type Requirement = (
  | { filled: string }
  | { rowsAtLeast: [group: string, count: number] }
  | { rowsAtMost: [group: string, count: number] }
  /** Every row of `group` (or every row where `where` holds) passes the test on `field`. */
  | { everyRow: [group: string, field: string, test: ValueTest]; where?: [field: string, test: ValueTest] }
) & { message?: Text };

export type ActionDecl = {
  /** The behaviour; defaults to the action's name when that is a built-in kind. */
  kind?: ActionKind;
  /** The button's label; needed for a name that is not a built-in kind. */
  title?: Text;
  /**
   * The step the action leads to; absent for actions that stay (comment, remind, transfer,
   * edit, addSigner, cc). A `return` may list the earlier steps it can return to: the request's
   * `to` picks one, the first is the default.
   */
  to?: string | string[];
  /**
   * After a `return`, where the returned-to step's next advancing action leads: `rerun` (the
   * default) runs the steps in between again; `direct` goes straight back to the returning step.
   */
  resume?: 'rerun' | 'direct';
  /** A comment must be given (退回 and 驳回 always say why). */
  commentRequired?: boolean;
  /**
   * Who may take it: the step's current assignees, or the submitting union's submitters.
   * Default: the submitter for withdraw and remind, the step's assignees for the rest.
   */
  by?: 'assignee' | 'submitter';
  /** Conditions on the data (after this request's edits) that must hold. */
  requires?: Requirement[];
};

/**
 * What data a step may change. A path pattern names a field (`districtGrade`), a field of a
 * composite field (`org_committee.score`), a whole repeating group with adding and removing
 * rows (`findings`), or one column of every row (`findings.*.answer`; `*` stands for a row
 * index only, so every pattern starts with a field key). A group listed with some of its
 * columns (`findings`, `findings.*.category`) may add and remove rows, setting only those
 * columns. Everything else is read-only in the step.
 *
 * A fill step without `edits` may change every field no later step's `edits` claim; edits
 * with `reasonRequired` revise values the submitter gives (a reviewer's re-score) instead of
 * claiming them, so the submitter still fills those.
 */
export type EditsDecl = {
  paths: string[];
  /** Every changed path needs a reason (`request.reasons[path]`); the history keeps both values. */
  reasonRequired?: boolean;
  /** Rows that may not change in this step, by their stored value (an answer already accepted). */
  lockedRows?: { group: string; where: [field: string, test: ValueTest] }[];
};

/** What reaching a step does, beyond moving the submission. */
export type EffectDecl = {
  kind: 'issueNumber';
  /** Counter name; numbers are sequential per counter and calendar year (Asia/Shanghai). */
  counter: string;
  /** `{year}` and `{seq}` (zero-padded to `digits`) are replaced. */
  format: string;
  digits: number;
};

export type StepKind = 'fill' | 'review' | 'end';

export type StepDecl = {
  kind: StepKind;
  title: Text;
  /** The submission's status while it waits here (a fill step is `draft` or `returned`). */
  status: Status;
  assignees?: AssigneeRule;
  /**
   * 或签 (`any`, the default: one assignee's approval decides) or 会签 (`all`: every assignee
   * approves; groups are expanded to their members when the step is entered).
   */
  mode?: 'any' | 'all';
  dueWorkingDays?: number;
  actions: Record<string, ActionDecl>;
  edits?: EditsDecl;
  effects?: EffectDecl[];
  /** While here, the union's members may read the record through a member link (经费收支公开). */
  visibleToMembers?: boolean;
};

export type WorkflowDeclaration = {
  id: string;
  /** The form whose submissions run this workflow. */
  formId: string;
  title: Text;
  /** The fill step a new draft starts in. */
  initial: string;
  /** While the submission is in this step and no reviewer has acted, the submitter may withdraw. */
  withdrawUntilActedIn?: string;
  steps: Record<string, StepDecl>;
};

/** The kind of a declared action, or undefined when the declaration names none. */
export function actionKind(name: string, decl: ActionDecl): ActionKind | undefined {
  if (decl.kind) return decl.kind;
  return (ACTION_KINDS as readonly string[]).includes(name) ? (name as ActionKind) : undefined;
}

/** The steps an action may lead to, as a list. */
export function targetsOf(decl: ActionDecl): string[] {
  if (decl.to === undefined) return [];
  return typeof decl.to === 'string' ? [decl.to] : decl.to;
}
