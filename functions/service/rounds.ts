/**
 * Code rounds: a union opens one and hands out its codes; members use them without an
 * account (会员评家, and fund-use queries: member-queries.ts). A round belongs to its
 * organisation and is read under the same scope rule as a submission; its tally is counted
 * from the anonymous answers whenever it is read (store/rounds.ts).
 */
import { randomUUID } from 'node:crypto';
import { inScope, type Caller } from '../auth/scope.js';
import { codeHash, codeItem, codeRejected, generateCode, putAnonymous, redeemCode, type CodePurpose } from '../store/codes.js';
import { DomainError, notFound, validationFailed } from '../store/errors.js';
import type { CompiledForm, FormIssue } from '../../forms/language.js';
import {
  answerSlotItems,
  CHOICES,
  EMPTY_TALLY,
  fillSlotItem,
  listRounds as listStoredRounds,
  putRound,
  readRound,
  roundTally,
  type Choice,
  type Round,
  type Tally,
} from '../store/rounds.js';
import { stepOf } from '../../workflows/engine.js';
import { definitionOf, getVisible, type Deps } from './submissions.js';

export const MAX_CODES = 2000;
const ROUND_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The form a round's submission must be, once forms/ declares it. */
const FORM_OF: Record<CodePurpose, { formId: string; message: { zh: string; en: string } }> = {
  evaluation: { formId: 'home-assessment', message: { zh: '会员评家须关联本单位的职工之家建设自评', en: 'An evaluation round belongs to your union’s home assessment' } },
  'fund-query': { formId: 'fund-oversight', message: { zh: '经费监督须关联本单位的经费收支公开', en: 'A fund-query round belongs to your union’s fund disclosure' } },
};

/** What the codes of a round are called: 评议码 for 会员评家, 监督码 for members' fund queries. */
const CODE_WORD: Record<CodePurpose, string> = { evaluation: '评议码', 'fund-query': '监督码' };

const STILL_FILLING = {
  zh: '会员评家只能在职工之家建设自评填报期间（草稿或退回修改时）发放，此自评已经提交',
  en: 'Members evaluate a home assessment only while it is being filled (a draft, or returned); this one is already submitted',
};

export type OpenRoundBody = { purpose: CodePurpose; submissionId?: string; count: number; title?: string };

/** A round as it is shown: with its tally, counted now (a fund-query round has none). */
export type CountedRound = Round & { tally: Tally };

async function counted(deps: Deps, round: Round): Promise<CountedRound> {
  const tally = round.purpose === 'evaluation' ? await roundTally(deps.db, round.id) : { ...EMPTY_TALLY };
  return { ...round, tally };
}

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
export async function openRound(deps: Deps, caller: Caller, body: OpenRoundBody): Promise<{ round: CountedRound; codes: string[] }> {
  if (!caller.roles.includes('submitter')) {
    throw new DomainError('forbidden', { zh: `只有基层工会填报人可以发放${CODE_WORD[body.purpose] ?? '一次性码'}`, en: 'Only a grassroots submitter can open a code round' });
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
    // The tally is copied into the assessment at submit: answers given after it would count for nothing.
    if (body.purpose === 'evaluation') {
      const { workflow } = await definitionOf(deps, sub);
      if (stepOf(workflow, sub.step)?.kind !== 'fill') throw validationFailed([{ path: 'submissionId', message: STILL_FILLING }]);
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
  };
  const codes = freshCodes(body.count);
  const owner = { roundId: round.id, orgId: round.orgId, purpose: round.purpose, ...(round.submissionId ? { submissionId: round.submissionId } : {}) };
  await putAnonymous(deps.db, [
    ...codes.map((code) => codeItem({ hash: codeHash(code), ...owner })),
    ...(round.purpose === 'evaluation' ? answerSlotItems(round.id, codes.length) : []),
  ]);
  await putRound(deps.db, round);
  return { round: { ...round, tally: { ...EMPTY_TALLY } }, codes };
}

/** A round the caller may see, or `not_found`, exactly as for a submission. */
export async function getRound(deps: Deps, caller: Caller, id: string): Promise<CountedRound> {
  if (!ROUND_ID.test(id)) throw notFound();
  const round = await readRound(deps.db, id);
  if (!round || !inScope(caller, round)) throw notFound();
  return counted(deps, round);
}

export async function listRounds(deps: Deps, caller: Caller, submissionId?: string): Promise<CountedRound[]> {
  return Promise.all((await listStoredRounds(deps.db, caller.orgId, submissionId)).map((round) => counted(deps, round)));
}

/** The tally of every evaluation round opened for a submission, added up. */
export async function submissionTally(deps: Deps, orgId: string, submissionId: string): Promise<Tally> {
  const rounds = (await listStoredRounds(deps.db, orgId, submissionId)).filter((r) => r.purpose === 'evaluation');
  const total = { ...EMPTY_TALLY };
  for (const { tally } of await Promise.all(rounds.map((round) => counted(deps, round)))) {
    for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += tally[key];
  }
  return total;
}

/** One member's evaluation: the code is used and the answers put in an empty slot, at once. */
export async function submitEvaluation(deps: Deps, code: string, answers: Record<string, unknown>): Promise<void> {
  await redeemCode(deps.db, code, 'evaluation', {
    items: async (owner) => {
      const slot = await fillSlotItem(deps.db, owner.roundId, answers);
      if (!slot) throw codeRejected('evaluation');
      return [slot];
    },
  });
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
