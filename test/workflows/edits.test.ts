import { describe, it, expect } from 'vitest';
import { checkEdits, covers, diffData, editScope } from '../../workflows/engine-edits.js';
import type { WorkflowDeclaration } from '../../workflows/language.js';

const review = { kind: 'review', status: 'in_review', assignees: { kind: 'orgAtDepth', depth: 1, role: 'reviewer' } } as const;
const title = { zh: '步骤', en: 'Step' };

/** fill → check (re-scores with reasons) → audit (findings, rows and some columns) → answer (answers; accepted rows locked) → done. */
const lab: WorkflowDeclaration = {
  id: 'edits-lab',
  formId: 'edits-lab',
  title,
  initial: 'fill',
  steps: {
    fill: { kind: 'fill', title, status: 'draft', assignees: { kind: 'submitter' }, actions: { submit: { to: 'check' } } },
    check: { ...review, title, edits: { paths: ['org_committee.score', 'org_rules.score'], reasonRequired: true }, actions: { approve: { to: 'audit' } } },
    audit: { ...review, title, edits: { paths: ['findings', 'findings.*.category', 'findings.*.id'] }, actions: { approve: { to: 'answer' } } },
    answer: {
      ...review,
      title,
      edits: { paths: ['findings.*.answer'], lockedRows: [{ group: 'findings', where: { field: 'verdict', equals: 'accepted' } }] },
      actions: { approve: { to: 'grade' } },
    },
    grade: { ...review, title, edits: { paths: ['grade'] }, actions: { approve: { to: 'done' } } },
    done: { kind: 'end', title, status: 'completed', actions: {} },
  },
};

describe('diffData', () => {
  it('finds nothing between equal data', () => {
    expect(diffData({ a: 1, g: [{ x: 1 }] }, { a: 1, g: [{ x: 1 }] })).toEqual([]);
  });

  it('treats absent, null and empty text as the same nothing', () => {
    expect(diffData({ a: null, b: '' }, { c: undefined })).toEqual([]);
  });

  it('reports a changed leaf at its dotted path with both values', () => {
    expect(diffData({ org_committee: { score: 8, note: 'n' } }, { org_committee: { score: 6, note: 'n' } })).toEqual([
      { path: 'org_committee.score', before: 8, after: 6 },
    ]);
  });

  it('reports a value that became absent as null', () => {
    expect(diffData({ grade: '优秀' }, {})).toEqual([{ path: 'grade', before: '优秀', after: null }]);
  });

  it('reports a changed cell of a row by the row index', () => {
    expect(diffData({ g: [{ a: 1 }, { a: 2 }] }, { g: [{ a: 1 }, { a: 3 }] })).toEqual([{ path: 'g.1.a', before: 2, after: 3 }]);
  });

  it('reports an added row as a change of the group’s rows and of each new cell', () => {
    expect(diffData({}, { g: [{ a: 1 }] })).toEqual([
      { path: 'g', before: null, after: [{ a: 1 }], rows: true },
      { path: 'g.0.a', before: null, after: 1 },
    ]);
  });

  it('reports a field filled into an absent composite field at the leaf', () => {
    expect(diffData({}, { org_committee: { score: 8 } })).toEqual([{ path: 'org_committee.score', before: null, after: 8 }]);
  });
});

describe('covers', () => {
  it('covers the exact path', () => {
    expect(covers('districtGrade', 'districtGrade')).toBe(true);
  });

  it('covers everything below a group', () => {
    expect(covers('findings', 'findings.3.answer')).toBe(true);
  });

  it('lets * stand for a row index', () => {
    expect(covers('findings.*.answer', 'findings.12.answer')).toBe(true);
  });

  it('does not let * stand for a field key', () => {
    expect(covers('findings.*.answer', 'findings.extra.answer')).toBe(false);
  });

  it('does not cover another column of the row', () => {
    expect(covers('findings.*.answer', 'findings.0.verdict')).toBe(false);
  });

  it('does not cover the group itself with a column pattern', () => {
    expect(covers('findings.*.answer', 'findings')).toBe(false);
  });

  it('does not cover a key that merely starts the same', () => {
    expect(covers('grade', 'gradeNote')).toBe(false);
  });
});

describe('editScope', () => {
  it('lists a review step’s own patterns', () => {
    expect(editScope(lab, 'grade')).toEqual({ only: ['grade'], edits: { paths: ['grade'] } });
  });

  it('lets a fill step change everything except what later steps claim, leaving out re-scores with reasons', () => {
    expect(editScope(lab, 'fill')).toEqual({ except: ['findings', 'findings.*.category', 'findings.*.id', 'findings.*.answer', 'grade'] });
  });

  it('gives a review step without edits no scope', () => {
    const plain = structuredClone(lab);
    delete plain.steps.grade.edits;

    expect(editScope(plain, 'grade')).toBeUndefined();
  });

  it('gives an undeclared step no scope', () => {
    expect(editScope(lab, 'constructor')).toBeUndefined();
  });
});

