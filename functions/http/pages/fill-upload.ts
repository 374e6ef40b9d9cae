/**
 * A file posted with the fill page's form (no JavaScript), stored exactly as an API client
 * stores one: the API's own attachment routes are called in-process with the signed-in
 * caller, to declare it (name, type, size, SHA-256, the same checks and messages), to PUT its
 * bytes to the upload target they give (the local store's route, or S3's presigned URL),
 * and to complete it; so the record cites it by SHA-256 like any other upload.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type { FormIssue, Text } from '../../../forms/language.js';
import type { Caller } from '../../auth/scope.js';
import { ATTACHMENT_TYPES } from '../../files/limits.js';
import type { FileStore, UploadTarget } from '../../files/store.js';
import type { AppDeps, AppEnv } from '../env.js';
import { handleError } from '../errors.js';
import { attachmentRoutes, attachmentUploadRoutes } from '../routes/attachments.js';

export type FileDeps = AppDeps & { files: FileStore };
export type Uploaded = { ok: true; ref: { id: string; name: string; size: number; contentType: string; sha256: string } } | { ok: false; issues: FormIssue[] };

/** The type a browser gave, or the one the file's extension names (browsers leave some blank). */
function typeOf(file: File): string {
  const given = file.type.trim().toLowerCase();
  if (given) return given;
  const ext = file.name.includes('.') ? file.name.slice(file.name.lastIndexOf('.') + 1).toLowerCase() : '';
  return Object.entries(ATTACHMENT_TYPES).find(([, exts]) => exts.includes(ext))?.[0] ?? 'application/octet-stream';
}

const FAILED: Text = { zh: '文件上传失败，请重试', en: 'The upload failed; try again' };

/** The API's issues, each put at the field the file was chosen for. */
async function issuesOf(res: Response, path: string): Promise<FormIssue[]> {
  const body = (await res.json().catch(() => ({}))) as { issues?: FormIssue[]; message?: Text };
  const messages = body.issues?.map((i) => i.message) ?? (body.message ? [body.message] : [FAILED]);
  return messages.map((message) => ({ path, message }));
}

export async function storeUpload(deps: FileDeps, caller: Caller, file: File, path: string): Promise<Uploaded> {
  const api = new Hono<AppEnv>();
  api.onError(handleError);
  api.use(async (c, next) => {
    c.set('caller', caller);
    await next();
  });
  api.route('/', attachmentRoutes(deps));
  const bytes = new Uint8Array(await file.arrayBuffer());
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const declared = { name: file.name, contentType: typeOf(file), size: bytes.byteLength, sha256 };
  const created = await api.request('/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(declared) });
  if (created.status !== 201) return { ok: false, issues: await issuesOf(created, path) };
  const { id, name, upload } = (await created.json()) as { id: string; name: string; upload: UploadTarget };
  const put = await putBytes(deps, upload, bytes);
  if (!put.ok) return { ok: false, issues: await issuesOf(put, path) };
  const done = await api.request(`/${id}/complete`, { method: 'POST' });
  if (done.status !== 200) return { ok: false, issues: await issuesOf(done, path) };
  return { ok: true, ref: { id, name, size: bytes.byteLength, contentType: declared.contentType, sha256 } };
}

/** The upload the target asks for: to the local store's own route in-process, else over HTTP (S3). */
async function putBytes(deps: FileDeps, upload: UploadTarget, bytes: Uint8Array): Promise<Response> {
  // The local store's target is a path on this app; S3's is an absolute URL.
  const url = new URL(upload.url, 'http://app.invalid');
  const local = /^\/api\/attachments(\/[^/]+\/content)$/.exec(url.pathname);
  const init = { method: 'PUT', headers: { ...upload.headers, 'content-length': String(bytes.byteLength) }, body: bytes };
  if (local) {
    const app = new Hono<AppEnv>();
    app.onError(handleError);
    app.route('/', attachmentUploadRoutes(deps));
    return app.request(`${local[1]}${url.search}`, init);
  }
  return fetch(url, init);
}
