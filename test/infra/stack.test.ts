/**
 * The CDK stack, asserted offline against its synthesized CloudFormation template.
 *
 * Most tests skip asset bundling (`aws:cdk:bundling-stacks: []`); one test runs the real
 * NodejsFunction bundling (local esbuild, no Docker, no network) on the functions' handlers.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { INDEXES, TABLE_KEYS, TTL_ATTRIBUTE, createTableInput } from '../../functions/store/table.js';
import sstConfig from '../../sst.config.js';
import {
  NATIVE_MODULES,
  UnionflowStack,
  nativeModuleBundling,
  repoRoot,
} from '../../infra/stack.js';
import { logicalId, synth, testApp } from './support.js';

describe('UnionflowStack: the table', () => {
  const { stack, template } = synth();
  const tableId = logicalId(stack, stack.table);

  it('is the single table beside the anonymous one, both keyed pk/sk, on demand', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 2);
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE_KEYS.partition, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sort, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('has one GSI per INDEXES entry, string keys, projection ALL', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: INDEXES.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partition, KeyType: 'HASH' },
          { AttributeName: index.sort, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
  });

  it('agrees with the CreateTable input used for DynamoDB Local', () => {
    const local = createTableInput('ignored');
    const table = template.findResources('AWS::DynamoDB::Table')[tableId];
    const byName = (a: { AttributeName: string }, b: { AttributeName: string }) =>
      a.AttributeName.localeCompare(b.AttributeName);
    expect([...table.Properties.AttributeDefinitions].sort(byName)).toEqual([...local.AttributeDefinitions].sort(byName));
    expect(table.Properties.KeySchema).toEqual(local.KeySchema);
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: local.StreamSpecification.StreamViewType });
  });

  it('is protected: point-in-time recovery, deletion protection, encryption, retained', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      // AWS_MANAGED: SSE on with the aws/dynamodb KMS key, no customer key.
      SSESpecification: { SSEEnabled: true, KMSMasterKeyId: Match.absent() },
    });
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('expires items by the TTL attribute and streams new and old images', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('outputs the table name', () => {
    template.hasOutput('TableName', { Value: { Ref: tableId } });
  });
});

describe('UnionflowStack: the API function', () => {
  const { stack, template } = synth();
  const tableId = logicalId(stack, stack.table);
  const functionId = logicalId(stack, stack.apiFunction);
  const roleId = logicalId(stack, stack.apiFunction.role!);

  it('runs Node 20 on arm64 with the table name in its environment', () => {
    template.resourceCountIs('AWS::Lambda::Function', 3);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs20.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 1024,
      Timeout: 29,
      Environment: {
        Variables: {
          TABLE_NAME: { Ref: tableId },
          STAGE: 'test',
          NODE_OPTIONS: '--enable-source-maps',
          SEED_DEMO: Match.absent(),
        },
      },
    });
  });

  it('names the configured public address to the API function, and carries an error without one', () => {
    const { template: configured, stack: withUrl } = synth({ publicUrl: 'https://unionflow.example.cn' });
    configured.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ UNIONFLOW_PUBLIC_URL: 'https://unionflow.example.cn' }) },
    });
    Annotations.fromStack(withUrl).hasNoError('*', Match.anyValue());
    Annotations.fromStack(stack).hasError('*', Match.stringLikeRegexp('UNIONFLOW_PUBLIC_URL is not set'));
  });

  it('seeds demo data only when asked', () => {
    const { template: seeded } = synth({ seedDemo: true });
    seeded.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SEED_DEMO: '1' }) },
    });
  });

  it('may read and write the table and its indexes, through its own role', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Role: { 'Fn::GetAtt': [roleId, 'Arn'] },
    });
    const policies = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }));
    expect(policies).toHaveLength(1);
    const statements: { Effect: string; Action: string | string[]; Resource: unknown }[] =
      policies[0].Properties.PolicyDocument.Statement;
    const onTable = statements.filter(
      (statement) =>
        statement.Effect === 'Allow' &&
        JSON.stringify(statement.Resource).includes(JSON.stringify({ 'Fn::GetAtt': [tableId, 'Arn'] })),
    );
    expect(onTable).toHaveLength(1);
    // Transactions need no action of their own: TransactWriteItems checks Put/Update/Delete/ConditionCheck.
    expect(onTable[0].Action).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:BatchGetItem',
      ]),
    );
    expect(onTable[0].Resource).toEqual(
      expect.arrayContaining([
        { 'Fn::GetAtt': [tableId, 'Arn'] },
        { 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId, 'Arn'] }, '/index/*']] },
      ]),
    );
  });

  it('sits behind an HTTP API: ANY / and ANY /{proxy+}, payload 2.0', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [functionId, 'Arn'] },
    });
    const integrations = Object.keys(template.findResources('AWS::ApiGatewayV2::Integration'));
    expect(integrations).toHaveLength(1);
    for (const routeKey of ['ANY /{proxy+}', 'ANY /']) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: integrations[0] }]] },
      });
    }
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 2);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default', AutoDeploy: true });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'apigateway.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
    });
    template.hasOutput('ApiUrl', {});
  });
});

describe('UnionflowStack: wiring', () => {
  it('finds the repository root from infra/ and from the root (SST bundles its config there)', () => {
    const root = repoRoot();
    expect(existsSync(join(root, 'package-lock.json'))).toBe(true);
    expect(repoRoot(join(root, 'infra'))).toBe(root);
    expect(repoRoot(root)).toBe(root);
  });

  it('externalises argon2 by default and installs its linux-arm64 build when asked', () => {
    expect(nativeModuleBundling(false)).toEqual({ externalModules: NATIVE_MODULES });
    expect(nativeModuleBundling(true)).toMatchObject({
      nodeModules: NATIVE_MODULES,
      environment: { npm_config_os: 'linux', npm_config_cpu: 'arm64', npm_config_libc: 'glibc' },
    });
  });

  it('sst.config.ts adds the stack named after the stage, demo seeding off, in ap-east-1 by default', async () => {
    const previousRegion = process.env.AWS_REGION;
    const previousSeed = process.env.SEED_DEMO;
    delete process.env.AWS_REGION;
    delete process.env.SEED_DEMO;
    try {
      expect(await sstConfig.config()).toEqual({ name: 'unionflow', region: 'ap-east-1' });
      // A plain cdk App dressed as SST's App (the fields stacks() reads).
      const app = Object.assign(testApp(), { stage: 'pr-7', account: '123456789012', region: 'ap-east-1' });
      await sstConfig.stacks(app as never);
      const stacks = app.node.children.filter((child): child is UnionflowStack => child instanceof UnionflowStack);
      expect(stacks.map((s) => s.stackName)).toEqual(['unionflow-pr-7']);
      const template = Template.fromStack(stacks[0]);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ STAGE: 'pr-7', SEED_DEMO: Match.absent() }) },
      });
      expect(stacks[0].region).toBe('ap-east-1');
    } finally {
      if (previousRegion === undefined) delete process.env.AWS_REGION;
      else process.env.AWS_REGION = previousRegion;
      if (previousSeed === undefined) delete process.env.SEED_DEMO;
      else process.env.SEED_DEMO = previousSeed;
    }
  });
});

describe('UnionflowStack: real bundling', () => {
  it('bundles each handler (api, timers, exports) offline into one ESM file with a require shim, exceljs beside api and exports', () => {
    for (const handler of ['api', 'timers', 'exports']) {
      const entry = join(repoRoot(), `functions/handlers/${handler}.ts`);
      expect(existsSync(entry), `${entry} is missing`).toBe(true);
    }
    const app = testApp(true);
    new UnionflowStack(app, 'unionflow-bundle', { stage: 'bundle' });
    const assembly = app.synth();
    const assets = readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
    expect(assets).toHaveLength(3);
    let withExcel = 0;
    for (const asset of assets) {
      const dir = join(assembly.directory, asset);
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      // The api handler imports exceljs on two routes, the exports one for XLSX: beside the handler, not in it.
      const api = code.includes('exceljs');
      expect(readdirSync(dir).sort()).toEqual(api ? ['index.mjs', 'index.mjs.map', 'node_modules'] : ['index.mjs', 'index.mjs.map']);
      if (api) {
        expect(readdirSync(join(dir, 'node_modules', 'exceljs'))).toEqual(['index.js']);
        expect(code.includes('ExcelJS'), 'exceljs is inlined in the api bundle').toBe(false);
        withExcel += 1;
      }
      // zod's other locales stay out: \`import * as z\` lets esbuild drop them (\`import { z }\` does not).
      expect(code.includes('Input tidak valid'), 'a zod locale other than en is in the bundle').toBe(false);
      // The map names the sources without carrying their text, which Node would parse at start.
      expect(JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')).sourcesContent).toBeUndefined();
      expect(code.startsWith("import { createRequire as __unionflowCreateRequire } from 'module';")).toBe(true);
      // The native binding is never inlined (esbuild cannot bundle its .node binary).
      expect(code).not.toMatch(/argon2\.linux-[a-z0-9-]+\.node/);
    }
    expect(withExcel).toBe(2);
  }, 120_000);
});

describe('UnionflowStack: the attachments bucket', () => {
  const { stack, template } = synth();
  const bucketId = logicalId(stack, stack.filesBucket);
  const roleId = logicalId(stack, stack.apiFunction.role!);

  it('is a private bucket: every public access blocked, ACLs disabled', () => {
    // Asserted on this bucket itself: the stack has others (the checkpoints' bucket).
    expect(template.findResources('AWS::S3::Bucket')[bucketId].Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  it('encrypts at rest, keeps versions and is retained when the stack goes', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
    });
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('refuses any request that is not over TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('lets the web app PUT with the signed content-type and checksum headers, and nothing else', () => {
    const [bucket] = Object.values(template.findResources('AWS::S3::Bucket'));
    const rules = bucket.Properties.CorsConfiguration.CorsRules;
    expect(rules).toHaveLength(1);
    expect(rules[0].AllowedMethods).toEqual(['PUT']);
    expect(rules[0].AllowedHeaders).toEqual(['content-type', 'x-amz-checksum-sha256']);
    expect(JSON.stringify(rules[0].AllowedOrigins)).toContain('.execute-api.');
  });

  it('allows exactly the configured web origins when given', () => {
    const { template: custom } = synth({ webOrigins: ['https://forms.example.org'] });
    custom.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: ['https://forms.example.org'] })] },
    });
  });

  it('names the bucket to the API function as FILES_BUCKET', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ FILES_BUCKET: { Ref: bucketId } }) },
    });
  });

  it('lets the API function read and write its objects', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } }));
    const statements: { Effect: string; Action: string | string[]; Resource: unknown }[] =
      policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    const onBucket = statements.filter(
      (s) => s.Effect === 'Allow' && JSON.stringify(s.Resource).includes(JSON.stringify({ 'Fn::GetAtt': [bucketId, 'Arn'] })),
    );
    expect(onBucket).toHaveLength(1);
    expect(onBucket[0].Action).toEqual(expect.arrayContaining(['s3:GetObject*', 's3:PutObject']));
    expect(onBucket[0].Resource).toEqual(
      expect.arrayContaining([{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] }]),
    );
  });

  it('outputs the bucket name', () => {
    template.hasOutput('FilesBucketName', { Value: { Ref: bucketId } });
  });
});
