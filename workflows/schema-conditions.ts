/**
 * Zod schemas of the forms' shared language as a workflow declaration uses it: bilingual
 * text, and the condition and expression language of forms/language-expressions.ts, which
 * forms/expressions.ts evaluates. Each schema is typed by the forms' own type, so whatever a
 * workflow declares here is a condition the forms' evaluator reads.
 */
import { z } from 'zod';
import type { Comparison, Condition, Expr, Scalar, Text } from '../forms/language.js';

export const TextSchema: z.ZodType<Text> = z
  .strictObject({ zh: z.string().min(1), en: z.string().min(1) })
  .meta({ id: 'Text', description: 'Human-facing text: Chinese first, English second' });

export const ScalarSchema: z.ZodType<Scalar> = z.union([z.string(), z.number(), z.boolean()]);

/** A dot-joined path into the data (`org_committee.score`), or inside a row one of its columns. */
const path = z.string().min(1);
const pair = () => z.tuple([ExprSchema, ExprSchema]);

export const ExprSchema: z.ZodType<Expr> = z
  .lazy(() =>
    z.union([
      ScalarSchema,
      z.null(),
      z.strictObject({ field: path }),
      z.strictObject({ param: z.string().min(1) }),
      z.strictObject({ add: z.array(ExprSchema) }),
      z.strictObject({ mul: z.array(ExprSchema) }),
      z.strictObject({ sub: pair() }),
      z.strictObject({ div: pair() }),
      z.strictObject({ floor: ExprSchema }),
      z.strictObject({ ceil: ExprSchema }),
      z.strictObject({ min: z.array(ExprSchema) }),
      z.strictObject({ max: z.array(ExprSchema) }),
      z.strictObject({ rows: path, where: ConditionSchema.optional() }),
      z.strictObject({ sumRows: z.strictObject({ group: path, column: path, where: ConditionSchema.optional() }) }),
      z.strictObject({ if: ConditionSchema, then: ExprSchema, else: ExprSchema }),
      z.strictObject({ bands: ExprSchema, of: z.array(z.strictObject({ min: z.number(), value: ScalarSchema })).min(1) }),
      z.strictObject({ test: ConditionSchema }),
    ]),
  )
  .meta({ id: 'Expr', description: 'An expression of the forms’ language (forms/language-expressions.ts)' });

const ComparisonSchema: z.ZodType<Comparison> = z.union([
  z.strictObject({ lt: pair() }),
  z.strictObject({ lte: pair() }),
  z.strictObject({ gt: pair() }),
  z.strictObject({ gte: pair() }),
  z.strictObject({ eq: pair() }),
  z.strictObject({ ne: pair() }),
]);

export const ConditionSchema: z.ZodType<Condition> = z
  .lazy(() =>
    z.union([
      z.strictObject({ field: path, equals: ScalarSchema }),
      z.strictObject({ field: path, in: z.array(ScalarSchema) }),
      z.strictObject({ field: path, gte: z.number() }),
      z.strictObject({ field: path, filled: z.boolean() }),
      z.strictObject({ expr: ComparisonSchema }),
      z.strictObject({ all: z.array(ConditionSchema) }),
      z.strictObject({ any: z.array(ConditionSchema) }),
      z.strictObject({ not: ConditionSchema }),
    ]),
  )
  .meta({ id: 'Condition', description: 'A condition of the forms’ language (forms/language-expressions.ts)' });
