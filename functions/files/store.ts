/**
 * Where attachment bytes live, behind one small interface: S3 in AWS (`s3.ts`), a folder
 * locally (`local.ts`). Either way the client uploads with one plain HTTP PUT to the target
 * it is given, and the target itself refuses a body whose size or SHA-256 is not the one
 * declared, so the app never has to trust what the client says it sent.
 */

/** What a client declared before uploading; the store holds it to exactly this. */
export type Expected = { contentType: string; size: number; /** lowercase hex */ sha256: string };

/** How to upload: send the body with exactly these headers (and the body's own length). */
export type UploadTarget = { method: 'PUT'; url: string; headers: Record<string, string> };

/** What the store knows of an object it holds. */
export type ObjectInfo = { size: number; /** lowercase hex, as the store recorded it */ sha256: string | undefined };

/** How a download is served: the bytes themselves, or a short-lived link to them. */
export type Download =
  | { kind: 'stream'; body: ReadableStream<Uint8Array>; size: number }
  | { kind: 'redirect'; url: string };

export type DownloadAs = { name: string; contentType: string };

export interface FileStore {
  /**
   * Where a browser sends an upload when that is not the app itself (an S3 bucket's origin),
   * for the pages' `connect-src`; undefined when uploads go to the app.
   */
  readonly uploadOrigin?: string;
  uploadTarget(key: string, expected: Expected): Promise<UploadTarget>;
  /** Undefined when there is no such object. */
  readObject(key: string, as: DownloadAs): Promise<Download | undefined>;
  /** Undefined when there is no such object. */
  headObject(key: string): Promise<ObjectInfo | undefined>;
}

/** Upload targets stay valid this long: enough for 20 MB on a slow line, short enough to leak little. */
export const UPLOAD_TTL_SECONDS = 15 * 60;
/** Download links are followed at once by the browser that asked. */
export const DOWNLOAD_TTL_SECONDS = 5 * 60;

const ATTACHMENT_PREFIX = 'attachments/';

/** The object key of an attachment's bytes, in the bucket or under the local folder. */
export const attachmentKey = (id: string) => `${ATTACHMENT_PREFIX}${id}`;
export const attachmentIdOf = (key: string) => (key.startsWith(ATTACHMENT_PREFIX) ? key.slice(ATTACHMENT_PREFIX.length) : undefined);

export const hexToBase64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
export const base64ToHex = (b64: string) => Buffer.from(b64, 'base64').toString('hex');

/**
 * `Content-Disposition` for a download: an ASCII fallback for old clients and the exact
 * (often Chinese) name as RFC 5987 `filename*`.
 */
export function contentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  // encodeURIComponent leaves ' ( ) * unescaped, which RFC 5987's attr-char does not allow.
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
