/**
 * The checkpoints' key and bucket, asserted offline against the synthesized template: an HMAC
 * key in KMS, a bucket under Object Lock in compliance mode, and who may do what with them.
 */
import { describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { logicalId, synth } from './support.js';

describe('UnionflowStack: the signed checkpoints', () => {
  const { stack, template } = synth({ publicUrl: 'https://unionflow.example.org' });
  const policies = template.findResources('AWS::IAM::Policy');
  const roleOf = (fn: typeof stack.apiFunction) => logicalId(stack, fn.role!);
  /** Every action the function's role is allowed, on any resource. */
  const actionsOf = (fn: typeof stack.apiFunction) =>
    Object.values(policies)
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleOf(fn)))
      .flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()));

  it('signs with a KMS HMAC_256 key kept after the stack', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }),
      DeletionPolicy: 'Retain',
    });
  });

  it('keeps checkpoints in a private bucket under Object Lock in compliance mode', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } } },
        PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicAcls: true, RestrictPublicBuckets: true }),
      }),
      DeletionPolicy: 'Retain',
    });
  });

  it('lets only the timers function sign and write, and neither delete', () => {
    const timers = actionsOf(stack.timersFunction);
    const api = actionsOf(stack.apiFunction);
    expect(timers).toEqual(expect.arrayContaining(['kms:GenerateMac', 'kms:VerifyMac', 's3:PutObject']));
    expect(api).toContain('kms:VerifyMac');
    expect(api).not.toContain('kms:GenerateMac');
    // The API's role writes attachments, so its S3 puts are checked per bucket below.
    const checkpointsBucket = Object.keys(template.findResources('AWS::S3::Bucket', { Properties: { ObjectLockEnabled: true } }))[0];
    const apiOnCheckpoints = Object.values(policies)
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleOf(stack.apiFunction)))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter((s: { Resource: unknown }) => JSON.stringify(s.Resource).includes(checkpointsBucket))
      .flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    expect(apiOnCheckpoints.filter((a: string) => /Put|Delete/.test(a))).toEqual([]);
    expect(timers.filter((a: string) => /Delete/.test(a) && !a.startsWith('dynamodb:'))).toEqual([]);
  });

  it('names the bucket and the key to both functions', () => {
    for (const fn of [stack.apiFunction, stack.timersFunction]) {
      const vars = template.findResources('AWS::Lambda::Function')[logicalId(stack, fn)].Properties.Environment.Variables;
      expect(Object.keys(vars)).toEqual(expect.arrayContaining(['CHECKPOINT_BUCKET', 'CHECKPOINT_KEY_ID']));
    }
  });
});
