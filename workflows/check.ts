/**
 * Static checks of a workflow declaration, so a mistake in a declaration fails a test
 * instead of a request: every target exists, moving actions name a target, terminal steps
 * open nothing, every step can be reached.
 */
import type { ActionName, WorkflowDeclaration } from './language.js';

const MOVING: ActionName[] = ['submit', 'approve', 'return', 'reject'];

export function checkWorkflow(workflow: WorkflowDeclaration): string[] {
  const problems: string[] = [];
  const names = Object.keys(workflow.steps);
  const has = (name: string) => Object.hasOwn(workflow.steps, name);
  if (!has(workflow.initial)) problems.push(`initial step ${workflow.initial} is not declared`);
  if (workflow.withdrawUntilActedIn && !has(workflow.withdrawUntilActedIn)) {
    problems.push(`withdrawUntilActedIn names unknown step ${workflow.withdrawUntilActedIn}`);
  }
  const reached = new Set([workflow.initial]);
  for (const [name, step] of Object.entries(workflow.steps)) {
    if (step.kind === 'end' && Object.keys(step.actions).length > 0) problems.push(`end step ${name} opens actions`);
    if (step.kind !== 'end' && !step.assignees) problems.push(`step ${name} has no assignees`);
    for (const [action, decl] of Object.entries(step.actions)) {
      if (MOVING.includes(action as ActionName) && !decl?.to) problems.push(`${name}.${action} names no target step`);
      if (decl?.to) {
        if (!has(decl.to)) problems.push(`${name}.${action} leads to unknown step ${decl.to}`);
        reached.add(decl.to);
      }
    }
  }
  for (const name of names) if (!reached.has(name)) problems.push(`step ${name} cannot be reached`);
  return problems;
}
