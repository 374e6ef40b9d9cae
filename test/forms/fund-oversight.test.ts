import { describe, it, expect } from 'vitest';
import { compileForm } from '../../forms/compile.js';
import { fundOversight } from '../../forms/fund-oversight.js';
import { getForm } from '../../forms/registry.js';
import { TODAY, messageAt, paths, submitter, warningPaths } from './support.js';
import { fileRef } from './sample-form.js';

const form = getForm('fund-oversight')!;
const submit = submitter(form);
const EXPENDITURE = ['exp_activities', 'exp_rights', 'exp_business', 'exp_capital', 'exp_other'];

type Row = { date: string; category: string; purpose: string; amount: number; decidedBy?: string; attachments?: unknown[] };
const row = (category: string, amount: number, extra: Partial<Row> = {}): Row => ({
  date: '2025-05-20',
  category,
  purpose: '慰问',
  amount,
  ...extra,
});

describe('fund-oversight period', () => {
  it('requires the quarter of a quarterly disclosure', () => {
    expect(messageAt(submit({ quarter: null }), 'quarter')?.en).toBe('Give the quarter of a quarterly disclosure');
  });

  it('does not require a quarter for a yearly disclosure', () => {
    expect(submit({ periodType: 'year', quarter: null }).ok).toBe(true);
  });

  it('refuses a fifth quarter', () => {
    expect(paths(submit({ quarter: 5 }))).toEqual(['quarter']);
  });
});

describe('fund-oversight notable expenditure', () => {
  it.each(EXPENDITURE)('refuses notable %s items adding up to more than the category’s total', (key) => {
    expect(paths(submit({ [key]: 100_000, notable: [row(key, 60_000), row(key, 40_001)] }))).toEqual([key]);
  });

  it('accepts notable items adding up to exactly the category’s total', () => {
    expect(submit({ exp_rights: 100_000, notable: [row('exp_rights', 60_000), row('exp_rights', 40_000)] }).ok).toBe(true);
  });

  it('counts each notable item only against its own category', () => {
    expect(submit({ exp_rights: 100_000, exp_other: 100_000, notable: [row('exp_rights', 90_000), row('exp_other', 90_000)] }).ok).toBe(true);
  });

  it('refuses a notable item in an income category', () => {
    expect(paths(submit({ notable: [row('inc_dues', 1)] }))).toEqual(['notable.0.category']);
  });

  it('accepts vouchers attached to a notable item', () => {
    expect(submit({ notable: [row('exp_rights', 1, { attachments: [fileRef(), fileRef({ contentType: 'image/jpeg' })] })] }).ok).toBe(true);
  });

  it('refuses a voucher of a type it does not accept', () => {
    const notable = [row('exp_rights', 1, { attachments: [fileRef({ contentType: 'application/x-msdownload' })] })];
    expect(paths(submit({ notable }))).toEqual(['notable.0.attachments.0.contentType']);
  });
});

describe('fund-oversight policy warnings', () => {
  it('warns when festival gifts exceed the yearly allowance per member, without blocking', () => {
    // 120 members × ¥2,000 = ¥240,000 = 24,000,000 fen.
    expect(warningPaths(submit({ festivalGifts: 24_000_001 }))).toEqual(['festivalGifts']);
  });

  it('does not warn at exactly the allowance', () => {
    expect(warningPaths(submit({ festivalGifts: 24_000_000 }))).toEqual([]);
  });

  it('warns on the decision column of an item above the threshold without a committee decision', () => {
    const r = submit({ exp_business: 20_000_000, notable: [row('exp_business', 100), row('exp_business', 5_000_001)] });
    expect([r.ok, warningPaths(r)]).toEqual([true, ['notable.1.decidedBy']]);
  });

  it('does not warn for an item above the threshold with a committee decision', () => {
    const notable = [row('exp_business', 5_000_001, { decidedBy: '工会委员会 2025 年第 2 次会议' })];
    expect(warningPaths(submit({ exp_business: 20_000_000, notable }))).toEqual([]);
  });

  it('does not warn for an item at exactly the threshold', () => {
    expect(warningPaths(submit({ exp_business: 20_000_000, notable: [row('exp_business', 5_000_000)] }))).toEqual([]);
  });

  it('declares the limits as parameters: ¥2,000 per member per year and ¥50,000 per item', () => {
    const params = form.decl.params!;
    expect([params.festivalGiftPerMemberYear.value, params.singleItemDecisionThreshold.value]).toEqual([200_000, 5_000_000]);
  });

  it('applies the limit a new version declares', () => {
    const params = { ...fundOversight.params, festivalGiftPerMemberYear: { ...fundOversight.params!.festivalGiftPerMemberYear, value: 100_000 } };
    const stricter = compileForm({ ...fundOversight, version: 2, params });
    const r = stricter.validateSubmit({ ...form.example(TODAY), festivalGifts: 12_000_001 }, TODAY);
    expect(r.ok && r.warnings.map((w) => w.path)).toEqual(['festivalGifts']);
  });
});

describe('fund-oversight computed values', () => {
  it('totals income and expenditure', () => {
    const c = form.computed(form.example(TODAY));
    expect([c.totalIncome, c.totalExpenditure]).toEqual([6_672_300, 6_470_000]);
  });

  it('computes the closing balance as opening + income − expenditure', () => {
    expect(form.computed(form.example(TODAY)).closingBalance).toBe(12_345_600 + 6_672_300 - 6_470_000);
  });

  it('never takes a closing balance the client typed', () => {
    const typed = { ...form.example(TODAY), closingBalance: 1 };
    expect([form.computed(typed).closingBalance, form.validateSubmit(typed, TODAY).ok]).toEqual([12_547_900, true]);
  });

  it('leaves the closing balance empty while a line is empty', () => {
    expect(form.computed({ ...form.example(TODAY), inc_other: null }).closingBalance).toBeNull();
  });

  it('shows festival gifts per member in whole fen', () => {
    expect(form.computed({ festivalGifts: 1_000, members: 3 }).festivalGiftsPerMember).toBe(333);
  });
});
