/**
 * The forms' shared language as a workflow declaration uses it: bilingual text, and the
 * condition and expression language that forms/expressions.ts evaluates. The schemas are the
 * forms' own (forms/schema.ts), so whatever a workflow declares here is a condition the
 * forms' checker and evaluator read, and there is one definition of it.
 */
export {
  conditionSchema as ConditionSchema,
  exprSchema as ExprSchema,
  scalarSchema as ScalarSchema,
  textSchema as TextSchema,
} from '../forms/schema.js';
