/**
 * A field with `when` is shown, and required, only when its condition holds; hidden, it is
 * treated like the fields of a hidden section: not required, its rules skipped, its value
 * type-checked as a draft and left out of what is submitted.
 */
import { describe, it, expect } from 'vitest';
import { compileForm } from '../../forms/compile.js';
import { getForm } from '../../forms/registry.js';
import { TODAY } from './support.js';
import { issuePaths } from './support-declarations.js';

type Json = Record<string, any>;
const label = (en: string) => ({ zh: '项', en });
const isA = { field: 'kind', equals: 'a' };

const declaration = (): Json => ({
  id: 'when',
  version: 1,
  title: { zh: '条件字段', en: 'Conditional fields' },
  sections: [
    {
      key: 'main',
      title: label('Main'),
      fields: [
        { key: 'name', type: 'text', label: label('Name'), required: true },
        {
          key: 'kind',
          type: 'choice',
          label: label('Kind'),
          required: true,
          options: [
            { value: 'a', label: label('A') },
            { value: 'b', label: label('B') },
          ],
        },
        { key: 'code', type: 'text', label: label('Code'), required: true, maxLength: 5, when: isA },
        { key: 'hasPlan', type: 'flag', label: label('Has a plan'), when: isA },
        { key: 'plan', type: 'text', label: label('Plan'), required: true, when: { field: 'hasPlan', equals: true } },
      ],
    },
    {
      key: 'extra',
      title: label('Extra'),
      when: { field: 'kind', equals: 'b' },
      fields: [{ key: 'bNote', type: 'text', label: label('B note'), required: true, when: { field: 'name', equals: 'Abc' } }],
    },
  ],
  rules: [
    { kind: 'assert', field: 'code', that: { expr: { ne: [{ field: 'code' }, 'bad'] } }, message: label('Bad code') },
    { kind: 'requiredWhen', field: 'code', when: { field: 'name', equals: 'Zed' }, message: label('Zed needs a code') },
  ],
  computed: [],
  example: { name: 'Abc', kind: 'a', code: 'X1', hasPlan: false },
});
const form = compileForm(declaration());
const submit = (data: Json) => form.validateSubmit(data, TODAY);
const paths = (data: Json) => {
  const r = submit(data);
  return r.ok ? [] : r.issues.map((i) => i.path);
};

describe('a field with when', () => {
  it('is required when its condition holds', () => {
    expect(paths({ name: 'Abc', kind: 'a' })).toEqual(['code']);
  });

  it('is not required when its condition does not hold', () => {
    expect(submit({ name: 'Abd', kind: 'b' }).ok).toBe(true);
  });

  it('checks formats and bounds when shown', () => {
    expect(paths({ name: 'Abc', kind: 'a', code: 'TOOLONG' })).toEqual(['code']);
  });

  it('leaves a hidden field’s stale value out of the submitted data', () => {
    const r = submit({ name: 'Abd', kind: 'b', code: 'X1' });
    expect(r).toEqual({ ok: true, data: { name: 'Abd', kind: 'b' }, warnings: [] });
  });

  it('still refuses a value of the wrong type in a hidden field', () => {
    expect(paths({ name: 'Abd', kind: 'b', code: 42 })).toEqual(['code']);
  });

  it('skips the rules that read a hidden field', () => {
    expect([paths({ name: 'Abc', kind: 'a', code: 'bad' }), paths({ name: 'Abd', kind: 'b', code: 'bad' })]).toEqual([['code'], []]);
  });

  it('skips a rule on a hidden field even when the rule’s own condition holds', () => {
    expect([paths({ name: 'Zed', kind: 'a', code: '' }), paths({ name: 'Zed', kind: 'b' })]).toEqual([['code'], []]);
  });

  it('reads a hidden field as empty in the conditions after it', () => {
    // hasPlan is hidden for kind b, so its stale `true` does not show (and require) the plan.
    expect([paths({ name: 'Abc', kind: 'a', code: 'X', hasPlan: true }), paths({ name: 'Abd', kind: 'b', hasPlan: true })]).toEqual([['plan'], []]);
  });

  it('is hidden when its section is hidden, whatever its own condition', () => {
    expect([paths({ name: 'Abc', kind: 'b' }), paths({ name: 'Abc', kind: 'a', code: 'X' })]).toEqual([['bNote'], []]);
  });

  it('is a draft like any other field', () => {
    expect(form.validateDraft({ kind: 'b', code: 'X', plan: 'p' }).ok).toBe(true);
  });

  it('is not listed as required in the JSON Schema', () => {
    expect(form.jsonSchema(TODAY).required).toEqual(['name', 'kind']);
  });
});

describe('compileForm refuses a field when', () => {
  it('naming a field that does not exist', () => {
    const decl = declaration();
    decl.sections[0].fields[2].when = { field: 'knd', equals: 'a' };
    expect(issuePaths(decl)).toEqual(['sections.0.fields.2.when.field']);
  });

  it('reading the field itself', () => {
    const decl = declaration();
    decl.sections[0].fields[2].when = { field: 'code', filled: true };
    expect(issuePaths(decl)).toEqual(['sections.0.fields.2.when']);
  });

  it('on a column of a repeating group', () => {
    const decl = declaration();
    decl.sections[0].fields.push({
      key: 'rows',
      type: 'group',
      label: label('Rows'),
      fields: [{ key: 'x', type: 'text', label: label('X'), when: isA }],
    });
    expect(issuePaths(decl)).toEqual(['sections.0.fields.5.fields.0.when']);
  });

  it('comparing a choice with a value it does not offer', () => {
    const decl = declaration();
    decl.sections[0].fields[2].when = { field: 'kind', equals: 'c' };
    expect(issuePaths(decl)).toEqual(['sections.0.fields.2.when.equals']);
  });
});

describe('union-registration: the enterprise’s own fields are shown for an enterprise only', () => {
  const registration = getForm('union-registration')!;
  const enterprise = registration.example(TODAY);
  const federation = {
    ...enterprise,
    kind: 'area-federation',
    coveredEnterprises: [
      { name: '甲公司', creditCode: '91310110MA1G000016', employees: 70 },
      { name: '乙公司', creditCode: '91310110MA1G000029', employees: 50 },
    ],
  };
  const fieldsWithWhen = registration
    .definition()
    .sections.flatMap((s) => s.fields)
    .filter((f) => f.when !== undefined)
    .map((f) => [f.key, f.when, f.required]);

  it('declares the credit code and the legal representative required with kind enterprise', () => {
    expect(fieldsWithWhen).toEqual([
      ['creditCode', { field: 'kind', equals: 'enterprise' }, true],
      ['legalRepresentative', { field: 'kind', equals: 'enterprise' }, true],
    ]);
  });

  it('leaves a credit code and legal representative typed before the kind became a federation out of the record', () => {
    const r = registration.validateSubmit(federation, TODAY);
    expect(r.ok && ['creditCode' in r.data, 'legalRepresentative' in r.data]).toEqual([false, false]);
  });

  it('does not hold a federation to an enterprise’s credit code check', () => {
    expect(registration.validateSubmit({ ...federation, creditCode: '91310110MA1FL3K2XA' }, TODAY).ok).toBe(true);
  });
});
