/** Helpers shared by the tests of the declared forms. */
import type { CompiledForm, FormData, FormIssue, ValidationResult } from '../../forms/language.js';

export const TODAY = '2025-06-01';

export const issues = (r: ValidationResult): FormIssue[] => (r.ok ? [] : r.issues);
export const paths = (r: ValidationResult): string[] => issues(r).map((i) => i.path);
export const warningPaths = (r: ValidationResult): string[] => (r.ok ? r.warnings.map((w) => w.path) : []);
export const messageAt = (r: ValidationResult, path: string) => issues(r).find((i) => i.path === path)?.message;

/** Submits the form's own example with `patch` laid over it (server values as the server would pass them). */
export function submitter(form: CompiledForm) {
  return (patch: FormData, server?: FormData) => form.validateSubmit({ ...form.example(TODAY), ...patch }, TODAY, server);
}
