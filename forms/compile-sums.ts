/**
 * `{ sum: { of, section? } }` means the `add` of the fields it names: every top-level field of
 * type `of` in the section (or the form), a score item counting its `score`. The compiler
 * writes it out so, before anything is evaluated; so `sum` is null until every one of those
 * fields is filled, exactly like an `add` of them, and the rules reading it know which fields
 * it reads.
 */
import type { Expr, FieldDecl, FormDeclaration } from './language.js';

type Sum = { of: FieldDecl['type']; section?: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fieldsOf(decl: FormDeclaration, sum: Sum): Expr {
  const fields = sum.section === undefined ? decl.sections.flatMap((s) => s.fields) : (decl.sections.find((s) => s.key === sum.section)?.fields ?? []);
  return { add: fields.filter((f) => f.type === sum.of).map((f) => ({ field: f.type === 'score' ? `${f.key}.score` : f.key })) };
}

/** `node` (an expression, a condition, a rule) with every `sum` written out as an `add`. */
export function writeOutSums<T>(node: T, decl: FormDeclaration): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!isRecord(v)) return v;
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === 'sum' && isRecord(v.sum)) return fieldsOf(decl, v.sum as Sum);
    return Object.fromEntries(keys.map((k) => [k, walk(v[k])]));
  };
  return walk(node) as T;
}

/** The declaration with every `sum` of its expressions and conditions written out. */
export function withSumsWrittenOut(decl: FormDeclaration): FormDeclaration {
  return {
    ...decl,
    sections: decl.sections.map((s) => ({
      ...s,
      ...(s.when ? { when: writeOutSums(s.when, decl) } : {}),
      fields: s.fields.map((f) => (f.when ? { ...f, when: writeOutSums(f.when, decl) } : f)),
    })),
    rules: writeOutSums(decl.rules, decl),
    computed: decl.computed.map((c) => ({ ...c, expr: writeOutSums(c.expr, decl) })),
  };
}
