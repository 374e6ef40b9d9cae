/** The shape of a workflow as a graph: which steps follow which. Pure, shared by the engine and the checks. */
import { actionKind, targetsOf, type WorkflowDeclaration } from './language.js';

/**
 * The steps reachable from `from` by actions that move forward (every kind but `return`,
 * which goes back), not counting `from` itself unless a cycle leads back to it.
 */
export function stepsAfter(workflow: WorkflowDeclaration, from: string): Set<string> {
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (!Object.hasOwn(workflow.steps, name)) continue;
    for (const [actionName, decl] of Object.entries(workflow.steps[name].actions)) {
      if (actionKind(actionName, decl) === 'return') continue;
      for (const to of targetsOf(decl)) {
        if (!seen.has(to)) {
          seen.add(to);
          queue.push(to);
        }
      }
    }
  }
  return seen;
}
