/**
 * The work plan's targets against the registration form's declaration: every declared kind
 * of union counts towards exactly one target, so a kind added to the form cannot silently
 * fall out of the dashboard, and a target names no kind the form does not declare.
 */
import { describe, expect, it } from 'vitest';
import { getForm } from '../../forms/registry.js';
import { WORK_PLAN } from '../../functions/service/dashboard-plan.js';

describe('WORK_PLAN', () => {
  it('counts each declared kind of union registration towards exactly one target', () => {
    const field = getForm(WORK_PLAN.formId)!.decl.sections.flatMap((s) => s.fields).find((f) => f.key === WORK_PLAN.kindField);
    expect(field?.type).toBe('choice');
    const declared = field!.type === 'choice' ? field!.options.map((o) => o.value) : [];
    const counted = WORK_PLAN.targets.flatMap((t) => [...t.kinds]);
    expect([...counted].sort()).toEqual([...declared].sort());
  });

  it('holds the plan’s numbers: 25 enterprises founding their own union, 20 new federations', () => {
    expect(WORK_PLAN.targets.map((t) => [t.key, t.target])).toEqual([['enterprise', 25], ['federation', 20]]);
  });
});
