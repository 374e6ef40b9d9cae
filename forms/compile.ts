/**
 * compileForm: one FormDeclaration → the CompiledForm every route and test codes against.
 *
 * Submit validation is two passes over the same input, both always run so a submitter sees
 * every problem at once:
 *  1. the submit-shape Zod schema (types, bounds, required, formats, unknown keys); fields
 *     of sections with a `when` are only draft-checked here, because whether they are
 *     required depends on other fields;
 *  2. conditional sections that are shown, then the declaration's cross-field rules.
 * The shape schema alone (pass 1) is what jsonSchema() publishes.
 */
import { z } from 'zod';
import { MSG, dedupe, fromZodIssue } from './compile-issues.js';
import { conditionHolds, evaluateRules, checkDeclaration, own, type Data } from './compile-rules.js';
import { fieldSchema } from './compile-schemas.js';
import type { CompiledForm, FieldDecl, FormDeclaration, FormIssue, ValidationResult } from './language.js';

const PARSE = { reportInput: true } as const;

/** JSON objects only: arrays, Dates, Maps and class instances are not form data. */
function isPlainRecord(v: unknown): v is Data {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const failed = (issues: FormIssue[]): ValidationResult => ({ ok: false, issues: dedupe(issues) });
const notAnObject = (): ValidationResult => failed([{ path: '', message: MSG.notObject }]);

/** Catch-all so that no input, however odd (throwing getters, proxies), escapes as a throw. */
function guarded(run: () => ValidationResult): ValidationResult {
  try {
    return run();
  } catch {
    return failed([{ path: '', message: MSG.internal }]);
  }
}

/** Computed values must be JSON: undefined and non-finite numbers become null. */
function jsonValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v;
}

export function compileForm(decl: FormDeclaration): CompiledForm {
  checkDeclaration(decl);
  const fields: FieldDecl[] = decl.sections.flatMap((s) => s.fields);
  const computedKeys = new Set(decl.computed.map((c) => c.key));
  const conditional = decl.sections.filter((s) => s.when !== undefined);
  const conditionalKeys = new Set(conditional.flatMap((s) => s.fields.map((f) => f.key)));

  const shape = (pick: (f: FieldDecl) => z.ZodType) =>
    z.strictObject(Object.fromEntries(fields.map((f) => [f.key, pick(f)])));
  const draftSchema = shape((f) => fieldSchema(f, 'draft'));
  const submitShape = shape((f) => fieldSchema(f, conditionalKeys.has(f.key) ? 'draft' : 'submit'));
  const submitOfConditional = new Map(
    conditional.flatMap((s) => s.fields.map((f) => [f.key, fieldSchema(f, 'submit')] as const)),
  );

  /** The server owns computed values: a client's copy is dropped, not refused. */
  const withoutComputed = (data: Data): Data =>
    Object.fromEntries(Object.entries(data).filter(([k]) => !computedKeys.has(k)));

  const computed = (data: Data): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const c of decl.computed) {
      try {
        out[c.key] = jsonValue(c.compute(data));
      } catch {
        out[c.key] = null;
      }
    }
    return out;
  };

  const validateDraft = (input: unknown): ValidationResult =>
    guarded(() => {
      if (!isPlainRecord(input)) return notAnObject();
      const r = draftSchema.safeParse(withoutComputed(input), PARSE);
      if (!r.success) return failed(r.error.issues.flatMap((i) => fromZodIssue(i, fields)));
      return { ok: true, data: r.data as Data, warnings: [] };
    });

  const validateSubmit = (input: unknown, today: string): ValidationResult =>
    guarded(() => {
      if (!isPlainRecord(input)) return notAnObject();
      const data = withoutComputed(input);
      const issues: FormIssue[] = [];
      const r = submitShape.safeParse(data, PARSE);
      if (!r.success) issues.push(...r.error.issues.flatMap((i) => fromZodIssue(i, fields)));

      // Conditions may name computed values (e.g. "is a federation"), so they see both.
      const view: Data = { ...data, ...computed(data) };
      const hidden = new Set<string>();
      for (const section of conditional) {
        const shown = conditionHolds(section.when!, view);
        for (const f of section.fields) {
          if (!shown) {
            hidden.add(f.key);
            continue;
          }
          const fr = submitOfConditional.get(f.key)!.safeParse(own(data, f.key), PARSE);
          if (!fr.success) issues.push(...fr.error.issues.flatMap((i) => fromZodIssue(i, fields, [f.key])));
        }
      }
      const { errors, warnings } = evaluateRules(decl.rules, data, view, today, hidden);
      issues.push(...errors);
      if (issues.length > 0 || !r.success) return failed(issues);

      // Data of a hidden section (typed before the submitter changed, say, the kind) is
      // not part of what they submit, so it is not stored with the submission.
      const out = Object.fromEntries(Object.entries(r.data as Data).filter(([k]) => !hidden.has(k)));
      return { ok: true, data: out, warnings: dedupe(warnings) };
    });

  // The shape is fixed per compiled form; only the example depends on `today`.
  let baseSchema: string | undefined;
  const jsonSchema = (today: string): Record<string, unknown> => {
    let schema: Record<string, unknown>;
    try {
      baseSchema ??= JSON.stringify(z.toJSONSchema(submitShape, { target: 'draft-2020-12', unrepresentable: 'any' }));
      schema = JSON.parse(baseSchema) as Record<string, unknown>;
    } catch {
      schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' };
    }
    const properties = (schema.properties ?? {}) as Record<string, unknown>;
    for (const c of decl.computed) {
      // Listed so a client echoing them back is not surprised; the server ignores them.
      properties[c.key] = { title: `${c.label.zh} / ${c.label.en}`, readOnly: true };
    }
    schema.properties = properties;
    schema.title = `${decl.title.zh} / ${decl.title.en}`;
    if (decl.description) schema.description = `${decl.description.zh} / ${decl.description.en}`;
    try {
      schema.examples = [decl.example(today)];
    } catch {
      schema.examples = [];
    }
    return schema;
  };

  const definition = (): Record<string, unknown> =>
    // A JSON round trip drops functions and hands each caller its own copy.
    JSON.parse(
      JSON.stringify({
        id: decl.id,
        version: decl.version,
        title: decl.title,
        description: decl.description,
        sections: decl.sections,
        rules: decl.rules,
        computed: decl.computed.map((c) => ({ key: c.key, label: c.label })),
      }),
    ) as Record<string, unknown>;

  return {
    decl,
    validateDraft,
    validateSubmit,
    computed: (data) => computed(isPlainRecord(data) ? data : {}),
    jsonSchema,
    definition,
  };
}
