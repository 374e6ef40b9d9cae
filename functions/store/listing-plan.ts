/**
 * Which index answers a listing, and what is left to a FilterExpression: pure, so the choice
 * and its cost can be tested without a database. Read units below are DynamoDB's (one per 4 KB
 * read, eventually consistent reads at half); "what it reads" is the items the key condition
 * selects, whatever the filter then drops.
 *
 * - scope: the partition (`scope<d>` at the depth of the caller's scope root). Reads the scope.
 * - organisation (with its sub-organisations): the same index at the organisation's depth, so
 *   one street is one partition. Reads that subtree. An organisation above a scope root is a
 *   filter on the root's partition (all or nothing of it).
 * - form + period: the `form*` index of the period's kind with the period as the key range.
 *   Across the district it reads what it returns; for a street it reads the form's period
 *   district-wide and filters on the street (about twelve times what it returns); a union (or a
 *   narrower scope) uses its scope partition instead, which is smaller.
 * - created period without a form: the scope partition's key range. Reads what it returns.
 * - submitted / updated period without a form: the scope partition up to the period's end
 *   (nothing is submitted or updated before it was created), the period itself a filter.
 *   Reads everything in scope created before the period ends: choose a form to narrow it.
 * - state, step, q: filters only, over whatever the key selected. q that is exactly an issued
 *   number is answered by the number's own item instead (two item reads, 1 read unit).
 *
 * `npm run bench:search`, 100,000 records of ~2 KB, as district.auditor, every page of 100:
 *   one form, one month created / submitted / updated   1,699 / 1,135 / 1,695 items   ~20 RU per 100 returned
 *   one street (定海路), all of it                        8,324 items                    ~20 RU per 100
 *   one month created, any form                          8,493 items                    ~20 RU per 100
 *   one month submitted, any form                        5,661 items, 4,866 RU          ~86 RU per 100
 *   one street, one form, one month submitted            93 items, 228 RU (the form's month, district-wide)
 *   one state (approved), alone                          1,332 items, 19,466 RU (the whole district)
 *   q by name, alone                                     1 item, 19,500 RU (the whole district)
 *   q by number                                          1 item, 1 RU
 *   everything                                           100,000 items, 19,500 RU
 * A first page (50) costs at most eight queries, so a sparse filter answers a short page with a
 * cursor rather than reading on: 10 RU for a key-served page, at most ~80 RU for a filtered one.
 */
import type { ScopeRoot } from '../auth/scope.js';
import {
  FORM_PARTITION,
  PERIOD_SORT,
  SCOPE_SORT,
  formIndexName,
  scopeIndexName,
  scopeIndexPartition,
  type PeriodKind,
} from './table.js';

export type ListFilter = {
  formId?: string;
  status?: string;
  step?: string;
  /** An organisation: its records and those of every organisation under it. */
  orgId?: string;
  /** Text in the record's name, its union's name or its number (search-keys.ts). */
  q?: string;
  /** Which time `from` and `to` bound; created when absent. */
  period?: PeriodKind;
  /** Calendar dates, YYYY-MM-DD in Asia/Shanghai, both inclusive. */
  from?: string;
  to?: string;
};

/** One Query: a partition of an index, its key range, and the filter over what it reads. */
export type QueryPlan = {
  index: string;
  partitionName: string;
  partitionValue: string;
  sortName: string;
  keyCondition: string;
  filter?: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
};

export type OrgRef = { id: string; path: string[] };

/** The start and end of Shanghai calendar days as ISO instants: [from 00:00, the day after to 00:00]. */
export function periodRange(filter: Pick<ListFilter, 'from' | 'to'>): { low?: string; high?: string } {
  const shanghai = (date: string, endOfDay: boolean) => new Date(Date.parse(`${date}T00:00:00.000+08:00`) + (endOfDay ? 86_400_000 : 0)).toISOString();
  return { low: filter.from ? shanghai(filter.from, false) : undefined, high: filter.to ? shanghai(filter.to, true) : undefined };
}

type Root = ScopeRoot & { within?: string };

