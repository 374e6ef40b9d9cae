/**
 * Export jobs through the real app over DynamoDB Local, run by the in-process runner into a
 * temporary folder: every status, the owner-only rule, cancelling (queued, mid-run, finished),
 * a restart after a crash, the download link, and DynamoDB faults injected with
 * aws-sdk-client-mock where the emulator cannot produce them.
 */
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../functions/http/app.js';
import { submissionView } from '../../functions/http/routes/submissions.js';
import { LocalExportFiles, type ExportFiles } from '../../functions/records/exports-files.js';
import { runExport, type RunDeps } from '../../functions/service/export-jobs.js';
import { InProcessExportRunner } from '../../functions/service/export-runner.js';
import { claimJob, readJob } from '../../functions/store/export-jobs.js';
import { setupEnv, signIn, submittedRegistration, type Client, type TestEnv } from './support.js';

let env: TestEnv;
let dir: string;
let files: LocalExportFiles;
let auditor: Client;
let other: Client;

/** An app whose runner is `runner` (or none: jobs stay queued until a test runs them). */
function appWith(runner: { files: ExportFiles; start(id: string): void }): App {
  return createApp({ ...env.deps, exports: runner });
}

const runDeps = (extra: Partial<RunDeps> = {}): RunDeps => ({ db: env.db, now: () => new Date(), files, view: submissionView, pageSize: 2, progressEveryMs: 0, ...extra });

async function clientOn(app: App, name: string): Promise<Client> {
  return signIn(app, name);
}

const CSV_JOB = { format: 'csv', filter: { formId: 'union-registration' } };

