import { describe, expect, it } from 'vitest';
import { narrowRoots, periodRange, planQuery } from '../../functions/store/listing-plan.js';

const district = { orgId: 'yangpu', depth: 0, exact: false };
const street = { orgId: 'wujiaochang', depth: 1, exact: false };
const union = { orgId: 'acme', depth: 2, exact: true };

describe('which index answers a listing', () => {
  it('serves one form in one period across the district from the form index of that period kind, with no filter', () => {
    for (const [period, index, sort] of [['created', 'form', 'scopeSk'], ['submitted', 'formSubmitted', 'submittedSk'], ['updated', 'formUpdated', 'updatedSk']] as const) {
      const plan = planQuery(district, { formId: 'union-registration', period, from: '2025-03-01', to: '2025-03-31' });
      expect([plan.index, plan.sortName, plan.partitionValue, plan.filter]).toEqual([index, sort, 'FORM#union-registration', undefined]);
      expect(plan.keyCondition).toBe('#p = :p AND #s BETWEEN :low AND :high');
    }
  });

  it('keeps a street to its own partition unless a form and a later period make the form index narrower', () => {
    expect(planQuery(street, { formId: 'f', from: '2025-03-01' }).index).toBe('scope1');
    const submitted = planQuery(street, { formId: 'f', period: 'submitted', from: '2025-03-01' });
    expect([submitted.index, submitted.filter, submitted.values[':scope']]).toEqual(['formSubmitted', '#scope = :scope', 'SUBS#wujiaochang']);
    expect(planQuery(union, { formId: 'f', period: 'submitted', from: '2025-03-01' }).index).toBe('scope2');
  });

  it('bounds a submitted or updated period on the created index by its end, the period itself a filter', () => {
    const plan = planQuery(district, { period: 'updated', from: '2025-03-01', to: '2025-03-31' });
    expect(plan.index).toBe('scope0');
    expect(plan.keyCondition).toBe('#p = :p AND #s <= :high');
    expect(plan.filter).toBe('#k >= :klow AND #k <= :khigh');
    expect(plan.names['#k']).toBe('updatedSk');
  });

  it('ignores the period kind without dates, so a sparse index never hides a draft', () => {
    expect(planQuery(district, { formId: 'f', period: 'submitted' }).index).toBe('form');
  });

  it('leaves state, step and q to filters over what the key selects', () => {
    const plan = planQuery(union, { status: 'approved', step: 'fill', q: '星光' });
    expect(plan.filter).toBe('orgId = :own AND #status = :status AND #step = :step AND contains(searchKey, :q)');
  });

  it('reads Shanghai days as instants', () => {
    expect(periodRange({ from: '2025-03-01', to: '2025-03-31' })).toEqual({ low: '2025-02-28T16:00:00.000Z', high: '2025-03-31T16:00:00.000Z' });
  });
});

describe('scope roots narrowed to an organisation', () => {
  it('moves a root down to an organisation under it, at that organisation’s depth', () => {
    expect(narrowRoots([district], { id: 'wujiaochang', path: ['yangpu', 'wujiaochang'] })).toEqual([street]);
  });
  it('keeps an assigned union under a street filter, filtered by the street, and drops one elsewhere', () => {
    const acme = { orgId: 'acme', depth: 2, exact: false };
    expect(narrowRoots([acme], { id: 'dinghailu', path: ['yangpu', 'dinghailu'] })).toEqual([{ ...acme, within: 'dinghailu' }]);
    expect(narrowRoots([acme], { id: 'beta', path: ['yangpu', 'wujiaochang', 'beta'] })).toEqual([]);
  });
  it('lets a submitter narrow only to its own union, and finds nothing for an unknown organisation', () => {
    expect(narrowRoots([union], { id: 'acme', path: ['yangpu', 'dinghailu', 'acme'] })).toEqual([union]);
    expect(narrowRoots([union], { id: 'dinghailu', path: ['yangpu', 'dinghailu'] })).toEqual([{ ...union, within: 'dinghailu' }]);
    expect(narrowRoots([district], null)).toEqual([]);
  });
});
