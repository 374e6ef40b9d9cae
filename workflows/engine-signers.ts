/**
 * Who signs a step: approval under 或签, 会签 and 依次, handing a step to a colleague (转交),
 * adding a signer before or after the step's own assignees (加签), copying someone in (抄送),
 * and the people a 会签 group or a 依次 turn expands into.
 */
import type { FormIssue } from '../forms/language.js';
import { actorKeys, isSubmitterOf, mayReviewIn, resolveAssignees, userKey } from './engine-people.js';
import {
  OWN_UNION,
  advance,
  assignment,
  currentDue,
  groupsToExpand,
  noReviewer,
  refuse,
  stay,
  stepOf,
  turnOf,
  type Ctx,
} from './engine-transitions.js';
import type { Approval, Assignee, GroupMember, Outcome, Refusal, TargetUser, Transition, WorkflowState } from './engine-types.js';
import { ruleOfTurn, type WorkflowDeclaration } from './language.js';

const badTarget = (zh: string, en: string, path = 'to'): Refusal =>
  refuse('validation_failed', zh, en, [{ path, message: { zh, en } } satisfies FormIssue]);

/** The person the request names, as the caller loaded it; the engine cannot look anyone up. */
function namedPerson(ctx: Ctx, zh: string, en: string): TargetUser | Refusal {
  const { request } = ctx;
  if (!request.to || !request.target || request.target.id !== request.to) return badTarget(zh, en);
  return request.target;
}

/**
 * An approval. Under 会签 it removes the approver's keys and the step waits while anyone is
 * left; under 依次 it signs the current turn and hands the step to the next turn's group.
 * Once the step's own approval is complete, people added before (now done) hand back to the
 * held assignees, people added after sign in turn, and only then does the step move on — to
 * the step that returned it here directly, if one did.
 */
export function approve(ctx: Ctx): Outcome {
  const { state, step, actor, now } = ctx;
  const signed = state.approvals ?? [];
  const approvals = [...signed, { id: actor.id, name: actor.name, at: now.toISOString() }];
  const turns = step.mode === 'sequence' ? (step.sequence ?? []) : [];
  const turn = turnOf(step, state);
  if (turn < turns.length) {
    if (signed.some((a) => a.id === actor.id)) {
      return refuse('action_not_allowed', '您已签过本步骤的前一轮，这一轮须由他人签批', 'You signed an earlier turn of this step; someone else signs this one');
    }
    const signature = { signature: { turn: turn + 1, of: turns.length, title: turns[turn].title } };
    if (turn + 1 < turns.length) return nextTurn(ctx, turn + 1, approvals, signature);
    return complete(ctx, approvals, signature);
  }
  const mine = new Set(actorKeys(actor));
  const remaining = step.mode === 'all' ? state.assignees.filter((a) => !mine.has(a.key)) : [];
  if (remaining.length > 0) return stay(ctx, { assignees: remaining, approvals, reviewActed: true });
  return complete(ctx, approvals);
}

/** 依次: the next turn's group takes the step, keeping its due date; the caller expands the group less those who signed. */
function nextTurn(ctx: Ctx, turn: number, approvals: Approval[], changes: Record<string, unknown>): Outcome {
  const { state, step, now } = ctx;
  const keys = resolveAssignees(ruleOfTurn(step, turn), state);
  if (!keys) return noReviewer();
  const since = now.toISOString();
  const due = currentDue(state);
  return stay(
    ctx,
    {
      assignees: keys.map((key) => assignment(key, since, due)),
      approvals,
      reviewActed: true,
      expand: groupsToExpand(step, keys),
      effects: [{ kind: 'notify', keys, reason: 'assigned' }],
    },
    changes,
  );
}

