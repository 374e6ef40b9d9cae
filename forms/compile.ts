/**
 * compileForm: one declaration → the CompiledForm every route and test codes against.
 *
 * The declaration is parsed with the language's schema (`schema.ts`), which refuses any
 * mistake with its path; its texts get the values of the parameters they name (`texts.ts`);
 * its `sum`s are written out as the fields they add (`compile-sums.ts`); and its example must
 * then pass the compiled form, on a fixed reference day and on the `today` given.
 *
 * Submit validation is two passes over the same input, both always run so a submitter sees
 * every problem at once:
 *  1. the submit-shape Zod schema (types, bounds, required, formats, unknown keys); fields
 *     that are conditional (their own `when`, or their section's) are only draft-checked
 *     here, because whether they are required depends on other fields;
 *  2. conditional fields that are shown, then the declaration's cross-field rules.
 * The shape schema alone (pass 1) is what jsonSchema() publishes.
 *
 * The compiled form is a function of the declaration's JSON only: it compiles a JSON copy,
 * so a declaration read back from the database behaves exactly like the one in a file.
 * Computed and read-only values belong to the server: a client's copies are dropped.
 */
import * as z from 'zod';
import { resolveExample } from './compile-example.js';
import { MSG, dedupe, fromZodIssue } from './compile-issues.js';
import { evaluateRules, ruleReads } from './compile-rules.js';
import { fieldSchema, moneyMeta } from './compile-schemas.js';
import { withSumsWrittenOut } from './compile-sums.js';
import { conditionHolds, evaluate, own, type Data } from './expressions.js';
import type {
  CompiledDeclaration,
  CompiledForm,
  ComputedFormat,
  Condition,
  FieldDecl,
  FormData,
  FormDeclaration,
  FormIssue,
  RuleDecl,
  ValidationResult,
} from './language.js';
import { DeclarationError, formName, parseDeclaration, refuseTooDeep, type DeclarationIssue } from './schema-issues.js';
import { interpolate, mapTexts } from './texts.js';

export { DeclarationError, type DeclarationIssue } from './schema-issues.js';

export type CompileOptions = {
  /**
   * The day it is compiled on (YYYY-MM-DD, Asia/Shanghai): the example must pass on this day
   * too, so an example dated for this year does not fail the next. Publishing passes it; a
   * built-in form needs none (its tests check the example on the real day).
   */
  today?: string;
  /**
   * A version read back from the table: older texts and keys are read as `parseDeclaration`
   * says, and its example is not checked, so the submissions pinned to it stay usable.
   */
  stored?: boolean;
};

/** Every example passes on this day as well as on `today`. */
export const EXAMPLE_REFERENCE_DAY = '2025-06-01';

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

