/**
 * Form versions an admin published. A version is immutable once written (a put only if
 * absent), so a submission pinned to it validates the same way forever; the current version
 * of a form is simply its highest.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { FormDeclaration } from '../../forms/language.js';
import { guarded, type Db } from './dynamo.js';
import { keys } from './keys.js';

export const storedVersionSchema = z.object({
  formId: z.string(),
  version: z.number().int(),
  declaration: z.record(z.string(), z.unknown()),
  publishedAt: z.string(),
  publishedBy: z.string(),
  /** The version this one replaces (版本替换链). */
  replaces: z.number().int(),
});
export type StoredVersion = z.infer<typeof storedVersionSchema> & { declaration: FormDeclaration };

export function versionItem(v: StoredVersion): Record<string, unknown> & { pk: string; sk: string } {
  return { ...keys.formVersion(v.formId, v.version), ...v };
}

export async function readVersion(db: Db, formId: string, version: number): Promise<StoredVersion | undefined> {
  const out = await guarded(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.formVersion(formId, version) })));
  return out.Item ? (storedVersionSchema.parse(out.Item) as StoredVersion) : undefined;
}

/** Published versions of a form, newest first (`limit` 1: the current one). */
export async function listVersions(db: Db, formId: string, limit?: number): Promise<StoredVersion[]> {
  const versions: StoredVersion[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await guarded(() =>
      db.doc.send(
        new QueryCommand({
          TableName: db.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
          ExpressionAttributeValues: { ':pk': keys.formVersionsPartition(formId), ':v': 'V#' },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: start,
        }),
      ),
    );
    for (const item of out.Items ?? []) versions.push(storedVersionSchema.parse(item) as StoredVersion);
    start = limit !== undefined && versions.length >= limit ? undefined : out.LastEvaluatedKey;
  } while (start);
  return versions;
}
