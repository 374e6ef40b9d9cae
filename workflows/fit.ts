/**
 * Does a workflow fit a form? Every path its steps edit, lock or require must name a field of
 * the form. Checked for the declared pairs by a test, and again when an admin publishes a new
 * form version, so a version can never strand a workflow step on a field that is gone.
 */
import type { FieldDecl } from '../forms/language.js';
import type { Requirement, WorkflowDeclaration } from './language.js';

/** The parts of a composite field a path may name below its key. */
const SCORE_PARTS = ['score', 'note', 'attachments'];

/** Does the path pattern (`findings.*.answer`, `org_committee.score`) name a field of these fields? */
function names(fields: FieldDecl[], segments: string[]): boolean {
  const field = fields.find((f) => f.key === segments[0]);
  if (!field) return false;
  const rest = segments.slice(1);
  if (rest.length === 0) return true;
  if (field.type === 'group') return rest[0] === '*' && (rest.length === 1 || names(field.fields, rest.slice(1)));
  if (field.type === 'score') return rest.length === 1 && SCORE_PARTS.includes(rest[0]);
  return false;
}

function requirementPaths(r: Requirement): string[] {
  if ('filled' in r) return [r.filled];
  if ('rowsAtLeast' in r) return [r.rowsAtLeast[0]];
  if ('rowsAtMost' in r) return [r.rowsAtMost[0]];
  const [group, field] = r.everyRow;
  return [group, `${group}.*.${field}`, ...(r.where ? [`${group}.*.${r.where[0]}`] : [])];
}

/** Every data path the workflow's declaration names. */
export function declaredPaths(workflow: WorkflowDeclaration): string[] {
  return Object.values(workflow.steps).flatMap((step) => [
    ...(step.edits?.paths ?? []),
    ...(step.edits?.lockedRows ?? []).flatMap((l) => [l.group, `${l.group}.*.${l.where[0]}`]),
    ...Object.values(step.actions).flatMap((a) => (a.requires ?? []).flatMap(requirementPaths)),
  ]);
}

/** The paths the workflow names that the form's fields do not declare (empty when they fit). */
export function unknownPaths(workflow: WorkflowDeclaration, fields: FieldDecl[]): string[] {
  return declaredPaths(workflow).filter((p) => !names(fields, p.split('.')));
}