/** The step's own approval is complete: people added before or after, then on. */
function complete(ctx: Ctx, approvals: Approval[], changes?: Record<string, unknown>): Outcome {
  const { state, now } = ctx;
  const held = state.heldAssignees ?? [];
  if (held.length > 0) {
    const keys = held.map((a) => a.key);
    return stay(ctx, { assignees: held, heldAssignees: [], approvals, reviewActed: true, effects: [{ kind: 'notify', keys, reason: 'assigned' }] }, changes);
  }
  const [nextSigner, ...rest] = state.addedAfter ?? [];
  if (nextSigner) {
    const key = userKey(nextSigner.id);
    return stay(
      ctx,
      {
        assignees: [assignment(key, now.toISOString(), currentDue(state))],
        addedAfter: rest,
        approvals,
        reviewActed: true,
        effects: [{ kind: 'notify', keys: [key], reason: 'assigned' }],
      },
      changes,
    );
  }
  return advance(ctx, { reviewActed: true, changes });
}

/**
 * 转交: to another person of the group the step is assigned to; under 会签 only the actor's own
 * place moves. Never to someone of the submitting union where the step reviews it from outside.
 */
export function transfer(ctx: Ctx): Outcome {
  const { state, step, actor, now } = ctx;
  const target = namedPerson(ctx, '转交对象不存在', 'No such person to transfer to');
  if ('ok' in target) return target;
  if (!mayReviewIn(step, target, state)) return badTarget(OWN_UNION.zh, OWN_UNION.en);
  // Any other member of the group the step (under 依次, its current turn) is assigned to,
  // even after an earlier transfer.
  const groupKeys = new Set(resolveAssignees(ruleOfTurn(step, turnOf(step, state)), state) ?? []);
  const already = state.assignees.some((a) => a.key === userKey(target.id));
  if (target.id === actor.id || already || !actorKeys(target).some((k) => groupKeys.has(k))) {
    return badTarget('只能转交给本步骤办理范围内的其他人', 'Transfer only to another person assigned to this step');
  }
  const replacement = assignment(userKey(target.id), now.toISOString(), currentDue(state));
  const mine = new Set(actorKeys(actor));
  const assignees = step.mode === 'all' ? [...state.assignees.filter((a) => !mine.has(a.key)), replacement] : [replacement];
  return stay(
    ctx,
    { assignees, reviewActed: true, effects: [{ kind: 'notify', keys: [replacement.key], reason: 'assigned' }] },
    { to: { id: target.id, name: target.name } },
  );
}

/**
 * 加签. Before: the added person acts first and the step's assignees are held until that
 * person approves. After: the added person signs once the step's own approval is complete.
 * The submitting union's submitters never sign its submission, and where the step reviews the
 * union from outside nobody of the union or below it does.
 */
export function addSigner(ctx: Ctx): Outcome {
  const { state, step, actor, now, request } = ctx;
  const target = namedPerson(ctx, '加签对象不存在', 'No such person to add as a signer');
  if ('ok' in target) return target;
  const position = request.position;
  if (position !== 'before' && position !== 'after') {
    return badTarget('请选择加签在前还是在后', 'Choose whether the signer acts before or after', 'position');
  }
  const key = userKey(target.id);
  // Held assignees sign once whoever was added before them has acted: they sign here too.
  const pending = [...state.assignees, ...(state.heldAssignees ?? [])].some((a) => a.key === key) || (state.addedAfter ?? []).some((p) => p.id === target.id);
  if (target.id === actor.id || pending) {
    return badTarget('该人员已在本步骤的办理人中', 'This person already signs in this step');
  }
  if (isSubmitterOf(target, state)) {
    return badTarget('填报单位的人员不能审批本单位的填报', 'Nobody of the submitting union may sign its own submission');
  }
  if (!mayReviewIn(step, target, state)) return badTarget(OWN_UNION.zh, OWN_UNION.en);
  // Signing is review work: only a reviewer or an auditor can be asked to sign.
  if (!target.roles.some((r) => r === 'reviewer' || r === 'auditor')) {
    return badTarget('加签对象须为审核或审计人员', 'Only a reviewer or an auditor can be added as a signer');
  }
  const changes = { addSigner: { id: target.id, name: target.name, position } };
  // 依次 declares who signs in which order; someone may sign after every turn, not before one.
  if (position === 'before' && step.mode === 'sequence') {
    return badTarget('依次签批的步骤不能前加签，可在最后一轮之后加签', 'A step signed in turn takes a signer after its turns, not before one', 'position');
  }
  if (position === 'after') {
    return stay(ctx, { addedAfter: [...(state.addedAfter ?? []), { id: target.id, name: target.name }], reviewActed: true }, changes);
  }
  // One person added before at a time: a second would need a stack of held assignees.
  if ((state.heldAssignees ?? []).length > 0) {
    return badTarget('已有加签人在办理，请待其办理后再加签', 'Someone added before is still to act', 'position');
  }
  return stay(
    ctx,
    {
      assignees: [assignment(key, now.toISOString(), currentDue(state))],
      heldAssignees: state.assignees,
      reviewActed: true,
      effects: [{ kind: 'notify', keys: [key], reason: 'assigned' }],
    },
    changes,
  );
}

