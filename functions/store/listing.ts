/**
 * Listing submissions within a caller's scope, newest first, with an opaque cursor. Each scope
 * root (narrowed to the filter's organisation) is one Query at a time, on the index
 * listing-plan.ts chooses; roots follow one another. Never a Scan.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ScopeRoot } from '../auth/scope.js';
import { getOrg } from './accounts.js';
import { badRequest, parseItem } from './errors.js';
import { guarded, type Db } from './dynamo.js';
import { keys } from './keys.js';
import { narrowRoots, periodRange, planQuery, type ListFilter, type OrgRef } from './listing-plan.js';
import { normaliseSearch, searchKeyOf } from './search-keys.js';
import { submissionSchema, type Submission } from './submissions.js';

export type { ListFilter } from './listing-plan.js';
/** `readUnits`: what DynamoDB reports the page cost (ConsumedCapacity), for the bench and tests. */
export type ListPage = { items: Submission[]; nextCursor: string | null; readUnits: number };

/** Root index, the index it was read on, and the last sort key read there. */
type Cursor = { r: number; i?: string; s?: string };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

const badCursor = () => badRequest({ zh: '分页游标无效', en: 'The cursor is not valid' });

export function decodeCursor(text: string, roots: number): Cursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const c = value as Cursor;
  const rootOk = typeof c?.r === 'number' && Number.isInteger(c.r) && c.r >= 0 && c.r < Math.max(roots, 1);
  // Every sort key is `<ISO time>#<id>`: nothing else may reach ExclusiveStartKey.
  const sortOk = c?.s === undefined || (typeof c.s === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+Z#[0-9A-Z]{26}$/.test(c.s));
  const indexOk = c?.i === undefined || (typeof c.i === 'string' && /^[a-zA-Z0-9]{1,32}$/.test(c.i));
  if (!rootOk || !sortOk || !indexOk) throw badCursor();
  return c;
}

/** The filter's organisation: undefined without one, null when there is no such organisation. */
async function orgOf(db: Db, orgId: string | undefined): Promise<OrgRef | null | undefined> {
  if (!orgId) return undefined;
  const org = await getOrg(db, orgId);
  return org ? { id: org.id, path: org.path } : null;
}

/** Whether `sub` passes everything the filter asks, as the index path would judge it. */
function matches(sub: Submission, scope: ScopeRoot[], filter: ListFilter, q: string | undefined): boolean {
  const inScope = scope.some((root) => (root.exact ? sub.orgId === root.orgId : sub.orgPath.includes(root.orgId)));
  const { low, high } = periodRange(filter);
  const kind = filter.period ?? 'created';
  const at = kind === 'created' ? sub.createdAt : kind === 'submitted' ? sub.submittedAt : sub.updatedAt;
  const sortValue = at ? `${at}#${sub.id}` : undefined;
  const inPeriod = (!low && !high) || (sortValue !== undefined && (!low || sortValue >= low) && (!high || sortValue <= high));
  return (
    inScope &&
    inPeriod &&
    (!filter.formId || sub.formId === filter.formId) &&
    (!filter.orgId || sub.orgPath.includes(filter.orgId)) &&
    (!filter.status || sub.status === filter.status) &&
    (!filter.step || sub.step === filter.step) &&
    (!q || searchKeyOf(sub).includes(q))
  );
}

/**
 * q that is exactly an issued number (YP-2019-0007) reads the number's own item and the record
 * it names, instead of filtering a whole range: undefined when it is not such a number.
 */
async function byNumber(db: Db, scope: ScopeRoot[], filter: ListFilter, q: string): Promise<ListPage | undefined> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)+$/.test(q) || !/\d/.test(q)) return undefined;
  const out = await guarded(() =>
    db.doc.send(new GetCommand({ TableName: db.table, Key: keys.issuedNumber(q.toUpperCase()), ReturnConsumedCapacity: 'TOTAL' })),
  );
  const id = out.Item?.submissionId;
  if (typeof id !== 'string') return undefined;
  const record = await guarded(() =>
    db.doc.send(new GetCommand({ TableName: db.table, Key: keys.submission(id), ReturnConsumedCapacity: 'TOTAL' })),
  );
  const sub = record.Item ? parseItem(submissionSchema, record.Item) : undefined;
  const readUnits = (out.ConsumedCapacity?.CapacityUnits ?? 0) + (record.ConsumedCapacity?.CapacityUnits ?? 0);
  return { items: sub && matches(sub, scope, filter, q) ? [sub] : [], nextCursor: null, readUnits };
}

export async function listSubmissions(db: Db, scope: ScopeRoot[], filter: ListFilter, limit: number, cursorText?: string): Promise<ListPage> {
  const q = filter.q === undefined ? undefined : normaliseSearch(filter.q) || undefined;
  const cursor = cursorText ? decodeCursor(cursorText, scope.length) : { r: 0 };
  if (scope.length === 0) return { items: [], nextCursor: null, readUnits: 0 };
  if (q && !cursorText) {
    const found = await byNumber(db, scope, filter, q);
    if (found) return found;
  }
  const roots = narrowRoots(scope, await orgOf(db, filter.orgId));
  const items: Submission[] = [];
  let readUnits = 0;
  let rootIndex = cursor.r;
  let sortStart = cursor.s;
  // Bounded: each page costs at most a handful of queries, even when filters drop most rows.
  for (let queries = 0; queries < 8 && rootIndex < roots.length; queries++) {
    const plan = planQuery(roots[rootIndex], { ...filter, q });
    // A cursor from another filter would start a different index at a foreign key.
    if (sortStart && cursor.i !== undefined && queries === 0 && cursor.i !== plan.index) throw badCursor();
    const startKey = sortStart
      ? { [plan.partitionName]: plan.partitionValue, [plan.sortName]: sortStart, ...keys.submission(sortStart.split('#')[1]) }
      : undefined;
    const out = await guarded(() =>
      db.doc.send(
        new QueryCommand({
          TableName: db.table,
          IndexName: plan.index,
          KeyConditionExpression: plan.keyCondition,
          FilterExpression: plan.filter,
          ExpressionAttributeNames: plan.names,
          ExpressionAttributeValues: plan.values,
          ScanIndexForward: false,
          Limit: limit - items.length,
          ExclusiveStartKey: startKey,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      ),
    );
    readUnits += out.ConsumedCapacity?.CapacityUnits ?? 0;
    for (const item of out.Items ?? []) items.push(parseItem(submissionSchema, item));
    const last = out.LastEvaluatedKey?.[plan.sortName] as string | undefined;
    if (items.length >= limit) {
      const next = last ? { r: rootIndex, i: plan.index, s: last } : rootIndex + 1 < roots.length ? { r: rootIndex + 1 } : undefined;
      return { items, nextCursor: next ? encodeCursor(next) : null, readUnits };
    }
    if (last) {
      sortStart = last;
    } else {
      rootIndex += 1;
      sortStart = undefined;
    }
  }
  const more = rootIndex < roots.length;
  const index = more && sortStart ? planQuery(roots[rootIndex], { ...filter, q }).index : undefined;
  return { items, nextCursor: more ? encodeCursor(sortStart ? { r: rootIndex, i: index, s: sortStart } : { r: rootIndex }) : null, readUnits };
}
