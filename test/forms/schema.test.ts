/**
 * The declaration language is one Zod schema: every built-in declaration parses, its JSON
 * Schema is well formed, and the structural mistakes a probe found are refused with paths.
 */
import { describe, it, expect } from 'vitest';
import { compileForm } from '../../forms/compile.js';
import { FIELD_TYPES, RULE_KINDS, declarationJsonSchema, formDeclarationSchema } from '../../forms/schema.js';
import { DECLARATIONS } from '../../forms/registry.js';
import { sample } from './sample-form.js';
import { declarationIssues, issuePaths, tiny } from './support-declarations.js';

type Json = Record<string, any>;

describe('the declaration schema', () => {
  it.each(DECLARATIONS.map((d) => [d.id, d] as const))('parses the built-in %s', (_id, decl) => {
    const r = formDeclarationSchema.safeParse(JSON.parse(JSON.stringify(decl)));
    expect(r.success ? [] : r.error.issues).toEqual([]);
  });

  it('parses the sample declaration of the compiler tests', () => {
    expect(formDeclarationSchema.safeParse(JSON.parse(JSON.stringify(sample))).success).toBe(true);
  });

  it('refuses a reference the structure alone cannot catch (a rule naming a missing field)', () => {
    const decl = { ...tiny(), rules: [{ kind: 'requiredWhen', field: 'nope', message: { zh: '消息', en: 'Message' } }] };
    const r = formDeclarationSchema.safeParse(decl);
    expect(r.success ? [] : r.error.issues.map((i) => i.path.join('.'))).toEqual(['rules.0.field']);
  });
});

describe('the JSON Schema of the language', () => {
  const schema = declarationJsonSchema() as Json;
  const defs = schema.$defs as Record<string, Json>;

  it('is draft 2020-12 JSON, the same each time it is asked for', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(JSON.parse(JSON.stringify(schema))).toEqual(declarationJsonSchema());
  });

  it('describes a declaration as an object with its parts required and no others', () => {
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'version', 'title', 'sections', 'rules', 'computed', 'example']));
    expect(schema.additionalProperties).toBe(false);
  });

  it('names the recursive and shared parts in $defs', () => {
    expect(Object.keys(defs)).toEqual(
      expect.arrayContaining(['Text', 'Scalar', 'Expr', 'Condition', 'Comparison', 'FieldDecl', 'SectionDecl', 'RuleDecl', 'ComputedDecl', 'ParamDecl']),
    );
  });

  it('points every $ref at a $def that exists', () => {
    const refs: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) if (k === '$ref') refs.push(x as string);
        else walk(x);
      }
    };
    walk(schema);
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((r) => !(r.startsWith('#/$defs/') && r.slice(8) in defs))).toEqual([]);
  });

  it('gives a section a required title that is { zh, en }', () => {
    expect(defs.SectionDecl.required).toContain('title');
    expect(defs.SectionDecl.properties.title).toEqual({ $ref: '#/$defs/Text' });
    expect(defs.Text).toMatchObject({ type: 'object', required: ['zh', 'en'], additionalProperties: false });
  });

  it('discriminates fields by type: one branch per field type, each with its constant', () => {
    const branches = defs.FieldDecl.oneOf as Json[];
    expect(branches.map((b) => b.properties.type.const)).toEqual([...FIELD_TYPES]);
    expect(branches.every((b) => b.required.includes('type') && b.required.includes('key') && b.required.includes('label'))).toBe(true);
  });

  it('discriminates rules by kind: one branch per rule kind', () => {
    expect((defs.RuleDecl.oneOf as Json[]).map((b) => b.properties.kind.const)).toEqual([...RULE_KINDS]);
  });

  it('describes expressions as scalars, null or one operator each, recursively', () => {
    const ops = (defs.Expr.anyOf as Json[]).filter((b) => b.type === 'object').map((b) => Object.keys(b.properties)[0]);
    expect(ops).toEqual(expect.arrayContaining(['field', 'param', 'add', 'sum', 'sumRows', 'if', 'bands', 'test']));
    expect(JSON.stringify(defs.Expr)).toContain('"$ref":"#/$defs/Expr"');
    expect(JSON.stringify(defs.Condition)).toContain('"$ref":"#/$defs/Condition"');
  });

  it('lets a field say when it is shown', () => {
    const text = (defs.FieldDecl.oneOf as Json[]).find((b) => b.properties.type.const === 'text')!;
    expect(text.properties.when).toMatchObject({ $ref: '#/$defs/Condition', description: expect.stringContaining('Shown') });
  });
});

