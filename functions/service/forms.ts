/**
 * Which form versions exist: the declarations shipped in forms/ (the built-in versions) and
 * those an admin published since, stored in the table. A version never changes once it
 * exists, so a compiled version is cached for the life of the process; which version is
 * current is re-read at most every few seconds.
 */
import { ulid } from 'ulid';
import { compileForm, DeclarationError } from '../../forms/compile.js';
import { diffDeclarations, type DeclarationChange } from '../../forms/diff.js';
import { startersOf, type CompiledForm, type FormDeclaration } from '../../forms/language.js';
import { currentVersion as builtinCurrent, DECLARATIONS, getForm as builtinForm } from '../../forms/registry.js';
import { todayInShanghai } from '../../forms/validators.js';
import { fitProblems } from '../../workflows/fit.js';
import type { Caller } from '../auth/scope.js';
import { commitAdminChange } from '../store/accounts.js';
import { DomainError, notFound, validationFailed } from '../store/errors.js';
import { listVersions as listStored, readVersion, versionItem, type StoredVersion } from '../store/form-versions.js';
import { dryRun, type DryRun } from './form-dry-run.js';
import { workflowFor } from './workflows.js';
import { mayStart, type Deps } from './submissions.js';

const compiled = new Map<string, CompiledForm>();
const CURRENT_CACHE_MS = 5_000;
const current = new Map<string, { version: number; until: number }>();

export function isKnownForm(id: string): boolean {
  return builtinCurrent(id) !== undefined;
}

/** A form at a version: built-in, or published (one read the first time in this process). */
export async function formAt(deps: Deps, id: string, version: number): Promise<CompiledForm | undefined> {
  const builtin = builtinForm(id, version);
  if (builtin) return builtin;
  if (!isKnownForm(id)) return undefined;
  const key = `${id}@${version}`;
  const cached = compiled.get(key);
  if (cached) return cached;
  const stored = await readVersion(deps.db, id, version);
  if (!stored) return undefined;
  // Published under an older, laxer checker, a version must still serve its submissions.
  const form = compileForm(stored.declaration, { stored: true });
  compiled.set(key, form);
  return form;
}

/** The version new drafts start on: the highest published or built-in. */
export async function currentVersionOf(deps: Deps, id: string): Promise<number | undefined> {
  const builtin = builtinCurrent(id);
  if (builtin === undefined) return undefined;
  const now = Date.now();
  const hit = current.get(id);
  if (hit && hit.until > now) return hit.version;
  const [latest] = await listStored(deps.db, id, 1);
  const version = Math.max(builtin, latest?.version ?? 0);
  current.set(id, { version, until: now + CURRENT_CACHE_MS });
  return version;
}

export async function currentForm(deps: Deps, id: string): Promise<CompiledForm | undefined> {
  const version = await currentVersionOf(deps, id);
  return version === undefined ? undefined : formAt(deps, id, version);
}

export type VersionSummary = { version: number; title: FormDeclaration['title']; publishedAt?: string; publishedBy?: string; replaces?: number; builtin: boolean };

/** Every version of a form, newest first. */
export async function versionsOf(deps: Deps, id: string): Promise<VersionSummary[]> {
  if (!isKnownForm(id)) throw notFound();
  const stored = await listStored(deps.db, id);
  const builtins = DECLARATIONS.filter((d) => d.id === id).map((d) => ({ version: d.version, title: d.title, builtin: true }));
  const published = stored.map((s) => ({
    version: s.version,
    title: s.declaration.title,
    publishedAt: s.publishedAt,
    publishedBy: s.publishedBy,
    replaces: s.replaces,
    builtin: false,
  }));
  return [...published, ...builtins].sort((a, b) => b.version - a.version);
}

/** Every form's current version: who starts it (`startedBy`) and whether the caller can (`canStart`). */
export async function listCurrentForms(deps: Deps, caller: Caller) {
  const ids = [...new Set(DECLARATIONS.map((d) => d.id))];
  return Promise.all(
    ids.map(async (id) => {
      const form = (await currentForm(deps, id))!;
      return { id, version: form.decl.version, title: form.decl.title, startedBy: startersOf(form.decl), canStart: mayStart(caller, form) };
    }),
  );
}

const refused = (zh: string, en: string) => validationFailed([{ path: 'declaration', message: { zh, en } }]);

/** A version checked and ready to store: what publishing and its preview share. */
type Prepared = { id: string; version: number; previous: number | undefined; before: CompiledForm | undefined; form: CompiledForm };

