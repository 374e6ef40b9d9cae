/**
 * Organisations, users and sessions. Items are parsed with Zod on the
 * way out, so a malformed item is caught at the edge instead of deep in a handler.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { ROLES } from '../../workflows/language.js';
import type { Caller } from '../auth/scope.js';
import { scopeFor } from '../auth/scope.js';
import { shanghaiDate } from '../../workflows/calendar.js';
import { gsi1Items, guarded, toDomainError, type Db } from './dynamo.js';
import { keys, listing } from './keys.js';
import { reasonsByName, requestToken, transactWrite, type NamedItem } from './transact.js';

export const ORG_TYPES = ['district', 'street', 'industry', 'grassroots'] as const;

export const orgSchema = z.object({
  id: z.string(),
  name: z.string(),
  nameEn: z.string().optional(),
  type: z.enum(ORG_TYPES),
  parentId: z.string().optional(),
  /** Ids from the district down to this organisation. */
  path: z.array(z.string()).min(1),
});
export type Org = z.infer<typeof orgSchema>;

export const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  orgId: z.string(),
  roles: z.array(z.enum(ROLES)).min(1),
  passwordHash: z.string(),
  /** A 特约经审员's assigned unions (定点联系): its scope instead of its own organisation's subtree. */
  assignedOrgIds: z.array(z.string()).optional(),
  disabled: z.boolean().optional(),
});
export type User = z.infer<typeof userSchema> & { roles: Caller['roles'] };

const sessionSchema = z.object({
  caller: z.object({
    id: z.string(),
    name: z.string(),
    orgId: z.string(),
    orgName: z.string(),
    orgNameEn: z.string().optional(),
    orgPath: z.array(z.string()),
    roles: z.array(z.string()),
    scope: z.array(z.object({ orgId: z.string(), depth: z.number(), exact: z.boolean() })),
    assignedOrgIds: z.array(z.string()).optional(),
  }),
  expiresAt: z.string(),
});

export const SESSION_HOURS = 12;

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function putOrg(db: Db, org: Org): Promise<void> {
  await guarded(() =>
    db.doc.send(new PutCommand({ TableName: db.table, Item: { ...keys.org(org.id), ...listing.orgs(), ...listing.orgSort(org.id), ...org } })),
  );
}

export async function getOrg(db: Db, id: string): Promise<Org | undefined> {
  const out = await guarded(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.org(id) })));
  return out.Item ? orgSchema.parse(out.Item) : undefined;
}

export async function listOrgs(db: Db): Promise<Org[]> {
  return (await gsi1Items(db, listing.orgs().gsi1pk)).map((item) => orgSchema.parse(item));
}

export async function putUser(db: Db, user: User): Promise<void> {
  await guarded(() =>
    db.doc.send(
      new PutCommand({ TableName: db.table, Item: { ...keys.user(user.id), ...listing.usersOf(user.orgId), gsi1sk: user.id, ...user } }),
    ),
  );
}

export async function getUser(db: Db, id: string): Promise<User | undefined> {
  const out = await guarded(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.user(id) })));
  return out.Item ? (userSchema.parse(out.Item) as User) : undefined;
}

/** Everything a request needs to know of its caller, fixed at sign-in. */
export function callerOf(user: User, org: Org, assigned: Org[] = []): Caller {
  return {
    id: user.id,
    name: user.name,
    orgId: org.id,
    orgName: org.name,
    ...(org.nameEn ? { orgNameEn: org.nameEn } : {}),
    orgPath: org.path,
    roles: user.roles,
    scope: scopeFor(org.path, user.roles, assigned.map((a) => a.path)),
    ...(assigned.length > 0 && user.roles.includes('auditor') ? { assignedOrgIds: assigned.map((a) => a.id) } : {}),
  };
}

/** Start a session: a random token for the caller; only its SHA-256 is stored. */
export async function createSession(db: Db, caller: Caller, now: Date): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(now.getTime() + SESSION_HOURS * 3600 * 1000);
  await guarded(() =>
    db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: {
          ...keys.session(tokenHash(token)),
          // Indexed by user, so a change to the account can find and end every session of it.
          ...listing.sessionsOf(caller.id),
          gsi1sk: now.toISOString(),
          caller,
          createdAt: now.toISOString(),
          expiresAt: expires.toISOString(),
          ttl: Math.floor(expires.getTime() / 1000),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
  return { token, expiresAt: expires.toISOString() };
}

/** The caller of a live session, or undefined (unknown, expired: TTL deletion lags, so check). */
export async function readSession(db: Db, hash: string, now: Date): Promise<{ caller: Caller; expiresAt: string } | undefined> {
  const out = await guarded(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.session(hash), ConsistentRead: true })));
  if (!out.Item) return undefined;
  const parsed = sessionSchema.safeParse(out.Item);
  if (!parsed.success || Date.parse(parsed.data.expiresAt) <= now.getTime()) return undefined;
  return { caller: parsed.data.caller as Caller, expiresAt: parsed.data.expiresAt };
}

export async function deleteSession(db: Db, hash: string): Promise<void> {
  await guarded(() => db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.session(hash) })));
}

// ---- The admin's changes (service/admin.ts) ------------------------------------------------
//
// Organisations and users changed by the admin carry a revision (`rev`, absent on items the
// seed wrote): a change is written only if nobody changed the item since it was read, so the
// audit log's `before` is always what was really replaced.

export type Revised<T> = { value: T; rev: number };

