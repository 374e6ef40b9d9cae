/**
 * The form declaration language, defined once, as a Zod schema. The TypeScript types of
 * `language.ts` are inferred from it, `declarationJsonSchema()` is its JSON Schema (served to
 * editors at `GET /api/schemas/form-declaration`), and `formDeclarationSchema` checks a
 * declaration completely: the structure here, what it refers to (fields, parameters, groups,
 * sections, the types expressions combine) in the refinement of `schema-references.ts`.
 *
 * A declaration is JSON data, never code paths, so a new version can be published by an admin
 * and stored like any other record. Data is flat: `data[field.key]`; sections only group
 * fields for people. A repeating group's value is an array of row objects keyed by its own
 * fields' keys. Paths into data are dot-joined (`org_committee.score`, `notable.0.amount`),
 * so keys never contain dots.
 *
 * Recursive parts (expressions, conditions, the fields of a group) refer to themselves
 * through getters, which Zod 4 resolves lazily and TypeScript infers; they are registered
 * by name afterwards, since a wrapper around their initialisers would hide the inference.
 */
import * as z from 'zod';
import { checkReferences } from './schema-references.js';

/** What the language's parts say about themselves; parts with an `id` become `$defs`. */
export const languageRegistry = z.registry<{ id?: string; description?: string; title?: string }>();

const describe = <T extends z.ZodType>(schema: T, description: string): T => {
  languageRegistry.add(schema, { description });
  return schema;
};
const name = (schema: z.ZodType, id: string, description: string): void => {
  languageRegistry.add(schema, { id, description });
};

/**
 * Unions whose branch is chosen by the keys of the value (an expression's operator, a
 * condition's test). Their issues carry the union's name, so `schema-issues.ts` can report
 * the branch the author meant instead of every branch that failed.
 */
export const KEYED_UNIONS = new Map<string, readonly z.ZodType[]>();
export const UNION_TAG = '\u0000union:';
const keyed = (union: string) => ({
  error: (issue: z.core.$ZodRawIssue) => (issue.code === 'invalid_union' ? `${UNION_TAG}${union}` : undefined),
});

// ---------------------------------------------------------------- words

/** Keys are joined into dotted paths, so they are plain names. */
export const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
/** A fresh schema each time, so that describing one use describes no other. */
const key = () => z.string().regex(KEY_PATTERN, { error: 'a key is a letter followed by letters, digits or _' });
const path = describe(
  z.string().min(1),
  'A dot-joined path into the data (`org_committee.score`), or the key of a computed value; inside a row, a column of the row.',
);
const whole = (min: number) => z.int().min(min);
const nonBlank = z.string().min(1).refine((s) => s.trim() !== '', { error: 'must not be empty' });

export const textSchema = z.strictObject({ zh: nonBlank, en: nonBlank });
name(
  textSchema,
  'Text',
  'Every human-facing string: Chinese first, English second. `{param:name}` in either stands for the value of the parameter `name`.',
);

export const scalarSchema = z.union([z.string(), z.number(), z.boolean()], { error: 'must be text, a number or true/false' });
name(scalarSchema, 'Scalar', 'A value a condition can compare with.');

// ---------------------------------------------------------------- expressions and conditions

/** The field types whose values `sum` adds: numbers, and the score of a score item. */
export const SUMMABLE_TYPES = ['integer', 'money', 'score'] as const;

export const comparisonSchema = z.union(
  [
    z.strictObject({ get lt() { return z.tuple([exprSchema, exprSchema]); } }),
    z.strictObject({ get lte() { return z.tuple([exprSchema, exprSchema]); } }),
    z.strictObject({ get gt() { return z.tuple([exprSchema, exprSchema]); } }),
    z.strictObject({ get gte() { return z.tuple([exprSchema, exprSchema]); } }),
    z.strictObject({ get eq() { return z.tuple([exprSchema, exprSchema]); } }),
    z.strictObject({ get ne() { return z.tuple([exprSchema, exprSchema]); } }),
  ],
  keyed('Comparison'),
);
name(
  comparisonSchema,
  'Comparison',
  'Comparing two expressions. Ordering needs two numbers or two strings (ISO dates order as strings); `eq` and `ne` compare any two values. An empty operand leaves it undecided.',
);

