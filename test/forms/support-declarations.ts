/** Helpers for the tests of the declaration language: what compileForm refuses, and where. */
import { compileForm, type CompileOptions } from '../../forms/compile.js';
import type { DeclarationIssue } from '../../forms/schema-issues.js';
import { DeclarationError } from '../../forms/schema-issues.js';

/** The issues compileForm reports for `decl` (none when it compiles). */
export function declarationIssues(decl: unknown, options?: CompileOptions): DeclarationIssue[] {
  try {
    compileForm(decl, options);
    return [];
  } catch (e) {
    if (e instanceof DeclarationError) return e.issues;
    throw e;
  }
}

/** The paths of those issues. */
export const issuePaths = (decl: unknown, options?: CompileOptions): string[] => declarationIssues(decl, options).map((i) => i.path);

/** A tiny declaration to build test cases on: one section, a text and an integer field. */
export const tiny = () => ({
  id: 'tiny',
  version: 1,
  title: { zh: '小表', en: 'Tiny' },
  sections: [
    {
      key: 'main',
      title: { zh: '主要', en: 'Main' },
      fields: [
        { key: 'name', type: 'text', label: { zh: '名称', en: 'Name' }, required: true },
        { key: 'count', type: 'integer', label: { zh: '数量', en: 'Count' }, min: 0, max: 100 },
      ],
    },
  ] as Record<string, unknown>[],
  rules: [] as Record<string, unknown>[],
  computed: [] as Record<string, unknown>[],
  params: {} as Record<string, unknown>,
  example: { name: 'Abc' } as Record<string, unknown>,
});
