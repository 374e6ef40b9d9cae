/**
 * A dry run of a form version about to be published: its validation and computed values
 * replayed over every stored submission of the version it replaces, nothing written. It tells
 * the admin how many records the new rules would refuse that the current ones accept, and
 * why, and which computed values would come out differently, before anyone is affected.
 *
 * Each record is checked as a submit, by both versions, and only what the new version adds
 * counts: a draft is incomplete by nature, and what it lacks under both versions is not the
 * change's doing. A submitted record is judged on the day it last changed, so a rule about
 * "after today" judges it as it was judged then; a draft is judged today.
 */
import type { CompiledForm, FormIssue } from '../../forms/language.js';
import { shanghaiDate } from '../../workflows/calendar.js';
import type { Caller } from '../auth/scope.js';
import { submissionPages } from '../records/exports.js';
import type { Submission } from '../store/submissions.js';
import type { Deps } from './submissions.js';

export type DryRunIssue = FormIssue & { count: number; submissionIds: string[] };

export type DryRun = {
  /** The version replayed over. */
  version: number;
  /** Submissions of that version replayed. */
  submissions: number;
  /** Of those, how many the new version would refuse where the current one does not. */
  wouldFail: number;
  /** Why: each issue only the new version raises (path and message), how often, and up to 5 of the records; most frequent first. */
  issues: DryRunIssue[];
  /** Computed values that would differ from the stored ones, and in how many records. */
  computedChanged: { key: string; count: number }[];
};

const PAGE = 100;
const SAMPLE = 5;
const FILLING = new Set(['draft', 'returned']);

/** A submit's issues for the record, read-only values kept as the server stored them. */
function submitIssues(form: CompiledForm, sub: Submission, today: string): FormIssue[] {
  const result = form.validateSubmit(sub.data, FILLING.has(sub.status) ? today : shanghaiDate(new Date(sub.updatedAt)), sub.data);
  return result.ok ? [] : result.issues;
}

const issueKey = (issue: FormIssue) => `${issue.path}\u0000${issue.message.zh}`;

export async function dryRun(deps: Deps, caller: Caller, form: CompiledForm, before: CompiledForm): Promise<DryRun> {
  const version = before.decl.version;
  const today = shanghaiDate(deps.now());
  const issues = new Map<string, DryRunIssue>();
  const computed = new Map<string, number>();
  let submissions = 0;
  let wouldFail = 0;
  for await (const page of submissionPages(deps.db, caller, { formId: form.decl.id }, PAGE)) {
    for (const sub of page) {
      if (sub.formVersion !== version) continue;
      submissions += 1;
      const already = new Set(submitIssues(before, sub, today).map(issueKey));
      const added = submitIssues(form, sub, today).filter((issue) => !already.has(issueKey(issue)));
      if (added.length > 0) {
        wouldFail += 1;
        for (const issue of added) {
          const key = issueKey(issue);
          const seen = issues.get(key) ?? { ...issue, count: 0, submissionIds: [] };
          seen.count += 1;
          if (seen.submissionIds.length < SAMPLE) seen.submissionIds.push(sub.id);
          issues.set(key, seen);
        }
      }
      const now = form.computed(sub.data);
      for (const key of new Set([...Object.keys(now), ...Object.keys(sub.computed)])) {
        if (JSON.stringify(now[key] ?? null) !== JSON.stringify(sub.computed[key] ?? null)) computed.set(key, (computed.get(key) ?? 0) + 1);
      }
    }
  }
  return {
    version,
    submissions,
    wouldFail,
    issues: [...issues.values()].sort((a, b) => b.count - a.count || a.path.localeCompare(b.path)),
    computedChanged: [...computed].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
  };
}
