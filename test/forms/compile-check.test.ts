/**
 * A declaration is data that may come from the database: compileForm refuses a broken one,
 * naming each problem at its path in the declaration.
 */
import { describe, it, expect } from 'vitest';
import { compileForm } from '../../forms/compile.js';
import { startersOf } from '../../forms/language.js';
import type { ComputedDecl, FieldDecl, FormDeclaration, RuleDecl } from '../../forms/language.js';
import { sample } from './sample-form.js';
import { declarationIssues } from './support-declarations.js';

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
/** Expects `decl` to be refused with (at least) an issue at `path` whose message matches. */
const refused = (decl: unknown, path: string, message: RegExp) =>
  expect(declarationIssues(decl)).toContainEqual({ path, message: expect.stringMatching(message) });

describe('compileForm refuses', () => {
  it('a computed value reading one declared after it', () => {
    const computed = withComputed({ key: 'a', label, expr: { field: 'b' } }, { key: 'b', label, expr: 1 });
    refused(computed, 'computed.0.expr.field', /unknown field b/);
  });

  it('a computed value reading itself', () => {
    refused(withComputed({ key: 'a', label, expr: { add: [{ field: 'a' }, 1] } }), 'computed.0.expr.add.0.field', /unknown field a/);
  });

  it('an unknown operator', () => {
    refused(withComputed({ key: 'a', label, expr: { pow: [2, 3] } }), 'computed.0.expr', /one of field, param, add.*"pow" is not/);
  });

  it('an expression with two operators', () => {
    refused(withComputed({ key: 'a', label, expr: { add: [1], mul: [2] } }), 'computed.0.expr', /exactly one operator; this has add, mul/);
  });

  it('an operator with a key it does not take', () => {
    refused(withComputed({ key: 'a', label, expr: { floor: 1.5, where: {} } }), 'computed.0.expr', /floor takes no where/);
  });

  it('an if without else', () => {
    refused(withComputed({ key: 'a', label, expr: { if: { field: 'count', gte: 1 }, then: 1 } }), 'computed.0.expr.else', /missing/);
  });

  it('a division with three operands', () => {
    refused(withComputed({ key: 'a', label, expr: { div: [1, 2, 3] } }), 'computed.0.expr.div', /div takes 2 operands/);
  });

  it('an unknown parameter', () => {
    refused(withComputed({ key: 'a', label, expr: { param: 'nope' } }), 'computed.0.expr.param', /unknown param nope/);
  });

  it('rows of a field that is not a group', () => {
    refused(withComputed({ key: 'a', label, expr: { rows: 'count' } }), 'computed.0.expr.rows', /count is not a repeating group/);
  });

  it('a sum over a column the group does not have', () => {
    refused(withComputed({ key: 'a', label, expr: { sumRows: { group: 'items', column: 'price' } } }), 'computed.0.expr.sumRows.column', /price is not a column of items/);
  });

  it('a row condition naming a top-level field instead of a column', () => {
    const expr = { rows: 'items', where: { field: 'count', gte: 1 } };
    refused(withComputed({ key: 'a', label, expr }), 'computed.0.expr.where.field', /unknown field count/);
  });

  it('a path into a score item that is not one of its parts', () => {
    refused(withComputed({ key: 'a', label, expr: { field: 'rating.grade' } }), 'computed.0.expr.field', /not a part of a score item/);
  });

  it('bands without any band', () => {
    refused(withComputed({ key: 'a', label, expr: { bands: 1, of: [] } }), 'computed.0.expr.of', /bands needs at least one/);
  });

  it('an expression nested too deeply', () => {
    let expr: unknown = 1;
    for (let i = 0; i < 40; i++) expr = { floor: expr };
    expect(declarationIssues(withComputed({ key: 'a', label, expr })).map((i) => i.message)).toContain('expression nested too deeply');
  });

  it('a declaration nested thousands of levels deep, before parsing it', () => {
    let expr: unknown = 1;
    for (let i = 0; i < 10_000; i++) expr = { floor: expr };
    expect(declarationIssues(withComputed({ key: 'a', label, expr })).map((i) => i.message)).toEqual(['nested too deeply']);
  });

  it('a computed value without an expression (a function, say)', () => {
    refused(withComputed({ key: 'a', label, compute: () => 1 }), 'computed.0.expr', /missing/);
  });

  it('an unknown computed format', () => {
    refused(withComputed({ key: 'a', label, expr: 1, format: 'date' }), 'computed.0.format', /must be one of "integer"/);
  });

  it('a condition with two tests', () => {
    refused(withRules({ kind: 'assert', field: 'count', that: { field: 'count', gte: 1, equals: 2 }, message: msg }), 'rules.0.that', /exactly one test; this has equals, gte/);
  });

  it('a comparison that is not one of lt, lte, gt, gte, eq, ne', () => {
    refused(withRules({ kind: 'assert', field: 'count', that: { expr: { like: [1, 2] } }, message: msg }), 'rules.0.that.expr', /a comparison is one of lt, lte, gt, gte, eq, ne/);
  });

  it('an unknown rule kind', () => {
    refused(withRules({ kind: 'regex', field: 'name', message: msg }), 'rules.0.kind', /unknown rule kind "regex"/);
  });

  it('a rule reported on a computed value', () => {
    refused(withRules({ kind: 'assert', field: 'double', that: { field: 'count', gte: 1 }, message: msg }), 'rules.0.field', /unknown field double/);
  });

  it('a rule without a bilingual message', () => {
    refused(withRules({ kind: 'requiredWhen', field: 'name', message: 'Required' }), 'rules.0.message', /must be \{ zh, en \}/);
  });

  it('a rowAssert on a column the group does not have', () => {
    const rule = { kind: 'rowAssert', group: 'items', column: 'price', that: { field: 'amount', gte: 0 }, message: msg };
    refused(withRules(rule), 'rules.0.column', /price is not a column of items/);
  });

  it('a field of an unknown type', () => {
    refused(withFields({ key: 'a', type: 'colour', label }), 'sections.0.fields.0.type', /unknown field type "colour"/);
  });

  it('a field key with a dot, which paths could not tell apart', () => {
    refused(withFields({ key: 'a.b', type: 'text', label }), 'sections.0.fields.0.key', /a key is a letter/);
  });

  it('a read-only field that is required', () => {
    refused(withFields({ key: 'a', type: 'text', label, readOnly: true, required: true }), 'sections.0.fields.0', /cannot be required/);
  });

  it('a read-only column in a group', () => {
    const group = { key: 'g', type: 'group', label, fields: [{ key: 'a', type: 'text', label, readOnly: true }] };
    refused(withFields(group), 'sections.0.fields.0.fields.0.readOnly', /read-only g.a inside a group/);
  });

  it('a tally source on a field the submitter fills', () => {
    const source = { kind: 'roundTally', purpose: 'evaluation', tally: 'answers' };
    refused(withFields({ key: 'a', type: 'integer', label, source }), 'sections.0.fields.0.source', /has a source but is not read-only/);
  });

  it('a street source on a field that cannot hold a street, on a read-only field, or on a column', () => {
    const source = { kind: 'orgStreet' };
    refused(withFields({ key: 'a', type: 'text', label, source }), 'sections.0.fields.0.source', /a choice of streets/);
    const options = [{ value: 'dinghailu', label }];
    refused(withFields({ key: 'a', type: 'choice', options, label, source, readOnly: true }), 'sections.0.fields.0.source', /not read-only/);
    const group = { key: 'g', type: 'group', label, fields: [{ key: 'a', type: 'choice', options, label, source }] };
    refused(withFields(group), 'sections.0.fields.0.fields.0.source', /column of a group/);
  });

  it('a score item without a positive maximum', () => {
    refused(withFields({ key: 's', type: 'score', label, max: 0 }), 'sections.0.fields.0.max', /at least 1/);
  });

  it('a field without a bilingual label', () => {
    refused(withFields({ key: 'a', type: 'text', label: '名称' }), 'sections.0.fields.0.label', /must be \{ zh, en \}/);
  });

  it('a parameter that is not a number', () => {
    refused({ ...sample, params: { limit: { label, value: '10' } } }, 'params.limit.value', /must be a number/);
  });

  it('an example that is a function instead of data', () => {
    refused({ ...sample, example: () => ({}) }, 'example', /missing/);
  });

  it('a version that is not a positive integer', () => {
    refused({ ...sample, version: 0 }, 'version', /at least 1/);
  });

  it.each<[string, unknown]>([
    ['an unknown starter', ['anyone']],
    ['a role that starts nothing', ['reviewer']],
    ['no starter at all', []],
    ['a starter named twice', ['member', 'member']],
    ['a single name instead of a list', 'member'],
  ])('a startedBy with %s', (_label, startedBy) => {
    expect(declarationIssues({ ...sample, startedBy }).map((i) => i.path.split('.')[0])).toEqual(['startedBy']);
  });
});

