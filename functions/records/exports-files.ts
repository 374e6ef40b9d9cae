/**
 * Where export jobs put their files, behind one small interface: a folder locally (here), S3
 * in AWS (exports-s3.ts). Either way a file becomes visible only once it is complete: locally
 * it is written under a temporary name and renamed at the end; in S3 it is a multipart upload
 * that exists only once completed. So a job marked done never points at half a file.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { DOWNLOAD_TTL_SECONDS, type DownloadAs } from '../files/store.js';

export interface ExportFiles {
  /** Store `body` at `key`; resolves with its size once complete; on failure nothing is left at `key`. */
  put(key: string, body: ReadableStream<Uint8Array>, contentType: string): Promise<{ size: number }>;
  /** A short-lived link that downloads `key` as `as.name`, for the job `jobId`. */
  link(key: string, jobId: string, as: DownloadAs): Promise<string>;
  remove(key: string): Promise<void>;
}

const PREFIX = 'exports/';
/** Each attempt writes its own file: a run that lost its job to a newer attempt can never touch the newer one's. */
export const exportFileKey = (jobId: string, attempt: number, format: string) => `${PREFIX}${jobId}-${attempt}.${format}`;

const KEY_PATTERN = /^exports\/[0-9A-Z]{26}-\d{1,3}\.(csv|xlsx|jsonl)$/;

export type LocalExportFilesOptions = { dir: string; secret?: string | Buffer; now?: () => Date };

/**
 * Export files in a local folder. The link is the app's `GET /api/exports/{id}/file?t=…`: the
 * token is an expiring HMAC over the job id, so, like a presigned S3 URL, it is the only
 * credential the download needs, and it dies after a few minutes.
 */
export class LocalExportFiles implements ExportFiles {
  readonly dir: string;
  private readonly secret: Buffer;
  private readonly now: () => Date;

  constructor(options: LocalExportFilesOptions) {
    this.dir = resolve(options.dir);
    this.secret = options.secret === undefined ? randomBytes(32) : Buffer.from(options.secret);
    this.now = options.now ?? (() => new Date());
  }

  async put(key: string, body: ReadableStream<Uint8Array>, _contentType?: string): Promise<{ size: number }> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${randomBytes(8).toString('hex')}.part`;
    try {
      await pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), createWriteStream(temp, { flags: 'wx' }));
      await rename(temp, path);
    } catch (error) {
      await unlink(temp).catch(() => {});
      throw error;
    }
    return { size: (await stat(path)).size };
  }

  async link(key: string, jobId: string): Promise<string> {
    this.pathOf(key);
    const expires = Math.floor(this.now().getTime() / 1000) + DOWNLOAD_TTL_SECONDS;
    const payload = `${jobId}.${expires}`;
    return `/api/exports/${jobId}/file?t=${payload}.${this.mac(payload)}`;
  }

  /** Whether `token` is a live link for job `jobId`. */
  verify(jobId: string, token: string | undefined): boolean {
    if (!token || token.length > 200) return false;
    const [id, expires, mac, ...rest] = token.split('.');
    if (rest.length || id !== jobId || !/^\d{1,12}$/.test(expires ?? '') || !mac) return false;
    const expected = Buffer.from(this.mac(`${id}.${expires}`), 'base64url');
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    return Number(expires) * 1000 > this.now().getTime();
  }

  /** The bytes of a complete file, or undefined. */
  async read(key: string): Promise<{ body: ReadableStream<Uint8Array>; size: number } | undefined> {
    const path = this.pathOf(key);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    return { body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>, size: info.size };
  }

  async remove(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch(() => {});
  }

  /** Temporary files a crashed run left behind (none of them is ever a job's file). */
  async removeLeftovers(): Promise<number> {
    const names = await readdir(join(this.dir, PREFIX)).catch(() => [] as string[]);
    const parts = names.filter((n) => n.endsWith('.part'));
    await Promise.all(parts.map((n) => unlink(join(this.dir, PREFIX, n)).catch(() => {})));
    return parts.length;
  }

  private pathOf(key: string): string {
    if (!KEY_PATTERN.test(key)) throw new Error(`not an export file key: ${key}`);
    const path = resolve(join(this.dir, key));
    if (!path.startsWith(this.dir + sep)) throw new Error(`not an export file key: ${key}`);
    return path;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(`export-download:${payload}`, 'utf8').digest('base64url');
  }
}
