/**
 * The route preview follows the declared workflow as the engine would when every step
 * approves: the registration's branch on employees and key enterprises, who acts in each step
 * (the street above the union, the district), and each step's latest due date in working days.
 */
import { describe, expect, it } from 'vitest';
import { getForm } from '../../forms/registry.js';
import { homeAssessmentWorkflow } from '../../workflows/home-assessment.js';
import { previewRoute } from '../../workflows/route-preview.js';
import { unionRegistrationWorkflow } from '../../workflows/union-registration.js';
import { auditSubmissionWorkflow } from '../../workflows/audit-submission.js';

const ACME = ['yangpu', 'dinghailu', 'acme'];
// A Tuesday, 10:00 in Shanghai.
const NOW = new Date('2026-12-01T02:00:00.000Z');

function registration(overrides: Record<string, unknown>) {
  const form = getForm('union-registration')!;
  const data = { ...form.example('2026-12-01'), ...overrides };
  return previewRoute({ workflow: unionRegistrationWorkflow, from: 'fill', data, computed: form.computed(data), orgPath: ACME, now: NOW });
}

describe('previewRoute', () => {
  it('sends a registration above 300 employees through the district leadership', () => {
    const preview = registration({ employees: 500 });
    expect(preview.steps.map((s) => s.step)).toEqual(['street-review', 'district-review', 'district-leader-review']);
    expect(preview.end?.step).toBe('approved');
  });

  it('sends a key enterprise through the district leadership whatever its size', () => {
    expect(registration({ employees: 120, keyEnterprise: true }).steps.map((s) => s.step)).toContain('district-leader-review');
  });

  it('sends a registration of 300 employees or fewer, not a key enterprise, straight to approval', () => {
    const preview = registration({ employees: 300, keyEnterprise: false });
    expect(preview.steps.map((s) => s.step)).toEqual(['street-review', 'district-review']);
    expect(preview.end).toMatchObject({ step: 'approved', status: 'approved' });
  });

  it('names the street above the union, then the district, with their reviewers', () => {
    const [street, district] = registration({ employees: 100 }).steps;
    expect(street.who).toEqual([{ kind: 'org', orgId: 'dinghailu', role: 'reviewer' }]);
    expect(district.who).toEqual([{ kind: 'org', orgId: 'yangpu', role: 'reviewer' }]);
    expect(street.mode).toBe('any');
  });

  it('gives each step its latest due date, counting working days from the one before', () => {
    const [street, district] = registration({ employees: 100 }).steps;
    // Tue 1 Dec + 5 working days = Tue 8 Dec; + 10 working days = Tue 22 Dec; end of day in Shanghai.
    expect(street.dueAt).toBe('2026-12-08T15:59:59.999Z');
    expect(district.dueAt).toBe('2026-12-22T15:59:59.999Z');
  });

  it('says so when the tree has no organisation to review a step', () => {
    const [street] = previewRoute({
      workflow: unionRegistrationWorkflow,
      from: 'fill',
      data: {},
      computed: {},
      orgPath: ['yangpu', 'acme'],
      now: NOW,
    }).steps;
    expect(street.who).toEqual([{ kind: 'unresolved' }]);
  });

  it('takes a home assessment through the street and the district to completed', () => {
    const form = getForm('home-assessment')!;
    const data = form.example('2026-12-01');
    const preview = previewRoute({ workflow: homeAssessmentWorkflow, from: 'fill', data, computed: form.computed(data), orgPath: ACME, now: NOW });
    expect(preview.steps.map((s) => [s.step, s.who[0]])).toEqual([
      ['street-review', { kind: 'org', orgId: 'dinghailu', role: 'reviewer' }],
      ['district-review', { kind: 'org', orgId: 'yangpu', role: 'reviewer' }],
    ]);
    expect(preview.end).toMatchObject({ step: 'completed', status: 'completed' });
  });

  it('names the union’s 特约经审员 for an audit review', () => {
    const form = getForm('audit-submission')!;
    const data = form.example('2026-12-01');
    const preview = previewRoute({ workflow: auditSubmissionWorkflow, from: 'fill', data, computed: form.computed(data), orgPath: ACME, now: NOW });
    expect(preview.steps[0].who).toEqual([{ kind: 'assignedAuditor', orgId: 'acme' }]);
  });
});
