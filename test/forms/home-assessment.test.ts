import { describe, it, expect } from 'vitest';
import { getForm } from '../../forms/registry.js';
import type { FieldDecl, FormData } from '../../forms/language.js';
import { TODAY, messageAt, paths, submitter, warningPaths } from './support.js';

const form = getForm('home-assessment')!;
const submit = submitter(form);
type Score = Extract<FieldDecl, { type: 'score' }>;
const scoresOf = (fields: readonly FieldDecl[]) => fields.filter((f): f is Score => f.type === 'score');
/** The checklist: the sections with score items, and their items. */
const checklist = form.decl.sections.filter((s) => scoresOf(s.fields).length > 0);
const items = checklist.flatMap((s) => scoresOf(s.fields));

/** Every item at its maximum (90 points), `minus` points taken off item by item. */
function scored(minus = 0): FormData {
  let left = minus;
  const data: FormData = { year: 2025, members: 100 };
  for (const i of items) {
    const off = Math.min(left, i.max);
    left -= off;
    data[i.key] = { score: i.max - off, note: '依据' };
  }
  return data;
}
const tally = (answers: number, satisfied: number, basic = 0) => ({
  evalAnswers: answers,
  evalSatisfied: satisfied,
  evalBasic: basic,
  evalUnsatisfied: answers - satisfied - basic,
});
const computed = (data: FormData) => form.computed(data);

describe('home-assessment checklist', () => {
  it('has the sections 组织建设 20, 民主管理 20, 维权服务 20, 文体与素质 15, 经费与资产 15', () => {
    expect(checklist.map((s) => scoresOf(s.fields).reduce((sum, i) => sum + i.max, 0))).toEqual([20, 20, 20, 15, 15]);
  });

  it('declares each item as a required score with its maximum and a required note', () => {
    expect(items.map((f) => [f.key, f.max, f.required, f.noteRequired])).toEqual([
      ['org_committee', 8, true, true], ['org_members', 6, true, true], ['org_rules', 6, true, true],
      ['dem_congress', 8, true, true], ['dem_openness', 6, true, true], ['dem_bargaining', 6, true, true],
      ['rights_aid', 8, true, true], ['rights_nursing', 6, true, true], ['rights_relay', 6, true, true],
      ['culture_library', 5, true, true], ['culture_activities', 5, true, true], ['culture_skills', 5, true, true],
      ['funds_accounting', 8, true, true], ['funds_disclosure', 7, true, true],
    ]);
  });

  it('uses the item keys the workflow codes against', () => {
    expect(items.map((i) => i.key)).toEqual([
      'org_committee', 'org_members', 'org_rules',
      'dem_congress', 'dem_openness', 'dem_bargaining',
      'rights_aid', 'rights_nursing', 'rights_relay',
      'culture_library', 'culture_activities', 'culture_skills',
      'funds_accounting', 'funds_disclosure',
    ]);
  });
});

describe('home-assessment validation', () => {
  it('refuses a self-score above the item’s maximum', () => {
    expect(messageAt(submit({ org_committee: { score: 9, note: 'x' } }), 'org_committee.score')?.en).toBe('Must be at most 8');
  });

  it('requires every item to be scored', () => {
    expect(paths(submit({ rights_nursing: null }))).toEqual(['rights_nursing']);
  });

  it('requires the evidence note of each item', () => {
    expect(paths(submit({ dem_congress: { score: 8 } }))).toEqual(['dem_congress.note']);
  });

  it('refuses a union without members', () => {
    expect(paths(submit({ members: 0 }))).toEqual(['members']);
  });

  it('drops evaluation figures a union sends, as only the server sets them', () => {
    expect(submit(tally(40, 40))).toEqual({ ok: true, data: form.example(TODAY), warnings: [] });
  });

  it('keeps the evaluation tally the server passes', () => {
    const r = submit({}, tally(40, 30, 8));
    expect(r.ok && [r.data.evalAnswers, r.data.evalSatisfied, r.data.evalBasic, r.data.evalUnsatisfied]).toEqual([40, 30, 8, 2]);
  });

  it('does not ask for the district’s fields at submit', () => {
    expect(submit({ districtGrade: null, recommendModel: null, districtOpinion: '' }).ok).toBe(true);
  });
});

