import { describe, it, expect } from 'vitest';
import { actorKeys, assignedAuditorKey, resolveAssignees } from '../../workflows/engine.js';
import { ORG_PATH, UNION } from './fixtures.js';

describe('named assignments: the assigned auditor (特约经审员)', () => {
  it('formats the key as assigned:<orgId>:auditor', () => {
    expect(assignedAuditorKey('g-1')).toBe('assigned:g-1:auditor');
  });

  it('resolves assignedAuditor to the submitting organisation’s assigned auditors', () => {
    expect(resolveAssignees({ kind: 'assignedAuditor' }, { orgId: UNION, orgPath: ORG_PATH })).toEqual(['assigned:g-yp-tech:auditor']);
  });

  it('gives an auditor one key per organisation assigned to them', () => {
    const keys = actorKeys({ id: 'a-1', orgId: 'yangpu', roles: ['auditor'], assignedOrgIds: ['g-1', 'g-2'] });

    expect(keys).toEqual(['org:yangpu:auditor', 'assigned:g-1:auditor', 'assigned:g-2:auditor', 'user:a-1']);
  });

  it('gives no assignment keys to someone without the auditor role', () => {
    const keys = actorKeys({ id: 'r-1', orgId: 'yangpu', roles: ['reviewer'], assignedOrgIds: ['g-1'] });

    expect(keys).toEqual(['org:yangpu:reviewer', 'user:r-1']);
  });
});
