/**
 * Versions published before the language refused them may hold a section without a title, a
 * plain-text help or an example that fails: read back from the table they still compile, so
 * the submissions pinned to them stay readable, validatable and printable.
 */
import { describe, it, expect } from 'vitest';
import { compileForm } from '../../forms/compile.js';
import { TODAY } from './support.js';
import { issuePaths, tiny } from './support-declarations.js';

type Json = Record<string, any>;

const published = (): Json => {
  const decl: Json = tiny();
  delete decl.sections[0].title;
  decl.sections[0].help = '旧版说明';
  decl.sections[0].fields[0].help = 'Full name';
  decl.sections[0].fields[1].hint = 'a key no version used';
  decl.example = { count: 500 };
  return decl;
};

describe('a stored version from before the stricter language', () => {
  it('is refused as a new publication', () => {
    expect(issuePaths(published()).sort()).toEqual(['sections.0.fields.0.help', 'sections.0.fields.1', 'sections.0.help', 'sections.0.title']);
  });

  it('compiles as stored, giving a missing section title its key and plain help both languages', () => {
    const form = compileForm(published(), { stored: true });
    expect([form.decl.sections[0].title, form.decl.sections[0].help, form.decl.sections[0].fields[0].help]).toEqual([
      { zh: 'main', en: 'main' },
      { zh: '旧版说明', en: '旧版说明' },
      { zh: 'Full name', en: 'Full name' },
    ]);
  });

  it('validates as before', () => {
    const form = compileForm(published(), { stored: true });
    const r = form.validateSubmit({ count: 101 }, TODAY);
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(['name', 'count']);
  });

  it('keeps its definition as it was stored', () => {
    expect(compileForm(published(), { stored: true }).definition()).toEqual(published());
  });

  it('is still refused when it is broken in a way that would break validation', () => {
    const decl = published();
    decl.rules = [{ kind: 'lte', field: 'count', other: 'nope', message: { zh: '消息', en: 'Message' } }];
    expect(() => compileForm(decl, { stored: true })).toThrow(/rules\.0\.other/);
  });
});
