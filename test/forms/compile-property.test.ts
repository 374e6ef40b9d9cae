/**
 * Whatever a client sends, validation answers with issues; it never throws. A JSON body is
 * always judged by the form's own checks: the catch-all "could not be validated" issue (what
 * a validator that throws is turned into) is never the answer to one.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { compileForm } from '../../forms/compile.js';
import { MSG } from '../../forms/compile-issues.js';
import type { ValidationResult } from '../../forms/language.js';
import { DECLARATIONS, getForm } from '../../forms/registry.js';
import { TODAY, sample } from './sample-form.js';

const registration = getForm('union-registration')!;
const forms = [compileForm(sample), ...DECLARATIONS.map((d) => getForm(d.id)!)];
const form = fc.constantFrom(...forms);

/** Keys that are dangerous or confusing as object keys, mixed with real field keys. */
const key = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'),
  fc.constantFrom('name', 'count', 'items', 'employees', 'coveredEnterprises', 'kind', 'due', 'double', 'isFederation'),
  fc.constantFrom('files', 'rating', 'serverRef', 'org_committee', 'evalAnswers', 'members', 'notable', 'findings', 'assets'),
  fc.string(),
);

/** Arbitrary JSON as a client could send it: JSON.parse makes `__proto__` an own key. */
const jsonInput = fc
  .dictionary(key, fc.jsonValue({ maxDepth: 6 }), { maxKeys: 8 })
  .map((o) => JSON.parse(JSON.stringify(o)) as unknown);

/** Any JSON a request body can hold: objects with odd keys, and bare values. */
const jsonBody = fc.oneof(jsonInput, fc.jsonValue());
/** Beyond JSON: Maps, Sets, Dates, class instances (only a caller inside the server passes these). */
const anyInput = fc.oneof(jsonBody, fc.anything({ maxDepth: 4, withMap: true, withSet: true, withDate: true }));

/** Near-valid data: an example with some fields replaced by junk, to reach deeper checks. */
const mutatedExample = fc
  .tuple(form, fc.dictionary(key, fc.jsonValue({ maxDepth: 4 }), { maxKeys: 4 }))
  .map(([f, junk]) => ({ f, data: JSON.parse(JSON.stringify({ ...f.decl.example(TODAY), ...junk })) as unknown }));

/** The issue a throw inside validation becomes: the form's checks did not run to the end. */
const isInternal = (i: { path: string; message: { zh: string; en: string } }) =>
  i.path === '' && i.message.zh === MSG.internal.zh && i.message.en === MSG.internal.en;

function wellFormed(r: ValidationResult): boolean {
  if (r.ok) return typeof r.data === 'object' && Array.isArray(r.warnings);
  return (
    r.issues.length > 0 &&
    r.issues.every((i) => typeof i.path === 'string' && typeof i.message.zh === 'string' && typeof i.message.en === 'string') &&
    new Set(r.issues.map((i) => i.path)).size === r.issues.length
  );
}

/** Well-formed, and answered by the form's checks rather than by the catch-all. */
function judged(r: ValidationResult): boolean {
  return wellFormed(r) && (r.ok || !r.issues.some(isInternal));
}

describe('hostile input', () => {
  it('validateDraft judges any JSON body by the form’s checks', () => {
    fc.assert(fc.property(form, jsonBody, (f, input) => judged(f.validateDraft(input))), { numRuns: 400 });
  });

  it('validateDraft answers any input with a well-formed result', () => {
    fc.assert(fc.property(form, anyInput, (f, input) => wellFormed(f.validateDraft(input))), { numRuns: 200 });
  });

  it('validateDraft judges near-valid data by the form’s checks', () => {
    fc.assert(fc.property(mutatedExample, ({ f, data }) => judged(f.validateDraft(data))), { numRuns: 200 });
  });

  it('validateSubmit judges any JSON body by the form’s checks', () => {
    fc.assert(fc.property(form, jsonBody, fc.string(), (f, input, today) => judged(f.validateSubmit(input, today))), {
      numRuns: 400,
    });
  });

  it('validateSubmit answers any input with a well-formed result', () => {
    fc.assert(fc.property(form, anyInput, fc.string(), (f, input, today) => wellFormed(f.validateSubmit(input, today))), {
      numRuns: 200,
    });
  });

  it('validateSubmit judges near-valid data by the form’s checks', () => {
    fc.assert(fc.property(mutatedExample, ({ f, data }) => judged(f.validateSubmit(data, TODAY))), { numRuns: 400 });
  });

  it('validateSubmit judges near-valid data against any stored JSON passed as the server’s', () => {
    fc.assert(fc.property(mutatedExample, jsonBody, ({ f, data }, server) => judged(f.validateSubmit(data, TODAY, server as never))), {
      numRuns: 300,
    });
  });

  it('validateSubmit answers near-valid data with any stored value passed as the server’s with a well-formed result', () => {
    fc.assert(fc.property(mutatedExample, anyInput, ({ f, data }, server) => wellFormed(f.validateSubmit(data, TODAY, server as never))), {
      numRuns: 100,
    });
  });

  it('the examples pass both validators', () => {
    for (const f of forms) {
      expect(f.validateDraft(f.decl.example(TODAY)).ok, f.decl.id).toBe(true);
      expect(f.validateSubmit(f.decl.example(TODAY), TODAY).ok, f.decl.id).toBe(true);
    }
  });

  it('computed gives only JSON scalars or null for near-valid data', () => {
    const scalar = (v: unknown) => v === null || ['string', 'boolean'].includes(typeof v) || (typeof v === 'number' && Number.isFinite(v));
    fc.assert(fc.property(mutatedExample, ({ f, data }) => Object.values(f.computed(data as Record<string, unknown>)).every(scalar)), {
      numRuns: 400,
    });
  });

  it('validation does not pollute Object.prototype', () => {
    fc.assert(
      fc.property(form, jsonInput, (f, input) => {
        const results = [f.validateDraft(input), f.validateSubmit(input, TODAY)];
        return results.every(judged) && Object.keys(Object.prototype).length === 0;
      }),
    );
  });

  it('computed answers any object without throwing', () => {
    fc.assert(fc.property(form, jsonInput, (f, input) => typeof f.computed(input as Record<string, unknown>) === 'object'));
  });

  it('jsonSchema answers any today string without throwing', () => {
    fc.assert(fc.property(form, fc.string(), (f, today) => typeof f.jsonSchema(today).title === 'string'), { numRuns: 50 });
  });

  it('validation survives a deeply nested value', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(judged(registration.validateSubmit({ coveredEnterprises: deep, plan: { deep } }, TODAY))).toBe(true);
  });

  it('validation survives an object whose getters throw', () => {
    const hostile = Object.defineProperty({}, 'name', {
      enumerable: true,
      get() {
        throw new Error('gotcha');
      },
    });
    expect(forms[0].validateSubmit(hostile, TODAY).ok).toBe(false);
  });

  it('returns a bounded number of issues for a huge junk list', () => {
    const r = registration.validateDraft({ coveredEnterprises: Array.from({ length: 5000 }, () => 'x') });
    expect(r.ok === false && r.issues.length <= 200 && judged(r)).toBe(true);
  });
});
