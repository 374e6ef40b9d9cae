/**
 * The form declaration language: a form is data (sections, typed fields, rules across
 * fields, computed values), never code paths in a route. `compile.ts` turns one declaration
 * into Zod schemas (draft and submit), JSON Schema with an example, and computed values.
 *
 * Data is flat: `data[field.key]`; sections only group fields for people. A repeating group's
 * value is an array of row objects keyed by its own fields' keys.
 */

/** Every human-facing string: Chinese first, English second. */
export type Text = { zh: string; en: string };

/** A value a condition can compare with. */
export type Scalar = string | number | boolean;

/**
 * A condition over the data, used by `when` on rules and sections.
 * Exactly one comparison besides `field` should be given. `field` names a top-level field
 * or a computed value (e.g. `isFederation`); `compileForm` refuses any other name.
 */
export type Condition =
  | { field: string; equals: Scalar }
  | { field: string; in: Scalar[] }
  | { field: string; gte: number }
  | { field: string; filled: boolean }
  | { all: Condition[] }
  | { any: Condition[] };

type FieldBase = {
  /** The key in `data`; stable across versions of the form. */
  key: string;
  label: Text;
  help?: Text;
  /** Required on submit (drafts may leave anything empty). */
  required?: boolean;
};

export type ChoiceOption = { value: string; label: Text };

export type FieldDecl =
  | (FieldBase & { type: 'text'; maxLength?: number; minLength?: number })
  | (FieldBase & { type: 'longtext'; maxLength?: number; minLength?: number })
  | (FieldBase & { type: 'integer'; min?: number; max?: number })
  /** Money: an integer number of fen (分); shown as yuan with two decimals. */
  | (FieldBase & { type: 'money'; min?: number; max?: number })
  | (FieldBase & { type: 'choice'; options: ChoiceOption[] })
  | (FieldBase & { type: 'flag' })
  /** A calendar date, `YYYY-MM-DD`, in Asia/Shanghai. */
  | (FieldBase & { type: 'date' })
  /** 统一社会信用代码: 18 characters with the GB 32100-2015 check character. */
  | (FieldBase & { type: 'creditCode' })
  /** A mainland China mobile number: 11 digits starting 13–19. */
  | (FieldBase & { type: 'mobile' })
  /** A box the submitter must tick to submit; `statement` is what they declare. */
  | (FieldBase & { type: 'declaration'; statement: Text })
  /** A repeating group: rows of the nested fields. */
  | (FieldBase & { type: 'group'; fields: FieldDecl[]; minRows?: number; maxRows?: number });

export type FieldType = FieldDecl['type'];

export type SectionDecl = {
  key: string;
  title: Text;
  help?: Text;
  /** Shown (and its required fields required) only when this holds. */
  when?: Condition;
  fields: FieldDecl[];
};

/**
 * Rules across fields. Each names the field its issue is reported on (`field`, or for
 * `sumEquals` the `total`), carries its own bilingual message, and may be limited by `when`.
 * `severity: 'warning'` reports without blocking a submit.
 */
export type RuleDecl = (
  | { kind: 'requiredWhen'; field: string }
  | { kind: 'equalsWhen'; field: string; value: Scalar }
  | { kind: 'lte'; field: string; other: string }
  | { kind: 'sumEquals'; group: string; column: string; total: string }
  | { kind: 'differs'; field: string; other: string }
  | { kind: 'dateAfterToday'; field: string }
) & { when?: Condition; message: Text; severity?: 'error' | 'warning' };

/** A value the server computes from the data; anything a client sends for it is ignored. */
export type ComputedDecl = {
  key: string;
  label: Text;
  compute: (data: FormData) => unknown;
};

export type FormDeclaration = {
  id: string;
  version: number;
  title: Text;
  description?: Text;
  sections: SectionDecl[];
  rules: RuleDecl[];
  computed: ComputedDecl[];
  /** A complete, valid example; dates relative to `today` (YYYY-MM-DD, Asia/Shanghai). */
  example: (today: string) => FormData;
};

export type FormData = Record<string, unknown>;

/** One failing field: `path` is dot-joined (`coveredEnterprises.0.creditCode`). */
export type FormIssue = { path: string; message: Text };

export type ValidationResult =
  | { ok: true; data: FormData; warnings: FormIssue[] }
  | { ok: false; issues: FormIssue[] };

/** What `compileForm` gives for one declaration. */
export interface CompiledForm {
  readonly decl: FormDeclaration;
  /** Drafts: every field optional, types and bounds enforced, unknown keys refused, no cross-field rules. */
  validateDraft(data: unknown): ValidationResult;
  /** Submit: required fields, every rule of the declaration; `today` is YYYY-MM-DD in Asia/Shanghai. */
  validateSubmit(data: unknown, today: string): ValidationResult;
  /** The computed values for (possibly partial) data; never throws. */
  computed(data: FormData): Record<string, unknown>;
  /** JSON Schema (draft 2020-12) of the submit shape, with `examples: [example(today)]`. */
  jsonSchema(today: string): Record<string, unknown>;
  /** The declaration as plain JSON data (functions dropped), for `GET /api/forms/{id}`. */
  definition(): Record<string, unknown>;
}
