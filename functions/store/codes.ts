/**
 * Member one-time codes (会员评家, 经费使用监督). A member has no account: the code is the
 * only credential, so only its SHA-256 is kept, and using it is one transaction that flips
 * `used` and writes the caller's items together.
 *
 * Codes live in the anonymous table (`Db.anonTable`), which has no stream, and a code's
 * transaction may write nothing else: `redeemCode` refuses items for any other table. So no
 * change log anywhere holds a code's use next to what it wrote (docs/anonymity.md).
 *
 * An unknown code and a used one must be indistinguishable from outside (API.md): both take
 * the same path, one consistent read, and get the same error.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError, unavailable } from './errors.js';
import { guarded, type Db } from './dynamo.js';
import { namesFailing, reasonsByName, requestToken, transactWrite, type NamedItem, type TransactItem } from './transact.js';
import { anonKeys } from './keys.js';

export const CODE_PURPOSES = ['evaluation', 'fund-query'] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

export type { TransactItem };

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

/**
 * A code as stored: its round, the round's union and, for a round opened for one disclosure,
 * that disclosure. Every code of a round carries the same values; none carries a time.
 */
export type NewCode = { hash: string; roundId: string; orgId: string; purpose: CodePurpose; submissionId?: string };

export function codeItem({ hash, ...code }: NewCode): Record<string, unknown> {
  return { ...anonKeys.code(hash), ...code, used: false };
}

const BATCH_SIZE = 25;
const BATCH_ATTEMPTS = 8;
const PARALLEL_BATCHES = 4;
const backoff = (attempt: number, baseMs: number) => Math.min(baseMs * 2 ** attempt, 1000) * (0.5 + Math.random() / 2);

async function writeBatch(db: Db, items: Record<string, unknown>[]): Promise<void> {
  let pending = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt >= BATCH_ATTEMPTS) throw unavailable();
    if (attempt > 0) await db.sleep(backoff(attempt, 25));
    const out = await guarded(() => db.doc.send(new BatchWriteCommand({ RequestItems: { [db.anonTable]: pending } })));
    pending = (out.UnprocessedItems?.[db.anonTable] ?? []) as typeof pending;
  }
}

/** Fisher–Yates with a cryptographic source: the order items are written in says nothing. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Store new items in the anonymous table (codes, answer slots), in a random order, 25 to a
 * BatchWriteItem, unprocessed items retried with backoff. BatchWrite takes no conditions; with
 * 60 random bits a clash with a live code is not a practical risk. Callers write the round
 * after its codes, so a failure here leaves only codes of a round nobody was told of.
 */
export async function putAnonymous(db: Db, items: Record<string, unknown>[]): Promise<void> {
  const all = shuffled(items);
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < all.length; i += BATCH_SIZE) batches.push(all.slice(i, i + BATCH_SIZE));
  for (let i = 0; i < batches.length; i += PARALLEL_BATCHES) {
    await Promise.all(batches.slice(i, i + PARALLEL_BATCHES).map((batch) => writeBatch(db, batch)));
  }
}

export const putCodes = (db: Db, codes: NewCode[]) => putAnonymous(db, codes.map(codeItem));

/** Whose code it is: what the caller's items may depend on. */
export type CodeOwner = { roundId: string; orgId: string; submissionId?: string };

const REJECTED: Record<CodePurpose, DomainError['text']> = {
  evaluation: { zh: '评议码无效或已使用', en: 'This evaluation code is not valid or has already been used' },
  'fund-query': { zh: '监督码无效或已使用', en: 'This oversight code is not valid or has already been used' },
};

export const codeRejected = (purpose: CodePurpose) => new DomainError('not_found', REJECTED[purpose]);

/** Attempts at the transaction: each may lose a race for the item it fills, or conflict. */
const REDEEM_ATTEMPTS = 12;
export type Redemption = {
  /** Whether this code may be used here (its union, its disclosure): refused like an unknown code. */
  accepts?: (owner: CodeOwner) => boolean;
  /**
   * The anonymous-table items written with the code's use. Called again on each attempt, so
   * an item that lost a race (an answer slot just filled) can be chosen anew.
   */
  items: (owner: CodeOwner) => TransactItem[] | Promise<TransactItem[]>;
};

