/**
 * Benchmark of one workflow action (`npx tsx bench/action.ts`, or `npm run bench:action`).
 *
 * DynamoDB Local in memory, a fresh table with the demo data, the real app over real HTTP.
 * BENCH_N times (default 300): create and submit a registration (not measured), then measure
 *   - the street reviewer's `approve` over HTTP (fetch → Hono → one read + one transaction), and
 *   - side by side, a bare TransactWriteItems of the same items straight through the SDK
 *     (the submission put with its version condition, the event put, the inbox delete and put),
 * and count DynamoDB round trips per approve with an SDK middleware. Last, the time for
 * `npm start` (which execs `node --import tsx functions/local.ts`) to answer /health on an empty data directory, and
 * whether SIGTERM leaves a DynamoDBLocal java process behind.
 *
 * Prints numbers; asserts nothing. Everything it starts, it stops.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { getForm } from '../forms/registry.js';
import { shanghaiDate } from '../workflows/calendar.js';
import { createApp } from '../functions/http/app.js';
import { createDb, type Db } from '../functions/store/dynamo.js';
import { keys } from '../functions/store/keys.js';
import { ensureTable, freePort, startLocalDynamo, type LocalDynamo } from '../functions/store/local-dynamo.js';
import { DEFAULT_DEMO_PASSWORD, seedDemo } from '../functions/seed.js';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const N = Math.min(Math.max(Number.parseInt(process.env.BENCH_N ?? '300', 10) || 300, 1), 100_000);
const WARMUP = Math.min(10, N);
const STARTUP_DEADLINE_MS = 180_000;

type Item = Record<string, any>;
type TransactItems = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>;

// ---------------------------------------------------------------- numbers

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index]!;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), min: sorted[0] ?? Number.NaN, max: sorted[sorted.length - 1] ?? Number.NaN, mean };
}

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)} ms` : 'n/a');

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  const line = (r: string[]) => '| ' + r.map((cell, c) => cell + ' '.repeat(widths[c]! - [...cell].length)).join(' | ') + ' |';
  const rule = '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|';
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}

// ---------------------------------------------------------------- processes

/** Live processes whose command line contains every one of `needles` (Linux /proc). */
function processesMatching(...needles: string[]): { pid: number; cmd: string }[] {
  const found: { pid: number; cmd: string }[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (needles.every((n) => cmd.includes(n))) found.push({ pid: Number(entry), cmd });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => resolveExit(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveExit(true);
    });
  });
}

const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));

// ---------------------------------------------------------------- HTTP client

type Http = { base: string; token: string };

