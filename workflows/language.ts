/**
 * The workflow declaration language. A workflow is data: steps, who is assigned to each (a
 * rule over the organisation tree and roles), how many of them must act (或签 / 会签), the due
 * time in working days, the actions open in the step and where each leads, and the effects of
 * reaching a step. `engine.ts` interprets it; nothing here does I/O.
 */
import type { Text } from '../forms/language.js';

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
 */
export type AssigneeRule =
  | { kind: 'submitter' }
  | { kind: 'orgAtDepth'; depth: number; role: Role }
  | { kind: 'ownOrg'; role: Role };

/** Built-in actions every workflow may open; a step declares which of them it opens. */
export type ActionName =
  | 'submit'
  | 'approve'
  | 'return'
  | 'reject'
  | 'withdraw'
  | 'transfer'
  | 'comment'
  | 'remind';

export type ActionDecl = {
  /** The step the action leads to; absent for actions that stay (comment, remind, transfer). */
  to?: string;
  /** A comment must be given (退回 and 驳回 always say why). */
  commentRequired?: boolean;
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
  /** 或签 (`any`: one assignee's approval decides). 会签 (`all`) comes with issue 4. */
  mode?: 'any';
  dueWorkingDays?: number;
  actions: Partial<Record<ActionName, ActionDecl>>;
  effects?: EffectDecl[];
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
