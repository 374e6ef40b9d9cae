/** `{param:name}` in any Text of a declaration reads the parameter's value. */
import { describe, it, expect } from 'vitest';
import { compileForm } from '../../forms/compile.js';
import type { FormDeclaration } from '../../forms/language.js';
import { getForm } from '../../forms/registry.js';
import { TODAY, warningPaths } from './support.js';
import { declarationIssues, tiny } from './support-declarations.js';

type Json = Record<string, any>;

const limited = () => ({
  ...tiny(),
  params: { maxCount: { label: { zh: '上限', en: 'Limit' }, help: { zh: '不超过 {param:maxCount}', en: 'At most {param:maxCount}' }, value: 40 } },
  rules: [
    {
      kind: 'assert',
      field: 'count',
      that: { expr: { lte: [{ field: 'count' }, { param: 'maxCount' }] } },
      message: { zh: '数量不能超过 {param:maxCount}', en: 'Count above {param:maxCount} (limit {param:maxCount})' },
    },
  ],
});
const withHelp = (decl: Json, help: unknown) => {
  decl.sections[0].fields[1].help = help;
  return decl;
};

describe('interpolating parameters into texts', () => {
  it('puts the value into a rule message, in both languages, every time it appears', () => {
    const r = compileForm(limited()).validateSubmit({ name: 'Abc', count: 41 }, TODAY);
    expect(r.ok ? [] : r.issues).toEqual([
      { path: 'count', message: { zh: '数量不能超过 40', en: 'Count above 40 (limit 40)' } },
    ]);
  });

  it('puts the value into labels and help of the compiled declaration', () => {
    const form = compileForm(withHelp(limited(), { zh: '最多 {param:maxCount} 个', en: 'Up to {param:maxCount}' }));
    const field = form.decl.sections[0].fields[1];
    expect([field.help, form.decl.params!.maxCount.help]).toEqual([
      { zh: '最多 40 个', en: 'Up to 40' },
      { zh: '不超过 40', en: 'At most 40' },
    ]);
  });

  it('puts the value into the JSON Schema of the form', () => {
    const form = compileForm(withHelp(limited(), { zh: '最多 {param:maxCount} 个', en: 'Up to {param:maxCount}' }));
    expect((form.jsonSchema(TODAY).properties as Json).count.description).toBe('最多 40 个 / Up to 40');
  });

  it('keeps the placeholders in the definition, which is what a new version is edited from', () => {
    const form = compileForm(limited());
    expect(form.definition().rules[0].message.zh).toBe('数量不能超过 {param:maxCount}');
  });

  it('follows a new value when a new version changes the parameter', () => {
    const decl: Json = limited();
    decl.params.maxCount.value = 30;
    const r = compileForm(decl).validateSubmit({ name: 'Abc', count: 31 }, TODAY);
    expect(r.ok ? undefined : r.issues[0].message.en).toBe('Count above 30 (limit 30)');
  });

  it('leaves braces that are not a parameter placeholder alone', () => {
    const form = compileForm(withHelp(limited(), { zh: '{备注}', en: '{param: maxCount} and {other:x}' }));
    expect(form.decl.sections[0].fields[1].help).toEqual({ zh: '{备注}', en: '{param: maxCount} and {other:x}' });
  });

  it('refuses an unknown parameter name, at the path of the text', () => {
    expect(declarationIssues(withHelp(limited(), { zh: '最多 {param:maxCuont}', en: 'Up to {param:maxCount}' }))).toEqual([
      { path: 'sections.0.fields.1.help.zh', message: expect.stringContaining('maxCuont') },
    ]);
  });

  it('refuses a placeholder in a form without parameters', () => {
    const decl = { ...tiny(), title: { zh: '小表 {param:year}', en: 'Tiny' } };
    expect(declarationIssues(decl).map((i) => i.path)).toEqual(['title.zh']);
  });
});

describe('home-assessment says its thresholds once', () => {
  const form = getForm('home-assessment')!;
  const decl = form.definition();
  const warning = () => decl.rules.find((r) => r.severity === 'warning')!;

  it('writes the model-home thresholds in its warning as parameters', () => {
    expect(warning().message.zh).toContain('{param:modelMinTotal}');
    expect(warning().message.zh).toContain('{param:modelMinSatisfaction}');
    expect(JSON.stringify(warning().message)).not.toMatch(/90|85/);
  });

  it('warns with the numbers of its parameters', () => {
    const r = form.validateSubmit({ ...form.example(TODAY), recommendModel: true }, TODAY);
    expect(warningPaths(r)).toEqual(['recommendModel']);
    expect(r.ok && r.warnings[0].message.zh).toContain('总分 90 分以上、满意率 85% 以上');
  });

  it('warns with other numbers in a version with other thresholds', () => {
    const next = JSON.parse(JSON.stringify(decl)) as FormDeclaration;
    next.version = 2;
    next.params!.modelMinTotal.value = 92;
    next.params!.modelMinSatisfaction.value = 88;
    const other = compileForm(next);
    const r = other.validateSubmit({ ...other.example(TODAY), recommendModel: true }, TODAY);
    expect(r.ok && r.warnings[0].message).toMatchObject({
      zh: expect.stringContaining('总分 92 分以上、满意率 88% 以上'),
      en: expect.stringContaining('total 92+, satisfaction 88 %+'),
    });
  });
});
