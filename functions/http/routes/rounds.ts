/**
 * Code rounds: `POST /api/rounds` opens one and answers its codes once, as JSON,
 * or as a printable sheet (`Accept: text/html`) or CSV (`Accept: text/csv`);
 * `GET /api/rounds/{id}` and `GET /api/rounds?submissionId=` read rounds and their tallies.
 */
import { Hono, type Context } from 'hono';
import * as z from 'zod';
import * as service from '../../service/rounds.js';
import { CODE_PURPOSES } from '../../store/codes.js';
import { parseWith, readJson } from '../body.js';
import { answerUrlFor, CODE_SHEET_HEADERS, codeSheetCsv, codeSheetHtml } from '../code-sheet.js';
import type { AppDeps, AppEnv } from '../env.js';

const submissionId = z.string().min(1).max(64);
const openBody = z.strictObject({
  purpose: z.enum(CODE_PURPOSES),
  submissionId: submissionId.optional(),
  count: z.number().int().min(1).max(service.MAX_CODES),
  title: z.string().trim().min(1).max(100).optional(),
});
const listQuery = z.strictObject({ submissionId: submissionId.optional() });

export function roundView(round: service.CountedRound) {
  const { orgPath: _path, ...view } = round;
  return { ...view, satisfactionRate: service.satisfactionRate(round.tally) };
}

/** CSV or HTML only when asked for by name; anything else (a wildcard, JSON) gets JSON. */
function sheetFormat(accept: string | undefined): 'json' | 'html' | 'csv' {
  const types = (accept ?? '').toLowerCase().split(',').map((part) => part.split(';')[0].trim());
  if (types.includes('text/csv')) return 'csv';
  if (types.includes('text/html')) return 'html';
  return 'json';
}

function sheetResponse(c: Context<AppEnv>, format: 'html' | 'csv', round: service.CountedRound, codes: string[], publicUrl: string) {
  const sheet = { orgName: c.get('caller').orgName, round, codes, answerUrl: answerUrlFor(round, publicUrl) };
  if (format === 'html') {
    // The page needs nothing but its own inline style: refuse anything else it might be made to load.
    return c.html(codeSheetHtml(sheet), 201, CODE_SHEET_HEADERS);
  }
  c.header('Content-Disposition', `attachment; filename="codes-${round.id}.csv"`);
  return c.body(codeSheetCsv(sheet), 201, { 'Content-Type': 'text/csv; charset=utf-8' });
}

export function roundRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.post('/', async (c) => {
    const format = sheetFormat(c.req.header('accept'));
    const body = await readJson(c, openBody);
    const { round, codes } = await service.openRound(deps, c.get('caller'), body);
    // The only copy of the codes: no cache may keep one.
    c.header('Cache-Control', 'no-store');
    if (format !== 'json') return sheetResponse(c, format, round, codes, deps.publicUrl);
    return c.json({ round: roundView(round), codes, codesShownOnce: true }, 201);
  });

  app.get('/', async (c) => {
    const { submissionId } = parseWith(listQuery, c.req.query());
    const rounds = await service.listRounds(deps, c.get('caller'), submissionId);
    return c.json({ items: rounds.map(roundView) });
  });

  app.get('/:id', async (c) => c.json(roundView(await service.getRound(deps, c.get('caller'), c.req.param('id')))));

  return app;
}
