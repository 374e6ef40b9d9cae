/**
 * Downloads (API.md): `GET /api/exports/submissions?format=csv|xlsx|jsonl&formId=&from=&to=&status=&orgId=`.
 * The filter follows the listing's rules (calendar dates, from ≤ to, the status enum; unknown
 * parameters are a 400); the body is streamed while it is read.
 */
import { Hono } from 'hono';
import * as z from 'zod';
import { EXPORT_FORMATS, exportSubmissions } from '../../records/exports.js';
import { submissionSchema } from '../../store/submissions.js';
import { parseWith } from '../body.js';
import type { AppDeps, AppEnv } from '../env.js';
import { submissionView } from './submissions.js';

const name = z.string().min(1).max(64);
const date = z.iso.date();

const exportQuery = z
  .strictObject({
    // A link a person clicks should just work: CSV opens in any spreadsheet.
    format: z.enum(EXPORT_FORMATS).default('csv'),
    formId: name.optional(),
    status: submissionSchema.shape.status.optional(),
    orgId: name.optional(),
    from: date.optional(),
    to: date.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'to before from' });

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

export function exportRoutes(deps: AppDeps, { pageSize = 100 }: ExportRouteOptions = {}) {
  const app = new Hono<AppEnv>();

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