async function call(http: Http, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(http.base + path, {
    method,
    headers: { authorization: `Bearer ${http.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function signIn(base: string, username: string): Promise<Http> {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEFAULT_DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  const { token } = (await res.json()) as { token: string };
  return { base, token };
}

function must<T extends { status: number; body: any }>(what: string, expected: number, res: T): T {
  if (res.status !== expected) throw new Error(`${what}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

// ---------------------------------------------------------------- the same items, bare

async function getItem(db: Db, key: { pk: string; sk: string }): Promise<Item> {
  const out = await db.doc.send(new GetCommand({ TableName: db.table, Key: key, ConsistentRead: true }));
  if (!out.Item) throw new Error(`missing item ${key.pk} ${key.sk}`);
  return out.Item;
}

/** An item copied under another submission id (keys, id and scope sort key). */
function cloneFor(item: Item, from: string, to: string): Item {
  const copy: Item = { ...item };
  for (const field of ['pk', 'sk', 'id', 'scopeSk', 'submissionId']) {
    if (typeof copy[field] === 'string') copy[field] = (copy[field] as string).split(from).join(to);
  }
  return copy;
}

/**
 * What the approve wrote, as the same TransactWriteItems against a copy of the submission:
 * `before`/`after` are the stored submission items around the approve of `id`.
 */
async function bareItemsFor(db: Db, id: string, before: Item, after: Item, cloneId: string): Promise<TransactItems> {
  const event = await getItem(db, keys.event(id, after.seq));
  const oldKeys = (before.assignees as { key: string }[]).map((a) => a.key);
  const newKeys = (after.assignees as { key: string }[]).map((a) => a.key);
  const newInbox = await Promise.all(newKeys.map((k) => getItem(db, keys.inbox(k, id))));
  const items: TransactItems = [
    {
      Put: {
        TableName: db.table,
        Item: cloneFor(after, id, cloneId),
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': before.version },
      },
    },
    { Put: { TableName: db.table, Item: cloneFor(event, id, cloneId), ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
  for (const k of oldKeys) if (!newKeys.includes(k)) items.push({ Delete: { TableName: db.table, Key: keys.inbox(k, cloneId) } });
  for (const entry of newInbox) items.push({ Put: { TableName: db.table, Item: cloneFor(entry, id, cloneId) } });
  return items;
}

// ---------------------------------------------------------------- npm start

type Startup = {
  healthyMs?: number;
  /** The spawned `npm start` exited after SIGTERM (within 20 s). */
  npxExited: boolean;
  exitMs?: number;
  /** Processes of its group still alive 2 s after it exited (the app, java). */
  groupLeft: string[];
  javaLeft: number;
  stillServing: boolean;
  error?: string;
};

/** Live processes in process group `pgid` (Linux /proc), as "pid command". */
function groupMembers(pgid: number): { pid: number; cmd: string }[] {
  const members: { pid: number; cmd: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || Number(fields[2]) !== pgid) continue;
      members.push({ pid: Number(entry), cmd: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim() });
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

async function measureNpmStart(): Promise<Startup> {
  const dataDir = mkdtempSync(join(tmpdir(), 'unionflow-bench-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), UNIONFLOW_DATA_DIR: dataDir, TABLE_NAME: 'unionflow' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: what SIGTERM leaves behind can be found, and cleaned up
  });
  const pgid = child.pid!;
  let output = '';
  child.stdout?.on('data', (c) => (output = (output + c).slice(-4000)));
  child.stderr?.on('data', (c) => (output = (output + c).slice(-4000)));
  const result: Startup = { npxExited: false, groupLeft: [], javaLeft: 0, stillServing: false };
  try {
    while (performance.now() - started < STARTUP_DEADLINE_MS) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${output}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) {
          result.healthyMs = performance.now() - started;
          break;
        }
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    if (result.healthyMs === undefined) throw new Error(`npm start was not healthy within ${STARTUP_DEADLINE_MS / 1000} s:\n${output}`);
  } catch (error) {
    result.error = (error as Error).message;
  } finally {
    // SIGTERM to the process we started, as a process manager would send it.
    const stopAt = performance.now();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    result.npxExited = await waitForExit(child, 20_000);
    result.exitMs = performance.now() - stopAt;
    await sleep(2000);
    result.groupLeft = groupMembers(pgid).map((p) => `${p.pid} ${p.cmd.slice(0, 60)}`);
    result.javaLeft = processesMatching('DynamoDBLocal', dataDir).length;
    try {
      result.stillServing = (await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) })).status === 200;
    } catch {
      result.stillServing = false;
    }
    // Clean up what SIGTERM left: the group gently (the app stops its java), then by force.
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-pgid, signal);
      } catch {
        // the group is empty
      }
    };
    if (groupMembers(pgid).length > 0) {
      signalGroup('SIGTERM');
      for (let i = 0; i < 100 && groupMembers(pgid).length > 0; i++) await sleep(100);
      signalGroup('SIGKILL');
    }
    for (const p of processesMatching('DynamoDBLocal', dataDir)) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
  return result;
}

// ---------------------------------------------------------------- main

async function main() {
  let dynamo: LocalDynamo | undefined;
  let server: Server | undefined;
  try {
    const setupStarted = performance.now();
    dynamo = await startLocalDynamo();
    const tableName = `bench_${Date.now().toString(36)}`;
    await ensureTable(dynamo.endpoint, tableName);
    const db = createDb({ table: tableName, endpoint: dynamo.endpoint });
    await seedDemo(db);

    // Round trips: every HTTP exchange of the app's client with DynamoDB, counted inside the retry loop.
    let counting = false;
    let trips: string[] = [];
    db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        if (counting) trips.push(String(context.commandName ?? '?').replace(/Command$/, ''));
        return next(args);
      },
      { step: 'deserialize', name: 'benchRoundTrips' },
    );

    const app = createApp({ db, now: () => new Date(), publicUrl: 'http://localhost' });
    const port = await freePort();
    server = await new Promise<Server>((resolveServer) => {
      const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolveServer(s as Server));
    });
    const base = `http://127.0.0.1:${port}`;
    const submitter = await signIn(base, 'acme.submitter');
    const street = await signIn(base, 'dinghailu.reviewer');
    const data = getForm('union-registration')!.decl.example(shanghaiDate(new Date()));
    const setupMs = performance.now() - setupStarted;
    console.log(`DynamoDB Local in memory at ${dynamo.endpoint}, app at ${base}; setup ${setupMs.toFixed(0)} ms. N = ${N} (+${WARMUP} warm-up).`);

    const httpMs: number[] = [];
    const bareMs: number[] = [];
    const tripCounts = new Map<string, number>();
    const total = WARMUP + N;
    const progressEvery = Math.max(1, Math.floor(total / 10));
    for (let i = 0; i < total; i++) {
      const measured = i >= WARMUP;
      const created = must('create', 201, await call(submitter, 'POST', '/api/submissions', { formId: 'union-registration', data }));
      const id = created.body.id as string;
      const submitted = must('submit', 200, await call(submitter, 'POST', `/api/submissions/${id}/actions`, { action: 'submit', version: created.body.version }));
      const before = await getItem(db, keys.submission(id));
      // The copy the bare transaction will move, in the same state as `id` before the approve.
      const cloneId = ulid();
      await db.doc.send(new PutCommand({ TableName: db.table, Item: cloneFor(before, id, cloneId) }));
      for (const a of before.assignees as { key: string }[]) {
        await db.doc.send(new PutCommand({ TableName: db.table, Item: cloneFor(await getItem(db, keys.inbox(a.key, id)), id, cloneId) }));
      }

      trips = [];
      counting = true;
      const t0 = performance.now();
      const approved = await call(street, 'POST', `/api/submissions/${id}/actions`, { action: 'approve', version: submitted.body.version });
      const t1 = performance.now();
      counting = false;
      must('approve', 200, approved);

      const after = await getItem(db, keys.submission(id));
      const items = await bareItemsFor(db, id, before, after, cloneId);
      const t2 = performance.now();
      await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
      const t3 = performance.now();

      if (measured) {
        httpMs.push(t1 - t0);
        bareMs.push(t3 - t2);
        const label = trips.join(' + ');
        tripCounts.set(label, (tripCounts.get(label) ?? 0) + 1);
      }
      if ((i + 1) % progressEvery === 0) process.stderr.write(`  ${i + 1}/${total}\r`);
    }
    process.stderr.write('\n');

    const h = stats(httpMs);
    const b = stats(bareMs);
    console.log('\nStreet approve over HTTP vs. a bare TransactWriteItems of the same items (DynamoDB Local, same process, interleaved)\n');
    console.log(
      table([
        ['measure', 'n', 'median', 'p99', 'min', 'max', 'mean'],
        ['approve over HTTP (fetch → app → DynamoDB)', String(h.n), ms(h.median), ms(h.p99), ms(h.min), ms(h.max), ms(h.mean)],
        ['bare TransactWriteItems (SDK)', String(b.n), ms(b.median), ms(b.p99), ms(b.min), ms(b.max), ms(b.mean)],
        ['ratio HTTP approve / bare write', '', `${(h.median / b.median).toFixed(2)}×`, `${(h.p99 / b.p99).toFixed(2)}×`, '', '', `${(h.mean / b.mean).toFixed(2)}×`],
      ]),
    );

    console.log('\nDynamoDB round trips per approve (SDK middleware, every HTTP exchange)\n');
    const tripRows = [...tripCounts.entries()]
      .sort((x, y) => y[1] - x[1])
      .map(([label, count]) => [String(label.split(' + ').filter(Boolean).length), label || '(none)', String(count), `${((100 * count) / N).toFixed(1)} %`]);
    console.log(table([['round trips', 'commands', 'approves', 'share'], ...tripRows]));
    console.log('(an extra GetItem is the session re-read when the 10 s session cache expires)');

    await new Promise<void>((r) => {
      server!.close(() => r());
      server!.closeAllConnections();
    });
    server = undefined;
    await dynamo.stop();
    const inMemoryLeft = processesMatching('DynamoDBLocal', '-port', String(dynamo.port)).length;
    dynamo = undefined;

    console.log('\n`npm start` on an empty data directory\n');
    const startup = await measureNpmStart();
    console.log(
      table([
        ['measure', 'value'],
        ['time to first 200 from /health (incl. Java start, table, demo seed)', startup.healthyMs === undefined ? `failed: ${startup.error ?? '?'}` : ms(startup.healthyMs)],
        ['npm start exited on SIGTERM', startup.npxExited ? `yes, after ${ms(startup.exitMs ?? Number.NaN)}` : 'NO (within 20 s)'],
        ['its processes still alive 2 s later (app, java)', startup.groupLeft.length === 0 ? '0' : `${startup.groupLeft.length}: ${startup.groupLeft.map((p) => p.split(' ').slice(1, 3).join(' ')).join('; ')}`],
        ['DynamoDBLocal java left after SIGTERM', String(startup.javaLeft)],
        ['app still answering /health after SIGTERM', startup.stillServing ? 'YES' : 'no'],
        ['DynamoDBLocal java left by this benchmark (in-memory)', String(inMemoryLeft)],
      ]),
    );
    if (startup.groupLeft.length > 0) {
      console.log('\nSIGTERM to `npm start` left processes running (the benchmark then stopped them itself).');
    }
    if (startup.error) process.exitCode = 1;
  } finally {
    if (server) {
      server.closeAllConnections();
      server.close();
    }
    await dynamo?.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
