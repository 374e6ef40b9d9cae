/**
 * The route a submission will take if it is submitted now: the steps it passes, who acts in
 * each and when each is due. It follows the forward action of every step (the fill step's
 * submit, each review's approve) with the engine's own parts: `destination` picks the route
 * of a branching action on the data and its computed values, `resolveAssignees` names the
 * groups a step is assigned to, and `dueAt` gives the due date. Returns, rejects, transfers
 * and added signers are not foreseen: the preview is the path taken when everyone approves.
 *
 * A later step is entered when the step before it acts, which is not known yet, so its due
 * date is reckoned from the latest moment the step before may act (its own due date): the
 * preview gives each step's latest due date.
 */
import type { FormData } from '../forms/language.js';
import { dueAt } from './calendar.js';
import { resolveAssignees } from './engine-people.js';
import { destination, stepOf } from './engine-transitions.js';
import { actionKind, rulesOf, type ActionDecl, type Role, type SigningMode, type StepDecl, type WorkflowDeclaration } from './language.js';

/** Who acts in a step: an organisation's people with a role, the union's 特约经审员, or no one the tree can name. */
export type PreviewWho =
  | { kind: 'org'; orgId: string; role: Role }
  | { kind: 'assignedAuditor'; orgId: string }
  | { kind: 'unresolved' };

export type PreviewStep = {
  step: string;
  title: StepDecl['title'];
  stepKind: StepDecl['kind'];
  /** One entry per turn for 依次, else one entry per group assigned. */
  who: PreviewWho[];
  mode: SigningMode;
  /** End of the last working day to act, ISO-8601 UTC; absent for a step without a due time. */
  dueAt?: string;
};

export type RoutePreview = {
  /** The steps after the current one, in the order the submission passes them. */
  steps: PreviewStep[];
  /** The end step reached when every step approves, if one is reached. */
  end?: { step: string; title: StepDecl['title']; status: StepDecl['status'] };
};

export type PreviewInput = {
  workflow: WorkflowDeclaration;
  /** The step the submission is in now (a fill step). */
  from: string;
  data: FormData;
  computed: Record<string, unknown>;
  /** Organisation ids from the district down to the submitting organisation. */
  orgPath: string[];
  now: Date;
};

/** The kinds of action that carry a submission forward from a step of each kind. */
const FORWARD: Record<StepDecl['kind'], string | undefined> = { fill: 'submit', review: 'approve', end: undefined };

function forwardAction(step: StepDecl): ActionDecl | undefined {
  const wanted = FORWARD[step.kind];
  for (const [name, decl] of Object.entries(step.actions)) if (actionKind(name, decl) === wanted) return decl;
  return undefined;
}

function whoOf(key: string): PreviewWho {
  const [kind, orgId, role] = key.split(':');
  if (kind === 'org' && orgId) return { kind: 'org', orgId, role: role as Role };
  if (kind === 'assigned' && orgId) return { kind: 'assignedAuditor', orgId };
  return { kind: 'unresolved' };
}

export function previewRoute(input: PreviewInput): RoutePreview {
  const { workflow, data, computed, orgPath, now } = input;
  const state = { orgId: orgPath[orgPath.length - 1] ?? '', orgPath };
  const steps: PreviewStep[] = [];
  let current = stepOf(workflow, input.from);
  let enteredAt = now;
  // Every step at most once: a declaration whose approvals loop still gives a finite preview.
  const seen = new Set<string>([input.from]);
  while (current) {
    const action = forwardAction(current);
    if (!action || action.to === undefined) return { steps };
    const { to } = destination({ workflow, decl: action, data, computed });
    const next = stepOf(workflow, to);
    if (!next || seen.has(to)) return { steps };
    seen.add(to);
    if (next.kind === 'end') return { steps, end: { step: to, title: next.title, status: next.status } };
    const who = rulesOf(next).flatMap((rule) => resolveAssignees(rule, state)?.map(whoOf) ?? [{ kind: 'unresolved' as const }]);
    const due = next.dueWorkingDays ? dueAt(enteredAt, next.dueWorkingDays) : undefined;
    steps.push({ step: to, title: next.title, stepKind: next.kind, who, mode: next.mode ?? 'any', ...(due ? { dueAt: due } : {}) });
    if (due) enteredAt = new Date(due);
    current = next;
  }
  return { steps };
}
