/**
 * The actions open to one person in the step a submission is in, as a page offers them: each
 * declared action of the step (and 撤回 where the workflow lets the submitter withdraw from a
 * review), with the workflow's own label and what its request needs. "Open" is decided by the
 * engine itself: each candidate is tried with `apply` on an empty request, and it is open
 * unless the engine refuses it as not allowed (not open in the step, not this person's, a
 * reviewer of the submitting union, a second turn of a 依次 step by the same person). A
 * refusal for what the request lacks (a comment, a person, data that meets a condition) leaves
 * it open: the person supplies it. So a page never offers what `act` would refuse for the
 * person or the step, and never withholds what it would take.
 */
import type { Text } from '../forms/language.js';
import { apply, CARRY_DATA, editScope, stepOf, type Actor, type EngineForm, type WorkflowState } from './engine.js';
import type { TargetUser } from './engine-types.js';
import { actionKind, targetsOf, type ActionDecl, type ActionKind, type WorkflowDeclaration } from './language.js';
import { KIND_TITLES } from './words.js';

export type OpenAction = {
  /** The declared name, which the request sends back. */
  name: string;
  kind: ActionKind;
  title: Text;
  /** The engine refuses it without a comment. */
  commentRequired: boolean;
  /** The request names a person by `to` (转交, 加签, 抄送). */
  namesPerson: boolean;
  /** The steps a return may go back to, the default first; empty for the other kinds. */
  returnTargets: string[];
  /** 加签: the positions the step takes (a 依次 step takes a signer after its turns only). */
  positions: ('before' | 'after')[];
  /** It may carry the data the step lets this person change (a re-score, findings, answers). */
  carriesData: boolean;
};

type Candidate = { name: string; decl: ActionDecl; kind: ActionKind };

/** The actions a step declares, and 撤回 where the workflow opens it in this step though the step does not declare it. */
function candidates(workflow: WorkflowDeclaration, state: Pick<WorkflowState, 'step'>): Candidate[] {
  const step = stepOf(workflow, state.step);
  if (!step) return [];
  const out: Candidate[] = [];
  for (const [name, decl] of Object.entries(step.actions)) {
    const kind = actionKind(name, decl);
    if (kind) out.push({ name, decl, kind });
  }
  if (workflow.withdrawUntilActedIn === state.step && !Object.hasOwn(step.actions, 'withdraw')) out.push({ name: 'withdraw', decl: {}, kind: 'withdraw' });
  return out;
}

/** The actions open to `actor` now, in the order the step declares them. */
export function openActions(workflow: WorkflowDeclaration, form: EngineForm, state: WorkflowState, actor: Actor, now: Date): OpenAction[] {
  const step = stepOf(workflow, state.step);
  if (!step) return [];
  const fields = form.decl.sections.flatMap((s) => s.fields);
  // A fill step's data is the fill page's to change; here only a step's declared edits are.
  const takesData = step.kind !== 'fill' && editScope(workflow, state.step, fields) !== undefined;
  return candidates(workflow, state).flatMap(({ name, decl, kind }) => {
    const outcome = apply(workflow, form, state, { action: name }, actor, now);
    if (!outcome.ok && outcome.code === 'action_not_allowed') return [];
    return [
      {
        name,
        kind,
        title: decl.title ?? KIND_TITLES[kind],
        commentRequired: decl.commentRequired === true || kind === 'comment',
        namesPerson: kind === 'transfer' || kind === 'addSigner' || kind === 'cc',
        returnTargets: kind === 'return' ? targetsOf(decl) : [],
        positions: kind === 'addSigner' ? (step.mode === 'sequence' ? ['after'] : ['before', 'after']) : [],
        carriesData: takesData && CARRY_DATA.includes(kind),
      },
    ];
  });
}

/**
 * Of `people`, those the engine would take as the person a 转交, 加签 or 抄送 names: each is
 * tried with `apply`, as the request would name them (a placeholder comment, the first
 * position), and kept unless the engine refuses that person. So a picker offers only people
 * `act` would accept, by the engine's own rules (the step's group, not the submitting union,
 * not oneself, not twice).
 */
export function acceptedPeople(workflow: WorkflowDeclaration, form: EngineForm, state: WorkflowState, action: OpenAction, actor: Actor, people: readonly TargetUser[], now: Date): TargetUser[] {
  if (!action.namesPerson) return [];
  return people.filter((person) => {
    const request = { action: action.name, to: person.id, target: person, comment: '—', ...(action.positions[0] ? { position: action.positions[0] } : {}) };
    const outcome = apply(workflow, form, state, request, actor, now);
    return outcome.ok || !(outcome.issues ?? []).some((issue) => issue.path === 'to');
  });
}