describe('checkEdits in a step with listed patterns', () => {
  it('accepts a change to a listed field and records it', () => {
    expect(checkEdits(lab, 'grade', { grade: '合格' }, { grade: '优秀' })).toEqual({
      ok: true,
      edits: [{ path: 'grade', before: '合格', after: '优秀' }],
    });
  });

  it('refuses a change outside the listed patterns, with one issue per path', () => {
    const result = checkEdits(lab, 'grade', { grade: '合格', name: 'A', plan: 'p' }, { grade: '优秀', name: 'B', plan: 'q' });

    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(['name', 'plan']);
  });

  it('accepts no change at all', () => {
    expect(checkEdits(lab, 'grade', { name: 'A' }, { name: 'A' })).toEqual({ ok: true, edits: [] });
  });

  it('lets a group listed with some columns gain a row setting those columns, recorded as the whole group', () => {
    const after = { findings: [{ id: 'f1', category: '预算' }] };

    expect(checkEdits(lab, 'audit', {}, after)).toEqual({ ok: true, edits: [{ path: 'findings', before: null, after: after.findings }] });
  });

  it('refuses a new row setting a column the step does not list', () => {
    const result = checkEdits(lab, 'audit', {}, { findings: [{ category: '预算', answer: '自答' }] });

    expect(result).toMatchObject({ ok: false, issues: [{ path: 'findings.0.answer' }] });
  });

  it('lets a group be emptied when the step lists it', () => {
    expect(checkEdits(lab, 'audit', { findings: [{ category: '预算' }] }, { findings: [] }).ok).toBe(true);
  });

  it('refuses adding a row where the step lists only a column, at the group', () => {
    const result = checkEdits(lab, 'answer', { findings: [{ category: 'a' }] }, { findings: [{ category: 'a' }, { answer: 'x' }] });

    expect(result).toMatchObject({ ok: false, issues: [{ path: 'findings' }] });
  });

  it('accepts a listed column in every row', () => {
    const before = { findings: [{ category: 'a' }, { category: 'b' }] };
    const after = { findings: [{ category: 'a', answer: 'x' }, { category: 'b', answer: 'y' }] };

    expect(checkEdits(lab, 'answer', before, after)).toMatchObject({ ok: true, edits: [{ path: 'findings.0.answer' }, { path: 'findings.1.answer' }] });
  });

  it('refuses a change to a row that the step locks by its stored value', () => {
    const before = { findings: [{ answer: 'old', verdict: 'accepted' }, { answer: 'old', verdict: 'returned' }] };
    const after = { findings: [{ answer: 'new', verdict: 'accepted' }, { answer: 'new', verdict: 'returned' }] };

    const result = checkEdits(lab, 'answer', before, after);

    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(['findings.0.answer']);
  });

  it('refuses any change in a step that takes no data', () => {
    const plain = structuredClone(lab);
    delete plain.steps.grade.edits;

    expect(checkEdits(plain, 'grade', { grade: 'a' }, { grade: 'b' })).toMatchObject({ ok: false, issues: [{ path: 'grade' }] });
  });
});

describe('checkEdits with reasons required', () => {
  const before = { org_committee: { score: 8 }, org_rules: { score: 5 } };
  const after = { org_committee: { score: 6 }, org_rules: { score: 4 } };

  it('records each change with its reason, trimmed', () => {
    const result = checkEdits(lab, 'check', before, after, { 'org_committee.score': ' 台账不全 ', 'org_rules.score': '制度未公开' });

    expect(result).toEqual({
      ok: true,
      edits: [
        { path: 'org_committee.score', before: 8, after: 6, reason: '台账不全' },
        { path: 'org_rules.score', before: 5, after: 4, reason: '制度未公开' },
      ],
    });
  });

  it('refuses a change without a reason, at reasons.<path>', () => {
    const result = checkEdits(lab, 'check', before, after, { 'org_committee.score': '台账不全' });

    expect(result).toMatchObject({ ok: false, issues: [{ path: 'reasons.org_rules.score' }] });
  });

  it('refuses a reason of only whitespace', () => {
    const result = checkEdits(lab, 'check', before, { ...before, org_rules: { score: 4 } }, { 'org_rules.score': '  ' });

    expect(result).toMatchObject({ ok: false, issues: [{ path: 'reasons.org_rules.score' }] });
  });

  it('refuses a reason over 2000 characters', () => {
    const result = checkEdits(lab, 'check', before, { ...before, org_rules: { score: 4 } }, { 'org_rules.score': '理'.repeat(2001) });

    expect(result).toMatchObject({ ok: false, issues: [{ path: 'reasons.org_rules.score' }] });
  });

  it('ignores reasons that are not an object', () => {
    const result = checkEdits(lab, 'check', before, { ...before, org_rules: { score: 4 } }, 'because');

    expect(result).toMatchObject({ ok: false, issues: [{ path: 'reasons.org_rules.score' }] });
  });

  it('reports a change outside the scope before asking for reasons', () => {
    const result = checkEdits(lab, 'check', before, { ...after, name: 'x' }, {});

    expect(result).toMatchObject({ ok: false, issues: [{ path: 'name' }] });
  });
});

describe('checkEdits in a fill step', () => {
  it('accepts changes to fields no later step claims', () => {
    expect(checkEdits(lab, 'fill', {}, { name: 'A', org_committee: { score: 9 } }).ok).toBe(true);
  });

  it('refuses a field a later step claims', () => {
    expect(checkEdits(lab, 'fill', {}, { name: 'A', grade: '优秀' })).toMatchObject({ ok: false, issues: [{ path: 'grade' }] });
  });

  it('refuses rows of a group a later step claims, once, at the group', () => {
    const result = checkEdits(lab, 'fill', {}, { findings: [{ category: 'x', id: '1' }] });

    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(['findings']);
  });
});
