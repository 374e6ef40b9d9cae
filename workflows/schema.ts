/**
 * The workflow declaration language, as one Zod schema: the shapes (below) and the checks
 * across them (check.ts: every step an action names exists, every step can be reached,
 * returns go back, ...), each reported at its path. The types of language.ts are inferred
 * from it, and `GET /api/schemas/workflow-declaration` serves it as JSON Schema for editors.
 * Conditions are the forms' own (schema-conditions.ts).
 */
import * as z from 'zod';
import { checkReferences } from './check.js';
import { ACTION_KINDS, ROLES, SIGNING_MODES, STATUSES, STEP_KINDS, type WorkflowDeclaration } from './language.js';
import type { FieldType } from '../forms/language.js';
import { FIELD_TYPES, languageRegistry } from '../forms/schema.js';
import { ConditionSchema, TextSchema } from './schema-conditions.js';

/** Step, action and parameter names: they appear in URLs and history, so plain names. */
export const NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const name = z.string().regex(NAME);
/** A step an action names; whether it is declared is the checks' business, reported at its path. */
const stepName = z.string().min(1);

export const StatusSchema = z.enum(STATUSES);
export const RoleSchema = z.enum(ROLES);
export const ActionKindSchema = z.enum(ACTION_KINDS);

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
export const AssigneeRuleSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('submitter') }),
    z.strictObject({ kind: z.literal('orgAtDepth'), depth: z.number().int().min(0), role: RoleSchema }),
    z.strictObject({ kind: z.literal('ownOrg'), role: RoleSchema }),
    z.strictObject({ kind: z.literal('assignedAuditor') }),
  ])
  .register(languageRegistry, { id: 'AssigneeRule' });

/**
 * A condition the data must meet for an action, with the message a refusal shows and the
 * path it is reported at.
 * - `{ that }`: the condition holds on the data (with the form's computed values); reported
 *   at `path`, by default the first path the condition reads.
 * - `{ each, that }`: it holds on every row of the repeating group `each` (every row where
 *   `where` holds), read in the row; each failing row is reported at `each.<row>.<path>`, by
 *   default the first column `that` reads.
 * A condition still undecided (an operand empty) does not hold.
 */
export const RequirementSchema = z
  .union([
    z.strictObject({ that: ConditionSchema, path: z.string().optional(), message: TextSchema.optional() }),
    z.strictObject({
      each: z.string(),
      where: ConditionSchema.optional(),
      that: ConditionSchema,
      path: z.string().optional(),
      message: TextSchema.optional(),
    }),
  ])
  .register(languageRegistry, { id: 'Requirement' });

/** One branch of a conditional destination (条件分支): the first whose `when` holds is taken; the last has none. */
export const RouteSchema = z.strictObject({ when: ConditionSchema.optional(), to: stepName }).register(languageRegistry, { id: 'Route' });

export const ActionDeclSchema = z
  .strictObject({
    /** The behaviour; defaults to the action's name when that is a built-in kind. */
    kind: ActionKindSchema.optional(),
    /** The button's label; needed for a name that is not a built-in kind. */
    title: TextSchema.optional(),
    /**
     * Where the action leads; absent for actions that stay (comment, remind, transfer, edit,
     * addSigner, cc). A step name; for a `return`, the earlier steps it can return to (the
     * request's `to` picks one, the first is the default); for the other moving kinds, a list
     * of routes tried in order (条件分支), on the data with its computed values.
     */
    to: z.union([stepName, z.array(stepName).min(1), z.array(RouteSchema).min(1)]).optional(),
    /**
     * After a `return`, where the returned-to step's next advancing action leads: `rerun` (the
     * default) runs the steps in between again; `direct` goes straight back to the returning step.
     */
    resume: z.enum(['rerun', 'direct']).optional(),
    /** A comment must be given (退回 and 驳回 always say why). */
    commentRequired: z.boolean().optional(),
    /**
     * Who may take it: the step's current assignees, or the submitting union's submitters.
     * Default: the submitter for withdraw and remind, the step's assignees for the rest.
     */
    by: z.enum(['assignee', 'submitter']).optional(),
    /** Conditions on the data (after this request's edits) that must hold. */
    requires: z.array(RequirementSchema).optional(),
  })
  .register(languageRegistry, { id: 'ActionDecl' });

/**
 * A kind of field of the submission's form version: every field of `type` (top-level, or a
 * column of a repeating group), or the `part` of each (a score item's `score`).
 */
export const FieldSelectorSchema = z.strictObject({ type: z.enum(FIELD_TYPES as [FieldType, ...FieldType[]]), part: z.string().min(1).optional() }).register(languageRegistry, { id: 'FieldSelector' });

/**
 * What data a step may change. A path pattern names a field (`districtGrade`), a field of a
 * composite field (`org_committee.score`), a whole repeating group with adding and removing
 * rows (`findings`), or one column of every row (`findings.*.answer`; `*` stands for a row
 * index only, so every pattern starts with a field key). A group listed with some of its
 * columns (`findings`, `findings.*.category`) may add and remove rows, setting only those
 * columns. `fields` names fields by kind instead, resolved against the form version the
 * submission was started on. Everything else is read-only in the step.
 *
 * A fill step without `edits` may change every field no later step's `edits` claim; edits
 * with `reasonRequired` revise values the submitter gives (a reviewer's re-score) instead of
 * claiming them, so the submitter still fills those.
 */
