/**
 * Checkpoints in AWS: signed by KMS (an HMAC_256 key whose secret never leaves KMS; only the
 * timers function may GenerateMac) and kept in an S3 bucket under Object Lock in compliance
 * mode, where no one, the account's root included, can overwrite or delete one before its
 * retention ends. Both SDKs load on first use, so the API's cold start does not pay for them.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { S3Client } from '@aws-sdk/client-s3';
import type { CheckpointSink } from './checkpoints-log.js';
import { checkpointFileName } from './checkpoints-log.js';
import type { Signer } from './checkpoints.js';

export function kmsSigner(keyId: string, client?: KMSClient): Signer {
  let kms: Promise<{ client: KMSClient; sdk: typeof import('@aws-sdk/client-kms') }> | undefined;
  const load = () =>
    (kms ??= import('@aws-sdk/client-kms').then((sdk) => ({ sdk, client: client ?? new sdk.KMSClient({}) })));
  return {
    keyId,
    async mac(digest) {
      const { sdk, client } = await load();
      const out = await client.send(new sdk.GenerateMacCommand({ KeyId: keyId, MacAlgorithm: 'HMAC_SHA_256', Message: digest }));
      if (!out.Mac) throw new Error('KMS returned no MAC');
      return Buffer.from(out.Mac).toString('hex');
    },
    async verify(digest, mac) {
      const { sdk, client } = await load();
      try {
        const out = await client.send(
          new sdk.VerifyMacCommand({ KeyId: keyId, MacAlgorithm: 'HMAC_SHA_256', Message: digest, Mac: Buffer.from(mac, 'hex') }),
        );
        return out.MacValid === true;
      } catch (error) {
        // KMS answers a MAC that does not match with this error, not with MacValid: false.
        if ((error as Error).name === 'KMSInvalidMacException') return false;
        throw error;
      }
    },
  };
}

const PREFIX = 'checkpoints/';

/** Checkpoints as objects `checkpoints/checkpoint-<seq>.json`; the bucket's default retention locks each. */
export function s3Sink(bucket: string, client?: S3Client): CheckpointSink {
  let s3: Promise<{ client: S3Client; sdk: typeof import('@aws-sdk/client-s3') }> | undefined;
  const load = () => (s3 ??= import('@aws-sdk/client-s3').then((sdk) => ({ sdk, client: client ?? new sdk.S3Client({}) })));
  const keyOf = (seq: number) => `${PREFIX}${checkpointFileName(seq)}`;
  return {
    async seqs(after) {
      const { sdk, client } = await load();
      const found: number[] = [];
      let token: string | undefined;
      do {
        const out = await client.send(
          new sdk.ListObjectsV2Command({ Bucket: bucket, Prefix: PREFIX, StartAfter: keyOf(after), ContinuationToken: token }),
        );
        for (const o of out.Contents ?? []) {
          const m = /checkpoint-(\d{8})\.json$/.exec(o.Key ?? '');
          if (m && Number(m[1]) > after) found.push(Number(m[1]));
        }
        token = out.IsTruncated ? out.NextContinuationToken : undefined;
      } while (token);
      return found.sort((a, b) => a - b);
    },
    async read(seq) {
      const { sdk, client } = await load();
      try {
        const out = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: keyOf(seq) }));
        return await out.Body?.transformToString('utf-8');
      } catch (error) {
        if ((error as Error).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    async create(seq, text) {
      const { sdk, client } = await load();
      try {
        // Object Lock refuses an upload without an integrity checksum: name one, whatever the client's defaults.
        await client.send(
          new sdk.PutObjectCommand({
            Bucket: bucket,
            Key: keyOf(seq),
            Body: text,
            ContentType: 'application/json',
            ChecksumAlgorithm: 'SHA256',
            IfNoneMatch: '*',
          }),
        );
        return true;
      } catch (error) {
        const e = error as Error & { $metadata?: { httpStatusCode?: number } };
        if (e.name === 'PreconditionFailed' || e.$metadata?.httpStatusCode === 412) return false;
        throw error;
      }
    },
  };
}
