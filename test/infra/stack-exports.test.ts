/**
 * The export jobs' part of the stack: the exports function fed by the table stream (new
 * `EXPORT#` items only, one at a time, failures reported per item), writing only under
 * `exports/` in the files bucket, whose export files and unfinished uploads expire.
 */
import { describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { logicalId, synth } from './support.js';

describe('UnionflowStack: export jobs', () => {
  const { stack, template } = synth();
  const functionId = logicalId(stack, stack.exportsFunction);

  it('runs the exports handler for up to 15 minutes', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.handler', Timeout: 900, MemorySize: 1024 });
    expect(stack.exportsFunction.node.id).toBe('ExportsFunction');
  });

  it('takes from the table stream only INSERTs of export job items, one per batch, with per-item failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId },
      BatchSize: 1,
      StartingPosition: 'LATEST',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { Keys: { pk: { S: [{ prefix: 'EXPORT#' }] } } } }) }] },
    });
  });

  it('may write to the files bucket only under exports/', () => {
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: logicalId(stack, stack.exportsFunction.role!) }] } });
    const statements = Object.values(policies).flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement);
    const s3 = statements.filter((s) => JSON.stringify(s.Action).includes('s3:'));
    expect(s3.length).toBeGreaterThan(0);
    for (const statement of s3) {
      const resources = JSON.stringify(statement.Resource);
      // Either the bucket itself (listing) or objects under exports/ — never every object.
      expect(resources.includes('/exports/*') || !resources.includes('/*')).toBe(true);
    }
  });

  it('expires export files and aborts unfinished uploads under exports/', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'exports/', ExpirationInDays: 7, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
        ]),
      },
    });
  });
});
