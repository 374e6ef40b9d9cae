/** A declaration is data that may come from the database: compileForm refuses a broken one. */
import { describe, it, expect } from 'vitest';
import { compileForm } from '../../forms/compile.js';
import { startersOf } from '../../forms/language.js';
import type { ComputedDecl, FieldDecl, FormDeclaration, RuleDecl } from '../../forms/language.js';
import { sample } from './sample-form.js';

const msg = { zh: '消息', en: 'Message' };
const label = { zh: '标签', en: 'Label' };
const withRules = (...rules: unknown[]) => ({ ...sample, rules: rules as RuleDecl[] });
const withComputed = (...computed: unknown[]) => ({ ...sample, computed: computed as ComputedDecl[] });
const withFields = (...fields: unknown[]): FormDeclaration => ({
  ...sample,
  sections: [{ key: 'only', title: label, fields: fields as FieldDecl[] }],
  rules: [],
  computed: [],
});
const compiles = (decl: unknown) => () => compileForm(decl as FormDeclaration);

describe('compileForm refuses', () => {
  it('a computed value reading one declared after it', () => {
    const computed = withComputed({ key: 'a', label, expr: { field: 'b' } }, { key: 'b', label, expr: 1 });
    expect(compiles(computed)).toThrow(/computed a: unknown field b/);
  });

  it('a computed value reading itself', () => {
    expect(compiles(withComputed({ key: 'a', label, expr: { add: [{ field: 'a' }, 1] } }))).toThrow(/unknown field a/);
  });

  it('an unknown operator', () => {
    expect(compiles(withComputed({ key: 'a', label, expr: { pow: [2, 3] } }))).toThrow(/exactly one operator/);
  });

  it('an expression with two operators', () => {
    expect(compiles(withComputed({ key: 'a', label, expr: { add: [1], mul: [2] } }))).toThrow(/exactly one operator/);
  });

  it('an operator with a key it does not take', () => {
    expect(compiles(withComputed({ key: 'a', label, expr: { floor: 1.5, where: {} } }))).toThrow(/floor takes no where/);
  });

  it('an if without else', () => {
    expect(compiles(withComputed({ key: 'a', label, expr: { if: { field: 'count', gte: 1 }, then: 1 } }))).toThrow(/if needs else/);
  });

  it('a division with three operands', () => {
    expect(compiles(withComputed({ key: 'a', label, expr: { div: [1, 2, 3] } }))).toThrow(/div takes 2 operands/);
  });

  it('an unknown parameter', () => {
    expect(compiles(withComputed({ key: 'a', label, expr: { param: 'nope' } }))).toThrow(/unknown param nope/);
  });

  it('rows of a field that is not a group', () => {
    expect(compiles(withComputed({ key: 'a', label, expr: { rows: 'count' } }))).toThrow(/count is not a repeating group/);
  });

  it('a sum over a column the group does not have', () => {
    expect(compiles(withComputed({ key: 'a', label, expr: { sumRows: { group: 'items', column: 'price' } } }))).toThrow(
      /price is not a column of items/,
    );
  });

  it('a row condition naming a top-level field instead of a column', () => {
    const expr = { rows: 'items', where: { field: 'count', gte: 1 } };
    expect(compiles(withComputed({ key: 'a', label, expr }))).toThrow(/where: unknown field count/);
  });

  it('a path into a score item that is not one of its parts', () => {
    expect(compiles(withComputed({ key: 'a', label, expr: { field: 'rating.grade' } }))).toThrow(/not a part of a score item/);
  });

  it('bands without any band', () => {
    expect(compiles(withComputed({ key: 'a', label, expr: { bands: 1, of: [] } }))).toThrow(/bands needs/);
  });

  it('an expression nested too deeply', () => {
    let expr: unknown = 1;
    for (let i = 0; i < 40; i++) expr = { floor: expr };
    expect(compiles(withComputed({ key: 'a', label, expr }))).toThrow(/nested too deeply/);
  });

  it('a computed value without an expression (a function, say)', () => {
    expect(compiles(withComputed({ key: 'a', label, compute: () => 1 }))).toThrow(/is not an expression/);
  });

  it('an unknown computed format', () => {
    expect(compiles(withComputed({ key: 'a', label, expr: 1, format: 'date' }))).toThrow(/unknown format date/);
  });

  it('a condition with two tests', () => {
    expect(compiles(withRules({ kind: 'assert', field: 'count', that: { field: 'count', gte: 1, equals: 2 }, message: msg }))).toThrow(
      /condition/,
    );
  });

  it('a comparison that is not one of lt, lte, gt, gte, eq, ne', () => {
    expect(compiles(withRules({ kind: 'assert', field: 'count', that: { expr: { like: [1, 2] } }, message: msg }))).toThrow(
      /expr takes one of/,
    );
  });

  it('an unknown rule kind', () => {
    expect(compiles(withRules({ kind: 'regex', field: 'name', message: msg }))).toThrow(/unknown rule kind regex/);
  });

  it('a rule reported on a computed value', () => {
    expect(compiles(withRules({ kind: 'assert', field: 'double', that: { field: 'count', gte: 1 }, message: msg }))).toThrow(
      /unknown field double/,
    );
  });

  it('a rule without a bilingual message', () => {
    expect(compiles(withRules({ kind: 'requiredWhen', field: 'name', message: 'Required' }))).toThrow(/message/);
  });

  it('a rowAssert on a column the group does not have', () => {
    const rule = { kind: 'rowAssert', group: 'items', column: 'price', that: { field: 'amount', gte: 0 }, message: msg };
    expect(compiles(withRules(rule))).toThrow(/rowAssert rule: price is not a column of items/);
  });

  it('a field of an unknown type', () => {
    expect(compiles(withFields({ key: 'a', type: 'colour', label }))).toThrow(/unknown type colour/);
  });

  it('a field key with a dot, which paths could not tell apart', () => {
    expect(compiles(withFields({ key: 'a.b', type: 'text', label }))).toThrow(/not a plain name/);
  });

  it('a read-only field that is required', () => {
    expect(compiles(withFields({ key: 'a', type: 'text', label, readOnly: true, required: true }))).toThrow(/cannot be required/);
  });

  it('a read-only column in a group', () => {
    const group = { key: 'g', type: 'group', label, fields: [{ key: 'a', type: 'text', label, readOnly: true }] };
    expect(compiles(withFields(group))).toThrow(/read-only g.a inside a group/);
  });

  it('a score item without a positive maximum', () => {
    expect(compiles(withFields({ key: 's', type: 'score', label, max: 0 }))).toThrow(/needs a whole max/);
  });

  it('a field without a bilingual label', () => {
    expect(compiles(withFields({ key: 'a', type: 'text', label: '名称' }))).toThrow(/label/);
  });

  it('a parameter that is not a number', () => {
    expect(compiles({ ...sample, params: { limit: { label, value: '10' } } })).toThrow(/param limit needs a label and a number/);
  });

  it('an example that is a function instead of data', () => {
    expect(compiles({ ...sample, example: () => ({}) })).toThrow(/example must be an object/);
  });

  it('a version that is not a positive integer', () => {
    expect(compiles({ ...sample, version: 0 })).toThrow(/version/);
  });

  it.each<[string, unknown]>([
    ['an unknown starter', ['anyone']],
    ['a role that starts nothing', ['reviewer']],
    ['no starter at all', []],
    ['a starter named twice', ['member', 'member']],
    ['a single name instead of a list', 'member'],
  ])('a startedBy with %s', (_label, startedBy) => {
    expect(compiles({ ...sample, startedBy })).toThrow(/startedBy/);
  });
});

describe('compileForm accepts', () => {
  it.each([[['submitter']], [['member']], [['submitter', 'member']]])('startedBy %j, and keeps it in the definition', (startedBy) => {
    expect(compileForm({ ...sample, startedBy } as FormDeclaration).definition().startedBy).toEqual(startedBy);
  });

  it('no startedBy, which reads as a grassroots submitter', () => {
    const form = compileForm(sample);
    expect(form.decl.startedBy).toBeUndefined();
    expect(startersOf(form.decl)).toEqual(['submitter']);
  });

  it('conditions reading parts of score items and computed values', () => {
    const rule = {
      kind: 'assert',
      field: 'rating',
      that: { any: [{ field: 'rating.score', gte: 1 }, { expr: { gt: [{ field: 'double' }, 0] } }] },
      message: msg,
    };
    expect(compiles(withRules(rule))).not.toThrow();
  });
});
