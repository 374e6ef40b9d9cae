/** The file store for this process: S3 when `FILES_BUCKET` is set (AWS), else a local folder. */
import { join } from 'node:path';
import { LocalFileStore } from './local.js';
import { S3FileStore } from './s3.js';
import type { FileStore } from './store.js';

export function fileStoreFromEnv(now: () => Date = () => new Date(), env: NodeJS.ProcessEnv = process.env): FileStore {
  if (env.FILES_BUCKET) return new S3FileStore({ bucket: env.FILES_BUCKET });
  return new LocalFileStore({
    dir: env.FILES_DIR || join(env.UNIONFLOW_DATA_DIR || '.data', 'files'),
    secret: env.FILES_TOKEN_SECRET || undefined,
    now,
  });
}

export { LocalFileStore } from './local.js';
export { S3FileStore } from './s3.js';
export * from './store.js';
