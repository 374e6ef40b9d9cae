/**
 * The checks across a workflow declaration, run by its schema (schema.ts) once the shapes
 * parse, so a mistake in a declaration fails a test or a publication instead of a request:
 * every step an action names exists, moving actions name a target, routes end in a default,
 * returns go back to earlier steps, terminal steps open nothing, every step can be reached,
 * action names have a kind, 会签 and 依次 are declared where they can work, edit patterns,
 * conditions' paths and parameters are well formed. Each problem is reported at its path,
 * in words that name the step and action.
 */
import type { z } from 'zod';
import type { Condition } from '../forms/language.js';
import { conditionReads } from './conditions.js';
import { stepsAfter } from './graph.js';
import {
  ACTION_KINDS,
  actionKind,
  routesOf,
  targetsOf,
  type ActionDecl,
  type ActionKind,
  type StepDecl,
  type WorkflowDeclaration,
} from './language.js';

const MOVING: readonly ActionKind[] = ['submit', 'approve', 'return', 'reject'];
const KEY = /^[A-Za-z][A-Za-z0-9_]*$/;
/** A path into the data: field keys, and row numbers after a key. */
const PATH = /^[A-Za-z][A-Za-z0-9_]*(\.([A-Za-z][A-Za-z0-9_]*|\d+))*$/;

type Path = (string | number)[];
type Report = (message: string, path: Path) => void;

/** A path pattern: field keys joined by dots, `*` standing for a row index after a key, never first. */
function patternProblem(pattern: string): string | undefined {
  const segments = pattern.split('.');
  if (!KEY.test(segments[0])) return 'must start with a field key';
  if (segments.some((s) => s !== '*' && !KEY.test(s))) return 'has a segment that is neither a key nor *';
  return undefined;
}

/** A condition's own problems: a path that is not a path, a parameter the workflow does not declare. */
function conditionProblems(cond: Condition, params: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const read of conditionReads(cond)) {
    if (read.kind === 'param') {
      if (!params.has(read.name)) problems.push(`reads parameter ${read.name}, which the workflow does not declare`);
    } else {
      const named = read.kind === 'field' ? [read.path] : [read.group, ...(read.column ? [read.column] : [])];
      for (const p of named) if (!PATH.test(p)) problems.push(`names a bad path ${p}`);
    }
  }
  return problems;
}

function checkRoutes(decl: ActionDecl, at: string, where: Path, params: ReadonlySet<string>, report: Report) {
  const routes = routesOf(decl);
  if (!routes) return;
  routes.forEach((route, i) => {
    const last = i === routes.length - 1;
    if (last && route.when) report(`${at} routes have no default: the last route has a condition`, [...where, 'to', i, 'when']);
    if (!last && !route.when) report(`${at} route ${i + 1} has no condition, so the routes after it are never taken`, [...where, 'to', i]);
    if (route.when) for (const p of conditionProblems(route.when, params)) report(`${at} route ${i + 1} ${p}`, [...where, 'to', i, 'when']);
  });
}

function checkRequirements(decl: ActionDecl, at: string, where: Path, params: ReadonlySet<string>, report: Report) {
  (decl.requires ?? []).forEach((r, i) => {
    const path: Path = [...where, 'requires', i];
    const conditions = 'each' in r ? [r.that, ...(r.where ? [r.where] : [])] : [r.that];
    for (const c of conditions) for (const p of conditionProblems(c, params)) report(`${at} requirement ${p}`, path);
    if ('each' in r && !KEY.test(r.each)) report(`${at} requirement names a bad group ${r.each}`, [...path, 'each']);
    if (r.path !== undefined && !PATH.test(r.path)) report(`${at} requirement reports at a bad path ${r.path}`, [...path, 'path']);
  });
}

function checkActions(workflow: WorkflowDeclaration, name: string, step: StepDecl, report: Report) {
  const has = (s: string) => Object.hasOwn(workflow.steps, s);
  const params = new Set(Object.keys(workflow.params ?? {}));
  for (const [action, decl] of Object.entries(step.actions)) {
    const at = `${name}.${action}`;
    const where: Path = ['steps', name, 'actions', action];
    const kind = actionKind(action, decl);
    if (!kind || !ACTION_KINDS.includes(kind)) {
      report(`${at} has no kind`, where);
      continue;
    }
    if ((ACTION_KINDS as readonly string[]).includes(action) && action !== kind) report(`${at} is a built-in name used for kind ${kind}`, [...where, 'kind']);
    if (!(ACTION_KINDS as readonly string[]).includes(action) && !decl.title) report(`${at} has no title`, where);
    const targets = targetsOf(decl);
    if (MOVING.includes(kind) && targets.length === 0) report(`${at} names no target step`, where);
    if (!MOVING.includes(kind) && targets.length > 0) report(`${at} stays in its step but names a target`, [...where, 'to']);
    const routes = routesOf(decl);
    if (Array.isArray(decl.to) && !routes && kind !== 'return') report(`${at} lists several targets, which only a return may`, [...where, 'to']);
    if (routes && kind === 'return') report(`${at} is a return, which goes where the request says, not by routes`, [...where, 'to']);
    if (decl.resume && kind !== 'return') report(`${at} has resume, which only a return has`, [...where, 'resume']);
    if (kind === 'submit' && step.kind !== 'fill') report(`${at} submits outside a fill step`, where);
    targets.forEach((to, i) => {
      if (!has(to)) report(`${at} leads to unknown step ${to}`, [...where, 'to', ...(typeof decl.to === 'string' ? [] : routes ? [i, 'to'] : [i])]);
    });
    checkRoutes(decl, at, where, params, report);
    checkRequirements(decl, at, where, params, report);
  }
}

