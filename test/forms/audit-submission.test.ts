import { describe, it, expect } from 'vitest';
import { getForm } from '../../forms/registry.js';
import { TODAY, messageAt, paths, submitter, warningPaths } from './support.js';
import { fileRef } from './sample-form.js';

const form = getForm('audit-submission')!;
const submit = submitter(form);

/** The categories of a grassroots union's accounts (工会会计制度), as both fund forms key them. */
const INCOME = ['inc_dues', 'inc_allocated', 'inc_subsidy', 'inc_admin', 'inc_other'];
const EXPENDITURE = ['exp_activities', 'exp_rights', 'exp_business', 'exp_capital', 'exp_other'];

const finding = (extra: Record<string, unknown> = {}) => ({
  id: 'F-1',
  category: 'spending',
  description: '部分活动支出缺少审批单',
  severity: 'general',
  deadline: '2025-09-30',
  ...extra,
});

describe('audit-submission budget execution', () => {
  it('has a budget and an actual field for each of the ten categories', () => {
    const keys = form.decl.sections.find((s) => s.key === 'budget')!.fields.map((f) => f.key);
    expect(keys).toEqual([...INCOME, ...EXPENDITURE].flatMap((c) => [`bud_${c}`, `act_${c}`]));
  });

  it('requires each budget and actual figure', () => {
    expect(paths(submit({ act_exp_rights: null }))).toEqual(['act_exp_rights']);
  });

  it('names each category as fund-oversight does, budget and actual', () => {
    const disclosure = getForm('fund-oversight')!.decl.sections.flatMap((s) => s.fields);
    const budget = form.decl.sections.find((s) => s.key === 'budget')!.fields;
    const labels = (prefix: string) => budget.filter((f) => f.key.startsWith(prefix)).map((f) => [f.key.slice(prefix.length), f.label]);
    const named = [...INCOME, ...EXPENDITURE].map((key) => [key, disclosure.find((f) => f.key === key)!.label]);
    const suffixed = (zh: string, en: string) => named.map(([key, l]) => [key, { zh: `${(l as { zh: string }).zh}（${zh}）`, en: `${(l as { en: string }).en} (${en})` }]);
    expect([labels('bud_'), labels('act_')]).toEqual([suffixed('预算', 'budget'), suffixed('决算', 'actual')]);
  });

  it.each(EXPENDITURE)('warns when actual %s spending is over budget, without blocking', (key) => {
    const r = submit({ [`bud_${key}`]: 1_000, [`act_${key}`]: 1_001 });
    expect([r.ok, warningPaths(r)]).toEqual([true, [`act_${key}`]]);
  });

  it('does not warn when income is above budget', () => {
    expect(warningPaths(submit({ bud_inc_dues: 1_000, act_inc_dues: 2_000 }))).toEqual([]);
  });
});

describe('audit-submission balance sheet and bank', () => {
  it('refuses assets that do not equal liabilities plus net assets, on assets', () => {
    expect(messageAt(submit({ assets: 48_000_001 }), 'assets')?.en).toBe('Total assets must equal liabilities plus net assets');
  });

  it('accepts negative net assets that balance', () => {
    expect(submit({ assets: 1_000, liabilities: 11_000, netAssets: -10_000 }).ok).toBe(true);
  });

  it('requires an explanation when the bank and book balances differ', () => {
    expect(paths(submit({ balanceExplanation: '' }))).toEqual(['balanceExplanation']);
  });

  it('does not require an explanation when the balances agree', () => {
    expect(submit({ bankBalance: 30_000_000, balanceExplanation: '' }).ok).toBe(true);
  });

  it('computes the bank difference as bank minus book', () => {
    expect(form.computed(form.example(TODAY)).bankDifference).toBe(120_000);
  });
});

describe('audit-submission documents', () => {
  it('accepts financial statements as spreadsheets', () => {
    const xlsx = fileRef({ contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(submit({ statements: [xlsx] }).ok).toBe(true);
  });

  it('refuses a document of a type it does not accept', () => {
    expect(paths(submit({ voucherSummary: [fileRef({ contentType: 'video/mp4' })] }))).toEqual(['voucherSummary.0.contentType']);
  });
});

describe('audit-submission findings', () => {
  it('needs the auditor’s number, category, description, severity and deadline in a finding', () => {
    expect(paths(submit({ findings: [{ answer: '已整改' }] }))).toEqual([
      'findings.0.id',
      'findings.0.category',
      'findings.0.description',
      'findings.0.severity',
      'findings.0.deadline',
    ]);
  });

  it('accepts a finding not yet answered', () => {
    expect(submit({ findings: [finding()] }).ok).toBe(true);
  });

  it('refuses a severity other than 一般, 较重, 严重', () => {
    expect(paths(submit({ findings: [finding({ severity: 'minor' })] }))).toEqual(['findings.0.severity']);
  });

  it('requires a note on each answer the auditor returns, on that row', () => {
    const findings = [finding({ verdict: 'accepted' }), finding({ id: 'F-2', verdict: 'returned' })];
    expect(paths(submit({ findings }))).toEqual(['findings.1.verdictNote']);
  });

  it('accepts a returned answer with a note', () => {
    expect(submit({ findings: [finding({ verdict: 'returned', verdictNote: '缺少审批单扫描件' })] }).ok).toBe(true);
  });

  it('counts the findings and the open ones (all not accepted, unanswered included)', () => {
    const findings = [finding({ verdict: 'accepted' }), finding({ verdict: 'returned' }), finding()];
    const c = form.computed({ findings });
    expect([c.findingsCount, c.openFindings]).toEqual([3, 2]);
  });

  it('counts no findings before the audit', () => {
    const c = form.computed(form.example(TODAY));
    expect([c.findingsCount, c.openFindings]).toEqual([0, 0]);
  });
});
