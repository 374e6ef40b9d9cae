/**
 * Expressions and conditions: the JSON language computed values, rules and conditional
 * sections are written in (evaluated by `expressions.ts`). JSON, not functions, so a
 * declaration can be stored, compared and published as data.
 *
 * Unknown values propagate instead of throwing: an expression whose operand is empty or not
 * a number gives `null`, and a comparison with such an operand is undecided. `when`, `if`
 * and `where` act only on a condition that holds; an `assert` reports only one that fails.
 */

/** A value a condition can compare with. */
export type Scalar = string | number | boolean;

/**
 * An expression. `field` reads a dot-joined path (`org_committee.score`) in the data, or an
 * earlier computed value by its key; inside a row (`where`, `rowAssert`) it reads the row's
 * columns. `param` reads a declared parameter.
 */
export type Expr =
  | Scalar
  | null
  | { field: string }
  | { param: string }
  /** Sum and product of any number of operands (`add: []` is 0, `mul: []` is 1). */
  | { add: Expr[] }
  | { mul: Expr[] }
  | { sub: [Expr, Expr] }
  /** `null` when dividing by zero. */
  | { div: [Expr, Expr] }
  | { floor: Expr }
  | { ceil: Expr }
  | { min: Expr[] }
  | { max: Expr[] }
  /** How many rows a repeating group has (`where`: only those rows); an empty group has 0. */
  | { rows: string; where?: Condition }
  /** The sum of a column over a group's rows (`where`: only those rows); empty cells add nothing. */
  | { sumRows: { group: string; column: string; where?: Condition } }
  | { if: Condition; then: Expr; else: Expr }
  /**
   * Grade bands: the `value` of the band with the highest `min` not above the operand
   * (order does not matter); `null` below every band.
   */
  | { bands: Expr; of: { min: number; value: Scalar }[] }
  /** A condition as a value: true, false, or null while undecided. */
  | { test: Condition };

/**
 * Comparing two expressions. Ordering needs two numbers or two strings (ISO dates order as
 * strings); `eq` and `ne` compare any two values. An empty operand leaves it undecided.
 */
export type Comparison =
  | { lt: [Expr, Expr] }
  | { lte: [Expr, Expr] }
  | { gt: [Expr, Expr] }
  | { gte: [Expr, Expr] }
  | { eq: [Expr, Expr] }
  | { ne: [Expr, Expr] };

/**
 * A condition. `field` is a path as in `Expr`. `equals`, `in` and `gte` are undecided while
 * the field is empty (or, for `gte`, not a number); `filled` always decides. `all`, `any`
 * and `not` follow three-valued logic (one false decides `all`, one true decides `any`).
 */
export type Condition =
  | { field: string; equals: Scalar }
  | { field: string; in: Scalar[] }
  | { field: string; gte: number }
  | { field: string; filled: boolean }
  | { expr: Comparison }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };
