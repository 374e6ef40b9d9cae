/**
 * The one unionflow stack: the single DynamoDB table and the anonymous table beside it, the
 * attachments bucket, the API Lambda behind the HTTP API, and the scheduled timers Lambda.
 *
 * Used twice: by `sst.config.ts` (deploys with SST v2) and by `infra/synth.ts` (a plain,
 * offline `cdk synth`). Unit-tested offline in `test/infra/stack.test.ts`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Architecture, FilterCriteria, FilterRule, Runtime, RuntimeFamily, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { HttpApi, HttpMethod, PayloadFormatVersion } from '@aws-cdk/aws-apigatewayv2-alpha';
import { HttpLambdaIntegration } from '@aws-cdk/aws-apigatewayv2-integrations-alpha';
import type { Construct } from 'constructs';
import { INDEXES, TABLE_KEYS, TTL_ATTRIBUTE } from '../functions/store/table.js';
import { buildAppScript } from '../functions/http/pages/client/build.js';
import { addCheckpoints } from './checkpoints.js';

export interface UnionflowStackProps extends StackProps {
  /** Deployment stage (`dev`, `prod`, a personal stage …); reaches the functions as `STAGE`. */
  stage: string;
  /** Seed demo organisations/accounts on first start. Off unless asked for (`SEED_DEMO=1`). */
  seedDemo?: boolean;
  /**
   * Install `@node-rs/argon2` with its linux-arm64 binary into the function bundle (`npm ci`
   * inside the asset, needs the npm registry or a warm npm cache). Default false: the package
   * is only externalised, which synthesises fully offline but leaves password hashing broken
   * in a deployed function. `sst.config.ts` turns it on, since a deploy is online anyway.
   */
  installNativeModules?: boolean;
  /**
   * Origins the web app is served from, allowed to PUT attachments straight to the bucket.
   * Default: this region's API Gateway hosts. The API's own URL cannot be used: the bucket
   * would then depend on the API, which depends on the function, which needs the bucket.
   */
  webOrigins?: string[];
  /**
   * Minutes between runs of the scheduled jobs. Members' queries are released into unions'
   * inboxes then: a longer period mixes more of them into each batch, and a union has 7 days
   * to answer, so minutes cost nobody anything. Default 5.
   */
  timerMinutes?: number;
  /**
   * The https origin members and browsers reach the app at (`UNIONFLOW_PUBLIC_URL`): the code
   * sheets' links are built on it and the cookie is Secure by its scheme. It cannot default to
   * the HTTP API's own URL (the function would then depend on the API that invokes it), so a
   * stack without it carries an error that stops `sst deploy`.
   */
  publicUrl?: string;
}

/**
 * aws-cdk-lib 2.72.1 (pinned by sst@2) predates `Runtime.NODEJS_20_X`, so the runtime is
 * declared by name; CloudFormation only sees the string `nodejs20.x`.
 */
export const NODEJS_20_X = new Runtime('nodejs20.x', RuntimeFamily.NODEJS, { supportsInlineCode: true });

/**
 * The repository root (the folder holding package.json and package-lock.json).
 *
 * Found by walking up from this module rather than by a fixed `../`: under tsx/vitest this
 * file runs from `infra/`, but SST v2 bundles `sst.config.ts` together with its imports into
 * `<root>/.sst.config.<time>.mjs`, so there `import.meta.url` already sits in the root.
 */
export function repoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'functions'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`unionflow: no repository root above ${from}`);
    dir = parent;
  }
}

/**
 * ESM bundles still meet CommonJS dependencies that call `require` (esbuild's `__require`
 * shim throws without it), so every bundle starts by defining one.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __unionflowCreateRequire } from 'module';" +
  'const require = __unionflowCreateRequire(import.meta.url);';

/** Native packages: they load a prebuilt `.node` binary, which esbuild cannot bundle. */
export const NATIVE_MODULES = ['@node-rs/argon2'];

/**
 * How every handler is bundled, shared with `bench/coldstart.ts` so it measures what deploys.
 *
 * Source maps stay, so `--enable-source-maps` maps stack traces to the TypeScript, but without
 * the sources inside them: Node reads and parses the whole map when the bundle loads, and the
 * source text (more than half of the map) is never needed to print a file and line.
 */
export const HANDLER_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node20',
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
};

/**
 * The pages' browser script, built now and embedded (client/script.ts), so Lambda never builds
 * it; base64 keeps it intact through the bundling's shell command line.
 */
export function handlerDefine(): Record<string, string> {
  return { 'process.env.UNIONFLOW_APP_JS_B64': JSON.stringify(Buffer.from(buildAppScript(), 'utf8').toString('base64')) };
}

/**
 * Packages the API imports with `import()` on the few routes that use them (exceljs: the XLSX
 * export and the workbook upload). Inlined, esbuild would put them in the one bundle that every
 * cold start parses, used or not; so they are left out of it and each is bundled on its own
 * into the asset's `node_modules/<name>/index.js`, where Node's `import()` finds it.
 */
// qrcode: the print page's QR code; @aws-sdk/client-kms: verifying checkpoints' MACs.
export const SEPARATE_PACKAGES = ['exceljs', 'qrcode', '@aws-sdk/client-kms'];

/** The command (run from the repository root) that bundles one separate package into `outputDir`. */
export function separatePackageCommand(name: string, outputDir: string): string {
  // CommonJS, the packages' own format: their require calls need no shim.
  return `npx --no-install esbuild ${name} --bundle --platform=node --target=node20 --minify --log-level=warning --outfile="${join(outputDir, 'node_modules', name, 'index.js')}"`;
}

/**
 * How the native packages reach the API function.
 *
 * `@node-rs/argon2` picks its binary from a per-platform optional package
 * (`@node-rs/argon2-linux-arm64-gnu` on this ARM Lambda), so it can never be bundled.
 * - install: `nodeModules` makes CDK write a package.json listing it into the asset, copy
 *   package-lock.json and run `npm ci` there. npm would choose the binary for the *build*
 *   host (x64 here), so npm's `os`/`cpu`/`libc` config is pointed at Lambda's platform
 *   (the bundling environment reaches the local `npm ci`). Needs the registry or npm cache.
 * - external (default): only `externalModules`, so synth and tests work with no network and
 *   no Docker; the bundle then lacks argon2 and a deployed function fails when it loads it.
 */
export function nativeModuleBundling(install: boolean) {
  return install
    ? {
        externalModules: [],
        nodeModules: NATIVE_MODULES,
        environment: { npm_config_os: 'linux', npm_config_cpu: 'arm64', npm_config_libc: 'glibc' },
      }
    : { externalModules: NATIVE_MODULES };
}

/** Adds the separate packages to a function's bundling: left out of esbuild's bundle, bundled beside it. */
function withSeparatePackages(bundling: ReturnType<typeof nativeModuleBundling>, separate: string[]) {
  if (separate.length === 0) return bundling;
  return {
    ...bundling,
    externalModules: [...bundling.externalModules, ...separate],
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir: string, outputDir: string) => separate.map((name) => separatePackageCommand(name, outputDir)),
    },
  };
}

export class UnionflowStack extends Stack {
  readonly table: Table;
  readonly anonTable: Table;
  readonly api: HttpApi;
  readonly apiFunction: NodejsFunction;
  readonly timersFunction: NodejsFunction;
  readonly filesBucket: Bucket;
  readonly exportsFunction: NodejsFunction;

