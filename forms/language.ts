/**
 * The types of the form declaration language, inferred from its one definition, the Zod
 * schema in `schema.ts` (which also says what each part means), and the types of what a
 * compiled form gives (`compile.ts`).
 */
import type { z } from 'zod';
import type {
  choiceOptionSchema,
  comparisonSchema,
  computedDeclSchema,
  conditionSchema,
  exprSchema,
  fieldDeclSchema,
  fieldSourceSchema,
  formDeclarationShape,
  paramDeclSchema,
  ruleDeclSchema,
  scalarSchema,
  sectionDeclSchema,
  starterSchema,
  textSchema,
} from './schema.js';

export { STARTERS } from './schema.js';

/** Every human-facing string: Chinese first, English second. */
export type Text = z.infer<typeof textSchema>;
export type Scalar = z.infer<typeof scalarSchema>;
export type Expr = z.infer<typeof exprSchema>;
export type Condition = z.infer<typeof conditionSchema>;
export type Comparison = z.infer<typeof comparisonSchema>;

export type FieldDecl = z.infer<typeof fieldDeclSchema>;
export type FieldType = FieldDecl['type'];
export type FieldSource = z.infer<typeof fieldSourceSchema>;
export type ChoiceOption = z.infer<typeof choiceOptionSchema>;
export type SectionDecl = z.infer<typeof sectionDeclSchema>;
export type RuleDecl = z.infer<typeof ruleDeclSchema>;
export type ComputedDecl = z.infer<typeof computedDeclSchema>;
export type ComputedFormat = NonNullable<ComputedDecl['format']>;
export type ParamDecl = z.infer<typeof paramDeclSchema>;
export type Starter = z.infer<typeof starterSchema>;
export type FormDeclaration = z.infer<typeof formDeclarationShape>;

/**
 * A JSON value in which `{ "$today": n }` stands for the date n days after the day the
 * example is made for (YYYY-MM-DD, Asia/Shanghai).
 */
export type ExampleData = FormDeclaration['example'];

/** What an `attachment` field holds: references to files uploaded beforehand. */
export type AttachmentRef = { id: string; name: string; size: number; contentType: string; sha256: string };

/** What a `score` field holds. */
export type ScoreValue = { score: number; note?: string; attachments?: AttachmentRef[] };

export type FormData = Record<string, unknown>;

/** Who may start a submission of `decl`, the default filled in. */
export function startersOf(decl: Pick<FormDeclaration, 'startedBy'>): readonly Starter[] {
  return decl.startedBy ?? ['submitter'];
}

/** One failing field: `path` is dot-joined (`coveredEnterprises.0.creditCode`). */
export type FormIssue = { path: string; message: Text };

export type ValidationResult =
  | { ok: true; data: FormData; warnings: FormIssue[] }
  | { ok: false; issues: FormIssue[] };

/**
 * The declaration as a compiled form exposes it: the same data, with `example` resolved for a
 * given day (callers written before examples became data keep calling `decl.example(today)`).
 */
export type CompiledDeclaration = Omit<FormDeclaration, 'example'> & { example: (today: string) => FormData };

/** What `compileForm` gives for one declaration. */
export interface CompiledForm {
  readonly decl: CompiledDeclaration;
  /**
   * Drafts: every field optional, types and bounds enforced, unknown keys refused, no
   * cross-field rules. `server`: the stored data, whose read-only fields are kept.
   */
  validateDraft(data: unknown, server?: FormData): ValidationResult;
  /** Submit: required fields, every rule of the declaration; `today` is YYYY-MM-DD in Asia/Shanghai. */
  validateSubmit(data: unknown, today: string, server?: FormData): ValidationResult;
  /** The computed values for (possibly partial) stored data; never throws. */
  computed(data: FormData): Record<string, unknown>;
  /** The example with its dates resolved for `today`: complete and valid on that day. */
  example(today: string): FormData;
  /** JSON Schema (draft 2020-12) of the submit shape, with `examples: [example(today)]`. */
  jsonSchema(today: string): Record<string, unknown>;
  /** The declaration itself, a fresh JSON copy, for `GET /api/forms/{id}` and for storing. */
  definition(): FormDeclaration;
}
