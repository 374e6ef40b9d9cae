/**
 * Which checkpoint log a process uses. In AWS: `CHECKPOINT_BUCKET` (S3, Object Lock) and
 * `CHECKPOINT_KEY_ID` (KMS HMAC key). Locally: `UNIONFLOW_CHECKPOINT_DIR` and
 * `UNIONFLOW_CHECKPOINT_KEY` (the HMAC key's text). Neither: no checkpoints, and `/verify`
 * judges completeness against the record alone, saying that no checkpoint covers it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kmsSigner, s3Sink } from './checkpoints-aws.js';
import { CheckpointLog, folderSink } from './checkpoints-log.js';
import { hmacSigner } from './checkpoints.js';

let fromEnv: CheckpointLog | null | undefined;

/** In AWS a warm function looks for new checkpoints at most this often (one S3 List each time). */
export const S3_REFRESH_MS = 30_000;

/** The process's log from the environment, made once (its ledger is cached in it). */
export function checkpointsFromEnv(env: NodeJS.ProcessEnv = process.env): CheckpointLog | undefined {
  if (fromEnv === undefined) {
    if (env.CHECKPOINT_BUCKET && env.CHECKPOINT_KEY_ID) {
      fromEnv = new CheckpointLog(s3Sink(env.CHECKPOINT_BUCKET), kmsSigner(env.CHECKPOINT_KEY_ID), S3_REFRESH_MS);
    }
    else if (env.UNIONFLOW_CHECKPOINT_DIR && env.UNIONFLOW_CHECKPOINT_KEY) fromEnv = localLog(env.UNIONFLOW_CHECKPOINT_DIR, env.UNIONFLOW_CHECKPOINT_KEY);
    else fromEnv = null;
  }
  return fromEnv ?? undefined;
}

export const localLog = (dir: string, key: string) => new CheckpointLog(folderSink(dir), hmacSigner(key.trim()));

/**
 * `npm start`'s log: the folder defaults to `<data dir>/checkpoints`, and without a configured
 * key one is generated once into `<data dir>/checkpoint.key` (readable by its owner only) and
 * reused after, so checkpoints made before a restart still verify.
 */
export async function localCheckpoints(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<{ log: CheckpointLog; dir: string; keyFile?: string }> {
  const dir = env.UNIONFLOW_CHECKPOINT_DIR || join(dataDir, 'checkpoints');
  if (env.UNIONFLOW_CHECKPOINT_KEY) return { log: localLog(dir, env.UNIONFLOW_CHECKPOINT_KEY), dir };
  const keyFile = join(dataDir, 'checkpoint.key');
  await mkdir(dataDir, { recursive: true });
  try {
    await writeFile(keyFile, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return { log: localLog(dir, await readFile(keyFile, 'utf8')), dir, keyFile };
}
