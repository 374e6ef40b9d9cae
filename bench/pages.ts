/**
 * Server time of the pages beside the JSON API for the same data (`npm run bench:pages`).
 *
 * DynamoDB Local in memory, a fresh table with the demo data, the app called in process through
 * `app.request` (no HTTP, no port: the figure is Hono, the services, the store and rendering).
 * BENCH_ITEMS registrations (default 200) are submitted by acme.submitter, so they all wait in
 * dinghailu.reviewer's inbox; then BENCH_N times (default 200), taking turns:
 *   - the inbox page `GET /` (session cookie) and `GET /api/inbox` (bearer token);
 *   - the record page `GET /submissions/:id` of the declared form with the most fields, filled
 *     with its own example and submitted, as the person it now waits for, and for the same
 *     data `GET /api/submissions/:id` plus `GET /api/submissions/:id/history`.
 * Reported: median and p99 of each, and page ÷ API (the ratio is the figure; absolute times
 * depend on the machine). Last, the size of `/assets/app.js` gzipped, if the app serves it.
 *
 * Prints numbers; asserts nothing. Everything it starts, it stops.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { DECLARATIONS, getForm } from '../forms/registry.js';
import { startersOf, type FieldDecl } from '../forms/language.js';
import { shanghaiDate } from '../workflows/calendar.js';
import { createApp, type App } from '../functions/http/app.js';
import { SESSION_COOKIE } from '../functions/http/middleware/session.js';
import { createDb } from '../functions/store/dynamo.js';
import { ensureTable, startLocalDynamo, type LocalDynamo } from '../functions/store/local-dynamo.js';
import { DEFAULT_DEMO_PASSWORD, seedDemo } from '../functions/seed.js';

const int = (value: string | undefined, fallback: number) => Math.min(Math.max(Number.parseInt(value ?? '', 10) || fallback, 1), 10_000);
const ITEMS = int(process.env.BENCH_ITEMS, 200);
const N = int(process.env.BENCH_N, 200);
const WARMUP = Math.min(10, N);
const SUBMITTER = 'acme.submitter';
const REVIEWER = 'dinghailu.reviewer';
/** Who a submitted record may wait for first; the bench looks for it in each of their inboxes. */
const ACTORS = ['dinghailu.reviewer', 'acme.committee', 'acme.auditor', 'district.reviewer', 'district.auditor', 'wujiaochang.reviewer'];

type Caller = { bearer: Record<string, string>; cookie: Record<string, string> };

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Bytes of the last answer to each path, to show how much each way sends. */
const answered = new Map<string, number>();

