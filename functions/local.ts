/**
 * `npm start`: DynamoDB Local (data in UNIONFLOW_DATA_DIR, default .data; a free port), the
 * table, demo data when the table is empty, and the app on PORT (default 3000). Ctrl-C or
 * SIGTERM stops everything it started, Java included.
 */
import { serve } from '@hono/node-server';
import { createApp } from './http/app.js';
import { nodeClientAddress } from './http/client-address.js';
import { publicUrlFromEnv } from './http/public-url.js';
import { createDb } from './store/dynamo.js';
import { ensureTable, startLocalDynamo } from './store/local-dynamo.js';
import { backfillSearchAttributes } from './store/search-backfill.js';
import { DEFAULT_DEMO_PASSWORD, DEMO_ACCOUNTS, isEmpty, seedDemo } from './seed.js';
import { seedDemoRecords } from './seed-records.js';
import { runTimers } from './service/timers.js';
import { localCheckpoints } from './records/checkpoints-config.js';
import { exportRunnerFromEnv, InProcessExportRunner } from './service/export-runner.js';
import { submissionView } from './http/routes/submissions.js';

// The SDK warns on every start that Node 20 support ends in 2027; the README says so once.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const started = Date.now();
const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.UNIONFLOW_DATA_DIR || '.data';
const table = process.env.TABLE_NAME || 'unionflow';
const password = process.env.UNIONFLOW_DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
// Seconds between runs of the scheduled jobs (members' queries reach the unions' inboxes then).
const timerSeconds = Number(process.env.UNIONFLOW_TIMER_SECONDS) > 0 ? Number(process.env.UNIONFLOW_TIMER_SECONDS) : 30;

const dynamo = await startLocalDynamo({ dataDir }).catch((error: Error) => {
  console.error(`无法启动 DynamoDB Local / could not start DynamoDB Local: ${error.message}`);
  console.error('DynamoDB Local 需要 Java 17 / DynamoDB Local needs Java 17 (e.g. apt-get install openjdk-17-jre-headless)');
  process.exit(1);
});

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  await dynamo.stop();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
dynamo.process.once('exit', () => {
  if (!stopping) {
    console.error('DynamoDB Local stopped unexpectedly');
    process.exit(1);
  }
});

try {
  const made = await ensureTable(dynamo.endpoint, table);
  const db = createDb({ table, endpoint: dynamo.endpoint });
  // Records kept from before the search attributes existed get them (a no-op once done).
  if (made === 'existing') await backfillSearchAttributes(db);
  const seeded = await isEmpty(db);
  if (seeded) {
    await seedDemo(db, password);
    // A few records through the real services, so every role's pages show something at once.
    if (process.env.UNIONFLOW_DEMO_RECORDS !== '0') await seedDemoRecords({ db, now: () => new Date() });
  }
  const publicUrl = publicUrlFromEnv(process.env, `http://localhost:${port}`);
  // Signed checkpoints of the history chains, in an append-only folder (docs/records.md).
  const checkpoints = await localCheckpoints(dataDir);
  // Export jobs run in this process; what a stopped server left unfinished is resumed or failed.
  const exports = exportRunnerFromEnv({ db, now: () => new Date(), view: submissionView });
  if (exports instanceof InProcessExportRunner) await exports.recover();
  const app = createApp({
    db,
    now: () => new Date(),
    checkpoints: checkpoints.log,
    publicUrl,
    exports,
    clientAddress: nodeClientAddress({ trustForwardedFor: process.env.UNIONFLOW_TRUST_PROXY === '1' }),
  });
  const timers = setInterval(() => {
    runTimers({ db, now: () => new Date(), checkpoints: checkpoints.log }).catch((error: Error) =>
      console.error(JSON.stringify({ level: 'error', msg: 'scheduled jobs failed', name: error?.name })),
    );
  }, timerSeconds * 1000);
  timers.unref();
  const server = serve({ fetch: app.fetch, port, hostname: process.env.HOST || '127.0.0.1' }, (info) => {
    console.log(`unionflow 已启动 / is running: http://localhost:${info.port}  (${Date.now() - started} ms)`);
    if (publicUrl !== `http://localhost:${info.port}`) console.log(`公开地址 / public address: ${publicUrl}`);
    console.log(`DynamoDB Local: ${dynamo.endpoint}, data in ${dataDir}${seeded ? ' (演示数据已写入 / demo data seeded)' : ''}`);
    console.log(`检查点 / checkpoints: ${checkpoints.dir}${checkpoints.keyFile ? `, key ${checkpoints.keyFile} (生成一次 / generated once; verify with: npx unionflow-verify <export.jsonl> --checkpoints ${checkpoints.dir} --key ${checkpoints.keyFile})` : ''}`);
    console.log(`演示账号 / demo accounts (password: ${password}):`);
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.id.padEnd(22)} ${a.roles.join(',').padEnd(10)} ${a.note}`);
  });
  server.on('error', (error) => {
    console.error(`无法监听端口 / cannot listen on port ${port}: ${error.message}`);
    void stop(1);
  });
} catch (error) {
  console.error(error);
  await stop(1);
}
