/**
 * Where the signed checkpoints live in AWS (docs/records.md): a KMS HMAC key whose secret never
 * leaves KMS, and a bucket under Object Lock in compliance mode. Only the timers function may
 * sign (GenerateMac) and write; the API function may only read and verify (VerifyMac), so
 * neither a bug in the API nor someone holding its role can forge or remove a checkpoint.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** Ten years by default: compliance mode cannot be shortened, not even by the account's root. */
export const CHECKPOINT_RETENTION_DAYS = 3650;

export function addCheckpoints(scope: Construct, fns: { api: LambdaFunction; timers: LambdaFunction }, retentionDays = CHECKPOINT_RETENTION_DAYS) {
  const key = new Key(scope, 'CheckpointKey', {
    description: 'unionflow: signs the checkpoints of the records’ history chains (HMAC)',
    keySpec: KeySpec.HMAC_256,
    keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
    // Without the key, no checkpoint made with it can ever be verified again.
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const bucket = new Bucket(scope, 'CheckpointsBucket', {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    versioned: true,
    objectLockEnabled: true,
    objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(retentionDays)),
    removalPolicy: RemovalPolicy.RETAIN,
  });
  key.grant(fns.timers, 'kms:GenerateMac', 'kms:VerifyMac');
  key.grant(fns.api, 'kms:VerifyMac');
  // Put, never delete: a checkpoint is created once (If-None-Match) and locked by the bucket.
  bucket.grantPut(fns.timers);
  bucket.grantRead(fns.timers);
  bucket.grantRead(fns.api);
  for (const fn of [fns.api, fns.timers]) {
    fn.addEnvironment('CHECKPOINT_BUCKET', bucket.bucketName);
    fn.addEnvironment('CHECKPOINT_KEY_ID', key.keyArn);
  }
  return { key, bucket };
}
