/** Which form versions a workflow version serves, as declared and as checked. */
import { describe, expect, it } from 'vitest';
import { servesFormVersion, versionOf } from '../../workflows/language.js';
import { workflowForForm } from '../../workflows/registry.js';
import { parseWorkflow } from '../../workflows/schema.js';

const base = workflowForForm('home-assessment')!;

describe('workflow versions and the form versions they serve', () => {
  it('reads an undeclared version as 1, serving every form version', () => {
    expect([versionOf(base), servesFormVersion(base, 1), servesFormVersion(base, 99)]).toEqual([1, true, true]);
  });

  it('serves from `from` to `to`, both included, or open-ended without `to`', () => {
    const closed = { formVersions: { from: 2, to: 3 } };
    const open = { formVersions: { from: 2 } };
    expect([1, 2, 3, 4].map((v) => servesFormVersion(closed, v))).toEqual([false, true, true, false]);
    expect([1, 2, 40].map((v) => servesFormVersion(open, v))).toEqual([false, true, true]);
  });

  it('refuses a range that ends before it starts, and a version below 1', () => {
    const backwards = parseWorkflow({ ...base, formVersions: { from: 3, to: 2 } });
    expect(backwards.ok ? [] : backwards.issues.map((i) => i.path.join('.'))).toEqual(['formVersions.to']);
    expect(parseWorkflow({ ...base, version: 0 }).ok).toBe(false);
    expect(parseWorkflow({ ...base, version: 2, formVersions: { from: 1 } }).ok).toBe(true);
  });
});