/** 抄送: read-only sight of the submission; the caller widens the person's scope from `cc`. */
export function cc(ctx: Ctx): Outcome {
  const target = namedPerson(ctx, '抄送对象不存在', 'No such person to copy in');
  if ('ok' in target) return target;
  // A copy widens who can read the record: only to review or audit staff, never to another
  // union's people, who must see their own union's submissions only.
  if (!target.roles.some((r) => r === 'reviewer' || r === 'auditor')) {
    return badTarget('只能抄送给审核或审计人员', 'Copy in only a reviewer or an auditor');
  }
  const current = ctx.state.cc ?? [];
  const list = current.includes(target.id) ? current : [...current, target.id];
  return stay(ctx, { cc: list, effects: [{ kind: 'notify', keys: [userKey(target.id)], reason: 'cc' }] }, { cc: { id: target.id, name: target.name } });
}

const EXPAND_REFUSALS = {
  all: {
    empty: ['下一步骤的会签组没有成员，请先由管理员配置账号', 'The next step signs jointly, but its group has no members yet; ask the admin to add accounts'],
    ownUnion: [
      '下一步骤的会签组中有填报单位或其下属单位的人员，不能审核本单位的填报',
      'The next step signs jointly, but its group includes people of the submitting union or below it, who may not review its submission',
    ],
  },
  sequence: {
    empty: [
      '依次签批的这一轮没有可以签批的人员（签过前一轮的人不能再签），请先由管理员配置账号',
      'This turn has nobody left to sign (nobody signs two turns of a step); ask the admin to add accounts',
    ],
    ownUnion: [
      '依次签批的这一轮中有填报单位或其下属单位的人员，不能审核本单位的填报',
      'This turn’s group includes people of the submitting union or below it, who may not review its submission',
    ],
  },
} as const;

/**
 * 会签 and 依次: the transition with each group key it names in `expand` replaced by the
 * personal keys of the group's members, which the caller read from the directory (each with
 * its organisation path); for a 依次 turn, less those who signed an earlier turn. Refused
 * when nobody is left, and, where the step reviews the union from outside, when a member is
 * of the submitting union or below it: every person it names must be able to sign.
 */
export function expandSigners(
  workflow: WorkflowDeclaration,
  state: Pick<WorkflowState, 'orgId'>,
  outcome: Transition,
  members: Readonly<Record<string, readonly GroupMember[]>>,
): Outcome {
  if (outcome.expand.length === 0) return outcome;
  const step = stepOf(workflow, outcome.step);
  const sequence = step?.mode === 'sequence';
  const messages = EXPAND_REFUSALS[sequence ? 'sequence' : 'all'];
  const signed = new Set(sequence ? outcome.approvals.map((a) => a.id) : []);
  const assignees: Assignee[] = [];
  for (const assignee of outcome.assignees) {
    if (!outcome.expand.includes(assignee.key)) {
      assignees.push(assignee);
      continue;
    }
    const group = (Object.hasOwn(members, assignee.key) ? members[assignee.key] : []).filter((m) => !signed.has(m.id));
    if (group.length === 0) return refuse('action_not_allowed', messages.empty[0], messages.empty[1]);
    if (group.some((m) => !mayReviewIn(step, m, state))) return refuse('action_not_allowed', messages.ownUnion[0], messages.ownUnion[1]);
    for (const m of group) assignees.push({ ...assignee, key: userKey(m.id) });
  }
  return { ...outcome, assignees, expand: [] };
}
