/**
 * Checkpoints in AWS with the SDKs mocked (aws-sdk-client-mock): KMS GenerateMac/VerifyMac sign
 * and check the checkpoint's digest, and the S3 sink creates each checkpoint only if absent.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { GenerateMacCommand, KMSClient, KMSInvalidMacException, VerifyMacCommand } from '@aws-sdk/client-kms';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { kmsSigner, s3Sink } from '../../functions/records/checkpoints-aws.js';
import { CheckpointLog } from '../../functions/records/checkpoints-log.js';
import { checkpointDigest } from '../../functions/records/checkpoints.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const kmsClient = new KMSClient({ region: 'ap-east-1', credentials });
const s3Client = new S3Client({ region: 'ap-east-1', credentials });
const kms = mockClient(kmsClient);
const s3 = mockClient(s3Client);
const KEY = 'arn:aws:kms:ap-east-1:111122223333:key/checkpoints';
const BUCKET = 'unionflow-checkpoints';

afterEach(() => {
  kms.reset();
  s3.reset();
});

// What the sink reads of an object's body.
const body = (text: string) => ({ transformToString: async () => text }) as never;
// A MAC KMS might return: any 32 bytes, here the digest's own hash.
const fakeMac = (message: Uint8Array) => createHash('sha256').update(message).digest();

describe('the KMS signer', () => {
  const signer = kmsSigner(KEY, kmsClient);
  const digest = Buffer.alloc(32, 7);

  it('asks KMS for an HMAC_SHA_256 of the digest with the checkpoint key', async () => {
    kms.on(GenerateMacCommand).callsFake((input) => ({ Mac: fakeMac(input.Message) }));
    expect(await signer.mac(digest)).toBe(fakeMac(digest).toString('hex'));
    expect(kms.commandCalls(GenerateMacCommand)[0].args[0].input).toEqual({ KeyId: KEY, MacAlgorithm: 'HMAC_SHA_256', Message: digest });
  });

  it('accepts a MAC KMS says is valid, and refuses one KMS answers as invalid', async () => {
    kms.on(VerifyMacCommand, { Mac: Buffer.alloc(32, 1) }).resolves({ MacValid: true });
    kms.on(VerifyMacCommand, { Mac: Buffer.alloc(32, 2) }).rejects(new KMSInvalidMacException({ message: 'invalid', $metadata: {} }));
    expect(await signer.verify(digest, Buffer.alloc(32, 1).toString('hex'))).toBe(true);
    expect(await signer.verify(digest, Buffer.alloc(32, 2).toString('hex'))).toBe(false);
  });

  it('does not take a KMS outage for an invalid MAC', async () => {
    kms.on(VerifyMacCommand).rejects(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }));
    await expect(signer.verify(digest, '00')).rejects.toThrow('throttled');
  });
});

describe('the S3 sink under a checkpoint log', () => {
  const log = () => new CheckpointLog(s3Sink(BUCKET, s3Client), kmsSigner(KEY, kmsClient));
  const stored = new Map<string, string>();

  function s3Bucket() {
    stored.clear();
    s3.on(ListObjectsV2Command).callsFake(() => ({ Contents: [...stored.keys()].map((Key) => ({ Key })), IsTruncated: false }));
    s3.on(GetObjectCommand).callsFake((input) => ({ Body: body(stored.get(input.Key)!) }));
    s3.on(PutObjectCommand).callsFake((input) => {
      if (stored.has(input.Key)) throw new S3ServiceException({ name: 'PreconditionFailed', $fault: 'client', $metadata: { httpStatusCode: 412 } });
      stored.set(input.Key, String(input.Body));
      return {};
    });
    kms.on(GenerateMacCommand).callsFake((input) => ({ Mac: fakeMac(input.Message) }));
    kms.on(VerifyMacCommand).callsFake((input) => ({ MacValid: Buffer.from(input.Mac).equals(fakeMac(input.Message)) }));
  }

  it('creates checkpoint 1 only if absent, with a checksum Object Lock accepts', async () => {
    s3Bucket();
    const checkpoint = await log().append(new Map([['S1', { seq: 2, hash: 'a'.repeat(64) }]]), '2030-01-01T00:00:00.000Z');
    const put = s3.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(put).toMatchObject({ Bucket: BUCKET, Key: 'checkpoints/checkpoint-00000001.json', IfNoneMatch: '*', ChecksumAlgorithm: 'SHA256' });
    expect(checkpoint?.mac).toBe(fakeMac(checkpointDigest(checkpoint!)).toString('hex'));
  });

  it('reads back and verifies what it stored, then appends the next with the link', async () => {
    s3Bucket();
    await log().append(new Map([['S1', { seq: 2, hash: 'a'.repeat(64) }]]), '2030-01-01T00:00:00.000Z');
    const second = await log().append(new Map([['S1', { seq: 3, hash: 'b'.repeat(64) }]]), '2030-01-01T00:05:00.000Z');
    const ledger = await log().current();
    expect([second?.seq, ledger.problem, ledger.heads.get('S1')]).toEqual([2, undefined, { seq: 3, hash: 'b'.repeat(64), checkpoint: 2, at: '2030-01-01T00:05:00.000Z' }]);
  });

  it('leaves a number another job took, and says so', async () => {
    s3Bucket();
    await log().append(new Map([['S1', { seq: 1, hash: 'c'.repeat(64) }]]), '2030-01-01T00:00:00.000Z');
    // A second job that read the bucket before the first wrote tries number 1 again: S3 refuses it.
    const sinkOnly = s3Sink(BUCKET, s3Client);
    expect(await sinkOnly.create(1, '{}')).toBe(false);
    expect(stored.get('checkpoints/checkpoint-00000001.json')).toContain('c'.repeat(64));
  });
});

describe('a log that looks for new checkpoints at most every so often', () => {
  it('answers from what it read until the time is up, then lists the bucket again', async () => {
    s3.on(ListObjectsV2Command).resolves({ Contents: [], IsTruncated: false });
    let now = 0;
    const log = new CheckpointLog(s3Sink(BUCKET, s3Client), kmsSigner(KEY, kmsClient), 30_000, () => now);
    await log.current();
    now = 29_999;
    await log.current();
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(1);
    now = 30_000;
    await log.current();
    expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(2);
  });
});
