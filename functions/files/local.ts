/**
 * Attachments in a local folder, for `npm start` and the tests. The upload target is the
 * app's own `PUT /api/attachments/{id}/content?t=<token>`: the token is an expiring HMAC over
 * the key and what was declared, so, like a presigned S3 URL, it authorises exactly one body
 * and needs no session. The body streams to a temporary file through a hash and is kept only
 * if its length and SHA-256 are the declared ones.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import * as z from 'zod';
import {
  attachmentIdOf,
  UPLOAD_TTL_SECONDS,
  type Download,
  type Expected,
  type FileStore,
  type ObjectInfo,
  type UploadTarget,
} from './store.js';

export type LocalFileStoreOptions = {
  dir: string;
  /** Signs upload tokens; a random one (tokens die with the process) when absent. */
  secret?: string | Buffer;
  now?: () => Date;
};

export type UploadRefusal = 'size' | 'sha256';

class Refused extends Error {
  constructor(readonly reason: UploadRefusal) {
    super(reason);
  }
}

const tokenPayload = z.strictObject({
  k: z.string(),
  s: z.number().int().nonnegative(),
  h: z.string().regex(/^[0-9a-f]{64}$/),
  t: z.string(),
  e: z.number().int(),
});

const metaSchema = z.object({ size: z.number().int().nonnegative(), sha256: z.string() });

const KEY_PATTERN = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;
const MAX_TOKEN_CHARS = 2048;

export class LocalFileStore implements FileStore {
  readonly dir: string;
  private readonly secret: Buffer;
  private readonly now: () => Date;

  constructor(options: LocalFileStoreOptions) {
    this.dir = resolve(options.dir);
    this.secret = options.secret === undefined ? randomBytes(32) : Buffer.from(options.secret);
    this.now = options.now ?? (() => new Date());
  }

  async uploadTarget(key: string, expected: Expected): Promise<UploadTarget> {
    const id = attachmentIdOf(key);
    if (!id) throw new Error(`the local store uploads attachments only, not ${key}`);
    const expires = Math.floor(this.now().getTime() / 1000) + UPLOAD_TTL_SECONDS;
    const token = this.sign({ k: key, s: expected.size, h: expected.sha256, t: expected.contentType, e: expires });
    return { method: 'PUT', url: `/api/attachments/${id}/content?t=${token}`, headers: { 'content-type': expected.contentType } };
  }

  /** What an upload token allows for `key`, or undefined if it is forged, for another key or expired. */
  verifyToken(key: string, token: string | undefined): Expected | undefined {
    if (!token || token.length > MAX_TOKEN_CHARS) return undefined;
    const [payload, mac, ...rest] = token.split('.');
    if (!payload || !mac || rest.length > 0) return undefined;
    const expectedMac = this.mac(payload);
    const givenMac = Buffer.from(mac, 'base64url');
    if (givenMac.length !== expectedMac.length || !timingSafeEqual(givenMac, expectedMac)) return undefined;
    let parsed: z.infer<typeof tokenPayload>;
    try {
      parsed = tokenPayload.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    } catch {
      return undefined;
    }
    if (parsed.k !== key || parsed.e * 1000 <= this.now().getTime()) return undefined;
    return { size: parsed.s, sha256: parsed.h, contentType: parsed.t };
  }

  /**
   * Stream `body` to `key`, keeping it only when it has exactly the expected length and
   * SHA-256. Memory holds one chunk at a time: the pipeline waits for the disk.
   */
  async receive(key: string, expected: Expected, body: ReadableStream<Uint8Array> | null): Promise<{ ok: true } | { ok: false; reason: UploadRefusal }> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${randomBytes(8).toString('hex')}.part`;
    const hash = createHash('sha256');
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        // Stop reading as soon as the body is longer than declared, not after 20 MB more.
        if (size > expected.size) return done(new Refused('size'));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    const source = body ? Readable.fromWeb(body as NodeReadableStream<Uint8Array>) : Readable.from([]);
    try {
      await pipeline(source, counter, createWriteStream(temp, { flags: 'wx' }));
      if (size !== expected.size) throw new Refused('size');
      const sha256 = hash.digest('hex');
      if (sha256 !== expected.sha256) throw new Refused('sha256');
      // The metadata is written before the object appears, so a visible object always has it.
      await writeAtomically(`${path}.meta.json`, JSON.stringify({ size, sha256, contentType: expected.contentType }));
      await rename(temp, path);
      return { ok: true };
    } catch (error) {
      await unlink(temp).catch(() => {});
      if (error instanceof Refused) return { ok: false, reason: error.reason };
      throw error;
    }
  }

  async readObject(key: string): Promise<Download | undefined> {
    const path = this.pathOf(key);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    return { kind: 'stream', body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>, size: info.size };
  }

  async headObject(key: string): Promise<ObjectInfo | undefined> {
    const path = this.pathOf(key);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const meta = metaSchema.safeParse(JSON.parse(await readFile(`${path}.meta.json`, 'utf8').catch(() => 'null')));
    return { size: info.size, sha256: meta.success ? meta.data.sha256 : undefined };
  }

  private pathOf(key: string): string {
    // Keys are ours, but a path outside the folder must be impossible whatever the key.
    if (!KEY_PATTERN.test(key)) throw new Error(`not a storable key: ${key}`);
    const path = resolve(join(this.dir, key));
    if (!path.startsWith(this.dir + sep)) throw new Error(`not a storable key: ${key}`);
    return path;
  }

  private sign(payload: z.infer<typeof tokenPayload>): string {
    const encoded = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${encoded}.${this.mac(encoded).toString('base64url')}`;
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.secret).update(`upload:${payload}`, 'utf8').digest();
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = `${path}.${randomBytes(8).toString('hex')}.part`;
  await writeFile(temp, text, { flag: 'wx' });
  await rename(temp, path);
}
