/** The file store for this process: S3 when `FILES_BUCKET` is set (AWS), else a local folder. */
import { join } from 'node:path';
import { LocalFileStore } from './local.js';
import type { S3FileStore } from './s3.js';
import type { DownloadAs, Expected, FileStore } from './store.js';

/**
 * S3, loaded on the first attachment call. The S3 client and presigner are a large part of the
 * API's code and most requests never touch a file, so a cold start does not evaluate them.
 */
export class LazyS3FileStore implements FileStore {
  readonly bucket: string;
  #store: Promise<S3FileStore> | undefined;

  constructor(bucket: string) {
    this.bucket = bucket;
  }

  /** The one S3FileStore behind this one, made on first use. */
  store(): Promise<S3FileStore> {
    this.#store ??= import('./s3.js').then(({ S3FileStore }) => new S3FileStore({ bucket: this.bucket }));
    return this.#store;
  }

  async uploadTarget(key: string, expected: Expected) {
    return (await this.store()).uploadTarget(key, expected);
  }

  async readObject(key: string, as: DownloadAs) {
    return (await this.store()).readObject(key, as);
  }

  async headObject(key: string) {
    return (await this.store()).headObject(key);
  }
}

export function fileStoreFromEnv(now: () => Date = () => new Date(), env: NodeJS.ProcessEnv = process.env): FileStore {
  if (env.FILES_BUCKET) return new LazyS3FileStore(env.FILES_BUCKET);
  return new LocalFileStore({
    dir: env.FILES_DIR || join(env.UNIONFLOW_DATA_DIR || '.data', 'files'),
    secret: env.FILES_TOKEN_SECRET || undefined,
    now,
  });
}

export { LocalFileStore } from './local.js';
export * from './store.js';
