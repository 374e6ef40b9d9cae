/**
 * Where the checkpoint job reads chain heads from, two ways:
 * - every head: each submission carries its district's id in `scope0pk` (its organisation
 *   path starts at the tree's root), so one Query per root organisation on index `scope0`
 *   reaches every submission without a Scan;
 * - the heads updated since a time: a head moves only with `updatedAt` (an action's one write
 *   sets both), so one Query per form on the `formUpdated` index, from that time on, reads
 *   about what changed rather than everything.
 * Both project `id, seq, lastHash` to keep the answer small. The indexes are eventually
 * consistent: a head read a moment late is an earlier head of the same chain, still true, and
 * a later run catches up.
 */
import { GetCommand, PutCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { ChainHead, HistoryEvent } from '../records/chain.js';
import { listOrgs } from './accounts.js';
import { guarded, queryAll, type Db } from './dynamo.js';
import { parseItem } from './errors.js';
import { keys } from './keys.js';
import { historyEventSchema } from './submissions.js';
import { FORM_PARTITION, UPDATED_SORT, formIndexName, scopeIndexName, scopeIndexPartition } from './table.js';
import { DECLARATIONS } from '../../forms/registry.js';

const headSchema = z.object({ id: z.string(), seq: z.number().int(), lastHash: z.string() });

type HeadQuery = Pick<QueryCommandInput, 'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeValues'> & { ExpressionAttributeNames: Record<string, string> };

/** Every page of a projected heads query, into `heads`. */
async function collectHeads(db: Db, query: HeadQuery, heads: Map<string, ChainHead>): Promise<void> {
  const items = await queryAll(db, {
    ...query,
    ExpressionAttributeNames: { ...query.ExpressionAttributeNames, '#id': 'id', '#seq': 'seq', '#h': 'lastHash' },
    ProjectionExpression: '#id, #seq, #h',
  });
  for (const item of items) {
    const h = parseItem(headSchema, item);
    heads.set(h.id, { seq: h.seq, hash: h.lastHash });
  }
}

/** Every submission's chain head, by submission id. */
export async function readHeads(db: Db): Promise<Map<string, ChainHead>> {
  const roots = (await listOrgs(db)).filter((o) => o.path.length === 1);
  const heads = new Map<string, ChainHead>();
  for (const root of roots) {
    await collectHeads(
      db,
      { IndexName: scopeIndexName(0), KeyConditionExpression: '#p = :p', ExpressionAttributeNames: { '#p': scopeIndexPartition(0) }, ExpressionAttributeValues: { ':p': `SUBS#${root.id}` } },
      heads,
    );
  }
  return heads;
}

/**
 * The heads of submissions updated at or after `since` (an ISO instant), by submission id.
 * Every form is a declared one (publishing adds versions, never new forms), so the
 * declarations name every partition. A record stored before it had its search attributes is
 * not in this index: only {@link readHeads} reaches it.
 */
export async function readHeadsUpdatedSince(db: Db, since: string): Promise<Map<string, ChainHead>> {
  const heads = new Map<string, ChainHead>();
  for (const formId of new Set(DECLARATIONS.map((d) => d.id))) {
    await collectHeads(
      db,
      {
        IndexName: formIndexName('updated'),
        KeyConditionExpression: '#p = :p AND #s >= :since',
        ExpressionAttributeNames: { '#p': FORM_PARTITION, '#s': UPDATED_SORT },
        ExpressionAttributeValues: { ':p': `FORM#${formId}`, ':since': since },
      },
      heads,
    );
  }
  return heads;
}

/** When every head was last read, if ever. */
export async function lastSweep(db: Db): Promise<string | undefined> {
  const out = await guarded(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.checkpointSweep(), ConsistentRead: true })));
  return typeof out.Item?.at === 'string' ? out.Item.at : undefined;
}

export async function recordSweep(db: Db, at: string): Promise<void> {
  await guarded(() => db.doc.send(new PutCommand({ TableName: db.table, Item: { ...keys.checkpointSweep(), at } })));
}

const eventItemSchema = z.object({ event: historyEventSchema });

/** A submission's events `from`..`to` (one Query on the key range), in order. */
export async function readEventRange(db: Db, id: string, from: number, to: number): Promise<HistoryEvent[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': keys.submission(id).pk, ':from': keys.event(id, from).sk, ':to': keys.event(id, to).sk },
    ConsistentRead: true,
  });
  return items.map((item) => parseItem(eventItemSchema, item).event as HistoryEvent);
}

/**
 * A submission's whole chain for verification. An event no longer of an event's shape was
 * changed after it was sealed: it is kept as found (at the place its key gives it), so the
 * chain's check names it, rather than the read failing.
 */
export async function readChain(db: Db, id: string): Promise<HistoryEvent[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ev)',
    ExpressionAttributeValues: { ':pk': keys.submission(id).pk, ':ev': keys.eventPrefix },
    ConsistentRead: true,
  });
  return items.map((item) => {
    const parsed = eventItemSchema.safeParse(item);
    if (parsed.success) return parsed.data.event as HistoryEvent;
    const found = typeof item.event === 'object' && item.event !== null ? item.event : {};
    const seq = Number(/^EV#(\d+)$/.exec(String(item.sk))?.[1] ?? 0);
    return { ...found, seq } as HistoryEvent;
  });
}
