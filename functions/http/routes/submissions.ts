/** Submissions (API.md): create, read, save a draft, act, list, history, verify, print; and the inbox. */
import { Hono } from 'hono';
import * as z from 'zod';
import * as service from '../../service/submissions.js';
import { act } from '../../service/actions.js';
import { PRINT_HEADERS, printRecord } from '../../records/print.js';
import type { Submission } from '../../store/submissions.js';
import { badRequest } from '../../store/errors.js';
import { parseWith, readJson } from '../body.js';
import type { AppDeps, AppEnv } from '../env.js';
import { STATUSES } from '../../../workflows/language.js';
import { PERIOD_KINDS } from '../../store/table.js';

const name = z.string().min(1).max(64);
const date = z.iso.date();

const createBody = z.strictObject({ formId: name, data: z.unknown().optional() });
const saveBody = z.strictObject({ data: z.unknown(), version: z.number().int().positive() });
const actionBody = z.strictObject({
  action: name,
  version: z.number().int().positive(),
  comment: z.string().max(10_000).optional(),
  data: z.unknown().optional(),
  to: z.string().max(128).optional(),
  reasons: z.record(z.string().max(200), z.string().max(10_000)).optional(),
  position: z.enum(['before', 'after']).optional(),
});
/** The search of API.md: every filter is optional; `period` says which time `from` and `to` bound. */
export const listFilterShape = {
  formId: name.optional(),
  status: z.enum(STATUSES).optional(),
  step: name.optional(),
  orgId: name.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  period: z.enum(PERIOD_KINDS).optional(),
  from: date.optional(),
  to: date.optional(),
};
const listQuery = z.strictObject({
  ...listFilterShape,
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(512).optional(),
}).refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'to before from' });

/** The API shape of a submission: what the store keeps, less its internal bookkeeping. */
export function submissionView(sub: Submission) {
  const { orgPath: _path, seq: _seq, reviewActed: _acted, ...view } = sub;
  return view;
}

function idempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,128}$/.test(header)) {
    throw badRequest({ zh: 'Idempotency-Key 应为 1 到 128 个可见 ASCII 字符', en: 'Idempotency-Key must be 1 to 128 visible ASCII characters' });
  }
  return header;
}

export function submissionRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.post('/', async (c) => {
    const body = await readJson(c, createBody);
    const sub = await service.createDraft(deps, c.get('caller'), body, idempotencyKey(c.req.header('idempotency-key')));
    return c.json(submissionView(sub), 201);
  });

  app.get('/', async (c) => {
    const query = parseWith(listQuery, c.req.query());
    const { limit, cursor, ...filter } = query;
    const page = await service.list(deps, c.get('caller'), filter, limit, cursor);
    // readUnits stays inside: what a search costs is the operator's to measure, not the caller's.
    return c.json({ items: page.items.map(submissionView), nextCursor: page.nextCursor });
  });

  app.get('/:id', async (c) => c.json(submissionView(await service.getVisible(deps, c.get('caller'), c.req.param('id')))));

  app.put('/:id/data', async (c) => {
    const body = await readJson(c, saveBody);
    return c.json(submissionView(await service.saveDraft(deps, c.get('caller'), c.req.param('id'), body)));
  });

  app.post('/:id/actions', async (c) => {
    const body = await readJson(c, actionBody);
    return c.json(submissionView(await act(deps, c.get('caller'), c.req.param('id'), body)));
  });

  app.get('/:id/history', async (c) => c.json({ events: await service.history(deps, c.get('caller'), c.req.param('id')) }));

  app.get('/:id/verify', async (c) => c.json(await service.verify(deps, c.get('caller'), c.req.param('id'))));

  app.get('/:id/print', async (c) => c.html(await printRecord(deps, c.get('caller'), c.req.param('id')), 200, PRINT_HEADERS));

  return app;
}

export function inboxRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', async (c) => c.json({ items: await service.inbox(deps, c.get('caller')) }));
}
