/**
 * The DynamoDB client and the one place AWS errors become domain errors.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { DomainError, unavailable, versionConflict } from './errors.js';

/** Resolves after `ms` milliseconds: how the store waits between attempts. */
export type Sleep = (ms: number) => Promise<void>;

/** The real timer. */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `table` is the single table, whose stream feeds the workers; `anonTable` holds member codes
 * and anonymous answers, and has no stream and no point-in-time recovery (docs/anonymity.md).
 * `sleep` is every wait between the store's attempts (backoffs, resends), so a test can
 * count them instead of waiting.
 */
export type Db = { doc: DynamoDBDocumentClient; table: string; anonTable: string; sleep: Sleep };

/** The anonymous table's name when none is configured: the main table's, suffixed. */
export const anonTableFor = (table: string) => `${table}-anon`;

export type DbOptions = {
  table: string;
  /** Default: `anonTableFor(table)`. */
  anonTable?: string;
  /** DynamoDB Local's address; absent in AWS. */
  endpoint?: string;
  region?: string;
  /** Per-attempt timeout: an unanswered request becomes a 503, never a hung Lambda. */
  requestTimeoutMs?: number;
  maxAttempts?: number;
  /** Default: `realSleep`. */
  sleep?: Sleep;
};

export function createDb(options: DbOptions): Db {
  const config: DynamoDBClientConfig = {
    region: options.region ?? process.env.AWS_REGION ?? 'ap-east-1',
    maxAttempts: options.maxAttempts ?? 3,
    // Without throwOnRequestTimeout the handler only warns, and a silent database hangs the request.
    requestHandler: { requestTimeout: options.requestTimeoutMs ?? 3000, connectionTimeout: 1000, throwOnRequestTimeout: true },
  };
  if (options.endpoint) {
    config.endpoint = options.endpoint;
    // DynamoDB Local accepts any credentials; fixed ones keep the machine's own AWS profile out of it.
    config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  const client = new DynamoDBClient(config);
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  return { doc, table: options.table, anonTable: options.anonTable ?? anonTableFor(options.table), sleep: options.sleep ?? realSleep };
}

/** Configuration from the environment: `TABLE_NAME`, `ANON_TABLE_NAME`, `DYNAMODB_ENDPOINT`. */
export function dbFromEnv(): Db {
  return createDb({
    table: process.env.TABLE_NAME ?? 'unionflow',
    anonTable: process.env.ANON_TABLE_NAME || undefined,
    endpoint: process.env.DYNAMODB_ENDPOINT || undefined,
  });
}

type AwsError = Error & {
  name: string;
  $metadata?: { httpStatusCode?: number };
  CancellationReasons?: { Code?: string }[];
  code?: string;
};

/** The cancellation reason codes of a cancelled transaction, by item index ('None' for fine items). */
export function cancellationReasons(error: unknown): string[] | undefined {
  const e = error as AwsError;
  if (e?.name !== 'TransactionCanceledException') return undefined;
  return (e.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
}

/**
 * Convert an AWS error into a domain error. Conditional failures the caller expects are
 * handled by the caller before this; what reaches here is either a lost race (409) or the
 * database not answering (503). Anything else comes back unchanged: the HTTP layer logs it and
 * answers 503 too, since every write is one transaction and nothing was half-written.
 */
export function toDomainError(error: unknown): Error {
  if (error instanceof DomainError) return error;
  const e = error as AwsError;
  const reasons = cancellationReasons(error);
  if (reasons) {
    if (reasons.some((r) => r === 'ConditionalCheckFailed' || r === 'TransactionConflict')) return versionConflict();
    return unavailable();
  }
  switch (e?.name) {
    case 'ConditionalCheckFailedException':
    case 'TransactionConflictException':
      return versionConflict();
    case 'ProvisionedThroughputExceededException':
    case 'ThrottlingException':
    case 'RequestLimitExceeded':
    case 'InternalServerError':
    case 'ServiceUnavailable':
    case 'TimeoutError':
    case 'RequestTimeout':
    case 'TransactionInProgressException':
      return unavailable();
  }
  const code = e?.code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return unavailable();
  if ((e?.$metadata?.httpStatusCode ?? 0) >= 500) return unavailable();
  return e instanceof Error ? e : new Error(String(error));
}

/** Run a store call, converting AWS errors at this edge. */
export async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toDomainError(error);
  }
}

/**
 * Every item a query matches, page after page (for listings known to stay small: an
 * organisation's users, a submission's history). Listings that can grow page with a cursor.
 */
export async function queryAll(
  db: Db,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  table: string = db.table,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await guarded(() => db.doc.send(new QueryCommand({ ...input, TableName: table, ExclusiveStartKey: start })));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every item of one gsi1 partition (organisations, an organisation's users or rounds, a user's sessions). */
export function gsi1Items(db: Db, partition: string, projection?: string): Promise<Record<string, unknown>[]> {
  return queryAll(db, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': partition },
    ...(projection ? { ProjectionExpression: projection } : {}),
  });
}
