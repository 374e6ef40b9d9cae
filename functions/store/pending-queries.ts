/**
 * Members' queries (监督意见) between a code's use and the union's inbox. Using a code writes
 * only the anonymous table (codes.ts), so the query first waits there, as an item with a
 * random id holding the question and nothing else: no code, round, time or order. A release
 * later moves every waiting query into the main table as a `fund-query` submission, one
 * transaction each, all with the release's time and in an order set by their content, so
 * the main table's stream shows a batch that says nothing about who asked first.
 */
import { createHash, randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import canonicalizeModule from 'canonicalize';
import type { TransactItem } from './transact.js';
import { queryAll, toDomainError, type Db } from './dynamo.js';
import { anonKeys } from './keys.js';
import { reasonsByName, requestToken, transactWrite, type NamedItem } from './transact.js';

const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

export type PendingQuery = { disclosureId: string; orgId: string; line: string; question?: string };
export type StoredPendingQuery = PendingQuery & { key: { pk: string; sk: string } };

/** The item a query adds to its code's transaction. */
export function pendingQueryItem(db: Db, query: PendingQuery): TransactItem {
  return {
    Put: {
      TableName: db.anonTable,
      Item: { ...anonKeys.pendingQuery(randomUUID()), ...query },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

const contentOrder = (q: PendingQuery) =>
  createHash('sha256')
    .update(canonicalize({ disclosureId: q.disclosureId, line: q.line, question: q.question ?? null }) ?? '', 'utf8')
    .digest('hex');

/** Every waiting query, ordered by a hash of its content (ties by their random ids). */
export async function pendingQueries(db: Db): Promise<StoredPendingQuery[]> {
  const items = await queryAll(
    db,
    { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': anonKeys.pendingQueriesPartition }, ConsistentRead: true },
    db.anonTable,
  );
  const queries = items.map((item) => ({
    key: { pk: String(item.pk), sk: String(item.sk) },
    disclosureId: String(item.disclosureId),
    orgId: String(item.orgId),
    line: String(item.line),
    ...(typeof item.question === 'string' ? { question: item.question } : {}),
  }));
  const order = new Map(queries.map((q) => [q, contentOrder(q)]));
  return queries.sort((a, b) => order.get(a)!.localeCompare(order.get(b)!) || a.key.sk.localeCompare(b.key.sk));
}

/**
 * Move one waiting query: `mainItems` (the submission, its events, its inbox entries) and the
 * waiting item's removal, at once. False when another release moved it first. After an answer
 * lost in transit, the waiting item being gone says the move landed.
 */
export async function releasePendingQuery(db: Db, query: StoredPendingQuery, mainItems: TransactItem[]): Promise<boolean> {
  const named: NamedItem[] = [
    { name: 'waiting', item: { Delete: { TableName: db.anonTable, Key: query.key, ConditionExpression: 'attribute_exists(pk)' } } },
    ...mainItems.map((item, i) => ({ name: `main:${i}`, item })),
  ];
  const gone = async (abortSignal: AbortSignal) =>
    !(await db.doc.send(new GetCommand({ TableName: db.anonTable, Key: query.key, ConsistentRead: true }), { abortSignal })).Item;
  try {
    await transactWrite(db, named, requestToken('release', query.key.sk), gone);
    return true;
  } catch (error) {
    if (reasonsByName(error, named)?.get('waiting') === 'ConditionalCheckFailed') return false;
    throw toDomainError(error);
  }
}