/**
 * Use a code once, for `purpose`, together with the anonymous-table items `redemption.items`
 * builds for its owner: all of it or nothing. The code item only gets `used = true`: no time
 * and no answer id, so nothing joins an answer back to its code. An unknown, used or
 * other-purpose code, or one `accepts` refuses, is `codeRejected`.
 */
export async function redeemCode(db: Db, code: string, purpose: CodePurpose, redemption: Redemption): Promise<CodeOwner> {
  const key = anonKeys.code(codeHash(code));
  const read = await guarded(() =>
    db.doc.send(
      new GetCommand({
        TableName: db.anonTable,
        Key: key,
        ConsistentRead: true,
        ProjectionExpression: 'roundId, orgId, submissionId, purpose, used',
      }),
    ),
  );
  const found = read.Item;
  if (!found || found.used !== false || found.purpose !== purpose) throw codeRejected(purpose);
  const owner: CodeOwner = {
    roundId: String(found.roundId),
    orgId: String(found.orgId),
    ...(typeof found.submissionId === 'string' ? { submissionId: found.submissionId } : {}),
  };
  if (redemption.accepts && !redemption.accepts(owner)) throw codeRejected(purpose);

  const use: NamedItem = {
    name: 'use',
    item: {
      Update: {
        TableName: db.anonTable,
        Key: key,
        UpdateExpression: 'SET #used = :true',
        ConditionExpression: 'attribute_exists(pk) AND #used = :false AND #purpose = :purpose',
        ExpressionAttributeNames: { '#used': 'used', '#purpose': 'purpose' },
        ExpressionAttributeValues: { ':true': true, ':false': false, ':purpose': purpose },
      },
    },
  };
  for (let attempt = 0; attempt < REDEEM_ATTEMPTS; attempt++) {
    const items = await redemption.items(owner);
    for (const item of items) {
      const table = (item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck)?.TableName;
      if (table !== db.anonTable) throw new Error('a code’s transaction may write only the anonymous table');
    }
    // The caller's items, named by their place among them.
    const named = [use, ...items.map((item, i) => ({ name: `item:${i}`, item }))];
    try {
      await transactWrite(db, named, requestToken('redeem', key.pk, attempt), (signal) => isUsed(db, key, signal));
      return owner;
    } catch (error) {
      const reasons = reasonsByName(error, named);
      // A conflict on the whole transaction names no item: it is retried like one on an item.
      if (!reasons && (error as Error)?.name !== 'TransactionConflictException') {
        if (error instanceof DomainError) throw error;
        // The error's message could quote the request; only its name is safe to log here.
        console.error(JSON.stringify({ level: 'error', msg: 'code redemption failed', name: (error as Error)?.name }));
        throw unavailable();
      }
      const failed = namesFailing(reasons, 'ConditionalCheckFailed');
      // The code itself was used meanwhile: exactly as if it had been used before.
      if (failed.includes('use')) throw codeRejected(purpose);
      if (attempt + 1 === REDEEM_ATTEMPTS) break;
      // An item lost its race (a slot just filled): choose again at once; a conflict backs off.
      await db.sleep(failed.length > 0 ? randomInt(5) : backoff(attempt, 20));
    }
  }
  throw unavailable();
}

/**
 * Whether a code is used now: after an answer lost in transit, that its transaction landed.
 * (A second request with the same code at the same instant would make it true as well; the
 * member then gets "done" for the code's one answer, which is what happened to the code.)
 */
async function isUsed(db: Db, key: { pk: string; sk: string }, abortSignal: AbortSignal): Promise<boolean> {
  const out = await db.doc.send(
    new GetCommand({ TableName: db.anonTable, Key: key, ConsistentRead: true, ProjectionExpression: 'used' }),
    { abortSignal },
  );
  return out.Item?.used === true;
}
