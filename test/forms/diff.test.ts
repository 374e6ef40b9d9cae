/** What changed between two versions of a declaration: the list the admin sees before publishing. */
import { describe, expect, it } from 'vitest';
import { diffDeclarations } from '../../forms/diff.js';
import { getForm } from '../../forms/registry.js';

type Json = Record<string, any>;
const v1 = (id: string): Json => getForm(id)!.definition() as unknown as Json;
const fieldOf = (decl: Json, key: string): Json => decl.sections.flatMap((s: Json) => s.fields).find((f: Json) => f.key === key);

describe('diffDeclarations', () => {
  it('finds nothing between a declaration and itself', () => {
    for (const id of ['union-registration', 'home-assessment', 'audit-submission']) expect(diffDeclarations(v1(id), v1(id))).toEqual([]);
  });

  it('ignores the order properties are written in', () => {
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]))
          : value;
    const before = v1('home-assessment');
    const after = reversed(before) as Json;
    expect(Object.keys(after)).toEqual(Object.keys(before).reverse());
    expect(diffDeclarations(before, after)).toEqual([]);
  });

  it('names a field added, one removed and one changed, with the properties that changed', () => {
    const after = v1('union-registration');
    const section = after.sections.find((s: Json) => s.fields.some((f: Json) => f.key === 'plan'));
    section.fields = section.fields.filter((f: Json) => f.key !== 'plan');
    after.sections[0].fields.push({ key: 'website', type: 'text', label: { zh: '网站', en: 'Website' } });
    Object.assign(fieldOf(after, 'name'), { maxLength: 50, help: { zh: '营业执照上的全称', en: 'As on the licence' } });
    expect(diffDeclarations(v1('union-registration'), after).filter((c) => c.part === 'field')).toEqual([
      { change: 'changed', part: 'field', key: 'name', properties: ['help', 'maxLength'] },
      { change: 'removed', part: 'field', key: 'plan' },
      { change: 'added', part: 'field', key: 'website' },
    ]);
  });

  it('names a column of a repeating group by its path, not the whole group', () => {
    const after = v1('union-registration');
    const group = after.sections.flatMap((s: Json) => s.fields).find((f: Json) => f.type === 'group');
    group.fields.push({ key: 'sector', type: 'text', label: { zh: '行业', en: 'Sector' } });
    expect(diffDeclarations(v1('union-registration'), after)).toEqual([{ change: 'added', part: 'field', key: `${group.key}.sector` }]);
  });

  it('gives a parameter’s value before and after', () => {
    const after = v1('home-assessment');
    after.params.modelMinTotal.value = 92;
    expect(diffDeclarations(v1('home-assessment'), after)).toEqual([
      { change: 'changed', part: 'param', key: 'modelMinTotal', properties: ['value'], before: 90, after: 92 },
    ]);
  });

  it('names a changed rule by what it checks, and a new one beside it', () => {
    const after = v1('home-assessment');
    const rule = after.rules[0];
    rule.message = { zh: '请写明意见', en: 'Give an opinion' };
    after.rules.push({ ...rule, severity: 'warning' });
    const changes = diffDeclarations(v1('home-assessment'), after).filter((c) => c.part === 'rule');
    expect(changes).toEqual([
      { change: 'changed', part: 'rule', key: `${rule.kind}:${rule.field}`, properties: ['message'] },
      { change: 'added', part: 'rule', key: `${rule.kind}:${rule.field}#2` },
    ]);
  });

  it('reports settings with their values, computed values, sections and the example', () => {
    const after = v1('fund-query');
    after.title = { zh: '监督意见（新）', en: 'Query (new)' };
    after.sections[0].help = { zh: '说明', en: 'Help' };
    after.example = { ...after.example, question: '另一个问题' };
    const before = v1('fund-query');
    expect(diffDeclarations(before, after)).toEqual([
      { change: 'changed', part: 'setting', key: 'title', before: before.title, after: after.title },
      { change: 'changed', part: 'section', key: after.sections[0].key, properties: ['help'] },
      { change: 'changed', part: 'example', key: 'example' },
    ]);
    const computed = v1('home-assessment');
    computed.computed.pop();
    expect(diffDeclarations(v1('home-assessment'), computed)).toEqual([{ change: 'removed', part: 'computed', key: v1('home-assessment').computed.at(-1).key }]);
  });
});