describe('compileForm refuses what the probe found', () => {
  it('a section without a title', () => {
    const decl = tiny();
    delete decl.sections[0].title;
    expect(issuePaths(decl)).toEqual(['sections.0.title']);
  });

  it('a section whose title is plain text', () => {
    const decl = tiny();
    decl.sections[0].title = '主要';
    expect(issuePaths(decl)).toEqual(['sections.0.title']);
  });

  it('a field whose help is plain text', () => {
    const decl = tiny();
    (decl.sections[0].fields as Json[])[0].help = '请填写全称';
    expect(issuePaths(decl)).toEqual(['sections.0.fields.0.help']);
  });

  it('a section whose help is plain text', () => {
    const decl = tiny();
    decl.sections[0].help = 'help';
    expect(issuePaths(decl)).toEqual(['sections.0.help']);
  });

  it('a Text with an empty Chinese half', () => {
    expect(issuePaths({ ...tiny(), title: { zh: ' ', en: 'Tiny' } })).toEqual(['title.zh']);
  });

  it('a key it does not know anywhere in the declaration (a typo of required, say)', () => {
    const decl = tiny();
    (decl.sections[0].fields as Json[])[1].requird = true;
    expect(declarationIssues(decl)).toEqual([{ path: 'sections.0.fields.1', message: expect.stringContaining('requird') }]);
  });

  it('an example that fails its own form, naming the failing paths under example', () => {
    const decl = { ...tiny(), example: { count: 500 } };
    expect(issuePaths(decl)).toEqual(['example.name', 'example.count']);
  });

  it('an example that fails a rule of its form', () => {
    const decl = {
      ...tiny(),
      rules: [{ kind: 'assert', field: 'count', that: { field: 'count', gte: 10 }, message: { zh: '太少', en: 'Too few' } }],
      example: { name: 'Abc', count: 3 },
    };
    expect(declarationIssues(decl)).toEqual([{ path: 'example.count', message: expect.stringContaining('Too few') }]);
  });

  it('an example valid on the reference day but not on the day it is published', () => {
    const decl = {
      ...tiny(),
      sections: [{ ...tiny().sections[0], fields: [...(tiny().sections[0].fields as Json[]), { key: 'due', type: 'date', label: { zh: '日期', en: 'Due' } }] }],
      rules: [{ kind: 'dateAfterToday', field: 'due', message: { zh: '须晚于今天', en: 'After today' } }],
      example: { name: 'Abc', due: '2025-12-31' },
    };
    expect([issuePaths(decl), issuePaths(decl, { today: '2026-01-05' })]).toEqual([[], ['example.due']]);
  });

  it('an example whose dates follow today, on any day', () => {
    const decl = {
      ...tiny(),
      sections: [{ ...tiny().sections[0], fields: [...(tiny().sections[0].fields as Json[]), { key: 'due', type: 'date', label: { zh: '日期', en: 'Due' } }] }],
      rules: [{ kind: 'dateAfterToday', field: 'due', message: { zh: '须晚于今天', en: 'After today' } }],
      example: { name: 'Abc', due: { $today: 3 } },
    };
    expect(issuePaths(decl, { today: '2031-02-28' })).toEqual([]);
  });
});

describe('compileForm reports', () => {
  it('every issue it finds at once, each with its path', () => {
    const decl = tiny();
    delete decl.sections[0].title;
    (decl.sections[0].fields as Json[])[0].help = 'x';
    decl.title = 'Tiny' as never;
    expect(issuePaths(decl).sort()).toEqual(['sections.0.fields.0.help', 'sections.0.title', 'title']);
  });

  it('the form, the path and the reason in the message of what it throws', () => {
    const decl = tiny();
    delete decl.sections[0].title;
    expect(() => compileForm(decl)).toThrow(/^form tiny@1: sections\.0\.title: /);
  });
});
