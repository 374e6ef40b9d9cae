/**
 * The inbox as a person works it: each entry under the caller's own keys joined with its
 * submission, so the page knows the submission's version (what a batch action carries), the
 * workflow version it runs (whose step titles it shows) and which of the caller's keys the
 * step assigned it by (why it is theirs). The entries are read as `inbox` reads them; the
 * submissions in one BatchGetItem per hundred, whatever the number of entries, projected to
 * their summary: a form's data is most of an item and none of it is shown here.
 */
import { actorKeys } from '../../workflows/engine.js';
import { isPersonKey } from '../../workflows/engine-people.js';
import type { WorkflowDeclaration } from '../../workflows/language.js';
import type { Caller } from '../auth/scope.js';
import { getOrg } from '../store/accounts.js';
import { readSubmissionSummaries, type SubmissionSummary } from '../store/submission-summaries.js';
import { inbox, type Deps } from './submissions.js';
import { workflowAt } from './workflows.js';

export type InboxItem = {
  sub: SubmissionSummary;
  /** The workflow version the submission runs, when it is still known. */
  workflow?: WorkflowDeclaration;
  /** The caller's key the current step is assigned to: `org:<id>:<role>`, `user:<id>`, `assigned:<org>:auditor`. */
  key: string;
  /** The organisation the key names (`org:` and `assigned:` keys), in both languages. */
  keyOrg?: { zh: string; en: string };
  since: string;
  dueAt?: string;
};

/** The organisation an `org:<id>:<role>` or `assigned:<id>:auditor` key names; none for a person's key. */
const orgIdOfKey = (key: string): string | undefined => (key.startsWith('org:') || key.startsWith('assigned:') ? key.split(':')[1] : undefined);

/**
 * Of the caller's keys among the assignees, the most particular: a name (转交, 加签, a 会签
 * member) says more than an assignment, and an assignment more than a role.
 */
function matchedKey(caller: Caller, sub: SubmissionSummary): SubmissionSummary['assignees'][number] | undefined {
  const mine = actorKeys(caller);
  const rank = (key: string) => (isPersonKey(key) ? 0 : key.startsWith('assigned:') ? 1 : 2);
  return sub.assignees
    .filter((a) => mine.includes(a.key))
    .sort((a, b) => rank(a.key) - rank(b.key))[0];
}

/** Soonest due first; those without a due date after, the longest waiting first. */
export function byDue(a: Pick<InboxItem, 'dueAt' | 'since'>, b: Pick<InboxItem, 'dueAt' | 'since'>): number {
  if (a.dueAt !== b.dueAt) {
    if (a.dueAt === undefined) return 1;
    if (b.dueAt === undefined) return -1;
    return Date.parse(a.dueAt) - Date.parse(b.dueAt);
  }
  return Date.parse(a.since) - Date.parse(b.since);
}

/**
 * What waits for the caller, ordered by due date. An entry whose submission no longer names
 * one of the caller's keys is left out: only a step assigned to the caller is shown as theirs.
 */
export async function inboxItems(deps: Deps, caller: Caller): Promise<InboxItem[]> {
  const entries = await inbox(deps, caller);
  const subs = await readSubmissionSummaries(deps.db, entries.map((e) => e.submissionId));
  const workflows = new Map<string, Promise<WorkflowDeclaration | undefined>>();
  const workflowOf = (sub: SubmissionSummary) => {
    const id = `${sub.formId}@${sub.workflowVersion ?? 1}`;
    if (!workflows.has(id)) workflows.set(id, workflowAt(deps, sub.formId, sub.workflowVersion));
    return workflows.get(id)!;
  };
  // A handful of organisations at most (the caller's own, its assigned unions): one read each.
  const orgs = new Map<string, Promise<{ zh: string; en: string }>>();
  const orgName = (orgId: string, fallback: string) => {
    if (!orgs.has(orgId)) orgs.set(orgId, getOrg(deps.db, orgId).then((o) => (o ? { zh: o.name, en: o.nameEn ?? o.name } : { zh: fallback, en: fallback })));
    return orgs.get(orgId)!;
  };
  const items = await Promise.all(
    entries.map(async (entry): Promise<InboxItem | undefined> => {
      const sub = subs.get(entry.submissionId);
      const assignee = sub && matchedKey(caller, sub);
      if (!sub || !assignee) return undefined;
      const orgId = orgIdOfKey(assignee.key);
      const fallback = orgId === caller.orgId ? caller.orgName : orgId === sub.orgId ? sub.orgName : (orgId ?? '');
      const [workflow, keyOrg] = await Promise.all([workflowOf(sub), orgId ? orgName(orgId, fallback) : undefined]);
      return { sub, workflow, key: assignee.key, keyOrg, since: assignee.since, dueAt: assignee.dueAt };
    }),
  );
  return items.filter((i): i is InboxItem => i !== undefined).sort(byDue);
}
