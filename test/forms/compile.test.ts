import { describe, it, expect } from 'vitest';
import { compileForm } from '../../forms/compile.js';
import type { FormDeclaration, FormIssue, ValidationResult } from '../../forms/language.js';
import { TODAY, VALID_CODE, minimal, sample } from './sample-form.js';

const form = compileForm(sample);
const submit = (data: unknown) => form.validateSubmit(data, TODAY);

const issues = (r: ValidationResult): FormIssue[] => (r.ok ? [] : r.issues);
const paths = (r: ValidationResult) => issues(r).map((i) => i.path);
const issueAt = (r: ValidationResult, path: string) => issues(r).find((i) => i.path === path);
const rows = (...amounts: number[]) => amounts.map((amount, i) => ({ label: `row${i}`, amount }));

describe('validateDraft: shape', () => {
  it('accepts an empty object', () => {
    expect(form.validateDraft({})).toEqual({ ok: true, data: {}, warnings: [] });
  });

  it('accepts null and empty string as "not filled in" for every field type', () => {
    const keys = sample.sections[0].fields.map((f) => f.key);
    expect(form.validateDraft(Object.fromEntries(keys.map((k) => [k, null]))).ok).toBe(true);
    expect(form.validateDraft(Object.fromEntries(keys.map((k) => [k, '']))).ok).toBe(true);
  });

  it('does not require required fields', () => {
    expect(form.validateDraft({ other: 'x' }).ok).toBe(true);
  });

  it('refuses an unknown top-level key, naming it', () => {
    expect(issueAt(form.validateDraft({ nmae: 'Abc' }), 'nmae')?.message.en).toBe('Unknown field');
  });

  it('refuses an unknown key inside a group row, naming its row path', () => {
    const r = form.validateDraft({ items: [{ label: 'a' }, { label: 'b', colour: 'red' }] });
    expect(paths(r)).toEqual(['items.1.colour']);
  });

  it('refuses a __proto__ key from parsed JSON without polluting Object.prototype', () => {
    const r = form.validateDraft(JSON.parse('{"__proto__": {"polluted": true}, "name": "Abc"}'));
    expect(paths(r)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('strips computed keys sent by a client instead of refusing them', () => {
    const r = form.validateDraft({ count: 2, double: 999 });
    expect(r).toEqual({ ok: true, data: { count: 2 }, warnings: [] });
  });

  it('refuses text longer than maxLength with the limit in the message', () => {
    expect(issueAt(form.validateDraft({ name: 'ABCDEF' }), 'name')?.message).toEqual({
      zh: '不能超过 5 个字符',
      en: 'At most 5 characters',
    });
  });

  it('applies a default maximum length to text without one', () => {
    expect(paths(form.validateDraft({ other: 'x'.repeat(201) }))).toEqual(['other']);
  });

  it('refuses longtext longer than maxLength', () => {
    expect(paths(form.validateDraft({ notes: 'x'.repeat(51) }))).toEqual(['notes']);
  });

  it('lets a draft be shorter than minLength', () => {
    expect(form.validateDraft({ name: 'A' }).ok).toBe(true);
  });

  it('refuses a fractional integer as "not a whole number"', () => {
    expect(issueAt(form.validateDraft({ count: 1.5 }), 'count')?.message.zh).toBe('应为整数');
  });

  it('refuses a number written as a string for an integer', () => {
    expect(paths(form.validateDraft({ count: '3' }))).toEqual(['count']);
  });

  it('refuses an integer outside min/max, stating the bound', () => {
    expect(issueAt(form.validateDraft({ count: 0 }), 'count')?.message.en).toBe('Must be at least 1');
    expect(issueAt(form.validateDraft({ count: 11 }), 'count')?.message.en).toBe('Must be at most 10');
  });

  it('refuses an integer beyond the safe range', () => {
    expect(paths(form.validateDraft({ limit: 2 ** 60 }))).toEqual(['limit']);
  });

  it('refuses negative money when no min is declared', () => {
    expect(paths(form.validateDraft({ fee: -1 }))).toEqual(['fee']);
  });

  it('refuses money in fractions of a fen', () => {
    expect(paths(form.validateDraft({ fee: 10.5 }))).toEqual(['fee']);
  });

  it('states money bounds in yuan', () => {
    expect(issueAt(form.validateDraft({ grant: 99 }), 'grant')?.message).toEqual({
      zh: '不能小于 1.00 元',
      en: 'Must be at least ¥1.00',
    });
  });

  it('refuses a choice value that is not an option', () => {
    expect(issueAt(form.validateDraft({ colour: 'green' }), 'colour')?.message.en).toBe('Must be one of the options');
  });

  it('refuses a flag given as a string', () => {
    expect(paths(form.validateDraft({ urgent: 'true' }))).toEqual(['urgent']);
  });

  it.each(['2025-02-30', '2025/06/01', '2025-6-1'])('refuses the date %s', (due) => {
    expect(paths(form.validateDraft({ due }))).toEqual(['due']);
  });

  it('accepts a half-typed credit code and mobile in a draft', () => {
    expect(form.validateDraft({ code: '9131', phone: '138' }).ok).toBe(true);
  });

  it('refuses a credit code longer than 18 characters even in a draft', () => {
    expect(paths(form.validateDraft({ code: VALID_CODE + '1' }))).toEqual(['code']);
  });

  it('accepts an unticked declaration in a draft', () => {
    expect(form.validateDraft({ agree: false }).ok).toBe(true);
  });

  it('refuses more group rows than maxRows', () => {
    expect(issueAt(form.validateDraft({ items: rows(1, 2, 3, 4) }), 'items')?.message.en).toBe('At most 3 rows');
  });

  it('refuses a group row that is not an object', () => {
    expect(issueAt(form.validateDraft({ items: ['x'] }), 'items.0')?.message.en).toBe('Each row must be an object');
  });

  it('does not apply cross-field rules', () => {
    expect(form.validateDraft({ name: 'Abc', other: 'Abc', count: 9, limit: 1 }).ok).toBe(true);
  });

  it.each([null, [], 'text', 42, true, new Date(0), new Map()])('refuses the non-object %j at path ""', (input) => {
    expect(issues(form.validateDraft(input))).toEqual([
      { path: '', message: { zh: '表单数据应为对象', en: 'Form data must be an object' } },
    ]);
  });

  it('reports several failing fields at once', () => {
    expect(paths(form.validateDraft({ count: 'x', colour: 'x', due: 'x' })).sort()).toEqual(['colour', 'count', 'due']);
  });
});

describe('validateSubmit: required and formats', () => {
  it('accepts the minimal complete data', () => {
    expect(submit(minimal())).toEqual({ ok: true, data: minimal(), warnings: [] });
  });

  it('reports a missing required field as required, in both languages', () => {
    const { name: _, ...rest } = minimal();
    expect(issueAt(submit(rest), 'name')?.message).toEqual({ zh: '必填', en: 'Required' });
  });

  it('treats blank text in a required field as missing', () => {
    expect(issueAt(submit({ ...minimal(), name: '   ' }), 'name')?.message.en).toBe('Required');
  });

  it('treats an empty string in a required choice as missing', () => {
    expect(issueAt(submit({ ...minimal(), colour: '' }), 'colour')?.message.en).toBe('Required');
  });

  it('enforces minLength on submit', () => {
    expect(issueAt(submit({ ...minimal(), name: 'A' }), 'name')?.message.en).toBe('At least 2 characters');
  });

  it('requires a declaration to be ticked even though it is not marked required', () => {
    expect(issueAt(submit({ ...minimal(), agree: false }), 'agree')?.message.zh).toBe('提交前须勾选确认此声明');
  });

  it('reports a credit code with a wrong check character', () => {
    const r = submit({ ...minimal(), code: VALID_CODE.slice(0, 17) + 'A' });
    expect(issueAt(r, 'code')?.message.zh).toBe('统一社会信用代码校验位不正确，请核对营业执照');
  });

  it('reports a credit code with a forbidden letter as a charset problem', () => {
    const r = submit({ ...minimal(), code: 'I' + VALID_CODE.slice(1) });
    expect(issueAt(r, 'code')?.message.en).toMatch(/except I, O, Z, S, V/);
  });

  it('reports a short credit code as a length problem', () => {
    expect(issueAt(submit({ ...minimal(), code: '9131' }), 'code')?.message.en).toMatch(/18 characters/);
  });

  it('accepts an empty optional credit code', () => {
    expect(submit({ ...minimal(), code: '' }).ok).toBe(true);
  });

  it('reports an invalid mobile number', () => {
    expect(issueAt(submit({ ...minimal(), phone: '12345678901' }), 'phone')?.message.en).toMatch(/mobile/);
  });

  it('lets an optional group stay empty', () => {
    expect(submit({ ...minimal(), items: [] }).ok).toBe(true);
  });

  it('requires minRows once an optional group is started', () => {
    expect(issueAt(submit({ ...minimal(), items: rows(1), total: 1 }), 'items')?.message.en).toBe('At least 2 rows');
  });

  it('reports a required field missing in a group row at the row path', () => {
    const r = submit({ ...minimal(), items: [{ label: 'a' }, { amount: 1 }] });
    expect(paths(r)).toEqual(['items.1.label']);
  });

  it('checks credit codes inside group rows', () => {
    const r = submit({ ...minimal(), items: [{ label: 'a', code: VALID_CODE }, { label: 'b', code: 'X'.repeat(18) }] });
    expect(paths(r)).toEqual(['items.1.code']);
  });

  it('reports each failing path once even when the shape and a rule both fail there', () => {
    const r = submit({ ...minimal(), count: 11, limit: 1, urgent: true, notes: 'n' });
    expect(paths(r)).toEqual(['count']);
  });

  it('strips computed keys and returns the data without them', () => {
    expect(submit({ ...minimal(), double: 'client value' })).toEqual({ ok: true, data: minimal(), warnings: [] });
  });
});

describe('validateSubmit: conditional sections', () => {
  it('requires the fields of a section whose condition holds', () => {
    expect(paths(submit({ ...minimal(), colour: 'blue' }))).toEqual(['shade']);
  });

  it('does not require the fields of a section whose condition does not hold', () => {
    expect(submit(minimal()).ok).toBe(true);
  });

  it('ignores invalid values in a hidden section and leaves them out of the submitted data', () => {
    const r = submit({ ...minimal(), shade: '', blueCode: 'WRONG' });
    expect(r).toEqual({ ok: true, data: minimal(), warnings: [] });
  });

  it('still checks the types of hidden-section values', () => {
    expect(paths(submit({ ...minimal(), shade: 42 }))).toEqual(['shade']);
  });

  it('checks formats in a shown section', () => {
    const r = submit({ ...minimal(), colour: 'blue', shade: 'navy', blueCode: VALID_CODE.slice(0, 17) + '0' });
    expect(paths(r)).toEqual(['blueCode']);
  });
});

describe('validateSubmit: rules', () => {
  it('requiredWhen reports the field when its condition holds', () => {
    expect(issueAt(submit({ ...minimal(), urgent: true }), 'notes')?.message.en).toBe('Urgent needs notes');
  });

  it('requiredWhen is silent when its condition does not hold', () => {
    expect(submit({ ...minimal(), urgent: false }).ok).toBe(true);
  });

  it('equalsWhen reports the field when its condition holds and the value differs', () => {
    expect(paths(submit({ ...minimal(), count: 8 }))).toEqual(['urgent']);
  });

  it('equalsWhen is satisfied by the expected value', () => {
    expect(submit({ ...minimal(), count: 8, urgent: true, notes: 'n' }).ok).toBe(true);
  });

  it('lte reports the field when it is greater than the other', () => {
    expect(issueAt(submit({ ...minimal(), count: 5, limit: 4 }), 'count')?.message.en).toBe('Count above limit');
  });

  it('lte accepts equal values', () => {
    expect(submit({ ...minimal(), count: 4, limit: 4 }).ok).toBe(true);
  });

  it('lte is silent while the other value is empty', () => {
    expect(submit({ ...minimal(), count: 5 }).ok).toBe(true);
  });

  it('sumEquals reports the total when the column does not add up', () => {
    expect(issueAt(submit({ ...minimal(), items: rows(1, 2), total: 4 }), 'total')?.message.en).toBe('Total differs');
  });

  it('sumEquals accepts a matching total', () => {
    expect(submit({ ...minimal(), items: rows(1, 2), total: 3 }).ok).toBe(true);
  });

  it('differs reports the field when both name the same person, ignoring spaces and case', () => {
    expect(paths(submit({ ...minimal(), name: 'Ab c', other: 'abC' }))).toEqual(['other']);
  });

  it('differs accepts different values', () => {
    expect(submit({ ...minimal(), other: 'Xyz' }).ok).toBe(true);
  });

  it('dateAfterToday reports a date equal to today', () => {
    expect(issueAt(submit({ ...minimal(), due: TODAY }), 'due')?.message.en).toBe('Due after today');
  });

  it('dateAfterToday accepts tomorrow', () => {
    expect(submit({ ...minimal(), due: '2025-06-02' }).ok).toBe(true);
  });

  it('dateAfterToday uses the today it is given', () => {
    expect(form.validateSubmit({ ...minimal(), due: '2025-06-02' }, '2025-06-02').ok).toBe(false);
  });

  it('a warning rule does not block a submit and is returned in warnings', () => {
    const r = submit({ ...minimal(), fee: 20_000, grant: 10_000 });
    expect(r).toEqual({
      ok: true,
      data: { ...minimal(), fee: 20_000, grant: 10_000 },
      warnings: [{ path: 'fee', message: { zh: '费用超过补助', en: 'Fee above grant' } }],
    });
  });

  it('assert reports its field when the condition fails, reading computed values and parameters', () => {
    expect(issueAt(submit({ ...minimal(), count: 9, urgent: true, notes: 'n' }), 'count')?.message.en).toBe(
      'Twice the count is above the maximum',
    );
  });

  it('assert accepts data on which the condition holds', () => {
    expect(submit({ ...minimal(), count: 8, urgent: true, notes: 'n' }).ok).toBe(true);
  });

  it('assert is silent while an operand is still empty', () => {
    expect(submit({ ...minimal(), count: null }).ok).toBe(true);
  });

  it('rowAssert reports the column of each failing row', () => {
    expect(paths(submit({ ...minimal(), items: rows(150, 1, 101) }))).toEqual(['items.0.amount', 'items.2.amount']);
  });

  it('rowAssert carries its message on each row', () => {
    expect(issueAt(submit({ ...minimal(), items: rows(150, 1) }), 'items.0.amount')?.message.en).toBe('Amount too large');
  });

  it('reports shape problems and rule failures together', () => {
    const r = submit({ ...minimal(), name: '', count: 5, limit: 1, due: TODAY });
    expect(paths(r).sort()).toEqual(['count', 'due', 'name']);
  });
});

describe('computed', () => {
  it('computes each value from the data', () => {
    expect(form.computed({ count: 3 }).double).toBe(6);
  });

  it('lets a computed value read one computed before it', () => {
    expect(form.computed({ count: 3 }).quadruple).toBe(12);
  });

  it('gives null for a division by zero', () => {
    expect(form.computed({ fee: 100, grant: 0 }).ratio).toBeNull();
  });

  it('gives null for every value it cannot compute, keeping every key', () => {
    expect(form.computed({})).toEqual({ double: null, quadruple: null, ratio: null, itemsTotal: 0 });
  });

  it('ignores a client copy of a computed value when computing a later one', () => {
    expect(form.computed({ double: 100 }).quadruple).toBeNull();
  });

  it('gives null instead of throwing for an object whose getters throw', () => {
    const hostile = Object.defineProperty({}, 'count', {
      enumerable: true,
      get() {
        throw new Error('gotcha');
      },
    });
    expect(form.computed(hostile).double).toBeNull();
  });
});

describe('jsonSchema', () => {
  const schema = form.jsonSchema(TODAY);

  it('has the bilingual title and the example for today', () => {
    expect(schema.title).toBe('样例 / Sample');
    expect(schema.examples).toEqual([{ ...minimal(), due: '2025-06-02' }]);
  });

  it('lists the required fields of unconditional sections, declarations included', () => {
    expect(schema.required).toEqual(['name', 'colour', 'agree']);
  });

  it('refuses additional properties', () => {
    expect(schema.additionalProperties).toBe(false);
  });

  it('carries field bounds and formats', () => {
    const props = schema.properties as Record<string, Record<string, unknown>>;
    expect(props.name).toMatchObject({ type: 'string', maxLength: 5, minLength: 2, title: '名称 / Name' });
    expect(JSON.stringify(props.due)).toContain('"format":"date"');
  });

  it('marks computed values read-only, typed by their format and nullable', () => {
    expect((schema.properties as Record<string, unknown>).double).toMatchObject({ readOnly: true, type: ['integer', 'null'] });
  });

  it('lists read-only fields, marked read-only', () => {
    expect((schema.properties as Record<string, unknown>).serverRef).toMatchObject({ readOnly: true, title: '服务器编号 / Server reference' });
  });

  it('does not require a read-only field', () => {
    expect(schema.required).not.toContain('serverRef');
  });

  it('says the unit of every money value: fields, a group’s columns and computed values', () => {
    const t = (zh: string, en: string) => ({ zh, en });
    const money: FormDeclaration = {
      id: 'money',
      version: 1,
      title: t('金额', 'Money'),
      sections: [
        {
          key: 'main',
          title: t('主要', 'Main'),
          fields: [
            { key: 'fee', type: 'money', label: t('费用', 'Fee') },
            { key: 'grant', type: 'money', label: t('补助', 'Grant'), help: t('上级拨付', 'From above'), required: true },
            { key: 'count', type: 'integer', label: t('数量', 'Count') },
            {
              key: 'lines',
              type: 'group',
              label: t('明细', 'Lines'),
              fields: [{ key: 'amount', type: 'money', label: t('数额', 'Amount') }],
            },
          ],
        },
      ],
      rules: [],
      computed: [{ key: 'both', label: t('合计', 'Both'), expr: { add: [{ field: 'fee' }, { field: 'grant' }] }, format: 'money' }],
      example: { grant: 100 },
    };
    const unit = '金额，单位：分（1 元 = 100 分） / Amount in fen (1 yuan = 100 fen)';
    const props = compileForm(money).jsonSchema(TODAY).properties as Record<string, any>;
    expect(props.fee).toMatchObject({ description: unit, 'x-unit': 'fen' });
    expect(props.grant).toMatchObject({ description: `上级拨付 / From above. ${unit}`, 'x-unit': 'fen' });
    expect(JSON.stringify(props.lines)).toContain(JSON.stringify({ title: '数额 / Amount', description: unit, 'x-unit': 'fen' }).slice(1, -1));
    expect(props.both).toMatchObject({ description: unit, 'x-unit': 'fen' });
    expect(props.count.description).toBeUndefined();
    expect(props.count['x-unit']).toBeUndefined();
  });

  it('does not throw when the example cannot be built', () => {
    expect(form.jsonSchema('not a date').examples).toEqual([]);
  });
});

describe('definition', () => {
  it('is the declaration itself, as JSON data', () => {
    expect(form.definition()).toEqual(JSON.parse(JSON.stringify(sample)));
  });

  it('keeps the example’s date markers unresolved', () => {
    expect(form.definition().example.due).toEqual({ $today: 1 });
  });

  it('gives each caller its own copy', () => {
    form.definition().title.zh = 'changed';
    expect(form.definition().title).toEqual(sample.title);
  });

  it('is not changed by later changes to the object it was compiled from', () => {
    const decl = JSON.parse(JSON.stringify(sample)) as FormDeclaration;
    const compiled = compileForm(decl);
    decl.params!.maxDouble.value = 0;
    expect(compiled.validateSubmit({ ...minimal(), count: 3 }, TODAY).ok).toBe(true);
  });

  it('compiles from its own JSON to a form that computes and validates alike', () => {
    const again = compileForm(JSON.parse(JSON.stringify(form.definition())) as FormDeclaration);
    const data = { ...minimal(), count: 9, fee: 5, grant: 0 };
    expect([again.computed(data), again.validateSubmit(data, TODAY)]).toEqual([form.computed(data), submit(data)]);
  });
});

describe('example', () => {
  it('places `$today` dates relative to the day asked for', () => {
    expect(form.example('2024-02-28').due).toBe('2024-02-29');
  });

  it('is a fresh copy each call', () => {
    (form.example(TODAY) as { name: string }).name = 'changed';
    expect(form.example(TODAY).name).toBe('Abc');
  });

  it('is also offered as decl.example for callers of the function-valued example', () => {
    expect(form.decl.example(TODAY)).toEqual(form.example(TODAY));
  });

  it('throws a RangeError for a today that is not a date', () => {
    expect(() => form.example('2025-13-01')).toThrow(RangeError);
  });
});

describe('compileForm', () => {
  const broken = (patch: Partial<FormDeclaration>): FormDeclaration => ({ ...sample, ...patch });

  it('throws when a rule names an unknown field', () => {
    const rules = [{ kind: 'lte', field: 'count', other: 'nope', message: sample.title } as const];
    expect(() => compileForm(broken({ rules }))).toThrow(/unknown field nope/);
  });

  it('throws on a duplicate field key', () => {
    const sections = [sample.sections[0], { ...sample.sections[1], fields: [sample.sections[0].fields[0]] }];
    expect(() => compileForm(broken({ sections }))).toThrow(/duplicate field key name/);
  });

  it('throws when a computed key shadows a field', () => {
    const computed = [{ key: 'name', label: sample.title, expr: 1 }];
    expect(() => compileForm(broken({ computed }))).toThrow(/shadows/);
  });
});
