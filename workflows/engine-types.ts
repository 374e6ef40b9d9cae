/**
 * What the engine reads and returns. `WorkflowState` is the part of a stored submission the
 * engine needs; a `Transition` is everything the caller writes back in one transaction.
 */
import type { CompiledForm, FieldDecl, FormData, FormIssue, Text } from '../forms/language.js';
import type { ActionKind, Role, Status } from './language.js';

/**
 * What the engine uses of a compiled form (a test can hand it a small fake): its validation,
 * its computed values, and its fields (the version the submission was started on), which
 * edits that name fields by kind resolve against.
 */
export type EngineForm = Pick<CompiledForm, 'validateDraft' | 'validateSubmit' | 'computed'> & {
  readonly decl: { readonly sections: readonly { readonly fields: readonly FieldDecl[] }[] };
};

/**
 * An assignment of a submission to a group (`org:<orgId>:<role>`, or a named assignment such
 * as `assigned:<orgId>:auditor`) or a person (`user:<id>`).
 */
export type Assignee = { key: string; since: string; dueAt?: string };

/** One approval given in the current step (会签 shows who has signed). */
export type Approval = { id: string; name: string; at: string };

/** A person named in the record (加签 after, 转交, 抄送). */
export type Person = { id: string; name: string };

/**
 * What the engine needs of a submission. The signing fields after `reviewActed` are optional,
 * so a submission stored before they existed reads as "none".
 */
export type WorkflowState = {
  orgId: string;
  /** Organisation ids from the district down to the submitting organisation. */
  orgPath: string[];
  step: string;
  status: Status;
  data: FormData;
  assignees: Assignee[];
  /** Has anyone but the submitter acted since the last submit? (Ends the right to withdraw.) */
  reviewActed: boolean;
  /** Approvals given in the current step; cleared when a step is entered. */
  approvals?: Approval[];
  /** After a `direct` return: the step the returned-to step's next advance goes back to. */
  returnedFrom?: string | null;
  /** People given read-only sight of the submission (抄送), by user id. */
  cc?: string[];
  /** 加签 before: the step's own assignees, set aside while the added person acts. */
  heldAssignees?: Assignee[];
  /** 加签 after: people who approve, in order, once the step's own approval is complete. */
  addedAfter?: Person[];
};

export type Actor = {
  id: string;
  name: string;
  orgId: string;
  /**
   * The person's organisation path, district first, its own organisation last: tells whether
   * the person is of the submitting union or below it (see `reviewsFromOutside`).
   */
  orgPath: string[];
  roles: Role[];
  /** The organisations a 特约经审员 is assigned to (定点联系). */
  assignedOrgIds?: string[];
};

/** A person named by an action's `to` (transfer, addSigner, cc), loaded by the caller with its organisation path. */
export type TargetUser = Actor;

/** A member of a group a 会签 step expands into, as the caller read it from the directory. */
export type GroupMember = Pick<Actor, 'id' | 'orgId' | 'orgPath'>;

export type ActionRequest = {
  /** The declared action's name. */
  action: string;
  comment?: string;
  /** The complete new data object (submit, and edits in a step that declares them). */
  data?: unknown;
  /** A person's id (transfer, addSigner, cc) or, for a return, the step to return to. */
  to?: string;
  target?: TargetUser;
  /** A reason per changed path, where the step's edits require them. */
  reasons?: Record<string, string>;
  /** 加签: does the added person act before the step's assignees or after them? */
  position?: 'before' | 'after';
};

export type RefusalCode = 'action_not_allowed' | 'validation_failed';
export type Refusal = { ok: false; code: RefusalCode; message: Text; issues?: FormIssue[] };

export type Effect =
  | { kind: 'issueNumber'; counter: string; year: number; format: string; digits: number }
  | { kind: 'notify'; keys: string[]; reason: 'assigned' | 'remind' | 'returned' | 'decided' | 'cc' };

/** One changed value, as the history keeps it (`null` for a value that was or became absent). */
export type Edit = { path: string; before: unknown; after: unknown; reason?: string };

/** The history event the transition records; the store adds seq, time, actor and hashes. */
export type EventDraft = {
  /** The declared action's name (`raise-findings`). */
  action: string;
  /** What it did (`approve`). */
  kind: ActionKind;
  step: string;
  to: string;
  status: Status;
  comment?: string;
  changes?: Record<string, unknown>;
};

export type Transition = {
  ok: true;
  step: string;
  status: Status;
  assignees: Assignee[];
  data: FormData;
  computed: Record<string, unknown>;
  warnings: FormIssue[];
  reviewActed: boolean;
  approvals: Approval[];
  returnedFrom: string | null;
  cc: string[];
  heldAssignees: Assignee[];
  addedAfter: Person[];
  /**
   * Group keys among `assignees` that the caller must replace by the `user:<id>` keys of the
   * group's members before committing: a 会签 step needs each person's approval.
   */
  expand: string[];
  event: EventDraft;
  effects: Effect[];
};

export type Outcome = Refusal | Transition;

/** The longest comment or reason the engine records. */
export const MAX_COMMENT_LENGTH = 2000;
