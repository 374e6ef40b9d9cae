/**
 * The people a reviewer might name in a 转交, 加签 or 抄送: the accounts of the organisations
 * around a submission (each one on its path, from the district down to the union, those its
 * step is assigned to, and the reviewer's own), with their organisations' paths, as the
 * engine needs them to decide. Which of them an action accepts is the engine's to say
 * (workflows/open-actions.ts, `acceptedPeople`). A few organisations, one Query each.
 */
import type { TargetUser } from '../../workflows/engine.js';
import type { Caller } from '../auth/scope.js';
import { getOrg, listUsers } from '../store/accounts.js';
import type { Submission } from '../store/submissions.js';
import type { Deps } from './submissions.js';

export type Person = TargetUser & { orgName: string };

/** The organisation an `org:<id>:<role>` or `assigned:<id>:auditor` key names. */
const orgOfKey = (key: string) => (key.startsWith('org:') || key.startsWith('assigned:') ? key.split(':')[1] : undefined);

export async function peopleAround(deps: Deps, sub: Pick<Submission, 'orgPath' | 'assignees'>, caller: Caller): Promise<Person[]> {
  const orgIds = [...new Set([...sub.orgPath, ...sub.assignees.map((a) => orgOfKey(a.key)), caller.orgId].filter((id): id is string => id !== undefined))];
  const found = await Promise.all(
    orgIds.map(async (orgId) => {
      const [org, users] = await Promise.all([getOrg(deps.db, orgId), listUsers(deps.db, orgId)]);
      if (!org) return [];
      return users
        .filter((u) => !u.disabled && u.id !== caller.id)
        .map((u): Person => ({ id: u.id, name: u.name, orgId: org.id, orgName: org.name, orgPath: org.path, roles: u.roles, ...(u.assignedOrgIds ? { assignedOrgIds: u.assignedOrgIds } : {}) }));
    }),
  );
  return found.flat();
}
