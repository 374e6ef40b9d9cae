import { describe, it, expect } from 'vitest';
import { compileForm } from '../../forms/compile.js';
import type { FormData, FormIssue, ValidationResult } from '../../forms/language.js';
import { unionRegistration } from '../../forms/union-registration.js';
import { creditCodeCheckChar, isValidCreditCode } from '../../forms/validators.js';

const TODAY = '2025-06-01';
const form = compileForm(unionRegistration);
const example = () => form.example(TODAY);
const submit = (patch: FormData) => form.validateSubmit({ ...example(), ...patch }, TODAY);
const withCode = (first17: string) => first17 + creditCodeCheckChar(first17);

type Row = { name?: string; creditCode?: string; employees?: number };

/** A valid area federation covering two enterprises (120 = 70 + 50 employees). */
const federation = (): FormData & { coveredEnterprises: Row[] } => ({
  ...example(),
  kind: 'area-federation',
  name: '创智天地园区工会联合会',
  creditCode: '',
  legalRepresentative: '',
  coveredEnterprises: [
    { name: '甲公司', creditCode: withCode('91310110MA1G00001'), employees: 70 },
    { name: '乙公司', creditCode: withCode('91310110MA1G00002'), employees: 50 },
  ],
});
const submitFederation = (patch: FormData) => form.validateSubmit({ ...federation(), ...patch }, TODAY);

const issues = (r: ValidationResult): FormIssue[] => (r.ok ? [] : r.issues);
const paths = (r: ValidationResult) => issues(r).map((i) => i.path);

describe('union-registration example', () => {
  it('passes validateSubmit without warnings', () => {
    expect(form.validateSubmit(example(), TODAY)).toMatchObject({ ok: true, warnings: [] });
  });

  it('passes validateDraft', () => {
    expect(form.validateDraft(example()).ok).toBe(true);
  });

  it('carries a credit code with a correct check character', () => {
    expect(isValidCreditCode(example().creditCode)).toBe(true);
  });

  it('plans the founding meeting 30 days after today', () => {
    expect(example().foundingMeetingDate).toBe('2025-07-01');
  });

  it('is a valid federation when turned into one with covered enterprises', () => {
    expect(form.validateSubmit(federation(), TODAY).ok).toBe(true);
  });
});