async function readRevised<T>(db: Db, key: { pk: string; sk: string }, parse: (item: Record<string, unknown>) => T): Promise<Revised<T> | undefined> {
  const out = await guarded(() => db.doc.send(new GetCommand({ TableName: db.table, Key: key, ConsistentRead: true })));
  if (!out.Item) return undefined;
  return { value: parse(out.Item), rev: typeof out.Item.rev === 'number' ? out.Item.rev : 0 };
}

export const readOrgForChange = (db: Db, id: string) => readRevised(db, keys.org(id), (item) => orgSchema.parse(item));
export const readUserForChange = (db: Db, id: string) => readRevised(db, keys.user(id), (item) => userSchema.parse(item) as User);

export function orgItem(org: Org, rev: number): Record<string, unknown> & { pk: string; sk: string } {
  return { ...keys.org(org.id), ...listing.orgs(), ...listing.orgSort(org.id), ...org, rev };
}

export function userItem(user: User, rev: number): Record<string, unknown> & { pk: string; sk: string } {
  return { ...keys.user(user.id), ...listing.usersOf(user.orgId), gsi1sk: user.id, ...user, rev };
}

export async function listUsers(db: Db, orgId: string): Promise<User[]> {
  return (await gsi1Items(db, listing.usersOf(orgId).gsi1pk)).map((item) => userSchema.parse(item) as User);
}

/** The token hashes of a user's sessions (the index is eventually consistent in AWS). */
export async function sessionHashesOf(db: Db, userId: string): Promise<string[]> {
  return (await gsi1Items(db, listing.sessionsOf(userId).gsi1pk, 'pk')).map((item) => String(item.pk).slice('SESSION#'.length));
}

export const ADMIN_ACTIONS = ['org.create', 'org.rename', 'user.create', 'user.update', 'user.assign', 'form.publish', 'workflow.publish'] as const;

export const adminLogSchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ id: z.string(), name: z.string() }),
  action: z.enum(ADMIN_ACTIONS),
  target: z.object({ kind: z.enum(['org', 'user', 'form', 'workflow']), id: z.string() }),
  /** The fields that changed; `password` appears here, its hash never anywhere. */
  changed: z.array(z.string()),
  before: z.record(z.string(), z.unknown()).optional(),
  after: z.record(z.string(), z.unknown()),
});
export type AdminLogEntry = z.infer<typeof adminLogSchema>;

/** The month partition of an instant: the Asia/Shanghai calendar month the admin lives in. */
export const adminLogMonth = (at: string) => shanghaiDate(new Date(at)).slice(0, 7);

export type AdminChange = {
  item: Record<string, unknown> & { pk: string; sk: string };
  /** The revision the item was read at; undefined when it must not exist yet. */
  expectedRev?: number;
  log: AdminLogEntry;
  /** Token hashes of sessions to end with the change. */
  endSessions?: string[];
};

// One transaction holds at most 100 writes: the item and its log entry, then sessions.
const SESSIONS_IN_TRANSACTION = 98;

function revCondition(expectedRev: number | undefined) {
  if (expectedRev === undefined) return { ConditionExpression: 'attribute_not_exists(pk)' };
  if (expectedRev === 0) return { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#rev)', ExpressionAttributeNames: { '#rev': 'rev' } };
  return { ConditionExpression: '#rev = :rev', ExpressionAttributeNames: { '#rev': 'rev' }, ExpressionAttributeValues: { ':rev': expectedRev } };
}

/**
 * Write one admin change, its log entry and the end of the sessions it affects, in one
 * transaction. `conflict` when the item exists (a create) or changed since it was read.
 */
export async function commitAdminChange(db: Db, change: AdminChange): Promise<'ok' | 'conflict'> {
  const hashes = change.endSessions ?? [];
  // More sessions than a transaction holds: end the overflow first; a sign-out alone harms nothing.
  for (let i = SESSIONS_IN_TRANSACTION; i < hashes.length; i += 25) {
    await Promise.all(hashes.slice(i, i + 25).map((hash) => deleteSession(db, hash)));
  }
  const { id, ...entry } = change.log;
  const logKey = keys.adminLog(adminLogMonth(entry.at), entry.at, id);
  const items: NamedItem[] = [
    { name: 'item', item: { Put: { TableName: db.table, Item: change.item, ...revCondition(change.expectedRev) } } },
    { name: 'log', item: { Put: { TableName: db.table, Item: { ...logKey, id, ...entry }, ConditionExpression: 'attribute_not_exists(pk)' } } },
    ...hashes
      .slice(0, SESSIONS_IN_TRANSACTION)
      .map((hash) => ({ name: `session:${hash}`, item: { Delete: { TableName: db.table, Key: keys.session(hash) } } })),
  ];
  // The log entry's id is new with this change: it exists exactly when the change committed.
  const landed = async (signal: AbortSignal) =>
    (await db.doc.send(new GetCommand({ TableName: db.table, Key: logKey, ConsistentRead: true }), { abortSignal: signal })).Item !== undefined;
  try {
    await transactWrite(db, items, requestToken('admin', id), landed);
    return 'ok';
  } catch (error) {
    if (reasonsByName(error, items)?.get('item') === 'ConditionalCheckFailed') return 'conflict';
    throw toDomainError(error);
  }
}

/** A month of the admin log, newest first; `after` is the sort key to continue below. */
export async function readAdminLog(db: Db, month: string, limit: number, after?: string): Promise<{ entries: AdminLogEntry[]; last?: string }> {
  const pk = keys.adminLogPartition(month);
  const out = await guarded(() =>
    db.doc.send(
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: after ? { pk, sk: after } : undefined,
      }),
    ),
  );
  const entries = (out.Items ?? []).map((item) => adminLogSchema.parse(item));
  return { entries, last: out.LastEvaluatedKey?.sk as string | undefined };
}