  constructor(scope: Construct, id: string, props: UnionflowStackProps) {
    const { stage, seedDemo = false, installNativeModules = false, webOrigins, timerMinutes = 5, publicUrl, ...stackProps } = props;
    super(scope, id, stackProps);
    const root = repoRoot();

    // ---- The single table (shape shared with DynamoDB Local via functions/store/table.ts) ----
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partition, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sort, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecovery: true,
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      // The history chain is the product: a stack deletion must never take the data with it.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partition, type: AttributeType.STRING },
        sortKey: { name: index.sort, type: AttributeType.STRING },
        // projectionType defaults to ALL, the same as createTableInput() for DynamoDB Local.
      });
    }

    // ---- The anonymous table: member codes, answer slots, queries waiting for release ----
    // No stream and no point-in-time recovery, on purpose: both are change logs, and the order
    // of this table's changes is exactly what could rejoin a code to an answer. Nothing here is
    // a record; what auditors need (the tally, the query) reaches the main table as aggregates
    // or as unlinkable submissions (docs/anonymity.md).
    this.anonTable = new Table(this, 'AnonTable', {
      partitionKey: { name: TABLE_KEYS.partition, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sort, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecovery: false,
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // ---- Attachments: uploaded and downloaded by the browser through presigned URLs ----
    this.filesBucket = new Bucket(this, 'FilesBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      // Attachments are evidence cited by SHA-256 in the history: they outlive the stack.
      removalPolicy: RemovalPolicy.RETAIN,
      // CORS only lets the web page make the PUT; the presigned signature is what authorises it.
      cors: [
        {
          allowedMethods: [HttpMethods.PUT],
          allowedOrigins: webOrigins ?? [`https://*.execute-api.${this.region}.amazonaws.com`],
          allowedHeaders: ['content-type', 'x-amz-checksum-sha256'],
          maxAge: 3600,
        },
      ],
    });

    // ---- The API function ----
    const environment: Record<string, string> = {
      TABLE_NAME: this.table.tableName,
      ANON_TABLE_NAME: this.anonTable.tableName,
      FILES_BUCKET: this.filesBucket.bucketName,
      STAGE: stage,
      NODE_OPTIONS: '--enable-source-maps',
    };
    if (seedDemo) environment.SEED_DEMO = '1';
    if (publicUrl) environment.UNIONFLOW_PUBLIC_URL = publicUrl;
    else Annotations.of(this).addError('UNIONFLOW_PUBLIC_URL is not set: the https address members and browsers reach the app at');

    const lambda = (id: string, entry: string, options: { memorySize: number; timeout: Duration }, separate: string[] = []) =>
      new NodejsFunction(this, id, {
        entry: join(root, entry),
        handler: 'handler',
        projectRoot: root,
        depsLockFilePath: join(root, 'package-lock.json'),
        runtime: NODEJS_20_X,
        architecture: Architecture.ARM_64,
        ...options,
        environment,
        bundling: {
          ...HANDLER_BUNDLING,
          // The AWS SDK v3 is bundled (not taken from the runtime), so Lambda runs the exact
          // version the tests ran against; only the native argon2 binding stays out, and the
          // separate packages, bundled beside the handler.
          ...withSeparatePackages(nativeModuleBundling(installNativeModules), separate),
          define: handlerDefine(),
        },
      });

    // API Gateway HTTP APIs give up after 30 s; stop first so the error is ours.
    this.apiFunction = lambda('ApiFunction', 'functions/handlers/api.ts', { memorySize: 1024, timeout: Duration.seconds(29) }, SEPARATE_PACKAGES);
    this.table.grantReadWriteData(this.apiFunction);
    this.anonTable.grantReadWriteData(this.apiFunction);
    // Presigned URLs carry the function's own permissions: PUT for uploads, GET/HEAD after.
    this.filesBucket.grantReadWrite(this.apiFunction);

    // ---- The HTTP API: every path and method goes to the one Hono app ----
    const integration = new HttpLambdaIntegration('ApiIntegration', this.apiFunction, {
      payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
    });
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `unionflow-${stage}`,
      description: `unionflow API (${stage})`,
    });
    this.api.addRoutes({ path: '/{proxy+}', methods: [HttpMethod.ANY], integration });
    this.api.addRoutes({ path: '/', methods: [HttpMethod.ANY], integration });

    // ---- Scheduled jobs (functions/service/timers.ts): members' queries released in batches ----
    this.timersFunction = lambda('TimersFunction', 'functions/handlers/timers.ts', { memorySize: 512, timeout: Duration.minutes(5) });
    this.table.grantReadWriteData(this.timersFunction);
    this.anonTable.grantReadWriteData(this.timersFunction);
    new Rule(this, 'TimersSchedule', {
      description: 'unionflow scheduled jobs',
      schedule: Schedule.rate(Duration.minutes(timerMinutes)),
      targets: [new LambdaFunction(this.timersFunction, { retryAttempts: 0 })],
    });

    // ---- Signed checkpoints of the history chains (infra/checkpoints.ts): KMS HMAC key, Object Lock bucket ----
    const checkpoints = addCheckpoints(this, { api: this.apiFunction, timers: this.timersFunction });
    new CfnOutput(this, 'CheckpointsBucketName', { value: checkpoints.bucket.bucketName });
    // ---- Export jobs (functions/service/export-jobs.ts): files too large for one response ----
    // The API writes a queued job item; the table stream hands each new one to this function,
    // which writes the file to the files bucket under exports/ by a multipart upload (visible
    // only once complete) and marks the job done. The stream rather than an async invoke: the
    // item is the job's truth either way, the stream retries a failed record by itself, and
    // the API needs no Lambda client (and no permission to invoke anything).
    this.exportsFunction = lambda('ExportsFunction', 'functions/handlers/exports.ts', { memorySize: 1024, timeout: Duration.minutes(15) }, SEPARATE_PACKAGES);
    this.table.grantReadWriteData(this.exportsFunction);
    this.filesBucket.grantReadWrite(this.exportsFunction, 'exports/*');
    this.exportsFunction.addEventSource(
      new DynamoEventSource(this.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 1,
        retryAttempts: 2,
        reportBatchItemFailures: true,
        filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { Keys: { pk: { S: FilterRule.beginsWith('EXPORT#') } } } })],
      }),
    );
    // Export files are copies for taking away, not evidence: they expire, and so do uploads a
    // timed-out run never completed.
    this.filesBucket.addLifecycleRule({
      id: 'exports',
      prefix: 'exports/',
      expiration: Duration.days(7),
      noncurrentVersionExpiration: Duration.days(1),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    });

    // ---- Later additions go here (not built yet) ----
    // - timers: due dates and reminders, as more jobs of functions/service/timers.ts;
    // - the stream consumer: functions/handlers/stream.ts with a DynamoEventSource on
    //   this.table (the stream is already on, NEW_AND_OLD_IMAGES) for notifications;
    // - alarms (function errors/throttles, table throttles).

    new CfnOutput(this, 'ApiUrl', { value: this.api.url ?? this.api.apiEndpoint });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'AnonTableName', { value: this.anonTable.tableName });
    new CfnOutput(this, 'FilesBucketName', { value: this.filesBucket.bucketName });
  }
}
