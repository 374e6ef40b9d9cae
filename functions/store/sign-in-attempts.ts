/**
 * Sign-in attempts per name and per source address, counted in the table before a password
 * is checked. Each count lives in a fixed window of its own (one item per window, see
 * `keys.signInAttempts`), and a reservation is one conditional `ADD`: DynamoDB applies them
 * one at a time, so however many requests arrive at once, no more than the limit of them get
 * a slot. A sign-in that succeeds gives its slot back, so what a window counts is the failed
 * attempts plus those still being checked.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { toDomainError, type Db } from './dynamo.js';
import { keys, type Key } from './keys.js';

export type AttemptLimit = { attempts: number; windowSeconds: number };

/** The limits sign-in applies: per name (whether or not it exists) and per source address. */
export type SignInLimits = { name: AttemptLimit; address: AttemptLimit };

export type Reservation = { ok: true; key: Key } | { ok: false; retryAfterSeconds: number };

/** Take one attempt slot for `id` in the current window, or say when the window ends. */
export async function reserveAttempt(db: Db, kind: 'name' | 'address', id: string, limit: AttemptLimit, now: Date): Promise<Reservation> {
  const windowMs = limit.windowSeconds * 1000;
  const window = Math.floor(now.getTime() / windowMs);
  const endsAt = (window + 1) * windowMs;
  const key = keys.signInAttempts(kind, id, limit.windowSeconds, window);
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: key,
        UpdateExpression: 'SET #ttl = :ttl ADD #count :one',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'count', '#ttl': 'ttl' },
        // Kept an hour past the window's end, then DynamoDB's TTL removes it.
        ExpressionAttributeValues: { ':one': 1, ':limit': limit.attempts, ':ttl': Math.floor(endsAt / 1000) + 3600 },
      }),
    );
    return { ok: true, key };
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') {
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)) };
    }
    throw toDomainError(error);
  }
}

/** Give a reserved slot back (the sign-in succeeded, or another counter refused it). */
export async function releaseAttempt(db: Db, key: Key): Promise<void> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: key,
        UpdateExpression: 'ADD #count :minusOne',
        ConditionExpression: '#count > :zero',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw toDomainError(error);
  }
}

/**
 * The bucket an address is counted in: an IPv4 address as it is (an IPv4-mapped IPv6 address
 * as its IPv4), an IPv6 address by its /64 network, which one subscriber usually holds whole.
 */
export function addressBucket(address: string): string | undefined {
  const text = address.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (mapped) return mapped[1];
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(text)) return text;
  if (!/^[0-9a-f:.]+$/.test(text) || !text.includes(':')) return undefined;
  const [head, tail, ...rest] = text.split('::');
  if (rest.length > 0) return undefined;
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(missing, 0)).fill('0'), ...right];
  if (groups.length < 4 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g) && !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(g))) return undefined;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
