import { describe, it, expect } from 'vitest';
import { isFilled, passes, unmetRequirements, valueAt } from '../../workflows/engine-requirements.js';

const findings = (...rows: Record<string, unknown>[]) => ({ findings: rows });

describe('valueAt', () => {
  it('reads a field of a composite field by a dotted path', () => {
    expect(valueAt({ org_committee: { score: 8 } }, 'org_committee.score')).toBe(8);
  });

  it('reads a column of a row by its index', () => {
    expect(valueAt(findings({ answer: 'a' }, { answer: 'b' }), 'findings.1.answer')).toBe('b');
  });

  it('reads __proto__ as a missing key, not the object prototype', () => {
    expect(valueAt({}, '__proto__')).toBeUndefined();
  });

  it('gives undefined below a value that is not an object', () => {
    expect(valueAt({ districtGrade: '优秀' }, 'districtGrade.length')).toBeUndefined();
  });
});

describe('isFilled', () => {
  it.each([[undefined], [null], [''], ['  \n'], [[]]])('counts %j as not filled', (value) => {
    expect(isFilled(value)).toBe(false);
  });

  it.each([[0], [false], ['优秀'], [[{}]], [{}]])('counts %j as filled', (value) => {
    expect(isFilled(value)).toBe(true);
  });
});

describe('passes', () => {
  it('tests equality without conversion', () => {
    expect([passes('accepted', { equals: 'accepted' }), passes(1, { equals: '1' })]).toEqual([true, false]);
  });

  it('tests inequality, which a missing value passes', () => {
    expect([passes(undefined, { notEquals: 'accepted' }), passes('accepted', { notEquals: 'accepted' })]).toEqual([true, false]);
  });

  it('tests membership of a list', () => {
    expect([passes('较重', { in: ['较重', '严重'] }), passes('一般', { in: ['较重', '严重'] })]).toEqual([true, false]);
  });

  it('tests emptiness', () => {
    expect([passes('', 'empty'), passes('x', 'empty')]).toEqual([true, false]);
  });
});

describe('unmetRequirements', () => {
  it('reports a field that must be filled at its path with the declared message', () => {
    const message = { zh: '请先评定等级', en: 'Grade first' };

    expect(unmetRequirements([{ filled: 'districtGrade', message }], {})).toEqual([{ path: 'districtGrade', message }]);
  });

  it('gives a bilingual default message when the declaration has none', () => {
    const [issue] = unmetRequirements([{ filled: 'districtGrade' }], { districtGrade: ' ' });

    expect(issue.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
  });

  it('accepts a filled field', () => {
    expect(unmetRequirements([{ filled: 'districtGrade' }], { districtGrade: '优秀' })).toEqual([]);
  });

  it('reports too few rows at the group', () => {
    expect(unmetRequirements([{ rowsAtLeast: ['findings', 1] }], {}).map((i) => i.path)).toEqual(['findings']);
  });

  it('reports too many rows at the group', () => {
    expect(unmetRequirements([{ rowsAtMost: ['findings', 0] }], findings({})).map((i) => i.path)).toEqual(['findings']);
  });

  it('accepts a group with no rows where at most none are allowed', () => {
    expect(unmetRequirements([{ rowsAtMost: ['findings', 0] }], { findings: [] })).toEqual([]);
  });

  it('reports each row that fails an everyRow test at its cell', () => {
    const data = findings({ verdict: 'accepted' }, { verdict: 'returned' }, {});

    const issues = unmetRequirements([{ everyRow: ['findings', 'verdict', { equals: 'accepted' }] }], data);

    expect(issues.map((i) => i.path)).toEqual(['findings.1.verdict', 'findings.2.verdict']);
  });

  it('tests only the rows an everyRow where selects', () => {
    const data = findings({ verdict: 'accepted' }, { verdict: 'returned', answer: '已整改' }, { verdict: 'returned' });

    const issues = unmetRequirements([{ everyRow: ['findings', 'answer', 'filled'], where: ['verdict', { notEquals: 'accepted' }] }], data);

    expect(issues.map((i) => i.path)).toEqual(['findings.2.answer']);
  });

  it('holds everyRow over a group without rows', () => {
    expect(unmetRequirements([{ everyRow: ['findings', 'verdict', { equals: 'accepted' }] }], {})).toEqual([]);
  });

  it('reports every failing requirement at once, in declaration order', () => {
    const issues = unmetRequirements([{ filled: 'a' }, { rowsAtLeast: ['rows', 2] }], { rows: [{}] });

    expect(issues.map((i) => i.path)).toEqual(['a', 'rows']);
  });
});
