/**
 * Listing submissions within a caller's scope, newest first, with an opaque cursor.
 * Each scope root is one Query on the index for its depth (table.ts); filters on form,
 * status and organisation ride along as a FilterExpression, and dates as a key range.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ScopeRoot } from '../auth/scope.js';
import { badRequest, parseItem } from './errors.js';
import { guarded, type Db } from './dynamo.js';
import { submissionSchema, type Submission } from './submissions.js';
import { SCOPE_SORT, scopeIndexName, scopeIndexPartition } from './table.js';

export type ListFilter = { formId?: string; status?: string; orgId?: string; from?: string; to?: string };
export type ListPage = { items: Submission[]; nextCursor: string | null };

type Cursor = { r: number; s?: string };

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
  const rootOk = typeof c?.r === 'number' && Number.isInteger(c.r) && c.r >= 0 && c.r < roots;
  // The sort key is `<ISO time>#<id>`: nothing else may reach ExclusiveStartKey.
  const sortOk = c?.s === undefined || (typeof c.s === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+Z#[0-9A-Z]{26}$/.test(c.s));
  if (!rootOk || !sortOk) throw badCursor();
  return c;
}

/**
 * From and to are calendar dates (YYYY-MM-DD, Asia/Shanghai) on `createdAt`. As ISO instants:
 * from = the start of that day in Shanghai; to = the end of it.
 */
function dateRange(filter: ListFilter): { low?: string; high?: string } {
  const shanghai = (date: string, endOfDay: boolean) => {
    const t = Date.parse(`${date}T00:00:00.000+08:00`) + (endOfDay ? 86_400_000 : 0);
    return new Date(t).toISOString();
  };
  return {
    low: filter.from ? shanghai(filter.from, false) : undefined,
    high: filter.to ? shanghai(filter.to, true) : undefined,
  };
}

export async function listSubmissions(db: Db, scope: ScopeRoot[], filter: ListFilter, limit: number, cursorText?: string): Promise<ListPage> {
  if (scope.length === 0) return { items: [], nextCursor: null };
  const cursor = cursorText ? decodeCursor(cursorText, scope.length) : { r: 0 };
  const { low, high } = dateRange(filter);
  const items: Submission[] = [];
  let rootIndex = cursor.r;
  let sortStart = cursor.s;
  // Bounded: each page costs at most a handful of queries, even when filters drop most rows.
  for (let queries = 0; queries < 8 && rootIndex < scope.length; queries++) {
    const root = scope[rootIndex];
    // DynamoDB refuses names an expression does not use: add `#s` only with a date range.
    const names: Record<string, string> = { '#p': scopeIndexPartition(root.depth) };
    if (low || high) names['#s'] = SCOPE_SORT;
    const values: Record<string, unknown> = { ':p': `SUBS#${root.orgId}` };
    let keyCondition = '#p = :p';
    if (low && high) {
      keyCondition += ' AND #s BETWEEN :low AND :high';
      Object.assign(values, { ':low': low, ':high': high });
    } else if (low) {
      keyCondition += ' AND #s >= :low';
      values[':low'] = low;
    } else if (high) {
      keyCondition += ' AND #s <= :high';
      values[':high'] = high;
    }
    const filters: string[] = [];
    if (root.exact) {
      filters.push('orgId = :own');
      values[':own'] = root.orgId;
    }
    if (filter.formId) {
      filters.push('formId = :form');
      values[':form'] = filter.formId;
    }
    if (filter.status) {
      filters.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = filter.status;
    }
    if (filter.orgId) {
      filters.push('contains(orgPath, :org)');
      values[':org'] = filter.orgId;
    }
    const startKey = sortStart
      ? { [scopeIndexPartition(root.depth)]: `SUBS#${root.orgId}`, [SCOPE_SORT]: sortStart, pk: `SUB#${sortStart.split('#')[1]}`, sk: 'META' }
      : undefined;
    const out = await guarded(() =>
      db.doc.send(
        new QueryCommand({
          TableName: db.table,
          IndexName: scopeIndexName(root.depth),
          KeyConditionExpression: keyCondition,
          FilterExpression: filters.length ? filters.join(' AND ') : undefined,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: limit - items.length,
          ExclusiveStartKey: startKey,
        }),
      ),
    );
    for (const item of out.Items ?? []) items.push(parseItem(submissionSchema, item));
    const last = out.LastEvaluatedKey?.[SCOPE_SORT] as string | undefined;
    if (items.length >= limit) {
      const next = last ? { r: rootIndex, s: last } : rootIndex + 1 < scope.length ? { r: rootIndex + 1 } : undefined;
      return { items, nextCursor: next ? encodeCursor(next) : null };
    }
    if (last) {
      sortStart = last;
    } else {
      rootIndex += 1;
      sortStart = undefined;
    }
  }
  const more = rootIndex < scope.length;
  return { items, nextCursor: more ? encodeCursor(sortStart ? { r: rootIndex, s: sortStart } : { r: rootIndex }) : null };
}
