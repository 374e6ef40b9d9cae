/**
 * Organisation scope: the rule that matters most. A caller's scope is a list of roots in the
 * organisation tree; a submission is visible when one of the roots is on its organisation
 * path. A grassroots union's submitter sees only its own organisation (`exact`); a reviewer
 * or the district's staff see the subtree under their organisation. Out of scope is answered
 * exactly like "no such id".
 */
import type { Role } from '../../workflows/language.js';

export type ScopeRoot = { orgId: string; depth: number; exact: boolean };

/** Who is calling, as the session remembers it (no database read per request). */
export type Caller = {
  id: string;
  name: string;
  orgId: string;
  orgName: string;
  /** The organisation's English name, where it has one (pages in English show it). */
  orgNameEn?: string;
  /** The caller's organisation path, district first. */
  orgPath: string[];
  roles: Role[];
  scope: ScopeRoot[];
  /** A 特约经审员's assigned unions: it answers to `assigned:<org>:auditor` steps there. */
  assignedOrgIds?: string[];
};

/**
 * The scope roots for a user of an organisation at `orgPath` with `roles`. An auditor with
 * assigned unions (a 特约经审员) sees those unions only, whatever organisation it belongs to.
 */
export function scopeFor(orgPath: string[], roles: Role[], assignedPaths: string[][] = []): ScopeRoot[] {
  if (roles.includes('auditor') && assignedPaths.length > 0) {
    return assignedPaths.map((path) => ({ orgId: path[path.length - 1], depth: path.length - 1, exact: false }));
  }
  const orgId = orgPath[orgPath.length - 1];
  const depth = orgPath.length - 1;
  const seesSubtree = roles.some((r) => r === 'reviewer' || r === 'auditor' || r === 'admin');
  if (seesSubtree) return [{ orgId, depth, exact: false }];
  if (roles.includes('submitter')) return [{ orgId, depth, exact: true }];
  return [];
}

export function inScope(caller: Pick<Caller, 'scope'>, target: { orgId: string; orgPath: string[] }): boolean {
  return caller.scope.some((root) => (root.exact ? target.orgId === root.orgId : target.orgPath.includes(root.orgId)));
}

/**
 * Who may see a submission: its scope, plus the people a step names personally (a transfer,
 * an added signer) and the people copied in (抄送), wherever they sit in the tree.
 */
export function canSee(
  caller: Pick<Caller, 'id' | 'scope'>,
  target: { orgId: string; orgPath: string[]; assignees?: { key: string }[]; cc?: string[]; addedAfter?: { id: string }[] },
): boolean {
  if (inScope(caller, target)) return true;
  if (target.cc?.includes(caller.id)) return true;
  if (target.addedAfter?.some((p) => p.id === caller.id)) return true;
  return target.assignees?.some((a) => a.key === `user:${caller.id}`) ?? false;
}
