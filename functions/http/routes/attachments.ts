/**
 * Attachments: declare (name, type, size, SHA-256) → upload with one PUT to the target given →
 * complete (the store's copy is checked against the declaration) → read. The bytes never pass
 * through the API in AWS: the PUT goes to S3 and a download is a redirect to S3. Locally the
 * PUT target is `PUT /:id/content?t=…` below, authorised by its token alone, like S3's URL.
 *
 * Visible to callers whose scope covers the attachment's organisation; out of scope is
 * answered exactly like an id that does not exist.
 */
import { Hono, type Context } from 'hono';
import { ulid } from 'ulid';
import * as z from 'zod';
import type { FormIssue } from '../../../forms/language.js';
import { inScope, type Caller } from '../../auth/scope.js';
import { extensionMatches, isAllowedType, MAX_ATTACHMENT_BYTES, MAX_NAME_CHARS, sanitizeName } from '../../files/limits.js';
import { LocalFileStore } from '../../files/local.js';
import { attachmentKey, contentDisposition, type FileStore } from '../../files/store.js';
import { insertAttachment, markReady, readAttachment, type Attachment } from '../../store/attachments.js';
import { getVisible } from '../../service/submissions.js';
import { DomainError, notFound, validationFailed } from '../../store/errors.js';
import { readJson } from '../body.js';
import type { AppDeps, AppEnv } from '../env.js';

type Deps = AppDeps & { files: FileStore };

const createBody = z.strictObject({
  // Loose bounds here; the real rules (and their messages) come after, in `declared`.
  name: z.string().max(4 * MAX_NAME_CHARS),
  contentType: z.string().max(200),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/),
});

const MB = MAX_ATTACHMENT_BYTES / (1024 * 1024);

/** The declaration as it will be stored, or a 422 with one issue per failing field. */
function declared(body: z.infer<typeof createBody>) {
  const issues: FormIssue[] = [];
  const contentType = body.contentType.trim().toLowerCase();
  const name = sanitizeName(body.name);
  if (name === undefined) {
    issues.push({ path: 'name', message: { zh: `文件名不能为空，且不超过 ${MAX_NAME_CHARS} 个字符`, en: `The name must be 1 to ${MAX_NAME_CHARS} characters` } });
  }
  if (!isAllowedType(contentType)) {
    issues.push({ path: 'contentType', message: { zh: '只接受 PDF、JPEG、PNG、Word、Excel 文件', en: 'Only PDF, JPEG, PNG, Word and Excel files are accepted' } });
  } else if (name !== undefined && !extensionMatches(name, contentType)) {
    issues.push({ path: 'name', message: { zh: '文件扩展名与文件类型不符', en: 'The file extension does not match its type' } });
  }
  if (body.size < 1 || body.size > MAX_ATTACHMENT_BYTES) {
    issues.push({ path: 'size', message: { zh: `文件大小应在 1 字节到 ${MB} MB 之间`, en: `The size must be between 1 byte and ${MB} MB` } });
  }
  if (issues.length > 0 || name === undefined) throw validationFailed(issues);
  return { name, contentType, size: body.size, sha256: body.sha256.toLowerCase() };
}

function view(a: Attachment) {
  const { orgPath: _path, ...rest } = a;
  return rest;
}

/**
 * An attachment the caller may see: one of an organisation in its scope, or one cited by a
 * submission it may see (`?submission=<id>`: a person asked to sign or copied in from
 * elsewhere in the tree needs the evidence too).
 */
async function visible(deps: Deps, caller: Caller, id: string, via?: string): Promise<Attachment> {
  const attachment = await readAttachment(deps.db, id);
  if (!attachment) throw notFound();
  if (inScope(caller, attachment)) return attachment;
  if (via) {
    const sub = await getVisible(deps, caller, via).catch(() => undefined);
    const cited = sub && sub.orgId === attachment.orgId && JSON.stringify(sub.data).includes(`"${attachment.id}"`);
    if (cited) return attachment;
  }
  throw notFound();
}

const mismatch = (path: 'size' | 'sha256'): FormIssue =>
  path === 'size'
    ? { path, message: { zh: '上传的文件大小与声明不符', en: 'The uploaded size differs from the declared size' } }
    : { path, message: { zh: '上传文件的 SHA-256 与声明不符', en: 'The SHA-256 of the upload differs from the declared one' } };

