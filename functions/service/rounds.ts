/**
 * Code rounds: a union opens one and hands out its codes; members use them without an
 * account (会员评家 now; fund-use queries use the same codes, see store/codes.ts). A round
 * belongs to its organisation and is read under the same scope rule as a submission.
 */
import { randomUUID } from 'node:crypto';
import { inScope, type Caller } from '../auth/scope.js';
import { codeHash, generateCode, putCodes, redeemCode, type CodePurpose } from '../store/codes.js';
import { DomainError, notFound, validationFailed } from '../store/errors.js';
import type { CompiledForm, FormIssue } from '../../forms/language.js';
import { CHOICES, EMPTY_TALLY, evaluationItems, listRounds as listStoredRounds, putRound, readRound, type Choice, type Round, type Tally } from '../store/rounds.js';
import { getVisible, type Deps } from './submissions.js';

export const MAX_CODES = 2000;
const ROUND_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The form a round's submission must be, once forms/ declares it. */
const FORM_OF: Record<CodePurpose, { formId: string; message: { zh: string; en: string } }> = {
  evaluation: { formId: 'home-assessment', message: { zh: '会员评家须关联本单位的职工之家建设自评', en: 'An evaluation round belongs to your union’s home assessment' } },
  'fund-query': { formId: 'fund-oversight', message: { zh: '经费监督须关联本单位的经费收支公开', en: 'A fund-query round belongs to your union’s fund disclosure' } },
};

export type OpenRoundBody = { purpose: CodePurpose; submissionId?: string; count: number; title?: string };

/** (满意 + 基本满意) / answers, DOMAIN.md; null before the first answer. */
export function satisfactionRate(tally: Tally): number | null {
  return tally.answers === 0 ? null : (tally.satisfied + tally.basic) / tally.answers;
}

function freshCodes(count: number): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(generateCode());
  return [...codes];
}

/**
 * Open a round of `count` codes for the caller's own union. The codes are returned once and
 * never stored: only their hashes are.
 */
export async function openRound(deps: Deps, caller: Caller, body: OpenRoundBody): Promise<{ round: Round; codes: string[] }> {
  if (!caller.roles.includes('submitter')) {
    throw new DomainError('forbidden', { zh: '只有基层工会填报人可以发放评议码', en: 'Only a grassroots submitter can open a code round' });
  }
  const expected = FORM_OF[body.purpose];
  if (body.submissionId === undefined && body.purpose === 'evaluation') {
    throw validationFailed([{ path: 'submissionId', message: expected.message }]);
  }
  if (body.submissionId !== undefined) {
    const sub = await getVisible(deps, caller, body.submissionId);
    // Another union's submission, even one in scope, is answered like a missing one.
    if (sub.orgId !== caller.orgId) throw notFound();
    if (sub.formId !== expected.formId) {
      throw validationFailed([{ path: 'submissionId', message: expected.message }]);
    }
  }
  const round: Round = {
    id: randomUUID(),
    orgId: caller.orgId,
    orgPath: caller.orgPath,
    purpose: body.purpose,
    ...(body.submissionId === undefined ? {} : { submissionId: body.submissionId }),
    ...(body.title === undefined ? {} : { title: body.title }),
    count: body.count,
    createdAt: deps.now().toISOString(),
    createdBy: caller.id,
    tally: { ...EMPTY_TALLY },
  };
  const codes = freshCodes(body.count);
  await putCodes(
    deps.db,
    codes.map((code) => ({ hash: codeHash(code), roundId: round.id, orgId: round.orgId, purpose: round.purpose })),
  );
  await putRound(deps.db, round);
  return { round, codes };
}

/** A round the caller may see, or `not_found`, exactly as for a submission. */
export async function getRound(deps: Deps, caller: Caller, id: string): Promise<Round> {
  if (!ROUND_ID.test(id)) throw notFound();
  const round = await readRound(deps.db, id);
  if (!round || !inScope(caller, round)) throw notFound();
  return round;
}

export async function listRounds(deps: Deps, caller: Caller, submissionId?: string): Promise<Round[]> {
  return listStoredRounds(deps.db, caller.orgId, submissionId);
}

/** One member's evaluation: the code is used and the answer and tally written, all at once. */
export async function submitEvaluation(deps: Deps, code: string, answers: Record<string, unknown>, overall: Choice): Promise<void> {
  await redeemCode(deps.db, code, 'evaluation', (owner) => evaluationItems(deps.db, owner.roundId, answers, overall), deps.now());
}

export type CheckedEvaluation = { ok: true; answers: Record<string, unknown>; overall: Choice } | { ok: false; issues: FormIssue[] };

/**
 * A member's answers against the current `member-evaluation` declaration (so the questions can
 * change by year). The tally counts `overall`, so a version must keep its three values.
 */
export function checkEvaluation(form: CompiledForm, input: unknown, today: string): CheckedEvaluation {
  const result = form.validateSubmit(input, today);
  if (!result.ok) return { ok: false, issues: result.issues };
  const overall = result.data.overall as Choice;
  if (!CHOICES.includes(overall)) {
    return { ok: false, issues: [{ path: 'overall', message: { zh: '取值不在允许范围内', en: 'Not one of the allowed values' } }] };
  }
  return { ok: true, answers: result.data, overall };
}