describe('compileForm refuses expressions whose kinds do not fit', () => {
  it('a condition comparing a choice with a value it does not offer', () => {
    refused(withRules({ kind: 'requiredWhen', field: 'notes', when: { field: 'colour', equals: 'green' }, message: msg }), 'rules.0.when.equals', /"green" is not an option of colour \(red, blue\)/);
  });

  it('a condition testing a flag against text', () => {
    refused(withRules({ kind: 'requiredWhen', field: 'notes', when: { field: 'urgent', equals: 'yes' }, message: msg }), 'rules.0.when.equals', /urgent holds true\/false, never text "yes"/);
  });

  it('an equalsWhen whose value is not an option of its choice', () => {
    refused(withRules({ kind: 'equalsWhen', field: 'colour', value: 'Red', message: msg }), 'rules.0.value', /not an option of colour/);
  });

  it('arithmetic on text', () => {
    refused(withComputed({ key: 'a', label, expr: { add: [{ field: 'name' }, 1] } }), 'computed.0.expr.add.0', /add takes numbers; this is text/);
  });

  it('gte on a field that is not a number', () => {
    refused(withRules({ kind: 'assert', field: 'name', that: { field: 'name', gte: 1 }, message: msg }), 'rules.0.that.gte', /gte compares numbers/);
  });

  it('an ordering of a number and text', () => {
    refused(withRules({ kind: 'assert', field: 'count', that: { expr: { lt: [{ field: 'count' }, { field: 'name' }] } }, message: msg }), 'rules.0.that.expr.lt', /compares a number with text/);
  });

  it('an lte rule on text fields', () => {
    refused(withRules({ kind: 'lte', field: 'name', other: 'other', message: msg }), 'rules.0.field', /lte compares numbers/);
  });

  it('a dateAfterToday rule on a field that is not a date', () => {
    refused(withRules({ kind: 'dateAfterToday', field: 'name', message: msg }), 'rules.0.field', /needs a date field/);
  });

  it('a sum of a column that is not a number', () => {
    refused(withComputed({ key: 'a', label, expr: { sumRows: { group: 'items', column: 'label' } } }), 'computed.0.expr.sumRows.column', /not a number column/);
  });
});

describe('compileForm refuses fields no value can fill', () => {
  it('a minimum above the maximum', () => {
    refused(withFields({ key: 'n', type: 'integer', label, min: 5, max: 4 }), 'sections.0.fields.0', /min above its maximum/);
  });

  it('a minimum length above the maximum length', () => {
    refused(withFields({ key: 't', type: 'text', label, minLength: 5, maxLength: 4 }), 'sections.0.fields.0', /minLength above its maximum/);
  });

  it('two sections with one key', () => {
    const decl = { ...sample, sections: [sample.sections[0], { ...sample.sections[1], key: 'main' }] };
    refused(decl, 'sections.1.key', /duplicate section key main/);
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
