/**
 * What a union member does without an account: `POST /api/member/evaluations` answers the
 * 会员评家 questionnaire with a one-time code. Anonymous by construction: nothing here reads a
 * session, and nothing here logs; the code and the body could rejoin an answer to its holder.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as z from 'zod';
import { currentForm } from '../../service/forms.js';
import { shanghaiDate } from '../../../workflows/calendar.js';
import * as queries from '../../service/member-queries.js';
import * as service from '../../service/rounds.js';
import { DomainError, validationFailed } from '../../store/errors.js';
import type { Choice } from '../../store/rounds.js';
import { readJson } from '../body.js';
import { errorResponse } from '../errors.js';
import type { AppDeps, AppEnv } from '../env.js';

/** A code and a short questionnaire: anything larger is not a member's answer. */
export const MEMBER_BODY_BYTES = 8 * 1024;

const evaluationBody = z.strictObject({ code: z.string().min(1).max(64), answers: z.unknown() });

const queryBody = z.strictObject({
  code: z.string().min(1).max(64),
  disclosureId: z.string().min(1).max(64),
  line: z.unknown(),
  question: z.unknown(),
});

async function checkAnswers(deps: AppDeps, answers: unknown): Promise<{ answers: Record<string, unknown>; overall: Choice }> {
  const form = await currentForm(deps, 'member-evaluation');
  if (!form) throw new DomainError('not_found');
  const checked = service.checkEvaluation(form, answers, shanghaiDate(deps.now()));
  if (!checked.ok) throw validationFailed(checked.issues.map((i) => ({ ...i, path: `answers.${i.path}` })));
  return checked;
}

export function memberRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', bodyLimit({ maxSize: MEMBER_BODY_BYTES, onError: (c) => errorResponse(c, new DomainError('payload_too_large')) }));

  app.post('/evaluations', async (c) => {
    const body = await readJson(c, evaluationBody);
    const { answers } = await checkAnswers(deps, body.answers);
    await service.submitEvaluation(deps, body.code, answers);
    c.header('Cache-Control', 'no-store');
    return c.json({ ok: true }, 201);
  });

  // 经费收支公开: a published disclosure, read through its member link.
  app.get('/disclosures/:id', async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await queries.readDisclosure(deps, c.req.param('id')));
  });

  // 监督意见: a query on a line of a published disclosure, with a one-time code. Accepted, not
  // created: it reaches the union's inbox with the next release, under an id nobody can tie
  // to this request.
  app.post('/queries', async (c) => {
    const body = await readJson(c, queryBody);
    await queries.raiseQuery(deps, body as queries.QueryBody);
    c.header('Cache-Control', 'no-store');
    return c.json({ ok: true }, 202);
  });

  return app;
}
