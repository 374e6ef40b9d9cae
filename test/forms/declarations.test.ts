/** What every declared form promises, whichever process it serves. */
import { describe, it, expect } from 'vitest';
import { compileForm } from '../../forms/compile.js';
import type { FieldDecl, FormDeclaration, Text } from '../../forms/language.js';
import { DECLARATIONS, getForm } from '../../forms/registry.js';
import { todayInShanghai } from '../../forms/validators.js';
import { TODAY } from './support.js';

const ids = DECLARATIONS.map((d) => d.id);
const form = (id: string) => getForm(id)!;

const HAN = /[\u4e00-\u9fff]/;
const LATIN = /[A-Za-z]/;
const bilingual = (t: Text | undefined) => t !== undefined && HAN.test(t.zh) && LATIN.test(t.en);
const allFields = (fields: readonly FieldDecl[]): FieldDecl[] =>
  fields.flatMap((f) => (f.type === 'group' ? [f, ...allFields(f.fields)] : [f]));

describe.each(ids)('%s', (id) => {
  const decl = DECLARATIONS.find((d) => d.id === id)!;

  it('submits its example for today without issues or warnings', () => {
    expect(form(id).validateSubmit(form(id).example(TODAY), TODAY)).toEqual({ ok: true, data: form(id).example(TODAY), warnings: [] });
  });

  it('submits its example on the day the tests run, as publishing it today would require', () => {
    const today = todayInShanghai(new Date());
    expect(() => compileForm(decl, { today })).not.toThrow();
  });

  it('saves its example as a draft', () => {
    expect(form(id).validateDraft(form(id).example(TODAY)).ok).toBe(true);
  });

  it('publishes its example in the JSON Schema', () => {
    expect(form(id).jsonSchema(TODAY).examples).toEqual([form(id).example(TODAY)]);
  });

  it('is JSON data: its JSON compiles to a form that computes the same values', () => {
    const again = compileForm(JSON.parse(JSON.stringify(decl)) as FormDeclaration);
    expect(again.computed(again.example(TODAY))).toEqual(form(id).computed(form(id).example(TODAY)));
  });

  it('labels every field, section, option and parameter in Chinese and English', () => {
    const texts: (Text | undefined)[] = [
      decl.title,
      decl.description,
      ...decl.sections.map((s) => s.title),
      ...allFields(decl.sections.flatMap((s) => s.fields)).flatMap((f) => [
        f.label,
        ...(f.type === 'choice' ? f.options.map((o) => o.label) : []),
      ]),
      ...Object.values(decl.params ?? {}).map((p) => p.label),
      ...decl.computed.map((c) => c.label),
    ];
    expect(texts.filter((t) => !bilingual(t))).toEqual([]);
  });

  it('gives every rule a bilingual message', () => {
    expect(decl.rules.filter((r) => !bilingual(r.message))).toEqual([]);
  });

  it('has help text for the people filling it in', () => {
    const helps = [decl.description, ...decl.sections.map((s) => s.help), ...allFields(decl.sections.flatMap((s) => s.fields)).map((f) => f.help)];
    expect(helps.filter((h) => h !== undefined).every(bilingual) && helps.some((h) => h !== undefined)).toBe(true);
  });

  it('is version 1', () => {
    expect(form(id).decl.version).toBe(1);
  });
});
