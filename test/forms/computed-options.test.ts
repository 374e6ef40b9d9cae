/**
 * A computed text value may carry options, as a choice does: the compiler checks that they
 * label a text value and cover every value its bands can give, and every place that shows the
 * value (the fill page and its script, the record and print pages, the downloads) shows the
 * option's words, not the raw value.
 */
import { describe, expect, it } from 'vitest';
import { compileForm } from '../../forms/compile.js';
import type { ComputedDecl, FormDeclaration } from '../../forms/language.js';
import { getForm } from '../../forms/registry.js';
import { formatComputed } from '../../functions/http/pages/fill-data.js';
import { computedCell } from '../../functions/records/exports-columns.js';
import { computedValue } from '../../functions/records/print-values.js';
import { sample } from './sample-form.js';

const t = (zh: string, en: string) => ({ zh, en });
const grade = (options?: ComputedDecl['options'], format: ComputedDecl['format'] = 'text'): ComputedDecl => ({
  key: 'level',
  label: t('等级', 'Level'),
  expr: { bands: { field: 'count' }, of: [{ min: 5, value: 'high' }, { min: 0, value: 'low' }] },
  format,
  ...(options ? { options } : {}),
});
const withComputed = (c: ComputedDecl): FormDeclaration => ({ ...sample, computed: [...sample.computed, c] });
const BOTH = [{ value: 'high', label: t('高', 'High') }, { value: 'low', label: t('低', 'Low') }];

describe('options of a computed value, compiled', () => {
  it('compile when they cover every band', () => {
    expect(() => compileForm(withComputed(grade(BOTH)))).not.toThrow();
  });

  it('are refused when a band has no option, naming the value', () => {
    expect(() => compileForm(withComputed(grade([BOTH[0]])))).toThrow(/can be low, which has no option/);
  });

  it('are refused on a value that is not text', () => {
    expect(() => compileForm(withComputed({ ...grade(BOTH, 'integer'), expr: { field: 'count' } }))).toThrow(/options label a text value/);
  });
});

describe('a labelled computed value, shown', () => {
  const form = getForm('home-assessment')!;
  const decl = form.decl.computed.find((c) => c.key === 'grade')!;

  it('is declared on the home assessment’s grade', () => {
    expect(decl.options?.map((o) => o.value)).toEqual(['excellent', 'qualified', 'unqualified']);
  });

  it('on the fill page and in its script, in the page’s language', () => {
    expect(formatComputed('excellent', decl, 'zh')).toBe('优秀');
    expect(formatComputed('excellent', decl, 'en')).toBe('Excellent');
    // A value without an option is shown as it is, never hidden.
    expect(formatComputed('unheard-of', decl, 'zh')).toBe('unheard-of');
  });

  it('on the record and print pages, in both languages', () => {
    const html = String(computedValue(decl, 'qualified'));
    expect(html).toContain('合格');
    expect(html).toContain('Qualified');
    expect(html).not.toContain('qualified<');
  });

  it('in CSV and XLSX, by its Chinese label', () => {
    expect(computedCell(decl, 'unqualified')).toBe('不合格');
    expect(computedCell(decl, 'unheard-of')).toBe('unheard-of');
  });
});
