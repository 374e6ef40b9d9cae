/**
 * Benchmark of the submissions download (`npx tsx bench/export.ts`). Prints numbers; asserts nothing.
 *
 * For each N in BENCH_N (default 10000; a list like `10000,100000` runs each size in turn):
 * DynamoDB Local in memory with a 6 GB heap (each item is copied into every index that holds
 * it: 100,000 registrations outgrow the default 512 MB, and on disk it writes a hundred times
 * slower), a fresh table with the demo data, N realistic union registrations
 * (two unions, mixed kinds and states, a year of dates) written straight into the table with
 * BatchWriteItem (not measured). Then district.reviewer downloads the CSV and the XLSX over
 * real HTTP (fetch → @hono/node-server → the app → DynamoDB Local); the client streams the body
 * to a temporary file. Each download reports rows, bytes, seconds, rows/s, and the growth of
 * this process's RSS and heapUsed over a baseline taken just before it (after a GC), sampled
 * every 5 ms, and the heap still held after a GC once it is done. Flat numbers across sizes
 * mean memory does not grow with the rows (peak heapUsed is mostly garbage awaiting V8's next
 * young-generation collection, which is why it sits near 16 MB whatever N is).
 *
 * Then, side by side in the same run, for CSV, XLSX and JSON Lines, each in a fresh child
 * process of its own: the export job's own work (`runExport`: the pages from DynamoDB, the
 * writer, the local file store), DynamoDB paging alone (the same listing pages, plus each
 * record's history for JSON Lines, read and dropped), and the writer alone (the same rows
 * made in memory, written to a file). Overhead = job seconds / max(paging, writer) seconds;
 * and, since the job reads ahead while it writes but has one JavaScript thread, its CPU
 * against the parts' summed CPU. Each reports rows/s and the peak RSS of its process
 * (getrusage's maxrss), so 10,000 and 100,000 compare directly.
 *
 * Each seeded registration has one sealed history event, so JSON Lines reads real histories.
 *
 * Everything it starts, it stops.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { serve } from '@hono/node-server';
import ExcelJS from 'exceljs';
import { createApp } from '../functions/http/app.js';
import { createDb, type Db } from '../functions/store/dynamo.js';
import { ensureTable, freePort, startLocalDynamo, type LocalDynamo } from '../functions/store/local-dynamo.js';
import { readHistory, type Submission } from '../functions/store/submissions.js';
import { form, memoryPages, seed } from './export-seed.js';
import { columnsFor } from '../functions/records/exports-columns.js';
import { csvBody, jsonlBody } from '../functions/records/exports-csv.js';
import { xlsxBody } from '../functions/records/exports-xlsx.js';
import { submissionPages } from '../functions/records/exports.js';
import { LocalExportFiles } from '../functions/records/exports-files.js';
import { runExport, startExport } from '../functions/service/export-jobs.js';
import { readJob } from '../functions/store/export-jobs.js';
import { submissionView } from '../functions/http/routes/submissions.js';
import type { Caller } from '../functions/auth/scope.js';
import { DEFAULT_DEMO_PASSWORD, demoOrgs, seedDemo } from '../functions/seed.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const SIZES = (process.env.BENCH_N ?? '10000')
  .split(',')
  .map((s) => Math.min(Math.max(Number.parseInt(s, 10) || 0, 1), 200_000));
const MB = 1024 * 1024;

// ---------------------------------------------------------------- measuring

type Result = { n: number; format: string; rows: number; bytes: number; seconds: number; rssPeak: number; heapPeak: number; heapKept: number; rssBase: number };

async function countRows(format: string, file: string): Promise<number> {
  if (format === 'csv') {
    // CRLF ends each record; a group's rows inside a cell are separated by a bare LF.
    let records = 0;
    let previous = 0;
    for await (const chunk of createReadStream(file)) {
      for (const byte of chunk as Buffer) {
        if (byte === 0x0a && previous === 0x0d) records++;
        previous = byte;
      }
    }
    return records - 1;
  }
  // The first sheet only: repeating groups have sheets of their own.
  for await (const sheet of new ExcelJS.stream.xlsx.WorkbookReader(file, {})) {
    let rows = 0;
    for await (const _row of sheet) rows++;
    return rows - 1;
  }
  return 0;
}

async function download(base: string, token: string, format: 'csv' | 'xlsx', n: number, dir: string): Promise<Result> {
  const file = join(dir, `export-${n}.${format}`);
  gc();
  await new Promise((r) => setTimeout(r, 50));
  gc();
  const baseline = process.memoryUsage();
  let rssPeak = baseline.rss;
  let heapPeak = baseline.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    rssPeak = Math.max(rssPeak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  }, 5);
  const t0 = performance.now();
  const res = await fetch(`${base}/api/exports/submissions?format=${format}&formId=union-registration`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200 || !res.body) throw new Error(`${format}: ${res.status} ${await res.text()}`);
  await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), createWriteStream(file));
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  gc();
  const heapKept = process.memoryUsage().heapUsed - baseline.heapUsed; // what the download left behind
  const rows = await countRows(format, file);
  return { n, format, rows, bytes: statSync(file).size, seconds, rssPeak: rssPeak - baseline.rss, heapPeak: heapPeak - baseline.heapUsed, heapKept, rssBase: baseline.rss };
}

type Side = { n: number; format: string; what: string; rows: number; seconds: number; cpu: number; rssPeak: number; rssBase: number };
type Part = 'job' | 'capped' | 'paging' | 'writer';
/**
 * V8 grows its heap while a process allocates fast and collects late, so peak RSS alone
 * cannot tell garbage from memory held: the same job is run again with V8's old space capped,
 * and finishing 100,000 rows within the cap shows that what it holds does not grow.
 */
