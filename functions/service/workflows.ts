/**
 * Which workflow versions exist: the declarations shipped in workflows/ (version 1 unless they
 * say) and those an admin published since, stored in the table. A workflow version names the
 * versions of its form it serves; a new draft runs the newest version that serves its form
 * version, and a submission keeps the workflow version it started on, forever, as it keeps its
 * form version. Publishing checks the pair: the workflow must fit every existing form version
 * it serves.
 */
import { ulid } from 'ulid';
import type { CompiledForm } from '../../forms/language.js';
import { fitProblems } from '../../workflows/fit.js';
import { servesFormVersion, versionOf, type WorkflowDeclaration } from '../../workflows/language.js';
import { allWorkflows } from '../../workflows/registry.js';
import { parseWorkflow } from '../../workflows/schema.js';
import type { Caller } from '../auth/scope.js';
import { commitAdminChange } from '../store/accounts.js';
import { DomainError, notFound, validationFailed } from '../store/errors.js';
import { listWorkflowVersions, workflowVersionItem, type StoredWorkflowVersion } from '../store/form-versions.js';
import { formAt, versionsOf } from './forms.js';
import type { Deps } from './submissions.js';

const CACHE_MS = 5_000;
const published = new Map<string, { versions: WorkflowDeclaration[]; stored: StoredWorkflowVersion[]; until: number }>();

const builtinOf = (workflowId: string) => allWorkflows().filter((w) => w.id === workflowId);
const workflowIdOf = (formId: string) => allWorkflows().find((w) => w.formId === formId)?.id;

/** Every version of a workflow, newest first: the published ones (re-read every few seconds) and the built-in. */
async function versionsOfWorkflow(deps: Deps, workflowId: string): Promise<{ versions: WorkflowDeclaration[]; stored: StoredWorkflowVersion[] }> {
  const now = Date.now();
  const hit = published.get(workflowId);
  if (hit && hit.until > now) return hit;
  const stored = await listWorkflowVersions(deps.db, workflowId);
  const versions = [...stored.map((s) => s.declaration), ...builtinOf(workflowId)].sort((a, b) => versionOf(b) - versionOf(a));
  const entry = { versions, stored, until: now + CACHE_MS };
  published.set(workflowId, entry);
  return entry;
}

/** The workflow a submission of this form version runs: the newest version that serves it. */
export async function workflowFor(deps: Deps, formId: string, formVersion: number): Promise<WorkflowDeclaration | undefined> {
  const id = workflowIdOf(formId);
  if (!id) return undefined;
  return (await versionsOfWorkflow(deps, id)).versions.find((w) => servesFormVersion(w, formVersion));
}

/** A form's workflow at a version (a submission's, forever); version 1 for one stored before versions existed. */
export async function workflowAt(deps: Deps, formId: string, version = 1): Promise<WorkflowDeclaration | undefined> {
  const id = workflowIdOf(formId);
  if (!id) return undefined;
  return (await versionsOfWorkflow(deps, id)).versions.find((w) => versionOf(w) === version);
}

export type WorkflowVersionSummary = {
  version: number;
  title: WorkflowDeclaration['title'];
  formVersions: WorkflowDeclaration['formVersions'] | null;
  publishedAt?: string;
  publishedBy?: string;
  replaces?: number;
  builtin: boolean;
};

const summary = (w: WorkflowDeclaration, stored?: StoredWorkflowVersion): WorkflowVersionSummary => ({
  version: versionOf(w),
  title: w.title,
  formVersions: w.formVersions ?? null,
  ...(stored ? { publishedAt: stored.publishedAt, publishedBy: stored.publishedBy, replaces: stored.replaces } : {}),
  builtin: !stored,
});

/** Every version of a workflow, newest first. */
export async function workflowVersions(deps: Deps, workflowId: string): Promise<WorkflowVersionSummary[]> {
  if (builtinOf(workflowId).length === 0) throw notFound();
  const { versions, stored } = await versionsOfWorkflow(deps, workflowId);
  return versions.map((w) => summary(w, stored.find((s) => s.version === versionOf(w))));
}

export async function workflowVersion(deps: Deps, workflowId: string, version: number): Promise<WorkflowDeclaration> {
  if (builtinOf(workflowId).length === 0) throw notFound();
  const found = (await versionsOfWorkflow(deps, workflowId)).versions.find((w) => versionOf(w) === version);
  if (!found) throw notFound();
  return found;
}

/** Every workflow, its newest version. */
export async function currentWorkflows(deps: Deps): Promise<WorkflowVersionSummary[]> {
  const ids = [...new Set(allWorkflows().map((w) => w.id))];
  return Promise.all(ids.map(async (id) => summary((await versionsOfWorkflow(deps, id)).versions[0])));
}

const refused = (issues: { path: string; zh: string; en: string }[]) =>
  validationFailed(issues.map((i) => ({ path: i.path, message: { zh: i.zh, en: i.en } })));

/**
 * Publish the next version of a workflow: parsed and checked by the language's schema, the
 * same form, and fitting every existing version of the form it serves; stored only if no one
 * published that number first, with its admin-log entry in the same transaction.
 */
export async function publishWorkflowVersion(deps: Deps, caller: Caller, workflowId: string, declaration: unknown): Promise<WorkflowVersionSummary> {
  if (!caller.roles.includes('admin')) throw new DomainError('forbidden');
  const builtin = builtinOf(workflowId)[0];
  if (!builtin) throw notFound();
  const { versions } = await versionsOfWorkflow(deps, workflowId);
  const previous = versionOf(versions[0]);
  const version = previous + 1;
  const parsed = parseWorkflow({ ...(declaration as Record<string, unknown>), id: workflowId, formId: builtin.formId, version });
  if (!parsed.ok) {
    throw refused(parsed.issues.map((i) => ({ path: ['declaration', ...i.path].join('.'), zh: i.message, en: i.message })));
  }
  const workflow = parsed.workflow;
  const served: CompiledForm[] = [];
  for (const { version: formVersion } of await versionsOf(deps, builtin.formId)) {
    if (!servesFormVersion(workflow, formVersion)) continue;
    const form = await formAt(deps, builtin.formId, formVersion);
    if (form) served.push(form);
  }
  const misfits = served.flatMap((form) =>
    fitProblems(workflow, form.decl).map((problem) => ({
      path: 'declaration',
      zh: `不适用于表单第 ${form.decl.version} 版：${problem}`,
      en: `Does not fit version ${form.decl.version} of the form: ${problem}`,
    })),
  );
  if (misfits.length > 0) throw refused(misfits);
  const at = deps.now().toISOString();
  const stored: StoredWorkflowVersion = { workflowId, version, declaration: workflow, publishedAt: at, publishedBy: caller.id, replaces: previous };
  const outcome = await commitAdminChange(deps.db, {
    item: workflowVersionItem(stored),
    log: {
      id: ulid(),
      at,
      actor: { id: caller.id, name: caller.name },
      action: 'workflow.publish',
      target: { kind: 'workflow', id: workflowId },
      changed: ['version'],
      after: { version, replaces: previous, formVersions: workflow.formVersions ?? null },
    },
  });
  if (outcome === 'conflict') {
    throw new DomainError('version_conflict', { zh: '另一位管理员刚刚发布了新版本，请刷新后重试', en: 'Another admin just published a version; reload and try again' });
  }
  published.delete(workflowId);
  return summary(workflow, stored);
}
