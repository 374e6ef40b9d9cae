/**
 * Member one-time codes (会员评家, 经费使用监督). A member has no account: the code is the
 * only credential, so the table keeps only its SHA-256, and using it is one transaction that
 * flips `used` and writes the caller's items together.
 *
 * An unknown code and a used one must be indistinguishable from outside (API.md): both take
 * the same path, one consistent read and one transaction that fails on its first item, and
 * get the same error.
 */
import { createHash, randomBytes } from 'node:crypto';
import { BatchWriteCommand, GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DomainError, unavailable } from './errors.js';
import { cancellationReasons, guarded, toDomainError, type Db } from './dynamo.js';
import { keys } from './keys.js';

export const CODE_PURPOSES = ['evaluation', 'fund-query'] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Crockford base32: no I, L, O or U, so a code read aloud or off paper is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 characters of 5 bits: 60 random bits per code. */
const CODE_CHARS = 12;

/** A fresh code, shown as `XXXX-XXXX-XXXX`. */
export function generateCode(): string {
  let bits = randomBytes(8).readBigUInt64BE(0);
  let text = '';
  for (let i = 0; i < CODE_CHARS; i++) {
    text += ALPHABET[Number(bits & 31n)];
    bits >>= 5n;
  }
  return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8)}`;
}

/** What a member may type: any case, with or without separators, O for 0 and I or L for 1. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function codeHash(input: string): string {
  return createHash('sha256').update(normaliseCode(input), 'utf8').digest('hex');
}

export type NewCode = { hash: string; roundId: string; orgId: string; purpose: CodePurpose; expiresAt?: number };

const BATCH_SIZE = 25;
const BATCH_ATTEMPTS = 8;
const PARALLEL_BATCHES = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const backoff = (attempt: number, baseMs: number) => Math.min(baseMs * 2 ** attempt, 1000) * (0.5 + Math.random() / 2);

async function writeBatch(db: Db, items: Record<string, unknown>[]): Promise<void> {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt >= BATCH_ATTEMPTS) throw unavailable();
    if (attempt > 0) await sleep(backoff(attempt, 25));
    const out = await guarded(() => db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: pending } })));
    pending = (out.UnprocessedItems?.[db.table] ?? []) as typeof pending;
  }
}

/**
 * Store new codes, 25 to a BatchWriteItem, unprocessed items retried with backoff. BatchWrite
 * takes no conditions; with 60 random bits a clash with a live code is not a practical risk.
 * Callers write the round after its codes, so a failure here leaves only codes of a round
 * that does not exist, which no redemption accepts (its tally update needs the round).
 */
export async function putCodes(db: Db, codes: NewCode[]): Promise<void> {
  const items = codes.map(({ hash, expiresAt, ...code }) => ({
    ...keys.code(hash),
    ...code,
    used: false,
    ...(expiresAt === undefined ? {} : { ttl: expiresAt }),
  }));
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += BATCH_SIZE) batches.push(items.slice(i, i + BATCH_SIZE));
  for (let i = 0; i < batches.length; i += PARALLEL_BATCHES) {
    await Promise.all(batches.slice(i, i + PARALLEL_BATCHES).map((batch) => writeBatch(db, batch)));
  }
}

/** Whose code it is: what the caller's extra items may depend on. */
export type CodeOwner = { roundId: string; orgId: string };

/**
 * Stands in for an unknown code's owner, so that the unknown code builds and sends the same
 * transaction as a used one. Its items are never written: the code's own condition fails.
 */
const NOBODY: CodeOwner = { roundId: '00000000-0000-4000-8000-000000000000', orgId: 'unknown' };

const REJECTED: Record<CodePurpose, DomainError['text']> = {
  evaluation: { zh: '评议码无效或已使用', en: 'This evaluation code is not valid or has already been used' },
  'fund-query': { zh: '监督码无效或已使用', en: 'This oversight code is not valid or has already been used' },
};

export const codeRejected = (purpose: CodePurpose) => new DomainError('not_found', REJECTED[purpose]);

const REDEEM_ATTEMPTS = 6;

/**
 * Use a code once, for `purpose`, together with the items `extraItems` builds for its owner:
 * all of it or nothing. The code item only gets `used = true`: no time and no answer id, so
 * nothing joins an answer back to its code. An unknown, used, expired or other-purpose code,
 * or one whose extra items' conditions fail (a round that is gone), is `codeRejected`.
 * Concurrent redemptions of codes of one round conflict on its tally; those are retried.
 */
export async function redeemCode(
  db: Db,
  code: string,
  purpose: CodePurpose,
  extraItems: (owner: CodeOwner) => TransactItem[],
  now: Date = new Date(),
): Promise<CodeOwner> {
  const key = keys.code(codeHash(code));
  const read = await guarded(() =>
    db.doc.send(new GetCommand({ TableName: db.table, Key: key, ConsistentRead: true, ProjectionExpression: 'roundId, orgId' })),
  );
  const found = read.Item;
  const owner: CodeOwner =
    typeof found?.roundId === 'string' && typeof found?.orgId === 'string' ? { roundId: found.roundId, orgId: found.orgId } : NOBODY;
  const items: TransactItem[] = [
    {
      Update: {
        TableName: db.table,
        Key: key,
        UpdateExpression: 'SET #used = :true',
        ConditionExpression: 'attribute_exists(pk) AND #used = :false AND #purpose = :purpose AND (attribute_not_exists(#ttl) OR #ttl > :now)',
        ExpressionAttributeNames: { '#used': 'used', '#purpose': 'purpose', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':true': true, ':false': false, ':purpose': purpose, ':now': Math.floor(now.getTime() / 1000) },
      },
    },
    ...extraItems(owner),
  ];
  for (let attempt = 0; ; attempt++) {
    try {
      await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return owner;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.includes('ConditionalCheckFailed')) throw codeRejected(purpose);
      const conflict = reasons?.includes('TransactionConflict') || (error as Error)?.name === 'TransactionConflictException';
      if (conflict && attempt + 1 < REDEEM_ATTEMPTS) {
        await sleep(backoff(attempt, 20));
        continue;
      }
      if (conflict) throw unavailable();
      const domain = toDomainError(error);
      if (domain instanceof DomainError) throw domain;
      // The error's message could quote the request; only its name is safe to log here.
      console.error(JSON.stringify({ level: 'error', msg: 'code redemption failed', name: (error as Error)?.name }));
      throw unavailable();
    }
  }
}