/** The time of one request, read to the end of its body; a status other than 200 stops the bench. */
async function timed(app: App, path: string, headers: Record<string, string>): Promise<number> {
  const start = performance.now();
  const res = await app.request(path, { headers });
  const body = await res.text();
  const elapsed = performance.now() - start;
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 300)}`);
  answered.set(path, Buffer.byteLength(body));
  return elapsed;
}

/** Both ways in: a bearer token for the API, the session cookie the sign-in page sets for pages. */
async function signIn(app: App, username: string): Promise<Caller> {
  const api = await app.request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEFAULT_DEMO_PASSWORD }),
  });
  if (api.status !== 200) throw new Error(`API sign-in as ${username}: ${api.status}`);
  const { token } = (await api.json()) as { token: string };
  const page = await app.request('/signin', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: DEFAULT_DEMO_PASSWORD, next: '/' }).toString(),
  });
  const line = page.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!line) throw new Error(`page sign-in as ${username}: ${page.status}, no session cookie`);
  return { bearer: { authorization: `Bearer ${token}` }, cookie: { cookie: line.split(';')[0]! } };
}

async function json(app: App, caller: Caller, method: string, path: string, body?: unknown): Promise<any> {
  const res = await app.request(path, {
    method,
    headers: { ...caller.bearer, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Create a draft of `formId` with `data` and submit it; the submission's id. */
async function submitted(app: App, submitter: Caller, formId: string, data: unknown): Promise<string> {
  const created = await json(app, submitter, 'POST', '/api/submissions', { formId, data });
  await json(app, submitter, 'POST', `/api/submissions/${created.id}/actions`, { action: 'submit', version: created.version });
  return created.id;
}

/** Fields of a declaration, a group's own fields counted too. */
function fieldCount(fields: readonly FieldDecl[]): number {
  return fields.reduce((n, f) => n + 1 + ('fields' in f && Array.isArray(f.fields) ? fieldCount(f.fields as FieldDecl[]) : 0), 0);
}

type Measure = { name: string; paths: string[]; run: () => Promise<number>; samples: number[] };
const measure = (name: string, paths: string[], run: () => Promise<number>): Measure => ({ name, paths, run, samples: [] });

async function main() {
  let dynamo: LocalDynamo | undefined;
  try {
    dynamo = await startLocalDynamo();
    const db = createDb({ table: `bench_pages_${Date.now().toString(36)}`, endpoint: dynamo.endpoint });
    await ensureTable(dynamo.endpoint, db.table);
    await seedDemo(db);
    const app = createApp({ db, now: () => new Date(), publicUrl: 'http://localhost' });
    const submitter = await signIn(app, SUBMITTER);
    const reviewer = await signIn(app, REVIEWER);

    // The registration example for acme's own union (the schema prefills its street).
    const registration = (await json(app, submitter, 'GET', '/api/forms/union-registration/schema')).examples[0];
    const seedStart = performance.now();
    for (let i = 0; i < ITEMS; i++) await submitted(app, submitter, 'union-registration', registration);
    const inbox = await json(app, reviewer, 'GET', '/api/inbox');
    console.log(`${ITEMS} registrations submitted in ${((performance.now() - seedStart) / 1000).toFixed(1)} s; ${inbox.items.length} wait in ${REVIEWER}'s inbox`);

    const startable = DECLARATIONS.filter((d) => getForm(d.id)?.decl.version === d.version && startersOf(d).includes('submitter'));
    const largest = [...startable].sort((a, b) => fieldCount(b.sections.flatMap((s) => s.fields)) - fieldCount(a.sections.flatMap((s) => s.fields)))[0]!;
    const fields = fieldCount(largest.sections.flatMap((s) => s.fields));
    const recordId = await submitted(app, submitter, largest.id, getForm(largest.id)!.decl.example(shanghaiDate(new Date())));
    let holder: { name: string; caller: Caller } | undefined;
    for (const name of ACTORS) {
      const caller = name === REVIEWER ? reviewer : await signIn(app, name);
      const items = (await json(app, caller, 'GET', '/api/inbox')).items as { submissionId: string }[];
      if (items.some((i) => i.submissionId === recordId)) {
        holder = { name, caller };
        break;
      }
    }
    // Nobody's inbox holds it (a workflow that starts elsewhere): its submitter's own view is measured.
    holder ??= { name: SUBMITTER, caller: submitter };
    console.log(`record: ${largest.id} (${fields} fields, its example), viewed by ${holder.name}\n`);

    const viewer = holder.caller;
    const measures = [
      measure('inbox page  GET /', ['/'], () => timed(app, '/', reviewer.cookie)),
      measure('inbox API   GET /api/inbox', ['/api/inbox'], () => timed(app, '/api/inbox', reviewer.bearer)),
      measure('record page GET /submissions/:id', [`/submissions/${recordId}`], () => timed(app, `/submissions/${recordId}`, viewer.cookie)),
      measure('record API  GET /api/submissions/:id + /history', [`/api/submissions/${recordId}`, `/api/submissions/${recordId}/history`], async () =>
        (await timed(app, `/api/submissions/${recordId}`, viewer.bearer)) + (await timed(app, `/api/submissions/${recordId}/history`, viewer.bearer)),
      ),
    ];
    for (let i = 0; i < WARMUP; i++) for (const m of measures) await m.run();
    for (let i = 0; i < N; i++) for (const m of measures) m.samples.push(await m.run());

    const rows = measures.map((m) => {
      const sorted = [...m.samples].sort((a, b) => a - b);
      const bytes = m.paths.reduce((n, path) => n + (answered.get(path) ?? 0), 0);
      return { name: m.name, median: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), bytes };
    });
    console.log(`Server time through app.request, ${N} runs each, taking turns (${WARMUP} unmeasured first)\n`);
    console.log('| request | median | p99 | answer |');
    console.log('|---|---|---|---|');
    for (const r of rows) console.log(`| ${r.name} | ${r.median.toFixed(2)} ms | ${r.p99.toFixed(2)} ms | ${(r.bytes / 1024).toFixed(1)} KB |`);
    const ratio = (page: (typeof rows)[number], api: (typeof rows)[number]) => `${(page.median / api.median).toFixed(2)}× median, ${(page.p99 / api.p99).toFixed(2)}× p99`;
    console.log(`\ninbox page ÷ API: ${ratio(rows[0]!, rows[1]!)}`);
    console.log(`record page ÷ API: ${ratio(rows[2]!, rows[3]!)}`);

    const script = await app.request('/assets/app.js');
    if (script.status === 200) {
      const bytes = Buffer.from(await script.arrayBuffer());
      console.log(`\n/assets/app.js: ${(bytes.length / 1024).toFixed(1)} KB, ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1)} KB gzipped`);
    } else {
      console.log(`\n/assets/app.js: not served yet (${script.status})`);
    }
  } finally {
    await dynamo?.stop();
  }
}

await main();
