/**
 * Requirements in the forms' condition language: each declared requirement of the four
 * processes as it was written before (filled, rows at least / at most, every row, every row
 * where) keeps its paths and messages.
 */
import { describe, it, expect } from 'vitest';
import { unmetRequirements } from '../../workflows/engine-requirements.js';
import type { Requirement } from '../../workflows/language.js';

const findings = (...rows: Record<string, unknown>[]) => ({ findings: rows });
const filled = (field: string) => ({ field, filled: true });
const rowsAtLeast = (group: string, n: number): Requirement => ({ that: { expr: { gte: [{ rows: group }, n] } } });
const rowsAtMost = (group: string, n: number): Requirement => ({ that: { expr: { lte: [{ rows: group }, n] } } });
const accepted = { field: 'verdict', equals: 'accepted' };

describe('unmetRequirements', () => {
  it('reports a field that must be filled at its path with the declared message', () => {
    const message = { zh: '请先评定等级', en: 'Grade first' };

    expect(unmetRequirements([{ that: filled('districtGrade'), message }], {})).toEqual([{ path: 'districtGrade', message }]);
  });

  it('gives a bilingual default message when the declaration has none', () => {
    const [issue] = unmetRequirements([{ that: filled('districtGrade') }], { districtGrade: ' ' });

    expect(issue.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
  });

  it('accepts a filled field', () => {
    expect(unmetRequirements([{ that: filled('districtGrade') }], { districtGrade: '优秀' })).toEqual([]);
  });

  it('reports at the declared path rather than the first one the condition reads', () => {
    const r: Requirement = { that: { any: [filled('a'), filled('b')] }, path: 'b' };

    expect(unmetRequirements([r], {}).map((i) => i.path)).toEqual(['b']);
  });

  it('reports too few rows at the group', () => {
    expect(unmetRequirements([rowsAtLeast('findings', 1)], {}).map((i) => i.path)).toEqual(['findings']);
  });

  it('reports too many rows at the group', () => {
    expect(unmetRequirements([rowsAtMost('findings', 0)], findings({})).map((i) => i.path)).toEqual(['findings']);
  });

  it('accepts a group with no rows where at most none are allowed', () => {
    expect(unmetRequirements([rowsAtMost('findings', 0)], { findings: [] })).toEqual([]);
  });

  it('reports each row that fails an each requirement at its cell', () => {
    const data = findings({ verdict: 'accepted' }, { verdict: 'returned' }, {});

    const issues = unmetRequirements([{ each: 'findings', that: accepted }], data);

    expect(issues.map((i) => i.path)).toEqual(['findings.1.verdict', 'findings.2.verdict']);
  });

  it('asks an answer of every finding not yet accepted, one without a verdict too', () => {
    const data = findings({ verdict: 'accepted' }, { verdict: 'returned', answer: '已整改' }, { verdict: 'returned' }, {});

    const issues = unmetRequirements([{ each: 'findings', that: { any: [filled('answer'), accepted] } }], data);

    expect(issues.map((i) => i.path)).toEqual(['findings.2.answer', 'findings.3.answer']);
  });

  it('tests only the rows its where selects', () => {
    const data = findings({ verdict: 'accepted' }, { verdict: 'returned', verdictNote: '证据不足' }, { verdict: 'returned' }, {});

    const issues = unmetRequirements([{ each: 'findings', where: { field: 'verdict', equals: 'returned' }, that: filled('verdictNote') }], data);

    expect(issues.map((i) => i.path)).toEqual(['findings.2.verdictNote']);
  });

  it('holds an each requirement over a group without rows', () => {
    expect(unmetRequirements([{ each: 'findings', that: accepted }], {})).toEqual([]);
  });

  it('reads the workflow’s parameters', () => {
    const r: Requirement = { that: { expr: { lte: [{ field: 'amount' }, { param: 'limit' }] } } };

    expect([unmetRequirements([r], { amount: 5 }, { limit: 10 }), unmetRequirements([r], { amount: 50 }, { limit: 10 }).length]).toEqual([[], 1]);
  });

  it('counts a condition still undecided as unmet', () => {
    expect(unmetRequirements([{ that: { field: 'grade', equals: '优秀' } }], {}).map((i) => i.path)).toEqual(['grade']);
  });

  it('reports every failing requirement at once, in declaration order', () => {
    const issues = unmetRequirements([{ that: filled('a') }, rowsAtLeast('rows', 2)], { rows: [{}] });

    expect(issues.map((i) => i.path)).toEqual(['a', 'rows']);
  });
});