export function compileForm(declaration: unknown, options: CompileOptions = {}): CompiledForm {
  refuseTooDeep(declaration);
  const frozen = JSON.stringify(declaration) as string | undefined;
  const parsed = parseDeclaration(frozen === undefined ? declaration : JSON.parse(frozen), options);
  const params: Record<string, number> = Object.fromEntries(Object.entries(parsed.params ?? {}).map(([k, p]) => [k, p.value]));
  // What people read: every `{param:name}` replaced by its value.
  const shown = mapTexts(parsed, (t) => ({ zh: interpolate(t.zh, params), en: interpolate(t.en, params) }));
  // What runs: the same, with every `sum` written out as the fields it adds.
  const decl = withSumsWrittenOut(shown);
  const fields: FieldDecl[] = decl.sections.flatMap((s) => s.fields);
  const computedKeys = new Set(decl.computed.map((c) => c.key));
  const readOnlyKeys = new Set(fields.filter((f) => f.readOnly).map((f) => f.key));
  const fieldKeys = new Set(fields.map((f) => f.key));
  // Only fields can be hidden, so only they matter for skipping a rule.
  const ruleKeys = new Map<RuleDecl, string[]>(decl.rules.map((r) => [r, ruleReads(r).filter((k) => fieldKeys.has(k))]));
  /** Fields whose `when` or whose section's `when` decides whether they are shown, in order. */
  const conditional = decl.sections.flatMap((s) =>
    s.fields
      .filter((f) => s.when !== undefined || f.when !== undefined)
      .map((f) => ({ field: f, when: [s.when, f.when].filter((c): c is Condition => c !== undefined) })),
  );
  const conditionalKeys = new Set(conditional.map((c) => c.field.key));

  const shape = (pick: (f: FieldDecl) => z.ZodType) =>
    z.strictObject(Object.fromEntries(fields.map((f) => [f.key, pick(f)])));
  const draftSchema = shape((f) => fieldSchema(f, 'draft'));
  // Read-only values are never the submitter's to complete, so they are checked as drafts.
  const submitShape = shape((f) => fieldSchema(f, conditionalKeys.has(f.key) || f.readOnly ? 'draft' : 'submit'));
  const submitOfConditional = new Map(conditional.map(({ field: f }) => [f.key, fieldSchema(f, 'submit')] as const));

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

      // Conditions may name computed values (e.g. "is a federation"), so they see both. A
      // hidden field reads as empty to every `when` after it, so its stale value shows nothing.
      const view: Data = { ...data, ...computed(data) };
      const visible: Data = { ...view };
      const hidden = new Set<string>();
      for (const { field: f, when } of conditional) {
        if (!when.every((c) => conditionHolds(c, visible, params))) {
          hidden.add(f.key);
          delete visible[f.key];
          continue;
        }
        const fr = submitOfConditional.get(f.key)!.safeParse(own(data, f.key), PARSE);
        if (!fr.success) issues.push(...fr.error.issues.flatMap((i) => fromZodIssue(i, fields, [f.key])));
      }
      const { errors, warnings } = evaluateRules(decl.rules, {
        view,
        shown: visible,
        params,
        today,
        hidden,
        keysOf: (rule) => ruleKeys.get(rule) ?? [],
      });
      issues.push(...errors);
      if (issues.length > 0 || !r.success) return failed(issues);

      // Data of a hidden field (typed before the submitter changed, say, the kind) is not
      // part of what they submit, so it is not stored with the submission.
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
      const unit = c.format === 'money' ? moneyMeta() : {};
      properties[c.key] = { title: `${c.label.zh} / ${c.label.en}`, ...unit, readOnly: true, ...type };
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
  const definition = (): FormDeclaration => JSON.parse(frozen!) as FormDeclaration;

  const form: CompiledForm = {
    decl: { ...(JSON.parse(JSON.stringify(shown)) as FormDeclaration), example } satisfies CompiledDeclaration,
    validateDraft,
    validateSubmit,
    computed: (data) => computed(isPlainRecord(data) ? data : {}),
    example,
    jsonSchema,
    definition,
  };
  if (!options.stored) checkExample(form, formName(parsed), options.today);
  return form;
}

/** The example must pass its own form, on the reference day and on `today`. */
function checkExample(form: CompiledForm, name: string, today: string | undefined): void {
  const days = [...new Set([EXAMPLE_REFERENCE_DAY, ...(today === undefined ? [] : [today])])];
  const issues: DeclarationIssue[] = [];
  for (const day of days) {
    let r: ValidationResult;
    try {
      r = form.validateSubmit(form.example(day), day);
    } catch (e) {
      issues.push({ path: 'example', message: `cannot be made for ${day}: ${(e as Error).message}` });
      continue;
    }
    if (r.ok) continue;
    for (const i of r.issues) {
      const path = i.path === '' ? 'example' : `example.${i.path}`;
      if (!issues.some((seen) => seen.path === path)) issues.push({ path, message: `${i.message.en} (on ${day})` });
    }
  }
  if (issues.length > 0) throw new DeclarationError(name, issues);
}
