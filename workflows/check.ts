/**
 * Static checks of a workflow declaration, so a mistake in a declaration fails a test
 * instead of a request: every target exists, moving actions name a target, returns go back
 * to earlier steps, terminal steps open nothing, every step can be reached, action names
 * have a kind, edit patterns and requirements are well formed.
 */
import { stepsAfter } from './graph.js';
import { ACTION_KINDS, actionKind, targetsOf, type ActionKind, type Requirement, type StepDecl, type WorkflowDeclaration } from './language.js';

const MOVING: readonly ActionKind[] = ['submit', 'approve', 'return', 'reject'];
const KEY = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** A path pattern: field keys joined by dots, `*` standing for a row index after a key, never first. */
function patternProblem(pattern: string): string | undefined {
  const segments = pattern.split('.');
  if (!KEY.test(segments[0])) return 'must start with a field key';
  if (segments.some((s) => s !== '*' && !KEY.test(s))) return 'has a segment that is neither a key nor *';
  return undefined;
}

const isPath = (path: string) => path.split('.').every((s) => KEY.test(s));
const isCount = (n: number) => Number.isInteger(n) && n >= 0;

function requirementProblem(r: Requirement): string | undefined {
  if ('filled' in r) return isPath(r.filled) ? undefined : `names a bad path ${r.filled}`;
  if ('rowsAtLeast' in r || 'rowsAtMost' in r) {
    const [group, n] = 'rowsAtLeast' in r ? r.rowsAtLeast : r.rowsAtMost;
    return isPath(group) && isCount(n) ? undefined : 'needs a group key and a whole number of rows';
  }
  const [group, field] = r.everyRow;
  const fields = r.where ? [field, r.where[0]] : [field];
  return isPath(group) && fields.every(isPath) ? undefined : 'needs a group key and field keys';
}

function checkActions(workflow: WorkflowDeclaration, name: string, step: StepDecl, problems: string[]) {
  const has = (s: string) => Object.hasOwn(workflow.steps, s);
  for (const [action, decl] of Object.entries(step.actions)) {
    const at = `${name}.${action}`;
    const kind = actionKind(action, decl);
    if (!kind || !ACTION_KINDS.includes(kind)) {
      problems.push(`${at} has no kind`);
      continue;
    }
    if ((ACTION_KINDS as readonly string[]).includes(action) && action !== kind) problems.push(`${at} is a built-in name used for kind ${kind}`);
    if (!(ACTION_KINDS as readonly string[]).includes(action) && !decl.title) problems.push(`${at} has no title`);
    const targets = targetsOf(decl);
    if (MOVING.includes(kind) && targets.length === 0) problems.push(`${at} names no target step`);
    if (!MOVING.includes(kind) && targets.length > 0) problems.push(`${at} stays in its step but names a target`);
    if (Array.isArray(decl.to) && kind !== 'return') problems.push(`${at} lists several targets, which only a return may`);
    if (decl.resume && kind !== 'return') problems.push(`${at} has resume, which only a return has`);
    if (kind === 'submit' && step.kind !== 'fill') problems.push(`${at} submits outside a fill step`);
    for (const to of targets) if (!has(to)) problems.push(`${at} leads to unknown step ${to}`);
    for (const r of decl.requires ?? []) {
      const problem = requirementProblem(r);
      if (problem) problems.push(`${at} requirement ${problem}`);
    }
  }
}

export function checkWorkflow(workflow: WorkflowDeclaration): string[] {
  const problems: string[] = [];
  const names = Object.keys(workflow.steps);
  const has = (name: string) => Object.hasOwn(workflow.steps, name);
  if (!has(workflow.initial)) problems.push(`initial step ${workflow.initial} is not declared`);
  if (workflow.withdrawUntilActedIn && !has(workflow.withdrawUntilActedIn)) {
    problems.push(`withdrawUntilActedIn names unknown step ${workflow.withdrawUntilActedIn}`);
  }
  const reached = new Set([workflow.initial]);
  const fromStart = new Set([workflow.initial, ...stepsAfter(workflow, workflow.initial)]);
  for (const [name, step] of Object.entries(workflow.steps)) {
    if (step.kind === 'end' && Object.keys(step.actions).length > 0) problems.push(`end step ${name} opens actions`);
    if (step.kind === 'end' && step.edits) problems.push(`end step ${name} edits data`);
    if (step.kind !== 'end' && !step.assignees) problems.push(`step ${name} has no assignees`);
    if (step.mode === 'all' && step.kind !== 'review') problems.push(`step ${name} is 会签 but not a review step`);
    for (const pattern of step.edits?.paths ?? []) {
      const problem = patternProblem(pattern);
      if (problem) problems.push(`${name} edits ${pattern}, which ${problem}`);
    }
    for (const lock of step.edits?.lockedRows ?? []) {
      if (!isPath(lock.group) || !isPath(lock.where[0])) problems.push(`${name} locks rows with a bad group or field`);
    }
    checkActions(workflow, name, step, problems);
    for (const [action, decl] of Object.entries(step.actions)) {
      for (const to of targetsOf(decl)) reached.add(to);
      // A return goes back: the returning step must follow its target (checked for steps
      // the workflow can reach, so one broken link is reported once).
      if (actionKind(action, decl) === 'return' && fromStart.has(name)) {
        for (const to of targetsOf(decl)) {
          if (has(to) && !stepsAfter(workflow, to).has(name)) problems.push(`${name}.${action} returns to ${to}, which is not an earlier step`);
        }
      }
    }
  }
  for (const name of names) if (!reached.has(name)) problems.push(`step ${name} cannot be reached`);
  return problems;
}
