/**
 * Where the checkpoint job reads chain heads from. Every submission carries its district's id
 * in `scope0pk` (its organisation path starts at the tree's root), so one Query per root
 * organisation on index `scope0` reaches every submission without a Scan, and projecting
 * `id, seq, lastHash` keeps the answer small. The index is eventually consistent: a head read
 * a moment late is an earlier head of the same chain, still true, and the next run catches up.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { ChainHead, HistoryEvent } from '../records/chain.js';
import { listOrgs } from './accounts.js';
import { guarded, queryAll, type Db } from './dynamo.js';
import { parseItem } from './errors.js';
import { keys } from './keys.js';
import { historyEventSchema } from './submissions.js';
import { scopeIndexName, scopeIndexPartition } from './table.js';

const headSchema = z.object({ id: z.string(), seq: z.number().int(), lastHash: z.string() });

/** Every submission's chain head, by submission id. */
export async function readHeads(db: Db): Promise<Map<string, ChainHead>> {
  const roots = (await listOrgs(db)).filter((o) => o.path.length === 1);
  const heads = new Map<string, ChainHead>();
  for (const root of roots) {
    let start: Record<string, unknown> | undefined;
    do {
      const out = await guarded(() =>
        db.doc.send(
          new QueryCommand({
            TableName: db.table,
            IndexName: scopeIndexName(0),
            KeyConditionExpression: '#p = :p',
            ExpressionAttributeNames: { '#p': scopeIndexPartition(0), '#id': 'id', '#seq': 'seq', '#h': 'lastHash' },
            ExpressionAttributeValues: { ':p': `SUBS#${root.id}` },
            ProjectionExpression: '#id, #seq, #h',
            ExclusiveStartKey: start,
          }),
        ),
      );
      for (const item of out.Items ?? []) {
        const h = parseItem(headSchema, item);
        heads.set(h.id, { seq: h.seq, hash: h.lastHash });
      }
      start = out.LastEvaluatedKey;
    } while (start);
  }
  return heads;
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