export const conditionSchema = z.union(
  [
    z.strictObject({ field: path, equals: scalarSchema }),
    z.strictObject({ field: path, in: z.array(scalarSchema) }),
    z.strictObject({ field: path, gte: z.number() }),
    z.strictObject({ field: path, filled: z.boolean() }),
    z.strictObject({ get expr() { return comparisonSchema; } }),
    z.strictObject({ get all() { return z.array(conditionSchema); } }),
    z.strictObject({ get any() { return z.array(conditionSchema); } }),
    z.strictObject({ get not() { return conditionSchema; } }),
  ],
  keyed('Condition'),
);
name(
  conditionSchema,
  'Condition',
  'A condition, three-valued: `equals`, `in` and `gte` are undecided while the field is empty (for `gte`, not a number); `filled` always decides; one false decides `all`, one true decides `any`. `when`, `if` and `where` act only on a condition that holds; an assertion fails only on one decided false.',
);

export const exprSchema = z.union(
  [
    scalarSchema,
    z.null(),
    z.strictObject({ field: path }),
    z.strictObject({ param: key() }),
    z.strictObject({ get add() { return z.array(exprSchema); } }),
    z.strictObject({ get mul() { return z.array(exprSchema); } }),
    z.strictObject({ get sub() { return z.tuple([exprSchema, exprSchema]); } }),
    z.strictObject({ get div() { return z.tuple([exprSchema, exprSchema]); } }),
    z.strictObject({ get floor() { return exprSchema; } }),
    z.strictObject({ get ceil() { return exprSchema; } }),
    z.strictObject({ get min() { return z.array(exprSchema); } }),
    z.strictObject({ get max() { return z.array(exprSchema); } }),
    z.strictObject({ rows: key(), get where() { return conditionSchema.optional(); } }),
    z.strictObject({
      get sumRows() {
        return z.strictObject({ group: key(), column: key(), where: conditionSchema.optional() });
      },
    }),
    z.strictObject({ sum: z.strictObject({ of: z.enum(SUMMABLE_TYPES), section: key().optional() }) }),
    z.strictObject({
      get if() { return conditionSchema; },
      get then() { return exprSchema; },
      get else() { return exprSchema; },
    }),
    z.strictObject({
      get bands() { return exprSchema; },
      of: z.array(z.strictObject({ min: z.number(), value: scalarSchema })).min(1, { error: 'bands needs at least one { min, value }' }),
    }),
    z.strictObject({ get test() { return conditionSchema; } }),
  ],
  keyed('Expr'),
);
name(
  exprSchema,
  'Expr',
  [
    'An expression: a scalar, null, or one operator.',
    '`field` reads a path in the data or an earlier computed value (inside a row: a column); `param` a parameter.',
    '`add` and `mul` take any number of operands (`add: []` is 0), `sub` and `div` two (dividing by zero gives null);',
    '`rows` counts a group’s rows and `sumRows` adds a column (`where`: only those rows);',
    '`sum` adds every field of a type (`of`: integer, money or score, a score item counting its score) in a section, or in the form without `section`, and is null until each of them is filled;',
    '`bands` gives the value of the band with the highest `min` not above its operand; `test` is a condition as a value.',
    'An empty or non-numeric operand gives null instead of an error.',
  ].join(' '),
);

KEYED_UNIONS.set('Expr', exprSchema.options);
KEYED_UNIONS.set('Condition', conditionSchema.options);
KEYED_UNIONS.set('Comparison', comparisonSchema.options);

// ---------------------------------------------------------------- fields

export const STARTERS = ['submitter', 'member'] as const;
export const starterSchema = describe(
  z.enum(STARTERS),
  'Who may start a submission: `submitter`, a grassroots union’s own draft; `member`, a union member with a one-time code and no account.',
);

export const fieldSourceSchema = describe(
  z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('roundTally'),
      purpose: z.literal('evaluation'),
      tally: z.enum(['answers', 'satisfied', 'basic', 'unsatisfied']),
    }),
    z.strictObject({ kind: z.literal('orgStreet') }),
  ]),
  [
    'Where the server takes a value from. `roundTally`, for a read-only field: the tally of the 会员评家 rounds opened for the submission, copied in at submit.',
    '`orgStreet`, for a choice a submitter fills whose options are streets by their organisation’s id: the option on the submitting organisation’s path in the tree, set in a new draft that leaves it empty, and the only value a submit accepts (no check for an organisation under none of them).',
  ].join(' '),
);