/** The local upload route: true for `PUT /api/attachments/{id}/content`, which takes file bytes, not JSON. */
export function isContentUpload(method: string, path: string): boolean {
  return method === 'PUT' && /^\/api\/attachments\/[^/]+\/content$/.test(path);
}

/** `PUT /:id/content?t=…`: the local store's upload target. No session: the token is the authority. */
export function attachmentUploadRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.put('/:id/content', async (c) => {
    const files = deps.files;
    // With S3 uploads go to S3; this route does not exist.
    if (!(files instanceof LocalFileStore)) throw notFound();
    const key = attachmentKey(c.req.param('id'));
    const expected = files.verifyToken(key, c.req.query('t'));
    if (!expected) {
      throw new DomainError('forbidden', { zh: '上传链接无效或已过期', en: 'The upload link is not valid or has expired' });
    }
    const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (type !== expected.contentType) {
      throw validationFailed([{ path: 'contentType', message: { zh: '文件类型与声明不符', en: 'The content type differs from the declared one' } }]);
    }
    const length = c.req.header('content-length');
    if (length !== undefined && Number(length) > MAX_ATTACHMENT_BYTES) throw new DomainError('payload_too_large');
    if (length !== undefined && Number(length) !== expected.size) throw validationFailed([mismatch('size')]);
    const result = await files.receive(key, expected, c.req.raw.body);
    if (!result.ok) throw validationFailed([mismatch(result.reason)]);
    return c.json({ ok: true });
  });
  return app;
}

export function attachmentRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();

  app.post('/', async (c) => {
    const caller = c.get('caller');
    if (!caller.roles.includes('submitter')) {
      throw new DomainError('forbidden', { zh: '只有基层工会填报人可以上传附件', en: 'Only a grassroots submitter can upload attachments' });
    }
    const file = declared(await readJson(c, createBody));
    const now = deps.now();
    const attachment: Attachment = {
      id: ulid(now.getTime()),
      orgId: caller.orgId,
      orgPath: caller.orgPath,
      ...file,
      status: 'pending',
      uploadedBy: caller.id,
      createdAt: now.toISOString(),
    };
    await insertAttachment(deps.db, attachment, now);
    const upload = await deps.files.uploadTarget(attachmentKey(attachment.id), file);
    return c.json({ id: attachment.id, name: attachment.name, upload }, 201);
  });

  app.post('/:id/complete', async (c) => {
    const caller = c.get('caller');
    const attachment = await visible(deps, caller, c.req.param('id'));
    if (attachment.uploadedBy !== caller.id) {
      throw new DomainError('forbidden', { zh: '只有上传人可以确认上传', en: 'Only the uploader can complete an upload' });
    }
    if (attachment.status === 'ready') return c.json(view(attachment));
    const stored = await deps.files.headObject(attachmentKey(attachment.id));
    if (!stored) throw validationFailed([{ path: '(file)', message: { zh: '尚未收到上传的文件', en: 'No file has been uploaded yet' } }]);
    if (stored.size !== attachment.size) throw validationFailed([mismatch('size')]);
    if (stored.sha256 !== attachment.sha256) throw validationFailed([mismatch('sha256')]);
    const ready = await markReady(deps.db, attachment.id, deps.now());
    if (!ready) throw notFound();
    return c.json(view(ready));
  });

  app.get('/:id', async (c) => c.json(view(await visible(deps, c.get('caller'), c.req.param('id'), c.req.query('submission')))));

  app.get('/:id/content', async (c) => {
    const attachment = await visible(deps, c.get('caller'), c.req.param('id'), c.req.query('submission'));
    // Until complete, the bytes are unverified: nothing to download yet.
    if (attachment.status !== 'ready') throw notFound();
    const download = await deps.files.readObject(attachmentKey(attachment.id), { name: attachment.name, contentType: attachment.contentType });
    if (!download) throw notFound();
    return download.kind === 'redirect' ? redirect(c, download.url) : stream(c, attachment, download.body, download.size);
  });

  return app;
}

function redirect(c: Context, url: string) {
  c.header('cache-control', 'no-store');
  return c.redirect(url, 302);
}

function stream(c: Context, attachment: Attachment, body: ReadableStream<Uint8Array>, size: number) {
  return c.body(body, 200, {
    'content-type': attachment.contentType,
    'content-length': String(size),
    'content-disposition': contentDisposition(attachment.name),
    // Never rendered inline, never sniffed into something executable, never cached by a proxy.
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
  });
}
