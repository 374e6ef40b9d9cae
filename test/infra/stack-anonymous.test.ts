/**
 * The anonymous table and the timers function, asserted offline against the synthesized
 * template: no change log of members' codes and answers, and the schedule that releases
 * their queries.
 */
import { describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { createAnonTableInput } from '../../functions/store/table.js';
import { logicalId, synth } from './support.js';

describe('UnionflowStack: the anonymous table', () => {
  const { stack, template } = synth();
  const anonId = logicalId(stack, stack.anonTable);
  const anon = () => template.findResources('AWS::DynamoDB::Table')[anonId];

  it('agrees with the CreateTable input used for DynamoDB Local: keys only, no index', () => {
    const local = createAnonTableInput('ignored');
    expect(anon().Properties.KeySchema).toEqual(local.KeySchema);
    expect(anon().Properties.AttributeDefinitions).toEqual(local.AttributeDefinitions);
    expect(anon().Properties.GlobalSecondaryIndexes).toBeUndefined();
  });

  it('keeps no change log: no stream and no point-in-time recovery', () => {
    expect(anon().Properties.StreamSpecification).toBeUndefined();
    expect(anon().Properties.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled ?? false).toBe(false);
    expect(createAnonTableInput('ignored')).not.toHaveProperty('StreamSpecification');
  });

  it('is protected all the same: deletion protection, encryption, retained', () => {
    expect(anon().Properties.DeletionProtectionEnabled).toBe(true);
    expect(anon().Properties.SSESpecification).toEqual({ SSEEnabled: true });
    expect([anon().DeletionPolicy, anon().UpdateReplacePolicy]).toEqual(['Retain', 'Retain']);
  });

  it('is named to both functions as ANON_TABLE_NAME', () => {
    for (const fn of [stack.apiFunction, stack.timersFunction]) {
      const resource = template.findResources('AWS::Lambda::Function')[logicalId(stack, fn)];
      expect(resource.Properties.Environment.Variables.ANON_TABLE_NAME).toEqual({ Ref: anonId });
    }
  });
});

describe('UnionflowStack: the timers function', () => {
  const { stack, template } = synth();
  const timersId = logicalId(stack, stack.timersFunction);
  const roleId = logicalId(stack, stack.timersFunction.role!);

  it('runs every 5 minutes by default, and as configured', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [timersId, 'Arn'] } })],
    });
    synth({ timerMinutes: 15 }).template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(15 minutes)' });
  });

  it('may read and write both tables', () => {
    const [policy] = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }));
    const resources = JSON.stringify(policy.Properties.PolicyDocument.Statement.map((statement: { Resource: unknown }) => statement.Resource));
    for (const table of [stack.table, stack.anonTable]) expect(resources).toContain(JSON.stringify({ 'Fn::GetAtt': [logicalId(stack, table), 'Arn'] }));
  });
});

