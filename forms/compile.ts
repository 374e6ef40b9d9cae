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
 *
 * The compiled form is a function of the declaration's JSON only: it compiles a JSON copy,
 * so a declaration read back from the database behaves exactly like the one in a file.
 * Computed and read-only values belong to the server: a client's copies are dropped.
 */
import { z } from 'zod';
import { checkDeclaration } from './compile-check.js';
import { resolveExample } from './compile-example.js';
import { MSG, dedupe, fromZodIssue } from './compile-issues.js';
import { evaluateRules } from './compile-rules.js';
import { fieldSchema } from './compile-schemas.js';
import { conditionHolds, evaluate, own, type Data } from './expressions.js';
import type {
  CompiledForm,
  ComputedFormat,
  FieldDecl,
  FormData,
  FormDeclaration,
  FormIssue,
  ValidationResult,
} from './language.js';

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

/** How a computed value appears in JSON Schema; every one may be null (not yet computable). */
const FORMAT_TYPE: Record<ComputedFormat, string> = {
  integer: 'integer',
  money: 'integer',
  percent: 'number',
  text: 'string',
  flag: 'boolean',
};

export function compileForm(declaration: FormDeclaration): CompiledForm {
  const frozen = JSON.stringify(declaration);
  const decl = JSON.parse(frozen) as FormDeclaration;
  const { ruleKeys } = checkDeclaration(decl);
  const fields: FieldDecl[] = decl.sections.flatMap((s) => s.fields);
  const params: Record<string, number> = Object.fromEntries(Object.entries(decl.params ?? {}).map(([k, p]) => [k, p.value]));
  const computedKeys = new Set(decl.computed.map((c) => c.key));
  const readOnlyKeys = new Set(fields.filter((f) => f.readOnly).map((f) => f.key));
  const conditional = decl.sections.filter((s) => s.when !== undefined);
  const conditionalKeys = new Set(conditional.flatMap((s) => s.fields.map((f) => f.key)));

  const shape = (pick: (f: FieldDecl) => z.ZodType) =>
    z.strictObject(Object.fromEntries(fields.map((f) => [f.key, pick(f)])));
  const draftSchema = shape((f) => fieldSchema(f, 'draft'));
  // Read-only values are never the submitter's to complete, so they are checked as drafts.
  const submitShape = shape((f) => fieldSchema(f, conditionalKeys.has(f.key) || f.readOnly ? 'draft' : 'submit'));
  const submitOfConditional = new Map(
    conditional.flatMap((s) => s.fields.map((f) => [f.key, fieldSchema(f, 'submit')] as const)),
  );

  /**
   * The server owns computed and read-only values: a client's copy is dropped, not refused
   * (a client echoing back what it was given is not wrong), and the stored read-only values
   * are carried over from `server`.
   */
  const clientData = (input: Data, server: FormData | undefined): Data => {
    // fromEntries defines keys, so a `__proto__` key stays a key (refused as unknown).
    const kept = Object.entries(input).filter(([k]) => !computedKeys.has(k) && !readOnlyKeys.has(k));
    const stored = isPlainRecord(server) ? [...readOnlyKeys].filter((k) => Object.hasOwn(server, k)) : [];
    return Object.fromEntries([...kept, ...stored.map((k) => [k, server![k]])]);
  };

  /** In declaration order, so each expression sees the values computed before it. */
  const computed = (data: Data): Record<string, unknown> => {
    const out: Record<string, unknown> = Object.fromEntries(decl.computed.map((c) => [c.key, null]));
    try {
      // A client's copies of computed keys must not stand in for the values computed here.
      const view: Data = Object.fromEntries(Object.entries(data).filter(([k]) => !computedKeys.has(k)));
      for (const c of decl.computed) {
        out[c.key] = evaluate(c.expr, { data: view, params });
        view[c.key] = out[c.key];
      }
    } catch {
      // evaluate does not throw on data; this guards against a hostile object (a throwing
      // getter): what could not be computed stays null.
    }
    return out;
  };

  const validateDraft = (input: unknown, server?: FormData): ValidationResult =>
    guarded(() => {
      if (!isPlainRecord(input)) return notAnObject();
      const r = draftSchema.safeParse(clientData(input, server), PARSE);
      if (!r.success) return failed(r.error.issues.flatMap((i) => fromZodIssue(i, fields)));
      return { ok: true, data: r.data as Data, warnings: [] };
    });

  const validateSubmit = (input: unknown, today: string, server?: FormData): ValidationResult =>
    guarded(() => {
      if (!isPlainRecord(input)) return notAnObject();
      const data = clientData(input, server);
      const issues: FormIssue[] = [];
      const r = submitShape.safeParse(data, PARSE);
      if (!r.success) issues.push(...r.error.issues.flatMap((i) => fromZodIssue(i, fields)));

      // Conditions may name computed values (e.g. "is a federation"), so they see both.
      const view: Data = { ...data, ...computed(data) };
      const hidden = new Set<string>();
      for (const section of conditional) {
        const shown = conditionHolds(section.when!, view, params);
        for (const f of section.fields) {
          if (!shown) {
            hidden.add(f.key);
            continue;
          }
          const fr = submitOfConditional.get(f.key)!.safeParse(own(data, f.key), PARSE);
          if (!fr.success) issues.push(...fr.error.issues.flatMap((i) => fromZodIssue(i, fields, [f.key])));
        }
      }
      const { errors, warnings } = evaluateRules(decl.rules, {
        view,
        params,
        today,
        hidden,
        keysOf: (rule) => ruleKeys.get(rule) ?? [],
      });
      issues.push(...errors);
      if (issues.length > 0 || !r.success) return failed(issues);

      // Data of a hidden section (typed before the submitter changed, say, the kind) is
      // not part of what they submit, so it is not stored with the submission.
      const out = Object.fromEntries(Object.entries(r.data as Data).filter(([k]) => !hidden.has(k)));
      return { ok: true, data: out, warnings: dedupe(warnings) };
    });

  const example = (today: string): FormData => resolveExample(decl.example, today);

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
      const type = c.format ? { type: [FORMAT_TYPE[c.format], 'null'] } : {};
      properties[c.key] = { title: `${c.label.zh} / ${c.label.en}`, readOnly: true, ...type };
    }
    schema.properties = properties;
    schema.title = `${decl.title.zh} / ${decl.title.en}`;
    if (decl.description) schema.description = `${decl.description.zh} / ${decl.description.en}`;
    try {
      schema.examples = [example(today)];
    } catch {
      schema.examples = [];
    }
    return schema;
  };

  // Each caller gets its own copy, so none can change what the form compiled from.
  const definition = (): FormDeclaration => JSON.parse(frozen) as FormDeclaration;

  return {
    decl: { ...definition(), example },
    validateDraft,
    validateSubmit,
    computed: (data) => computed(isPlainRecord(data) ? data : {}),
    example,
    jsonSchema,
    definition,
  };
}
