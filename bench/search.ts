/**
 * Benchmark of search (`npm run bench:search`; BENCH_N records, default 100,000).
 *
 * DynamoDB Local in memory, a fresh table with the demo organisations, BENCH_N synthetic
 * submissions (bench/search-seed.ts). Then, as district.auditor through the service the API
 * calls, the auditors' common filters: for each, the first page (50) and the whole result
 * (every page of 100), with the read units DynamoDB reports (ReturnConsumedCapacity TOTAL)
 * and the time. "Read per returned" near 1 item's worth means the key did the narrowing.
 *
 * Prints numbers; asserts nothing. Everything it starts, it stops.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { performance } from 'node:perf_hooks';
import { list } from '../functions/service/submissions.js';
import { callerOf, getOrg, getUser } from '../functions/store/accounts.js';
import { createDb } from '../functions/store/dynamo.js';
import type { ListFilter } from '../functions/store/listing.js';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../functions/store/local-dynamo.js';
import { seedDemo } from '../functions/seed.js';
import { seededSubmission, seedSubmissions } from './search-seed.js';

const N = Math.min(Math.max(Number.parseInt(process.env.BENCH_N ?? '100000', 10) || 100_000, 100), 200_000);

function numberIn(n: number): string {
  for (let i = Math.floor(n / 2); i < n; i++) {
    const { sub } = seededSubmission(i, n);
    if (sub.number) return sub.number;
  }
  throw new Error('no numbered record');
}

let dynamo: LocalDynamo | undefined;
try {
  dynamo = await startLocalDynamo();
  const table = 'bench_search';
  await ensureTable(dynamo.endpoint, table);
  const db = createDb({ table, endpoint: dynamo.endpoint });
  await seedDemo(db);
  let shown = 0;
  const seedMs = await seedSubmissions(db, N, (written) => {
    if (written - shown >= 10_000) {
      shown = written;
      process.stderr.write(`seeded ${written}\n`);
    }
  });
  console.log(`seeded ${N} submissions in ${(seedMs / 1000).toFixed(1)} s (${Math.round(N / (seedMs / 1000))}/s)\n`);
  const user = (await getUser(db, 'district.auditor'))!;
  const caller = callerOf(user, (await getOrg(db, user.orgId))!);
  const deps = { db, now: () => new Date() };

  const cases: [string, ListFilter][] = [
    ['one form, one month created, district', { formId: 'union-registration', from: '2025-03-01', to: '2025-03-31' }],
    ['one form, one month submitted, district', { formId: 'union-registration', period: 'submitted', from: '2025-03-01', to: '2025-03-31' }],
    ['one form, one month updated, district', { formId: 'union-registration', period: 'updated', from: '2025-03-01', to: '2025-03-31' }],
    ['one month created, any form', { from: '2025-03-01', to: '2025-03-31' }],
    ['one month submitted, any form', { period: 'submitted', from: '2025-03-01', to: '2025-03-31' }],
    ["one street's records (定海路)", { orgId: 'dinghailu' }],
    ["one street, one form, one month submitted", { orgId: 'dinghailu', formId: 'union-registration', period: 'submitted', from: '2025-03-01', to: '2025-03-31' }],
    ['one state (approved)', { status: 'approved' }],
    ['one step (street-review), one form', { formId: 'home-assessment', step: 'street-review' }],
    ['q by number', { q: numberIn(N) }],
    ['q by name (substring)', { q: `企业${Math.floor(N / 3)}有限` }],
    ['everything in scope', {}],
  ];
  const rows: string[][] = [['filter', 'first page: items', 'RU', 'ms', 'all: items', 'RU', 'ms', 'RU per 100 returned']];
  for (const [label, filter] of cases) {
    let t = performance.now();
    const first = await list(deps, caller, filter, 50);
    const firstMs = performance.now() - t;
    t = performance.now();
    let items = 0;
    let units = 0;
    let cursor: string | undefined;
    do {
      const page = await list(deps, caller, filter, 100, cursor);
      items += page.items.length;
      units += page.readUnits;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const allMs = performance.now() - t;
    rows.push([
      label,
      String(first.items.length),
      first.readUnits.toFixed(1),
      firstMs.toFixed(0),
      String(items),
      units.toFixed(1),
      allMs.toFixed(0),
      items ? ((units / items) * 100).toFixed(1) : '—',
    ]);
  }
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => [...r[col]].length)));
  for (const r of rows) console.log(r.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  '));
} finally {
  await dynamo?.stop();
}