/**
 * The caller's scope roots narrowed to the filter's organisation: the organisation itself
 * where it lies under a root (a submitter's exact root only if it is that root), the root with
 * an "under the organisation" filter where the root may lie under it, nothing elsewhere.
 * `org` null means the filter names an organisation that does not exist: nothing matches.
 */
export function narrowRoots(scope: ScopeRoot[], org: OrgRef | null | undefined): Root[] {
  if (org === undefined) return scope;
  if (org === null) return [];
  const roots: Root[] = [];
  for (const root of scope) {
    if (org.path.includes(root.orgId)) {
      if (!root.exact) roots.push({ orgId: org.id, depth: org.path.length - 1, exact: false });
      else if (org.id === root.orgId) roots.push(root);
    } else if (org.path.length - 1 < root.depth) {
      roots.push({ ...root, within: org.id });
    }
  }
  const seen = new Set<string>();
  return roots.filter((r) => {
    const key = JSON.stringify([r.orgId, r.exact, r.within]);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

export function planQuery(root: Root, filter: ListFilter): QueryPlan {
  const { low, high } = periodRange(filter);
  const kind: PeriodKind = low || high ? (filter.period ?? 'created') : 'created';
  // A form index when the form narrows more than the scope does (see the cost notes above).
  const byForm = !!filter.formId && (root.depth === 0 || (root.depth === 1 && kind !== 'created'));
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const filters: string[] = [];
  let plan: Pick<QueryPlan, 'index' | 'partitionName' | 'partitionValue' | 'sortName'>;
  if (byForm) {
    plan = { index: formIndexName(kind), partitionName: FORM_PARTITION, partitionValue: `FORM#${filter.formId}`, sortName: PERIOD_SORT[kind] };
    if (root.depth > 0) {
      filters.push('#scope = :scope');
      names['#scope'] = scopeIndexPartition(root.depth);
      values[':scope'] = `SUBS#${root.orgId}`;
    }
  } else {
    plan = { index: scopeIndexName(root.depth), partitionName: scopeIndexPartition(root.depth), partitionValue: `SUBS#${root.orgId}`, sortName: SCOPE_SORT };
    if (filter.formId) {
      filters.push('formId = :form');
      values[':form'] = filter.formId;
    }
  }
  names['#p'] = plan.partitionName;
  values[':p'] = plan.partitionValue;
  let keyCondition = '#p = :p';
  // The key range: the period itself on its own index; on the created index, a later period
  // still ends there (nothing is submitted or updated before it is created), and the period
  // itself is a filter.
  const keyHigh = high;
  const keyLow = plan.sortName === PERIOD_SORT[kind] ? low : undefined;
  if (keyLow || keyHigh) names['#s'] = plan.sortName;
  if (keyLow && keyHigh) {
    keyCondition += ' AND #s BETWEEN :low AND :high';
    Object.assign(values, { ':low': keyLow, ':high': keyHigh });
  } else if (keyLow) {
    keyCondition += ' AND #s >= :low';
    values[':low'] = keyLow;
  } else if (keyHigh) {
    keyCondition += ' AND #s <= :high';
    values[':high'] = keyHigh;
  }
  if (plan.sortName !== PERIOD_SORT[kind]) {
    names['#k'] = PERIOD_SORT[kind];
    if (low) {
      filters.push('#k >= :klow');
      values[':klow'] = low;
    }
    if (high) {
      filters.push('#k <= :khigh');
      values[':khigh'] = high;
    }
  }
  if (root.exact) {
    filters.push('orgId = :own');
    values[':own'] = root.orgId;
  }
  if (root.within) {
    filters.push('contains(orgPath, :within)');
    values[':within'] = root.within;
  }
  if (filter.status) {
    filters.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = filter.status;
  }
  if (filter.step) {
    filters.push('#step = :step');
    names['#step'] = 'step';
    values[':step'] = filter.step;
  }
  if (filter.q) {
    filters.push('contains(searchKey, :q)');
    values[':q'] = filter.q;
  }
  return { ...plan, keyCondition, filter: filters.length ? filters.join(' AND ') : undefined, names, values };
}
