/**
 * The forms this deployment serves. Adding a form (or a new version of one) is one line in
 * DECLARATIONS; old versions stay listed so submissions filled against them still validate.
 */
import { auditSubmission } from './audit-submission.js';
import { compileForm } from './compile.js';
import { fundOversight } from './fund-oversight.js';
import { fundQuery } from './fund-query.js';
import { homeAssessment } from './home-assessment.js';
import type { CompiledForm, FormDeclaration } from './language.js';
import { memberEvaluation } from './member-evaluation.js';
import { unionRegistration } from './union-registration.js';

export const DECLARATIONS: readonly FormDeclaration[] = [
  unionRegistration,
  homeAssessment,
  memberEvaluation,
  fundOversight,
  fundQuery,
  auditSubmission,
];

/** Compiling builds Zod schemas; done once per form version, on first use. */
const compiled = new Map<string, CompiledForm>();
const cacheKey = (id: string, version: number) => `${id}@${version}`;

/** The highest declared version of `id`, or undefined for an unknown form. */
export function currentVersion(id: string): number | undefined {
  let current: number | undefined;
  for (const d of DECLARATIONS) if (d.id === id && (current === undefined || d.version > current)) current = d.version;
  return current;
}

/** A compiled form; the current version unless `version` is given. */
export function getForm(id: string, version?: number): CompiledForm | undefined {
  const v = version ?? currentVersion(id);
  if (v === undefined) return undefined;
  const key = cacheKey(id, v);
  let form = compiled.get(key);
  if (!form) {
    const decl = DECLARATIONS.find((d) => d.id === id && d.version === v);
    if (!decl) return undefined;
    form = compileForm(decl);
    compiled.set(key, form);
  }
  return form;
}

/** One entry per form, at its current version. */
export function listForms(): { id: string; version: number; title: FormDeclaration['title'] }[] {
  const ids = [...new Set(DECLARATIONS.map((d) => d.id))];
  return ids.map((id) => {
    const decl = getForm(id)!.decl;
    return { id, version: decl.version, title: decl.title };
  });
}