const OLD_SPACE_CAP_MB = 64;
const PARTS: Record<Part, (format: string) => string> = {
  job: () => 'export job (runExport)',
  capped: () => `export job, old space capped at ${OLD_SPACE_CAP_MB} MB`,
  paging: (format) => (format === 'jsonl' ? 'DynamoDB paging + histories' : 'DynamoDB paging alone'),
  writer: () => 'writer alone',
};

const drain = (body: ReadableStream<Uint8Array>, file: string) => pipeline(Readable.fromWeb(body as import('node:stream/web').ReadableStream), createWriteStream(file));

const district = demoOrgs().find((o) => o.type === 'district')!;
const auditor: Caller = { id: 'district.auditor', name: '审计', orgId: district.id, orgName: district.name, orgPath: district.path, roles: ['auditor'], scope: [{ orgId: district.id, depth: 0, exact: false }] };

/** One part's work, answering its row count. */
async function work(db: Db, part: Part, format: 'csv' | 'xlsx' | 'jsonl', n: number, dir: string): Promise<number> {
  const deps = { db, now: () => new Date() };
  const filter = { formId: 'union-registration' };
  if (part === 'job' || part === 'capped') {
    const files = new LocalExportFiles({ dir: join(dir, 'files') });
    const { id } = await startExport({ ...deps, exports: { files, start: () => {} } }, auditor, { format, ...filter });
    if ((await runExport({ ...deps, files, view: submissionView, pageSize: 100 }, id)) !== 'done') throw new Error(`${format} job did not finish`);
    return (await readJob(db, id))?.rows ?? 0;
  }
  if (part === 'paging') {
    let rows = 0;
    for await (const page of submissionPages(db, auditor, filter, 100)) {
      if (format === 'jsonl') for (let i = 0; i < page.length; i += 16) await Promise.all(page.slice(i, i + 16).map((sub) => readHistory(db, sub.id)));
      rows += page.length;
    }
    return rows;
  }
  const { columns, row, groups, groupRows } = columnsFor([form]);
  let rows = 0;
  const counted = async function* <T>(pages: AsyncIterable<Submission[]>, each: (s: Submission) => T) {
    for await (const page of pages) {
      rows += page.length;
      yield page.map(each);
    }
  };
  const file = join(dir, `writer-${n}.${format}`);
  const body =
    format === 'csv'
      ? csvBody(columns.map((c) => c.header), counted(memoryPages(n), row))
      : format === 'xlsx'
        ? xlsxBody('建会申请', columns, counted(memoryPages(n), (sub) => ({ cells: row(sub), groups: groupRows(sub) })), groups)
        : jsonlBody(counted(memoryPages(n), (sub) => ({ submission: submissionView(sub), events: [] })));
  await drain(body, file);
  return rows;
}