export const EditsDeclSchema = z
  .strictObject({
    paths: z.array(z.string()).optional(),
    fields: FieldSelectorSchema.optional(),
    /** Every changed path needs a reason (`request.reasons[path]`); the history keeps both values. */
    reasonRequired: z.boolean().optional(),
    /** Rows that may not change in this step: those of `group` where `where` holds on the stored row. */
    lockedRows: z.array(z.strictObject({ group: z.string(), where: ConditionSchema })).optional(),
  })
  .register(languageRegistry, { id: 'EditsDecl' });

/** What reaching a step does, beyond moving the submission. */
export const EffectDeclSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('issueNumber'),
      /** Counter name; numbers are sequential per counter and calendar year (Asia/Shanghai). */
      counter: z.string().min(1),
      /** `{year}` and `{seq}` (zero-padded to `digits`) are replaced. */
      format: z.string().min(1),
      digits: z.number().int().min(1).max(12),
    }),
  ])
  .register(languageRegistry, { id: 'EffectDecl' });

/** One turn of a 依次 step: any one person of `assignees` signs it, and nobody signs two turns. */
export const TurnSchema = z.strictObject({ title: TextSchema, assignees: AssigneeRuleSchema }).register(languageRegistry, { id: 'Turn' });

export const StepDeclSchema = z
  .strictObject({
    kind: z.enum(STEP_KINDS),
    title: TextSchema,
    /** The submission's status while it waits here (a fill step is `draft` or `returned`). */
    status: StatusSchema,
    assignees: AssigneeRuleSchema.optional(),
    /**
     * 或签 (`any`, the default: one assignee's approval decides), 会签 (`all`: every assignee
     * approves; groups are expanded to their members when the step is entered) or 依次
     * (`sequence`: the turns of `sequence`, in their order, instead of `assignees`; each
     * turn's group is expanded to its members less those who signed an earlier turn).
     */
    mode: z.enum(SIGNING_MODES).optional(),
    sequence: z.array(TurnSchema).optional(),
    dueWorkingDays: z.number().int().min(1).optional(),
    actions: z.record(name, ActionDeclSchema),
    edits: EditsDeclSchema.optional(),
    effects: z.array(EffectDeclSchema).optional(),
    /** While here, the union's members may read the record through a member link (经费收支公开). */
    visibleToMembers: z.boolean().optional(),
  })
  .register(languageRegistry, { id: 'StepDecl' });

/** A number a workflow's conditions read by `{ param }` (a threshold), with what it means. */
export const ParamDeclSchema = z.strictObject({ label: TextSchema, help: TextSchema.optional(), value: z.number() }).register(languageRegistry, { id: 'WorkflowParam' });

/**
 * The versions of the form a workflow version serves, `from` and `to` inclusive; open-ended
 * without `to`. A draft runs the newest workflow version that serves its form version, and
 * keeps it, as it keeps its form version, forever.
 */
export const FormVersionsSchema = z
  .strictObject({ from: z.number().int().min(1), to: z.number().int().min(1).optional() })
  .refine((range) => range.to === undefined || range.to >= range.from, { message: 'formVersions.to comes before formVersions.from', path: ['to'] })
  .register(languageRegistry, { id: 'FormVersions', description: 'The versions of the form this workflow version serves' });

export const WorkflowShape = z.strictObject({
  id: z.string().min(1),
  /** The version of this workflow: 1 when absent (the built-in declarations). */
  version: z.number().int().min(1).optional(),
  /** The form whose submissions run this workflow. */
  formId: z.string().min(1),
  /** Which of its versions this one serves: every version when absent. */
  formVersions: FormVersionsSchema.optional(),
  title: TextSchema,
  /** The fill step a new draft starts in. */
  initial: stepName,
  /** While the submission is in this step and no reviewer has acted, the submitter may withdraw. */
  withdrawUntilActedIn: stepName.optional(),
  params: z.record(name, ParamDeclSchema).optional(),
  steps: z.record(name, StepDeclSchema),
});

export const WorkflowDeclarationSchema = WorkflowShape.superRefine(checkReferences).register(languageRegistry, {
  id: 'WorkflowDeclaration',
  title: 'unionflow workflow declaration',
});

export type WorkflowCheck = { ok: true; workflow: WorkflowDeclaration } | { ok: false; issues: z.core.$ZodIssue[] };

/** Parse and check a declaration: the declaration, or every issue found, each at its path. */
export function parseWorkflow(input: unknown): WorkflowCheck {
  const result = WorkflowDeclarationSchema.safeParse(input);
  return result.success ? { ok: true, workflow: result.data } : { ok: false, issues: result.error.issues };
}

/**
 * The problems of a declaration as sentences, in the order found (none when it is sound). A
 * check across the declaration says where in its own words; a shape problem is prefixed by
 * its path.
 */
export function checkWorkflow(input: unknown): string[] {
  const checked = parseWorkflow(input);
  if (checked.ok) return [];
  return checked.issues.map((i) => (i.code === 'custom' ? i.message : `${i.path.join('.')}: ${i.message}`));
}

/** The JSON Schema (draft 2020-12) of a workflow declaration; the checks across it are not expressible there. */
export function workflowDeclarationJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(WorkflowDeclarationSchema, {
    target: 'draft-2020-12',
    metadata: languageRegistry,
    cycles: 'ref',
    reused: 'inline',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
}