beforeAll(async () => {
  env = await setupEnv();
  dir = await mkdtemp(join(tmpdir(), 'unionflow-exports-'));
  files = new LocalExportFiles({ dir });
  const submitter = await signIn(env.app, 'acme.submitter');
  for (let i = 0; i < 5; i++) await submittedRegistration(submitter);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('an export job run in-process', () => {
  let app: App;
  let runner: InProcessExportRunner;

  beforeAll(async () => {
    runner = new InProcessExportRunner(runDeps());
    app = appWith(runner);
    auditor = await clientOn(app, 'district.auditor');
    other = await clientOn(app, 'district.auditor2');
  });

  it('answers 202 with an id, then done with every row and a link to the complete CSV', async () => {
    const started = await auditor.json('POST', '/api/exports', CSV_JOB);
    expect(started.status).toBe(202);
    expect(started.body.id).toMatch(/^[0-9A-Z]{26}$/);
    await runner.idle();
    const job = await auditor.json('GET', `/api/exports/${started.body.id}`);
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ status: 'done', rows: 5, format: 'csv', filter: { formId: 'union-registration' } });
    expect(job.body.url).toMatch(new RegExp(`^/api/exports/${started.body.id}/file\\?t=`));
    // The link needs no session: it is fetched without the bearer token.
    const res = await app.request(job.body.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const rows = parse(Buffer.from(await res.arrayBuffer()), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(5);
    expect(rows.every((r) => r['组织 / Organisation'].includes('工会'))).toBe(true);
    expect(job.body.size).toBe(Number(res.headers.get('content-length')));
  });

  it('lists my jobs, newest first, and none of anyone else', async () => {
    const mine = await auditor.json('GET', '/api/exports');
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect((await other.json('GET', '/api/exports')).body.items).toEqual([]);
  });

  it('answers 404 to anyone but whoever started it, for reading and for cancelling, as for no such id', async () => {
    const { body } = await auditor.json('POST', '/api/exports', CSV_JOB);
    await runner.idle();
    for (const [method, path] of [
      ['GET', `/api/exports/${body.id}`],
      ['DELETE', `/api/exports/${body.id}`],
      ['POST', `/api/exports/${body.id}/cancel`],
    ]) {
      const res = await other.json(method, path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect((await auditor.json('GET', '/api/exports/01ARZ3NDEKTSV4RRFFQ69G5FAV')).status).toBe(404);
    expect((await auditor.json('GET', '/api/exports/not-an-id')).status).toBe(404);
  });

  it('refuses a link that is forged, for another job, or expired', async () => {
    const a = (await auditor.json('POST', '/api/exports', CSV_JOB)).body.id;
    const b = (await auditor.json('POST', '/api/exports', { format: 'jsonl' })).body.id;
    await runner.idle();
    const url = (await auditor.json('GET', `/api/exports/${a}`)).body.url as string;
    const token = new URL(url, 'http://x').searchParams.get('t')!;
    expect((await app.request(`/api/exports/${a}/file?t=${token.slice(0, -2)}xx`)).status).toBe(404);
    expect((await app.request(`/api/exports/${b}/file?t=${token}`)).status).toBe(404);
    expect((await app.request(`/api/exports/${a}/file`)).status).toBe(404);
    expect(files.verify(a, token)).toBe(true);
    // Five minutes on, the same link is dead; and another process's secret never made it.
    expect(new LocalExportFiles({ dir, secret: (files as unknown as { secret: Buffer }).secret, now: () => new Date(Date.now() + 6 * 60_000) }).verify(a, token)).toBe(false);
    expect(new LocalExportFiles({ dir }).verify(a, token)).toBe(false);
  });

  it.each([
    [{ format: 'csv', filter: {} }, 422],
    [{ format: 'xlsx', filter: { formId: 'no-such-form' } }, 422],
    [{ format: 'pdf' }, 422],
    [{ format: 'csv', filter: { formId: 'union-registration', from: '2025-03-02', to: '2025-03-01' } }, 422],
    [{ format: 'csv', filter: { limit: 5 } }, 400],
    [{ format: 'csv', extra: 1 }, 400],
    ['not json', 400],
  ])('refuses %j with %i and queues nothing', async (body, status) => {
    const before = (await auditor.json('GET', '/api/exports')).body.items.length;
    const res = await auditor.json('POST', '/api/exports', body);
    expect(res.status).toBe(status);
    expect((await auditor.json('GET', '/api/exports')).body.items.length).toBe(before);
  });
});

describe('job statuses one at a time', () => {
  let app: App;
  const queue: string[] = [];

  beforeAll(async () => {
    app = appWith({ files, start: (id) => queue.push(id) });
    auditor = await clientOn(app, 'district.auditor');
  });

  it('is queued until a runner claims it, then running with its rows so far, then done', async () => {
    const { body } = await auditor.json('POST', '/api/exports', CSV_JOB);
    expect(queue).toContain(body.id);
    expect((await auditor.json('GET', `/api/exports/${body.id}`)).body).toMatchObject({ status: 'queued', rows: 0 });
    expect((await auditor.json('GET', `/api/exports/${body.id}`)).body.url).toBeUndefined();
    const seen: unknown[] = [];
    // A file store that looks at the job while the rows stream through it.
    const watching: ExportFiles = {
      ...files,
      link: files.link.bind(files),
      remove: files.remove.bind(files),
      put: async (key, stream, type) => {
        const reader = stream.getReader();
        const chunks: Uint8Array[] = [];
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
          seen.push((await auditor.json('GET', `/api/exports/${body.id}`)).body);
        }
        return files.put(key, new Blob(chunks).stream(), type);
      },
    };
    expect(await runExport(runDeps({ files: watching }), body.id)).toBe('done');
    expect(seen.some((s) => (s as { status: string }).status === 'running')).toBe(true);
    expect(seen.every((s) => (s as { url?: string }).url === undefined)).toBe(true);
    const rows = seen.map((s) => (s as { rows: number }).rows);
    expect(rows.some((r) => r > 0 && r < 5)).toBe(true);
    expect((await auditor.json('GET', `/api/exports/${body.id}`)).body).toMatchObject({ status: 'done', rows: 5 });
  });

  it('fails cleanly, with no file, when the file store refuses the bytes', async () => {
    const { body } = await auditor.json('POST', '/api/exports', CSV_JOB);
    const broken: ExportFiles = { ...files, link: files.link.bind(files), remove: files.remove.bind(files), put: async () => Promise.reject(new Error('disk full')) };
    expect(await runExport(runDeps({ files: broken }), body.id)).toBe('failed');
    const job = (await auditor.json('GET', `/api/exports/${body.id}`)).body;
    expect(job).toMatchObject({ status: 'failed', error: 'internal' });
    expect(job.url).toBeUndefined();
  });

  it('cancels a queued job, which no runner then starts', async () => {
    const { body } = await auditor.json('POST', '/api/exports', CSV_JOB);
    const res = await auditor.json('DELETE', `/api/exports/${body.id}`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    expect(await runExport(runDeps(), body.id)).toBe('skipped');
    expect((await auditor.json('GET', `/api/exports/${body.id}`)).body.status).toBe('cancelled');
  });

  it('stops a running job at its next page when it is cancelled, and keeps no file', async () => {
    const { body } = await auditor.json('POST', '/api/exports', CSV_JOB);
    const cancelling: ExportFiles = {
      ...files,
      link: files.link.bind(files),
      remove: files.remove.bind(files),
      put: async (key, stream, type) => {
        const reader = stream.getReader();
        await reader.read();
        expect((await auditor.json('POST', `/api/exports/${body.id}/cancel`)).status).toBe(200);
        const rest = new ReadableStream<Uint8Array>({ async pull(c) { const r = await reader.read(); if (r.done) c.close(); else c.enqueue(r.value); } });
        return files.put(key, rest, type);
      },
    };
    expect(await runExport(runDeps({ files: cancelling }), body.id)).toBe('cancelled');
    const job = await readJob(env.db, body.id);
    expect(job).toMatchObject({ status: 'cancelled' });
    expect(job?.file).toBeUndefined();
    expect((await readdir(join(dir, 'exports'))).filter((n) => n.startsWith(body.id))).toEqual([]);
  });

  it('refuses to cancel a finished job with 409 and leaves it done', async () => {
    const { body } = await auditor.json('POST', '/api/exports', CSV_JOB);
    await runExport(runDeps(), body.id);
    const res = await auditor.json('POST', `/api/exports/${body.id}/cancel`);
    expect(res.status).toBe(409);
    expect((await auditor.json('GET', `/api/exports/${body.id}`)).body.status).toBe('done');
  });

  it('marks a job failed (unavailable) when DynamoDB throttles its reads', async () => {
    const { body } = await auditor.json('POST', '/api/exports', CSV_JOB);
    const mock = mockClient(env.db.doc);
    mock.send.callThrough();
    mock.on(QueryCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }));
    try {
      expect(await runExport(runDeps(), body.id)).toBe('failed');
    } finally {
      mock.restore();
    }
    expect((await auditor.json('GET', `/api/exports/${body.id}`)).body).toMatchObject({ status: 'failed', error: 'unavailable' });
  });
});

describe('a restart of the local server', () => {
  let app: App;

  beforeAll(async () => {
    app = appWith({ files, start: () => {} });
    auditor = await clientOn(app, 'district.auditor');
  });

  it('runs again from the start a job a crashed run left running, and fails one out of attempts; no done job points at a partial file', async () => {
    const crashed = (await auditor.json('POST', '/api/exports', CSV_JOB)).body.id as string;
    const twice = (await auditor.json('POST', '/api/exports', CSV_JOB)).body.id as string;
    const waiting = (await auditor.json('POST', '/api/exports', { format: 'jsonl' })).body.id as string;
    // The "crashed" runs: claimed (running), a half-written temporary file left behind.
    await claimJob(env.db, crashed, new Date());
    await claimJob(env.db, twice, new Date());
    await claimJob(env.db, twice, new Date());
    await mkdir(join(dir, 'exports'), { recursive: true });
    await writeFile(join(dir, 'exports', `${crashed}-1.csv.0123456789abcdef.part`), 'ID,组织\n01');

    const restarted = new InProcessExportRunner(runDeps());
    expect(await restarted.recover()).toEqual({ resumed: 2, failed: 1 });
    await restarted.idle();

    expect((await auditor.json('GET', `/api/exports/${crashed}`)).body).toMatchObject({ status: 'done', rows: 5 });
    expect((await readJob(env.db, crashed))?.attempt).toBe(2);
    expect((await auditor.json('GET', `/api/exports/${twice}`)).body).toMatchObject({ status: 'failed', error: 'interrupted' });
    expect((await auditor.json('GET', `/api/exports/${waiting}`)).body.status).toBe('done');
    expect((await readdir(join(dir, 'exports'))).filter((n) => n.endsWith('.part'))).toEqual([]);
    const file = await app.request((await auditor.json('GET', `/api/exports/${crashed}`)).body.url);
    expect(parse(Buffer.from(await file.arrayBuffer()), { bom: true, columns: true })).toHaveLength(5);
    // Nothing is left for a further restart.
    expect(await new InProcessExportRunner(runDeps()).recover()).toEqual({ resumed: 0, failed: 0 });
  });

  it('never lets a run that lost its job to a newer attempt mark it done', async () => {
    const id = (await auditor.json('POST', '/api/exports', CSV_JOB)).body.id as string;
    let stolen = false;
    const slow: ExportFiles = {
      ...files,
      link: files.link.bind(files),
      remove: files.remove.bind(files),
      put: async (key, stream, type) => {
        const out = await files.put(key, stream, type);
        // A retried invocation claims the job while this run finishes its file.
        stolen = (await claimJob(env.db, id, new Date())) !== undefined;
        return out;
      },
    };
    expect(await runExport(runDeps({ files: slow }), id)).toBe('running');
    expect(stolen).toBe(true);
    expect(await readJob(env.db, id)).toMatchObject({ status: 'running', attempt: 2 });
    expect((await readdir(join(dir, 'exports'))).filter((n) => n.startsWith(`${id}-1`))).toEqual([]);
  });
});