/**
 * A child process does one part and prints one JSON line: a fresh process, so its peak RSS
 * (getrusage's maxrss, everything it ever held, modules included) is that part's alone, as
 * the export function's would be in AWS.
 */
async function child(args: string[]) {
  const [endpoint, table, n, format, part, dir] = args;
  const db = createDb({ table, endpoint, requestTimeoutMs: 30_000 });
  const rssBase = process.memoryUsage().rss; // the modules loaded, nothing done yet
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const rows = await work(db, part as Part, format as 'csv', Number(n), dir);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ rows, seconds, cpu: (cpu.user + cpu.system) / 1e6, rssPeak: process.resourceUsage().maxRSS * 1024, rssBase }));
}

function inChild(endpoint: string, table: string, n: number, format: string, part: Part, dir: string): Side {
  const flags = part === 'capped' ? [`--max-old-space-size=${OLD_SPACE_CAP_MB}`] : [];
  const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', fileURLToPath(import.meta.url), '--part', endpoint, table, String(n), format, part, dir], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const r = JSON.parse(out.trim().split('\n').pop()!) as Omit<Side, 'n' | 'format' | 'what'>;
  const side = { n, format, what: PARTS[part](format), ...r };
  console.log(`  ${n} ${format} ${side.what}: ${r.rows} rows in ${r.seconds.toFixed(2)} s, CPU ${r.cpu.toFixed(2)} s, peak RSS ${(r.rssPeak / MB).toFixed(0)} MB`);
  return side;
}

function sideBySide(endpoint: string, table: string, n: number, dir: string): Side[] {
  const out: Side[] = [];
  for (const format of ['csv', 'xlsx', 'jsonl'] as const) for (const part of ['job', 'capped', 'paging', 'writer'] as const) out.push(inChild(endpoint, table, n, format, part, dir));
  return out;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c]].length)));
  const line = (r: string[]) => '| ' + r.map((cell, c) => cell.padEnd(widths[c])).join(' | ') + ' |';
  return [line(rows[0]), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.slice(1).map(line)].join('\n');
}

// ---------------------------------------------------------------- main

