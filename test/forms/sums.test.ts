/** `{ sum: { of, section? } }`: the sum of every field of a type, derived from the declaration. */
import { describe, it, expect } from 'vitest';
import { compileForm } from '../../forms/compile.js';
import { getForm } from '../../forms/registry.js';
import { TODAY } from './support.js';
import { declarationIssues } from './support-declarations.js';

const label = (en: string) => ({ zh: '项', en });
const score = (key: string, max: number) => ({ key, type: 'score', label: label(key), max });

const checklist = (computed: unknown[]) => ({
  id: 'checklist',
  version: 1,
  title: { zh: '清单', en: 'Checklist' },
  sections: [
    { key: 'a', title: label('A'), fields: [score('a1', 5), score('a2', 3), { key: 'people', type: 'integer', label: label('People') }] },
    { key: 'b', title: label('B'), fields: [score('b1', 4), { key: 'fee', type: 'money', label: label('Fee') }, { key: 'fee2', type: 'money', label: label('Fee 2') }] },
    { key: 'c', title: label('C'), fields: [{ key: 'note', type: 'text', label: label('Note') }] },
  ],
  rules: [],
  computed,
  example: {},
});
const totals = checklist([
  { key: 'secA', label: label('A total'), expr: { sum: { of: 'score', section: 'a' } }, format: 'integer' },
  { key: 'allScores', label: label('All'), expr: { sum: { of: 'score' } }, format: 'integer' },
  { key: 'fees', label: label('Fees'), expr: { sum: { of: 'money', section: 'b' } }, format: 'money' },
  { key: 'peopleTotal', label: label('People'), expr: { sum: { of: 'integer' } } },
]);
const form = compileForm(totals);
const item = (n: number) => ({ score: n, note: 'n' });

describe('sum of a field type', () => {
  it('adds the scores of every score item of a section', () => {
    expect(form.computed({ a1: item(4), a2: item(3), b1: item(1) }).secA).toBe(7);
  });

  it('adds the scores of every score item of the form without a section', () => {
    expect(form.computed({ a1: item(4), a2: item(3), b1: item(1) }).allScores).toBe(8);
  });

  it('is empty until every item it adds up is scored', () => {
    const c = form.computed({ a1: item(4), b1: item(1) });
    expect([c.secA, c.allScores]).toEqual([null, null]);
  });

  it('adds money and integer fields by their value', () => {
    const c = form.computed({ fee: 150, fee2: 50, people: 3 });
    expect([c.fees, c.peopleTotal]).toEqual([200, 3]);
  });

  it('stays in the definition as written', () => {
    expect(form.definition().computed[0].expr).toEqual({ sum: { of: 'score', section: 'a' } });
  });

  it('can be read by a rule', () => {
    const decl = {
      ...checklist([]),
      rules: [{ kind: 'assert', field: 'a1', that: { expr: { gte: [{ sum: { of: 'score', section: 'a' } }, 4] } }, message: label('Too low') }],
    };
    const r = compileForm(decl).validateSubmit({ a1: item(1), a2: item(2) }, TODAY);
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(['a1']);
  });
});

describe('compileForm refuses a sum', () => {
  const sumOf = (sum: unknown) => checklist([{ key: 's', label: label('S'), expr: { sum } }]);

  it('over a section that does not exist', () => {
    expect(declarationIssues(sumOf({ of: 'score', section: 'z' }))).toEqual([
      { path: 'computed.0.expr.sum.section', message: expect.stringContaining('z') },
    ]);
  });

  it('of a type that has no number to add', () => {
    expect(declarationIssues(sumOf({ of: 'text', section: 'c' })).map((i) => i.path)).toEqual(['computed.0.expr.sum.of']);
  });

  it('over a section with no field of that type', () => {
    expect(declarationIssues(sumOf({ of: 'score', section: 'c' }))).toEqual([
      { path: 'computed.0.expr.sum', message: expect.stringContaining('no score field') },
    ]);
  });

  it('with a key it does not take', () => {
    expect(declarationIssues(sumOf({ of: 'score', group: 'a' })).map((i) => i.path)).toEqual(['computed.0.expr.sum']);
  });
});

describe('home-assessment totals are derived from the checklist', () => {
  const assessment = getForm('home-assessment')!;
  const decl = assessment.definition();

  it('declares each section total as the sum of the section’s scores', () => {
    const scored = decl.sections.filter((s) => s.fields.some((f) => f.type === 'score'));
    const totalsBySection = decl.computed.filter((c) => typeof c.expr === 'object' && c.expr !== null && 'sum' in c.expr);
    expect(totalsBySection.map((c) => c.expr)).toEqual(scored.map((s) => ({ sum: { of: 'score', section: s.key } })));
  });

  it('keeps a section total when an item is added to the section in a new version', () => {
    const next = JSON.parse(JSON.stringify(decl));
    next.version = 2;
    const org = next.sections.find((s: { key: string }) => s.key === 'organisation');
    org.fields.push({ ...org.fields[0], key: 'org_new', max: 2, label: { zh: '新增项', en: 'New item' } });
    next.example.org_new = { score: 2, note: '新增' };
    const form = compileForm(next);
    const c = form.computed(form.example(TODAY));
    expect([c.sec_org, assessment.computed(assessment.example(TODAY)).sec_org]).toEqual([20, 18]);
  });
});