/**
 * A declaration that does not compile: one issue saying so at `declaration` (the first
 * problems in its message), then each problem at its path inside it
 * (`declaration.sections.0.title`), in the checker's words.
 */
function notCompiling(error: DeclarationError) {
  const what = error.message;
  return validationFailed([
    { path: 'declaration', message: { zh: `表单定义有误：${what}`, en: `The declaration is not valid: ${what}` } },
    ...error.issues.map((i) => ({ path: i.path ? `declaration.${i.path}` : 'declaration', message: { zh: i.message, en: i.message } })),
  ]);
}

/**
 * The next version of a known form, compiled and checked (the form's workflow must still find
 * every field it names, and who starts the form may not change), without storing it.
 */
async function prepareVersion(deps: Deps, caller: Caller, id: string, declaration: unknown): Promise<Prepared> {
  if (!caller.roles.includes('admin')) throw new DomainError('forbidden');
  if (!isKnownForm(id)) throw notFound();
  const previous = await currentVersionOf(deps, id);
  const version = (previous ?? 0) + 1;
  const decl = { ...(declaration as Record<string, unknown>), id, version } as unknown as FormDeclaration;
  let form: CompiledForm;
  try {
    // Its example must pass today as well as on the reference day.
    form = compileForm(decl, { today: todayInShanghai(deps.now()) });
  } catch (error) {
    if (error instanceof DeclarationError) throw notCompiling(error);
    throw error;
  }
  // The workflow is built for the form's starters (a member's query opens already submitted).
  const before = previous === undefined ? undefined : await formAt(deps, id, previous);
  if (before && JSON.stringify([...startersOf(before.decl)].sort()) !== JSON.stringify([...startersOf(form.decl)].sort())) {
    throw refused(
      `新版本不能改变表单的发起方（现为 ${startersOf(before.decl).join('、')}）`,
      `A new version cannot change who starts the form (now: ${startersOf(before.decl).join(', ')})`,
    );
  }
  const workflow = await workflowFor(deps, id, version);
  const misfits = workflow ? fitProblems(workflow, form.decl) : [];
  if (misfits.length > 0) {
    throw refused(`流程与此版本的表单不符：${misfits.join('；')}`, `The workflow does not fit this version: ${misfits.join('; ')}`);
  }
  return { id, version, previous, before, form };
}

/** What publishing a version would do: what changes against the current version, and a dry run over its submissions. */
export type VersionPreview = { version: number; changes: DeclarationChange[]; dryRun: DryRun | null };

async function previewOf(deps: Deps, caller: Caller, prepared: Prepared): Promise<VersionPreview> {
  const { before, form, version } = prepared;
  return {
    version,
    changes: before ? diffDeclarations(before.definition(), form.definition()) : [],
    dryRun: before ? await dryRun(deps, caller, form, before) : null,
  };
}

/** The preview of a version an admin is about to publish: checked like a publish, nothing stored. */
export async function previewVersion(deps: Deps, caller: Caller, id: string, declaration: unknown): Promise<VersionPreview> {
  return previewOf(deps, caller, await prepareVersion(deps, caller, id, declaration));
}

/**
 * Publish a new version of a known form: the next number, compiled and checked before it is
 * stored, written only if no one published that number first, with its admin-log entry in
 * the same transaction. The answer says what changed and what the dry run found.
 */
export async function publishVersion(deps: Deps, caller: Caller, id: string, declaration: unknown): Promise<VersionSummary & Omit<VersionPreview, 'version'>> {
  const prepared = await prepareVersion(deps, caller, id, declaration);
  const { form, previous, version } = prepared;
  const preview = await previewOf(deps, caller, prepared);
  const at = deps.now().toISOString();
  const stored: StoredVersion = { formId: id, version, declaration: form.definition() as unknown as FormDeclaration, publishedAt: at, publishedBy: caller.id, replaces: previous ?? 0 };
  const outcome = await commitAdminChange(deps.db, {
    item: versionItem(stored),
    log: {
      id: ulid(),
      at,
      actor: { id: caller.id, name: caller.name },
      action: 'form.publish',
      target: { kind: 'form', id },
      changed: ['version'],
      after: { version, replaces: previous ?? 0 },
    },
  });
  if (outcome === 'conflict') {
    throw new DomainError('version_conflict', { zh: '另一位管理员刚刚发布了新版本，请刷新后重试', en: 'Another admin just published a version; reload and try again' });
  }
  current.delete(id);
  return { version, title: form.decl.title, publishedAt: at, publishedBy: caller.id, replaces: previous ?? 0, builtin: false, changes: preview.changes, dryRun: preview.dryRun };
}
