/**
 * The form declaration language. A form is JSON data (sections, typed fields, rules across
 * fields, computed values as expressions, parameters, an example), never code paths in a
 * route, so a new version can be published by an admin and stored in the database like any
 * other record. `compile.ts` turns one declaration into Zod schemas (draft and submit), JSON
 * Schema with an example, and computed values.
 *
 * Data is flat: `data[field.key]`; sections only group fields for people. A repeating group's
 * value is an array of row objects keyed by its own fields' keys. Paths into data are
 * dot-joined (`org_committee.score`, `notable.0.amount`), so keys never contain dots.
 *
 * The expression and condition language lives in `language-expressions.ts`.
 */
import type { Condition, Expr, Scalar } from './language-expressions.js';

export type { Comparison, Condition, Expr, Scalar } from './language-expressions.js';

/** Every human-facing string: Chinese first, English second. */
export type Text = { zh: string; en: string };

type FieldBase = {
  /** The key in `data`; stable across versions of the form. Letters, digits and `_`. */
  key: string;
  label: Text;
  help?: Text;
  /** Required on submit (drafts may leave anything empty). */
  required?: boolean;
  /**
   * Set only by the server (a tally, a reference to another record): like a computed value, a
   * client's copy is dropped silently; unlike one, it is stored in `data`. The server passes
   * its stored values to validation (`server` argument) so they survive a client's save.
   */
  readOnly?: boolean;
  /** Where the server takes a read-only value from when the submitter submits. */
  source?: FieldSource;
};

/**
 * A server-side source of a read-only value: today, the tally of the 会员评家 rounds opened
 * for this submission (copied in at submit, so the record keeps the numbers it was judged on).
 */
export type FieldSource = { kind: 'roundTally'; purpose: 'evaluation'; tally: 'answers' | 'satisfied' | 'basic' | 'unsatisfied' };

export type ChoiceOption = { value: string; label: Text };

/** What an `attachment` field holds: references to files uploaded beforehand. */
export type AttachmentRef = { id: string; name: string; size: number; contentType: string; sha256: string };

/** What a `score` field holds. */
export type ScoreValue = { score: number; note?: string; attachments?: AttachmentRef[] };

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
  | (FieldBase & { type: 'group'; fields: FieldDecl[]; minRows?: number; maxRows?: number })
  /**
   * Files: a list of `AttachmentRef`s; `required` means at least one. `accept` lists content
   * types (`image/*` matches any image). Whether a ref names a real upload is the server's check.
   */
  | (FieldBase & { type: 'attachment'; maxFiles?: number; accept?: string[] })
  /**
   * A scored checklist item: `{ score: 0..max, note?, attachments? }`. `noteRequired`: the
   * evidence note must be given on submit.
   */
  | (FieldBase & { type: 'score'; max: number; noteRequired?: boolean });

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
 * Rules across fields. Each names the path its issue is reported on (`field`; for `sumEquals`
 * the `total`; for `rowAssert` `group.<i>.column`), carries its own bilingual message, and
 * may be limited by `when`. `severity: 'warning'` reports without blocking a submit.
 *
 * Conditions in `when` and `that` see the data and the computed values; `rowAssert`'s `that`
 * sees one row (its columns by key) and the parameters. An assertion fails only when its
 * condition is decided false: with an operand still empty it is silent, as the required
 * check of that field already speaks.
 */
export type RuleDecl = (
  | { kind: 'requiredWhen'; field: string }
  | { kind: 'equalsWhen'; field: string; value: Scalar }
  | { kind: 'lte'; field: string; other: string }
  | { kind: 'sumEquals'; group: string; column: string; total: string }
  | { kind: 'differs'; field: string; other: string }
  | { kind: 'dateAfterToday'; field: string }
  | { kind: 'assert'; field: string; that: Condition }
  | { kind: 'rowAssert'; group: string; column: string; that: Condition }
) & { when?: Condition; message: Text; severity?: 'error' | 'warning' };

/** How a computed value is shown: `percent` is a number of percentage points (85.7 = 85.7 %). */
export type ComputedFormat = 'integer' | 'money' | 'percent' | 'text' | 'flag';

/**
 * A value the server computes from the data; anything a client sends for it is dropped.
 * Computed values are evaluated in declaration order, so `expr` may read earlier ones by key.
 */
export type ComputedDecl = { key: string; label: Text; expr: Expr; format?: ComputedFormat };

/** A configurable number (a threshold, an allowance), read by `{ param: name }`. */
export type ParamDecl = { label: Text; help?: Text; value: number };

/**
 * A JSON value in which `{ "$today": n }` stands for the date n days after the day the
 * example is made for (YYYY-MM-DD, Asia/Shanghai).
 */
export type ExampleData = Record<string, unknown>;

/**
 * Who may start a submission of a form:
 * - `submitter`: a grassroots union's submitter, a draft of its own union (POST /api/submissions);
 * - `member`: a union member with a one-time code, no account (the members' routes).
 */
export type Starter = 'submitter' | 'member';
export const STARTERS: readonly Starter[] = ['submitter', 'member'];

export type FormDeclaration = {
  id: string;
  version: number;
  title: Text;
  description?: Text;
  /** Who may start one (see Starter); absent: `['submitter']`, a grassroots union's own form. */
  startedBy?: Starter[];
  sections: SectionDecl[];
  rules: RuleDecl[];
  computed: ComputedDecl[];
  /** Part of the version: changing a threshold publishes a new version of the form. */
  params?: Record<string, ParamDecl>;
  /** A complete, valid example (see ExampleData for dates). */
  example: ExampleData;
};

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