async function main() {
  let dynamo: LocalDynamo | undefined;
  let server: Server | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'unionflow-export-bench-'));
  const results: Result[] = [];
  const sides: Side[] = [];
  try {
    dynamo = await startLocalDynamo({ heapMb: 6144 });
    let warm = false;
    for (const n of SIZES) {
      // A shared machine can keep DynamoDB Local busy past the API's 3 s per attempt; the bench measures throughput, not that limit.
      const db = createDb({ table: `bench_export_${n}_${Date.now().toString(36)}`, endpoint: dynamo.endpoint, requestTimeoutMs: 30_000 });
      await ensureTable(dynamo.endpoint, db.table);
      // DynamoDB Local looks its stream up anew for every item written, at a cost that grows
      // with the records the stream holds: seeding 100,000 would take the best part of an
      // hour. Nothing measured here reads the stream (jobs run in-process, as under npm start).
      await db.doc.send(new UpdateTableCommand({ TableName: db.table, StreamSpecification: { StreamEnabled: false } }));
      await seedDemo(db);
      const seedStart = performance.now();
      await seed(db, n);
      console.log(`N = ${n}: seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

      const app = createApp({ db, now: () => new Date(), publicUrl: 'http://localhost' });
      const port = await freePort();
      server = await new Promise<Server>((ready) => {
        const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => ready(s as Server));
      });
      const base = `http://127.0.0.1:${port}`;
      const signIn = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'district.reviewer', password: DEFAULT_DEMO_PASSWORD }) });
      const { token } = (await signIn.json()) as { token: string };
      if (!warm) {
        // One unmeasured pass of each, so the JIT and the module loads are not counted against the first size.
        await download(base, token, 'csv', n, dir);
        await download(base, token, 'xlsx', n, dir);
        warm = true;
      }
      for (const format of ['csv', 'xlsx'] as const) results.push(await download(base, token, format, n, dir));
      sides.push(...sideBySide(dynamo.endpoint, db.table, n, dir));
      await new Promise<void>((r) => {
        server!.close(() => r());
        server!.closeAllConnections();
      });
      server = undefined;
    }
    console.log('\nSubmissions download over HTTP (district.reviewer, union-registration, listing pages of 100)\n');
    console.log(
      table([
        ['N', 'format', 'rows', 'MB', 'seconds', 'rows/s', 'baseline RSS', 'peak RSS growth', 'peak heapUsed growth', 'heapUsed kept after GC'],
        ...results.map((r) => [
          String(r.n),
          r.format,
          String(r.rows),
          (r.bytes / MB).toFixed(2),
          r.seconds.toFixed(2),
          (r.rows / r.seconds).toFixed(0),
          `${(r.rssBase / MB).toFixed(0)} MB`,
          `${(r.rssPeak / MB).toFixed(1)} MB`,
          `${(r.heapPeak / MB).toFixed(1)} MB`,
          `${(r.heapKept / MB).toFixed(1)} MB`,
        ]),
      ]),
    );
    console.log('\nSide by side, each in a process of its own (district auditor, union-registration; JSON Lines: every record with its history)\n');
    const partsOf = (s: Side) => sides.filter((o) => o.n === s.n && o.format === s.format && !o.what.startsWith('export job'));
    const ratio = (s: Side) => (s.what === PARTS.job(s.format) ? `${(s.seconds / Math.max(...partsOf(s).map((p) => p.seconds))).toFixed(2)}×` : '');
    // Overlap cannot beat the one JavaScript thread: the job's CPU against its parts' summed CPU is what our glue adds.
    const cpuRatio = (s: Side) => (s.what === PARTS.job(s.format) ? `${(s.cpu / partsOf(s).reduce((sum, p) => sum + p.cpu, 0)).toFixed(2)}×` : '');
    console.log(
      table([
        ['N', 'format', 'what', 'rows', 'seconds', 'rows/s', 'CPU s', 'RSS once loaded', 'peak RSS of its process', 'job / slower part', 'job CPU / parts\' CPU'],
        ...sides.map((s) => [String(s.n), s.format, s.what, String(s.rows), s.seconds.toFixed(2), (s.rows / s.seconds).toFixed(0), s.cpu.toFixed(2), `${(s.rssBase / MB).toFixed(0)} MB`, `${(s.rssPeak / MB).toFixed(0)} MB`, ratio(s), cpuRatio(s)]),
      ]),
    );
    const short = [...results, ...sides].filter((r) => r.rows !== r.n);
    if (short.length > 0) {
      console.log(`\nROW COUNT MISMATCH: ${short.map((r) => `${r.format}${'what' in r ? ` (${r.what})` : ''} at N=${r.n}: ${r.rows}`).join('; ')}`);
      process.exitCode = 1;
    }
  } finally {
    if (server) {
      server.closeAllConnections();
      server.close();
    }
    await dynamo?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

(process.argv[2] === '--part' ? child(process.argv.slice(3)) : main()).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