describe('union-registration rules (DOMAIN.md process 1), each reported on its field', () => {
  it.each([
    ['an enterprise without a credit code', { creditCode: '' }, 'creditCode'],
    ['an enterprise credit code with a wrong check character', { creditCode: '91310110MA1FL3K2XA' }, 'creditCode'],
    ['an enterprise without its legal representative', { legalRepresentative: '' }, 'legalRepresentative'],
    ['more female employees than employees', { femaleEmployees: 121 }, 'femaleEmployees'],
    ['more intended members than employees', { intendedMembers: 121 }, 'intendedMembers'],
    ['more female members than intended members', { intendedMembers: 30, committeeSize: 5 }, 'intendedFemaleMembers'],
    ['more female members than female employees', { femaleEmployees: 30 }, 'intendedFemaleMembers'],
    ['a committee larger than the membership', { intendedMembers: 5, intendedFemaleMembers: 5, committeeSize: 7 }, 'committeeSize'],
    ['a founding meeting today', { foundingMeetingDate: TODAY }, 'foundingMeetingDate'],
    ['a founding meeting in the past', { foundingMeetingDate: '2025-05-01' }, 'foundingMeetingDate'],
    ['a chair candidate who is the legal representative', { chairCandidate: '张伟' }, 'legalRepresentative'],
    ['an unticked candidate declaration', { chairDeclaration: false }, 'chairDeclaration'],
    ['10+ female members without a women workers’ committee', { womenCommittee: false }, 'womenCommittee'],
    ['10+ female members without a women’s committee chair', { womenCommitteeChair: '' }, 'womenCommitteeChair'],
    ['an invalid contact mobile', { leaderMobile: '1380013800' }, 'leaderMobile'],
    ['a street outside Yangpu', { street: 'xujiahui' }, 'street'],
    ['an unknown kind', { kind: 'club' }, 'kind'],
    ['a committee of 2', { committeeSize: 2 }, 'committeeSize'],
    ['a committee of 23', { committeeSize: 23 }, 'committeeSize'],
    ['no plan', { plan: '' }, 'plan'],
    ['a one-line plan', { plan: '成立工会。' }, 'plan'],
  ])('refuses %s', (_, patch, path) => {
    expect(paths(submit(patch))).toEqual([path]);
  });

  const [first] = federation().coveredEnterprises;
  it.each<[string, FormData, string]>([
    [
      'fewer than two covered enterprises',
      { coveredEnterprises: [first], employees: 70, femaleEmployees: 50, intendedMembers: 60 },
      'coveredEnterprises',
    ],
    ['no covered enterprises', { coveredEnterprises: [] }, 'coveredEnterprises'],
    ['covered employees not adding up to the federation’s', { employees: 121 }, 'employees'],
    [
      'a covered enterprise with an invalid credit code',
      { coveredEnterprises: [first, { name: '丙', creditCode: '91310110MA1G0000IX', employees: 50 }] },
      'coveredEnterprises.1.creditCode',
    ],
    [
      'a covered enterprise without a name',
      { coveredEnterprises: [first, { creditCode: withCode('91310110MA1G00003'), employees: 50 }] },
      'coveredEnterprises.1.name',
    ],
  ])('refuses a federation with %s', (_, patch, path) => {
    expect(paths(submitFederation(patch))).toEqual([path]);
  });

  it('refuses zero employees with the lower bound in the message', () => {
    const issue = issues(submit({ employees: 0 })).find((i) => i.path === 'employees');
    expect(issue?.message).toEqual({ zh: '不能小于 1', en: 'Must be at least 1' });
  });

  it('does not require a credit code or legal representative from a federation', () => {
    expect(submitFederation({ creditCode: null, legalRepresentative: null }).ok).toBe(true);
  });

  it('refuses a chair candidate who is the legal representative written with a space', () => {
    expect(paths(submit({ chairCandidate: '张 伟' }))).toEqual(['legalRepresentative']);
  });

  it('quotes the rule that principals and close relatives may not be committee members', () => {
    const issue = issues(submit({ chairCandidate: '张伟' }))[0];
    expect(issue.message.zh).toContain('企业主要负责人及其近亲属不得作为工会委员会委员人选');
  });

  it('does not require a women workers’ committee below 10 female members', () => {
    const r = submit({ intendedFemaleMembers: 9, womenCommittee: false, womenCommitteeChair: '' });
    expect(r.ok).toBe(true);
  });

  it('drops covered enterprises left over when the kind is an enterprise', () => {
    const r = submit({ coveredEnterprises: [{ name: '旧', creditCode: 'junk', employees: 1 }] });
    expect(r.ok && 'coveredEnterprises' in r.data).toBe(false);
    expect(r.ok).toBe(true);
  });

  it('offers exactly the twelve Yangpu streets', () => {
    const street = unionRegistration.sections.flatMap((s) => s.fields).find((f) => f.key === 'street');
    expect(street?.type === 'choice' && street.options.map((s) => s.value)).toEqual([
      'dinghailu', 'pingliang', 'jiangpu', 'siping', 'kongjiang', 'changbai',
      'yanji', 'yinhang', 'daqiao', 'wujiaochang', 'xinjiangwancheng', 'changhai',
    ]);
  });

  it('labels every field in Chinese and English', () => {
    const labels = unionRegistration.sections.flatMap((s) => s.fields).map((f) => f.label);
    expect(labels.every((l) => /[\u4e00-\u9fff]/.test(l.zh) && /[A-Za-z]/.test(l.en))).toBe(true);
  });
});

describe('union-registration computed values', () => {
  it('isFederation is false for an enterprise and true for a federation', () => {
    expect([form.computed(example()).isFederation, form.computed(federation()).isFederation]).toEqual([false, true]);
  });

  it('coveredEmployeesTotal adds the covered enterprises’ employees', () => {
    expect(form.computed(federation()).coveredEmployeesTotal).toBe(120);
  });

  it('womenCommitteeRequired is true from 10 intended female members', () => {
    expect([9, 10].map((n) => form.computed({ intendedFemaleMembers: n }).womenCommitteeRequired)).toEqual([false, true]);
  });

  it('membershipRate is a whole percentage rounded down', () => {
    expect(form.computed({ intendedMembers: 199, employees: 200 }).membershipRate).toBe(99);
  });

  it('membershipRate is null while employees are unknown', () => {
    expect(form.computed({ intendedMembers: 10 }).membershipRate).toBeNull();
  });

  it('computed values are null on junk data instead of throwing', () => {
    expect(form.computed({ coveredEnterprises: [null, 'x'], employees: 'many' })).toEqual({
      isFederation: null,
      coveredEmployeesTotal: 0,
      womenCommitteeRequired: null,
      membershipRate: null,
    });
  });
});

describe('union-registration schema and definition', () => {
  it('publishes a JSON Schema whose example is the example for today', () => {
    expect(form.jsonSchema(TODAY).examples).toEqual([example()]);
  });

  it('publishes its rules in the definition', () => {
    // An enterprise's credit code and legal representative are required by their fields'
    // `when`, so they need no rule of their own.
    const rules = form.definition().rules as { kind: string }[];
    expect(rules.map((r) => r.kind).sort()).toEqual([
      'dateAfterToday', 'differs', 'equalsWhen', 'lte', 'lte', 'lte', 'lte', 'lte',
      'requiredWhen', 'sumEquals',
    ]);
  });
});