export const choiceOptionSchema = z.strictObject({ value: z.string().min(1), label: textSchema });

const fieldBase = z.strictObject({
  key: describe(key(), 'The key in `data`; stable across versions of the form.'),
  label: textSchema,
  help: textSchema.optional(),
  required: describe(z.boolean().optional(), 'Required on submit (drafts may leave anything empty); with `when`, only while shown.'),
  readOnly: describe(
    z.boolean().optional(),
    'Set only by the server: a client’s copy is dropped, the stored value kept. Never required, never inside a group.',
  ),
  source: fieldSourceSchema.optional(),
  when: describe(
    conditionSchema.optional(),
    'Shown, and required, only while this holds. A hidden field is not required, the rules reading it are skipped, its value is left out of what is submitted and reads as empty to the conditions after it.',
  ),
});
const length = { maxLength: whole(1).optional(), minLength: whole(0).optional() };
const bounds = { min: z.int().optional(), max: z.int().optional() };

export const fieldDeclSchema = z.discriminatedUnion(
  'type',
  [
    fieldBase.extend({ type: z.literal('text'), ...length }),
    fieldBase.extend({ type: z.literal('longtext'), ...length }),
    fieldBase.extend({ type: z.literal('integer'), ...bounds }),
    fieldBase.extend({ type: z.literal('money'), ...bounds }),
    fieldBase.extend({ type: z.literal('choice'), options: z.array(choiceOptionSchema).min(1, { error: 'a choice needs options' }) }),
    fieldBase.extend({ type: z.literal('flag') }),
    fieldBase.extend({ type: z.literal('date') }),
    fieldBase.extend({ type: z.literal('creditCode') }),
    fieldBase.extend({ type: z.literal('mobile') }),
    fieldBase.extend({ type: z.literal('declaration'), statement: textSchema }),
    fieldBase.extend({
      type: z.literal('group'),
      get fields() { return z.array(fieldDeclSchema); },
      minRows: whole(0).optional(),
      maxRows: whole(1).optional(),
    }),
    fieldBase.extend({ type: z.literal('attachment'), maxFiles: whole(1).optional(), accept: z.array(z.string().min(1)).optional() }),
    fieldBase.extend({ type: z.literal('score'), max: whole(1), noteRequired: z.boolean().optional() }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union' ? `unknown field type ${JSON.stringify((issue.input as { type?: unknown })?.type)}` : undefined,
  },
);
name(
  fieldDeclSchema,
  'FieldDecl',
  [
    'A field, by `type`: text and longtext; integer; money (whole fen, shown as yuan); choice (one of `options`); flag; date (YYYY-MM-DD, Asia/Shanghai);',
    'creditCode (统一社会信用代码, 18 characters with the GB 32100-2015 check character); mobile (11 digits, 13–19); declaration (a box to tick, stating `statement`);',
    'group (rows of the nested `fields`); attachment (references to uploaded files; `accept` lists content types, `image/*` any image);',
    'score (`{ score: 0..max, note?, attachments? }`; `noteRequired`: the evidence note is required on submit).',
  ].join(' '),
);
export const FIELD_TYPES = fieldDeclSchema.options.map((o) => o.shape.type.value);

export const sectionDeclSchema = z.strictObject({
  key: key(),
  title: textSchema,
  help: textSchema.optional(),
  when: describe(conditionSchema.optional(), 'Shown, and its required fields required, only while this holds.'),
  fields: z.array(fieldDeclSchema),
});
name(sectionDeclSchema, 'SectionDecl', 'A titled group of fields, as people see them; data stays flat.');

// ---------------------------------------------------------------- rules, computed values, parameters

const ruleBase = {
  when: describe(conditionSchema.optional(), 'The rule applies only while this holds.'),
  message: textSchema,
  severity: describe(z.enum(['error', 'warning']).optional(), '`warning` reports without blocking a submit.'),
};

export const ruleDeclSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ ...ruleBase, kind: z.literal('requiredWhen'), field: path }),
    z.strictObject({ ...ruleBase, kind: z.literal('equalsWhen'), field: path, value: scalarSchema }),
    z.strictObject({ ...ruleBase, kind: z.literal('lte'), field: path, other: path }),
    z.strictObject({ ...ruleBase, kind: z.literal('sumEquals'), group: key(), column: key(), total: path }),
    z.strictObject({ ...ruleBase, kind: z.literal('differs'), field: path, other: path }),
    z.strictObject({ ...ruleBase, kind: z.literal('dateAfterToday'), field: path }),
    z.strictObject({ ...ruleBase, kind: z.literal('assert'), field: path, that: conditionSchema }),
    z.strictObject({ ...ruleBase, kind: z.literal('rowAssert'), group: key(), column: key(), that: conditionSchema }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union' ? `unknown rule kind ${JSON.stringify((issue.input as { kind?: unknown })?.kind)}` : undefined,
  },
);
name(
  ruleDeclSchema,
  'RuleDecl',
  [
    'A rule across fields, by `kind`, reported on one path (`field`; for sumEquals the `total`; for rowAssert `group.<row>.column`):',
    'requiredWhen, equalsWhen (`value`), lte (`field` ≤ `other`), sumEquals (the `column` of `group` adds up to `total`), differs (two names of different people),',
    'dateAfterToday, assert (`that` holds; it sees the data, computed values and parameters), rowAssert (`that` holds in every row; it sees the row’s columns and the parameters).',
    'A rule fails only when its condition is decided false, and is skipped while a field it reads is hidden.',
  ].join(' '),
);
export const RULE_KINDS = ruleDeclSchema.options.map((o) => o.shape.kind.value);

