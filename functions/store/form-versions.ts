/**
 * Form and workflow versions an admin published. A version is immutable once written (a put
 * only if absent), so a submission pinned to it behaves the same way forever; the current
 * version is simply the highest. Forms and workflows keep their versions alike, each in its
 * own partition (`FORM#<id>`, `WORKFLOW#<id>`).
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { FormDeclaration } from '../../forms/language.js';
import type { WorkflowDeclaration } from '../../workflows/language.js';
import { guarded, type Db } from './dynamo.js';
import { keys, type Key } from './keys.js';

const published = {
  version: z.number().int(),
  declaration: z.record(z.string(), z.unknown()),
  publishedAt: z.string(),
  publishedBy: z.string(),
  /** The version this one replaces (版本替换链). */
  replaces: z.number().int(),
};

export const storedVersionSchema = z.object({ formId: z.string(), ...published });
export type StoredVersion = z.infer<typeof storedVersionSchema> & { declaration: FormDeclaration };

export const storedWorkflowVersionSchema = z.object({ workflowId: z.string(), ...published });
export type StoredWorkflowVersion = z.infer<typeof storedWorkflowVersionSchema> & { declaration: WorkflowDeclaration };

export function versionItem(v: StoredVersion): Record<string, unknown> & Key {
  return { ...keys.formVersion(v.formId, v.version), ...v };
}

export function workflowVersionItem(v: StoredWorkflowVersion): Record<string, unknown> & Key {
  return { ...keys.workflowVersion(v.workflowId, v.version), ...v };
}

async function readItem(db: Db, key: Key): Promise<Record<string, unknown> | undefined> {
  return (await guarded(() => db.doc.send(new GetCommand({ TableName: db.table, Key: key })))).Item;
}

/** The items of one versions partition, newest first (`limit` 1: the current one). */
async function listItems(db: Db, partition: string, limit?: number): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await guarded(() =>
      db.doc.send(
        new QueryCommand({
          TableName: db.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
          ExpressionAttributeValues: { ':pk': partition, ':v': 'V#' },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: start,
        }),
      ),
    );
    items.push(...(out.Items ?? []));
    start = limit !== undefined && items.length >= limit ? undefined : out.LastEvaluatedKey;
  } while (start);
  return items;
}

export async function readVersion(db: Db, formId: string, version: number): Promise<StoredVersion | undefined> {
  const item = await readItem(db, keys.formVersion(formId, version));
  return item ? (storedVersionSchema.parse(item) as StoredVersion) : undefined;
}

/** Published versions of a form, newest first (`limit` 1: the current one). */
export async function listVersions(db: Db, formId: string, limit?: number): Promise<StoredVersion[]> {
  return (await listItems(db, keys.formVersionsPartition(formId), limit)).map((item) => storedVersionSchema.parse(item) as StoredVersion);
}

/** Published versions of a workflow, newest first. */
export async function listWorkflowVersions(db: Db, workflowId: string, limit?: number): Promise<StoredWorkflowVersion[]> {
  return (await listItems(db, keys.workflowVersionsPartition(workflowId), limit)).map((item) => storedWorkflowVersionSchema.parse(item) as StoredWorkflowVersion);
}