function checkSigning(name: string, step: StepDecl, report: Report) {
  const where: Path = ['steps', name];
  if (step.mode === 'all' && step.kind !== 'review') report(`step ${name} is 会签 but not a review step`, [...where, 'mode']);
  if (step.mode === 'sequence') {
    if (step.kind !== 'review') report(`step ${name} is 依次 but not a review step`, [...where, 'mode']);
    if ((step.sequence ?? []).length < 2) report(`step ${name} is 依次 but declares fewer than two turns`, [...where, 'sequence']);
    if (step.assignees) report(`step ${name} is 依次: its turns say who signs, so it declares no assignees`, [...where, 'assignees']);
  } else if (step.sequence) {
    report(`step ${name} declares turns but is not 依次 (mode: sequence)`, [...where, 'sequence']);
  }
  const assigned = step.mode === 'sequence' ? (step.sequence ?? []).length > 0 : step.assignees !== undefined;
  if (step.kind !== 'end' && !assigned) report(`step ${name} has no assignees`, where);
}

function checkEditsOf(workflow: WorkflowDeclaration, name: string, step: StepDecl, report: Report) {
  const edits = step.edits;
  if (!edits) return;
  const where: Path = ['steps', name, 'edits'];
  const params = new Set(Object.keys(workflow.params ?? {}));
  if (step.kind === 'end') report(`end step ${name} edits data`, where);
  if (edits.paths === undefined && edits.fields === undefined) report(`${name} edits neither paths nor fields`, where);
  (edits.paths ?? []).forEach((pattern, i) => {
    const problem = patternProblem(pattern);
    if (problem) report(`${name} edits ${pattern}, which ${problem}`, [...where, 'paths', i]);
  });
  (edits.lockedRows ?? []).forEach((lock, i) => {
    if (!KEY.test(lock.group) || conditionProblems(lock.where, params).length > 0) {
      report(`${name} locks rows with a bad group or field`, [...where, 'lockedRows', i]);
    }
  });
}

/** The checks across a declaration, for the schema's superRefine. */
export function checkReferences(workflow: WorkflowDeclaration, ctx: z.RefinementCtx): void {
  const report: Report = (message, path) => ctx.addIssue({ code: 'custom', message, path });
  const names = Object.keys(workflow.steps);
  const has = (name: string) => Object.hasOwn(workflow.steps, name);
  if (!has(workflow.initial)) report(`initial step ${workflow.initial} is not declared`, ['initial']);
  if (workflow.withdrawUntilActedIn !== undefined && !has(workflow.withdrawUntilActedIn)) {
    report(`withdrawUntilActedIn names unknown step ${workflow.withdrawUntilActedIn}`, ['withdrawUntilActedIn']);
  }
  const reached = new Set([workflow.initial]);
  const fromStart = new Set([workflow.initial, ...stepsAfter(workflow, workflow.initial)]);
  for (const [name, step] of Object.entries(workflow.steps)) {
    if (step.kind === 'end' && Object.keys(step.actions).length > 0) report(`end step ${name} opens actions`, ['steps', name, 'actions']);
    checkSigning(name, step, report);
    checkEditsOf(workflow, name, step, report);
    checkActions(workflow, name, step, report);
    for (const [action, decl] of Object.entries(step.actions)) {
      for (const to of targetsOf(decl)) reached.add(to);
      // A return goes back: the returning step must follow its target (checked for steps
      // the workflow can reach, so one broken link is reported once).
      if (actionKind(action, decl) === 'return' && fromStart.has(name)) {
        for (const to of targetsOf(decl)) {
          if (has(to) && !stepsAfter(workflow, to).has(name)) {
            report(`${name}.${action} returns to ${to}, which is not an earlier step`, ['steps', name, 'actions', action, 'to']);
          }
        }
      }
    }
  }
  for (const name of names) if (!reached.has(name)) report(`step ${name} cannot be reached`, ['steps', name]);
}