export const COMPUTED_FORMATS = ['integer', 'money', 'percent', 'text', 'flag'] as const;
export const computedDeclSchema = z.strictObject({
  key: key(),
  label: textSchema,
  expr: exprSchema,
  format: describe(z.enum(COMPUTED_FORMATS).optional(), 'How the value is shown: `percent` is a number of percentage points (85.7 = 85.7 %).'),
  options: describe(
    z.array(choiceOptionSchema).min(1).optional(),
    'For a text value: the words shown for each value it can take, as a choice’s options are (a grade `excellent` shows as 优秀 / Excellent). Every value `bands` can give must have one.',
  ),
});
name(
  computedDeclSchema,
  'ComputedDecl',
  'A value the server computes from the data, in declaration order (so `expr` may read earlier ones by key); anything a client sends for it is dropped.',
);

export const paramDeclSchema = z.strictObject({ label: textSchema, help: textSchema.optional(), value: z.number() });
name(paramDeclSchema, 'ParamDecl', 'A configurable number (a threshold, an allowance), read by `{ param: name }` and `{param:name}` in texts.');

// ---------------------------------------------------------------- the declaration

/** The structure of a declaration, without the checks of what it refers to. */
export const formDeclarationShape = z.strictObject({
  id: z.string().min(1),
  version: whole(1),
  title: textSchema,
  description: textSchema.optional(),
  startedBy: describe(z.array(starterSchema).min(1).optional(), 'Who may start one; absent: `["submitter"]`.'),
  sections: z.array(sectionDeclSchema),
  rules: z.array(ruleDeclSchema),
  computed: z.array(computedDeclSchema),
  params: describe(z.record(key(), paramDeclSchema).optional(), 'Part of the version: changing a threshold publishes a new version of the form.'),
  example: describe(
    z.record(z.string(), z.unknown()),
    'A complete, valid example of the data, which must pass the form; `{ "$today": n }` stands for the date n days after the day it is made for.',
  ),
});
languageRegistry.add(formDeclarationShape, {
  title: 'unionflow form declaration',
  description: 'A form: sections of typed fields, rules across fields, computed values, parameters and a valid example.',
});

/** A declaration, checked completely: its structure, then what it refers to. */
export const formDeclarationSchema = formDeclarationShape.superRefine(checkReferences);

let jsonSchema: string | undefined;

/** The JSON Schema (draft 2020-12) of a declaration's structure; the references are not in it. */
export function declarationJsonSchema(): Record<string, unknown> {
  jsonSchema ??= JSON.stringify(
    z.toJSONSchema(formDeclarationShape, { target: 'draft-2020-12', metadata: languageRegistry, cycles: 'ref', reused: 'inline' }),
  );
  return JSON.parse(jsonSchema) as Record<string, unknown>;
}
