/**
 * Downloads (API.md): `GET /api/exports/submissions?format=csv|xlsx|jsonl&formId=&from=&to=&status=&orgId=`.
 * The filter follows the listing's rules (calendar dates, from ≤ to, the status enum; unknown
 * parameters are a 400); the body is streamed while it is read.
 *
 * Export jobs, for downloads too large for one response: `POST /api/exports {format, filter}`
 * → 202 `{id}`; `GET /api/exports` (mine), `GET /api/exports/{id}` → `{status, rows, url?}`;
 * `DELETE /api/exports/{id}` or `POST /api/exports/{id}/cancel`. Locally the link is
 * `GET /api/exports/{id}/file?t=…`, served by `exportFileRoutes` before the session check.
 */
import { Hono } from 'hono';
import * as z from 'zod';
import { contentDisposition as fileDisposition } from '../../files/store.js';
import { LocalExportFiles } from '../../records/exports-files.js';
import { EXPORT_FORMATS, exportSubmissions } from '../../records/exports.js';
import * as jobs from '../../service/export-jobs.js';
import { DomainError } from '../../store/errors.js';
import { exportRunnerFromEnv } from '../../service/export-runner.js';
import { readJob } from '../../store/export-jobs.js';
import { parseWith, readJson } from '../body.js';
import type { AppDeps, AppEnv } from '../env.js';
import { listFilterShape, submissionView } from './submissions.js';

/** The search's own filter: an export is of exactly the records the same search lists. */
const filterShape = listFilterShape;
const datesInOrder = (q: { from?: string; to?: string }) => !q.from || !q.to || q.from <= q.to;

const exportQuery = z
  .strictObject({
    // A link a person clicks should just work: CSV opens in any spreadsheet.
    format: z.enum(EXPORT_FORMATS).default('csv'),
    ...filterShape,
  })
  .refine(datesInOrder, { path: ['to'], message: 'to before from' });

/** A job's request: the same filter as the streamed download, under `filter`. */
export const exportJobBody = z.strictObject({
  format: z.enum(EXPORT_FORMATS),
  filter: z.strictObject(filterShape).refine(datesInOrder, { path: ['to'], message: 'to before from' }).default({}),
});

/**
 * `filename*` (RFC 6266 / 5987) carries the Chinese name; `filename` an ASCII fallback. The
 * characters encodeURIComponent leaves alone but RFC 5987 does not allow are encoded too.
 */
export function contentDisposition(filename: string, ascii: string): string {
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  const fallback = ascii.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export type ExportRouteOptions = { pageSize?: number };

export type ExportAppDeps = AppDeps & jobs.ExportJobDeps;

/** The deps with their export runner: the given one, or this process's (export-runner.ts). */
export function withExportRunner(deps: AppDeps): ExportAppDeps {
  return { ...deps, exports: deps.exports ?? exportRunnerFromEnv({ db: deps.db, now: deps.now, view: submissionView }) };
}

export function exportRoutes(given: AppDeps, { pageSize = 100 }: ExportRouteOptions = {}) {
  const deps = withExportRunner(given);
  const app = new Hono<AppEnv>();

  app.post('/', async (c) => {
    const body = await readJson(c, exportJobBody);
    const started = await jobs.startExport(deps, c.get('caller'), { format: body.format, ...body.filter });
    return c.json(started, 202, { location: `/api/exports/${started.id}` });
  });
  app.get('/', async (c) => c.json({ items: await jobs.listExports(deps, c.get('caller')) }, 200, { 'cache-control': 'no-store' }));
  app.get('/:id{[0-9A-Z]{26}}', async (c) => c.json(await jobs.getExport(deps, c.get('caller'), c.req.param('id')), 200, { 'cache-control': 'no-store' }));
  app.delete('/:id{[0-9A-Z]{26}}', async (c) => c.json(await jobs.cancelExport(deps, c.get('caller'), c.req.param('id'))));
  app.post('/:id{[0-9A-Z]{26}}/cancel', async (c) => c.json(await jobs.cancelExport(deps, c.get('caller'), c.req.param('id'))));

  app.get('/submissions', async (c) => {
    const query = parseWith(exportQuery, c.req.query());
    const download = await exportSubmissions(deps, c.get('caller'), query, { pageSize, view: submissionView });
    return new Response(download.body, {
      status: 200,
      headers: {
        'content-type': download.contentType,
        'content-disposition': contentDisposition(download.filename, download.asciiFilename),
        // Records of people and money: never kept by a shared cache or the browser's.
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  });

  return app;
}

/**
 * The local download link of a finished job. Like a presigned S3 URL, its token is the only
 * credential; a forged, expired or foreign token, or a job without a complete file, is a 404.
 */
export function exportFileRoutes(deps: ExportAppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/:id{[0-9A-Z]{26}}/file', async (c) => {
    const files = deps.exports.files;
    const id = c.req.param('id');
    if (!(files instanceof LocalExportFiles) || !files.verify(id, c.req.query('t'))) throw new DomainError('not_found');
    const job = await readJob(deps.db, id);
    const found = job?.status === 'done' && job.file ? await files.read(job.file.key) : undefined;
    if (!job?.file || !found) throw new DomainError('not_found');
    return new Response(found.body, {
      status: 200,
      headers: {
        'content-type': job.file.contentType,
        'content-length': String(found.size),
        'content-disposition': fileDisposition(job.file.name),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  });
  return app;
}
