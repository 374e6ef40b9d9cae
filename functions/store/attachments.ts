/**
 * Attachment metadata (`ATT#<id>` / `META`): who uploaded what, for which organisation, and
 * the size and SHA-256 the bytes were held to. An item starts `pending` and expires by TTL
 * unless its upload is completed; `ready` items are kept forever, like the history they are
 * cited in.
 */
import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { FormIssue } from '../../forms/language.js';
import type { Caller } from '../auth/scope.js';
import { unavailable } from './errors.js';
import { guarded, toDomainError, type Db } from './dynamo.js';
import { keys } from './keys.js';

export const ATTACHMENT_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** A pending attachment whose upload never completes disappears after this. */
export const PENDING_TTL_SECONDS = 24 * 3600;
/** BatchGetItem's own limit; a form has a handful of attachments. */
export const MAX_REFS = 100;
const UNPROCESSED_RETRIES = 4;

export const attachmentSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  orgPath: z.array(z.string()).min(1),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  status: z.enum(['pending', 'ready']),
  uploadedBy: z.string(),
  createdAt: z.string(),
  readyAt: z.string().optional(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** How submission data cites an attachment: enough to tell that the bytes are the stored ones. */
export type AttachmentRef = { id: string; name: string; size: number; sha256: string; contentType?: string };

export async function insertAttachment(db: Db, attachment: Attachment, now: Date): Promise<void> {
  const ttl = Math.floor(now.getTime() / 1000) + PENDING_TTL_SECONDS;
  await guarded(() =>
    db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: { ...keys.attachment(attachment.id), ...attachment, ttl },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}

/** One consistent read (no scope check: callers check scope). */
export async function readAttachment(db: Db, id: string): Promise<Attachment | undefined> {
  if (!ATTACHMENT_ID.test(id)) return undefined;
  const out = await guarded(() => db.doc.send(new GetCommand({ TableName: db.table, Key: keys.attachment(id), ConsistentRead: true })));
  return out.Item ? attachmentSchema.parse(out.Item) : undefined;
}

/** Mark a pending attachment ready (and no longer expiring); a second call changes nothing. */
export async function markReady(db: Db, id: string, at: Date): Promise<Attachment | undefined> {
  try {
    const out = await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.attachment(id),
        UpdateExpression: 'SET #status = :ready, readyAt = :at REMOVE #ttl',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':ready': 'ready', ':pending': 'pending', ':at': at.toISOString() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return attachmentSchema.parse(out.Attributes);
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw toDomainError(error);
    // Already ready (a retried complete), or gone: the item as it is now says which.
    return readAttachment(db, id);
  }
}

const text = {
  missing: { zh: '找不到该附件', en: 'No such attachment' },
  pending: { zh: '附件尚未上传完成', en: 'The attachment has not finished uploading' },
  name: { zh: '附件名称与已上传的文件不一致', en: 'The name differs from the uploaded file' },
  size: { zh: '附件大小与已上传的文件不一致', en: 'The size differs from the uploaded file' },
  sha256: { zh: '附件 SHA-256 与已上传的文件不一致', en: 'The SHA-256 differs from the uploaded file' },
  contentType: { zh: '附件类型与已上传的文件不一致', en: 'The content type differs from the uploaded file' },
  tooMany: { zh: `附件不能超过 ${MAX_REFS} 个`, en: `At most ${MAX_REFS} attachments` },
};

/**
 * Whether the cited attachments may go into a submission of `owner`'s organisation: each must
 * exist, be ready, belong to that organisation, and carry the stored name, size and SHA-256.
 * One issue per failing ref, at its `path`; another organisation's attachment reads as
 * missing, so a ref cannot probe for ids elsewhere. One BatchGetItem (plus retries of any
 * keys DynamoDB leaves unprocessed, which only throttling causes).
 */
export async function checkAttachmentRefs(
  db: Db,
  owner: Pick<Caller, 'orgId'> | string,
  refs: readonly (AttachmentRef & { path: string })[],
): Promise<FormIssue[]> {
  const orgId = typeof owner === 'string' ? owner : owner.orgId;
  const ids = [...new Set(refs.map((r) => r.id).filter((id) => ATTACHMENT_ID.test(id)))];
  if (ids.length > MAX_REFS) return [{ path: '(attachments)', message: text.tooMany }];
  const found = new Map<string, Attachment>();
  let pending: Record<string, unknown>[] = ids.map((id) => keys.attachment(id));
  for (let attempt = 0; pending.length > 0; attempt++) {
    // Unprocessed keys mean the table is throttling: back off a little, then give up as a 503.
    if (attempt === UNPROCESSED_RETRIES) throw unavailable();
    if (attempt > 0) await db.sleep(50 * 2 ** attempt);
    const out = await guarded(() =>
      db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: pending, ConsistentRead: true } } })),
    );
    for (const item of out.Responses?.[db.table] ?? []) {
      const parsed = attachmentSchema.safeParse(item);
      if (parsed.success) found.set(parsed.data.id, parsed.data);
    }
    pending = (out.UnprocessedKeys?.[db.table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
  }

  const issues: FormIssue[] = [];
  for (const ref of refs) {
    const stored = found.get(ref.id);
    const problem =
      !stored || stored.orgId !== orgId ? 'missing'
      : stored.status !== 'ready' ? 'pending'
      : stored.name !== ref.name ? 'name'
      : stored.size !== ref.size ? 'size'
      : typeof ref.sha256 !== 'string' || stored.sha256 !== ref.sha256.toLowerCase() ? 'sha256'
      : ref.contentType !== undefined && ref.contentType !== stored.contentType ? 'contentType'
      : undefined;
    if (problem) issues.push({ path: ref.path, message: text[problem] });
  }
  return issues;
}