describe('home-assessment rules (DOMAIN.md process 2)', () => {
  it('requires the district’s opinion when it grades the home unqualified', () => {
    expect(paths(submit({ districtGrade: 'unqualified' }))).toEqual(['districtOpinion']);
  });

  it('does not require an opinion for a qualified grade', () => {
    expect(submit({ districtGrade: 'qualified' }).ok).toBe(true);
  });

  it('warns on recommendModel when the home is not eligible, without blocking', () => {
    expect(warningPaths(submit({ recommendModel: true }))).toEqual(['recommendModel']);
  });

  it('does not warn when an eligible home is recommended', () => {
    const r = form.validateSubmit({ ...scored(), recommendModel: true }, TODAY, tally(40, 36));
    expect(r).toMatchObject({ ok: true, warnings: [] });
  });
});

describe('home-assessment computed values', () => {
  it('adds up each section from its items', () => {
    const c = computed(form.example(TODAY));
    expect([c.sec_org, c.sec_democracy, c.sec_rights, c.sec_culture, c.sec_funds]).toEqual([18, 18, 18, 13, 15]);
  });

  it('leaves a section total empty until every item of it is scored', () => {
    expect(computed({ ...scored(), org_rules: null }).sec_org).toBeNull();
  });

  it('scores the member evaluation as 10 × satisfaction rate, rounded down', () => {
    expect(computed({ ...scored(), ...tally(40, 30, 7) }).memberEvaluationScore).toBe(9);
  });

  it('scores the member evaluation 0 before any answer', () => {
    expect([computed(scored()).memberEvaluationScore, computed({ ...scored(), ...tally(0, 0) }).memberEvaluationScore]).toEqual([0, 0]);
  });

  it('gives the satisfaction rate in percent with one decimal, rounded down', () => {
    expect(computed({ ...scored(), ...tally(7, 4, 2) }).satisfactionRate).toBe(85.7);
  });

  it('leaves the satisfaction rate empty without answers', () => {
    expect(computed({ ...scored(), ...tally(0, 0) }).satisfactionRate).toBeNull();
  });

  it('totals the sections and the member evaluation', () => {
    expect(computed({ ...scored(5), ...tally(20, 20) }).total).toBe(95);
  });

  it.each([
    [0, 'excellent'],
    [1, 'qualified'],
    [15, 'qualified'],
    [16, 'unqualified'],
  ])('grades a total of 90 − %i as %s', (minus, grade) => {
    expect(computed(scored(minus)).grade).toBe(grade);
  });

  it('leaves the grade empty while an item is unscored', () => {
    expect(computed({ ...scored(), funds_disclosure: null }).grade).toBeNull();
  });
});

describe('home-assessment model eligibility (total ≥ 90, rate ≥ 85 %, answers ≥ max(20, 30 % of members))', () => {
  const eligible = (members: number, answers: number, approving: number, minus = 0) =>
    computed({ ...scored(minus), members, ...tally(answers, approving) }).modelEligible;

  it('holds with every condition met', () => {
    expect(eligible(100, 30, 30)).toBe(true);
  });

  it('fails below 30 % of members answering', () => {
    expect(eligible(100, 29, 29)).toBe(false);
  });

  it('rounds 30 % of members up (101 members need 31 answers)', () => {
    expect([eligible(101, 30, 30), eligible(101, 31, 31)]).toEqual([false, true]);
  });

  it('needs at least 20 answers however few the members', () => {
    expect([eligible(50, 19, 19), eligible(50, 20, 20)]).toEqual([false, true]);
  });

  it('holds at exactly 85 % satisfaction and fails at 84.9 %', () => {
    expect([eligible(100, 40, 34), eligible(1000, 1000, 849)]).toEqual([true, false]);
  });

  it('fails with a total below 90', () => {
    // 79 from the sections + 10 from a full evaluation = 89.
    expect(eligible(100, 30, 30, 11)).toBe(false);
  });

  it('is undecided until the evaluation tally is in', () => {
    expect(computed(scored()).modelEligible).toBeNull();
  });
});
