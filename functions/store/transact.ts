/**
 * TransactWriteItems whose outcome is known before anyone is answered. Each logical write
 * carries a ClientRequestToken of its own, the same on every attempt of it: DynamoDB applies a
 * token once and, asked again within ten minutes, answers as for the first. When an attempt
 * ends without an answer (a timeout, a connection lost after sending, a 5xx), the write may or
 * may not have committed; it is sent again with the same token, and if that cannot settle it,
 * the data is read back (`landed`). So a caller is told "committed" exactly when it committed,
 * and `unavailable` only when it did not (or, with the database silent throughout, when
 * nothing could be learnt, which the message then says).
 */
import { createHash, randomBytes } from 'node:crypto';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, type Db } from './dynamo.js';
import { DomainError } from './errors.js';

export type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;
export type TransactItem = TransactItems[number];

/**
 * One item of a transaction under the name its cancellation reason is read by
 * (`submission`, `counter`, `inbox-put:<key>`): no caller counts positions.
 */
export type NamedItem = { name: string; item: TransactItem };

/** The TransactItems of `named`, in its order. Names are unique, so each reason has one owner. */
export function transactItems(named: readonly NamedItem[]): TransactItems {
  const seen = new Set<string>();
  for (const { name } of named) {
    if (seen.has(name)) throw new Error(`two items of one transaction are both named ${name}`);
    seen.add(name);
  }
  return named.map((n) => n.item);
}

/**
 * The cancellation reason of each named item ('None' for one that was fine), or undefined
 * when `error` is not a cancellation. DynamoDB gives one reason per item, in the items' order;
 * reasons that do not match the items one for one name no item.
 */
export function reasonsByName(error: unknown, named: readonly Pick<NamedItem, 'name'>[]): ReadonlyMap<string, string> | undefined {
  const reasons = cancellationReasons(error);
  if (!reasons) return undefined;
  if (reasons.length !== named.length) return new Map();
  return new Map(named.map((n, i) => [n.name, reasons[i]]));
}

/** The names whose item failed with `code`. */
export function namesFailing(reasons: ReadonlyMap<string, string> | undefined, code: string): string[] {
  return [...(reasons ?? [])].filter(([, reason]) => reason === code).map(([name]) => name);
}

/** Whether a write's effect is in the table; `signal` ends its read when time is up. */
export type Landed = (signal: AbortSignal) => Promise<boolean>;

/**
 * A token for one logical write (≤ 36 characters, DynamoDB's limit): its parts (what is
 * written, at which version) and a random part, so that no other write ever shares it.
 */
export function requestToken(...parts: (string | number)[]): string {
  const random = randomBytes(16).toString('hex');
  return createHash('sha256').update([...parts.map(String), random].join('\u0000')).digest('base64url').slice(0, 36);
}

/** Time allowed, after an attempt without an answer, to learn what became of it. */
const SETTLE_MS = 6000;
const RESENDS = 2;
const READ_BACK_MS = 2000;

type AwsError = Error & { code?: string; $metadata?: { httpStatusCode?: number } };

const UNKNOWN_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
  'TransactionInProgressException',
  'InternalServerError',
  'ServiceUnavailable',
]);
const UNKNOWN_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT']);

/**
 * An error after which the write may have committed: no answer came back, or the database
 * failed while handling it. A refused connection, a throttled or a cancelled write did not commit.
 */
export function outcomeUnknown(error: unknown): boolean {
  const e = error as AwsError;
  if (!e || typeof e !== 'object') return false;
  if (UNKNOWN_NAMES.has(e.name)) return true;
  if (e.code && UNKNOWN_CODES.has(e.code)) return true;
  if (/socket hang up/i.test(e.message ?? '')) return true;
  return (e.$metadata?.httpStatusCode ?? 0) >= 500;
}

export const outcomeNotLearnt = () =>
  new DomainError('unavailable', {
    zh: '数据库未及时响应，暂时无法确认操作是否已完成，请稍后刷新查看，再决定是否重试',
    en: 'The database did not answer in time and the outcome could not be confirmed yet; reload later to see whether it was done before trying again',
  });

/**
 * Write the named items in one transaction under `token`. Resolves once the write is known to
 * have committed; throws the database's own error when it is known not to have (a
 * cancellation: the caller reads its reasons with `reasonsByName`), or `unavailable` when that
 * cannot be learnt in time. Waits between attempts go through `db.sleep`.
 */
export async function transactWrite(db: Db, named: readonly NamedItem[], token: string, landed: Landed): Promise<void> {
  const items = transactItems(named);
  const command = () => new TransactWriteCommand({ TransactItems: items, ClientRequestToken: token });
  try {
    await db.doc.send(command());
    return;
  } catch (error) {
    if (!outcomeUnknown(error)) throw error;
  }
  const deadline = Date.now() + SETTLE_MS;
  for (let resend = 1; resend <= RESENDS && Date.now() < deadline; resend++) {
    await db.sleep(50 * resend);
    try {
      // The same token: commits the write if it never arrived, reports it if it did.
      await db.doc.send(command(), { abortSignal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) });
      return;
    } catch (error) {
      if (outcomeUnknown(error)) continue;
      // A definite refusal now may still be this write's own first attempt seen from outside
      // (a condition it made false itself): the data says which.
      if ((await readBack(landed)) === true) return;
      throw error;
    }
  }
  const found = await readBack(landed);
  if (found === true) return;
  throw found === false ? new DomainError('unavailable') : outcomeNotLearnt();
}

/** Whether the write landed, or undefined when the read gets no answer either. */
async function readBack(landed: Landed): Promise<boolean | undefined> {
  try {
    return await landed(AbortSignal.timeout(READ_BACK_MS));
  } catch {
    return undefined;
  }
}
