/**
 * The members of a group (`org:<orgId>:<role>`): the persons a 会签 step waits for. Read only
 * when a transition enters such a step, so ordinary actions keep their two round trips.
 */
import { gsi1Items, type Db } from './dynamo.js';
import { listing } from './keys.js';

export type Member = { id: string; name: string; orgId: string; roles: string[] };

export async function membersOf(db: Db, orgId: string, role: string): Promise<Member[]> {
  const members: Member[] = [];
  for (const item of await gsi1Items(db, listing.usersOf(orgId).gsi1pk)) {
    const roles = Array.isArray(item.roles) ? (item.roles as string[]) : [];
    // A 特约经审员 (an auditor with assigned unions) works for those unions, not as a member of
    // its organisation's committee, so it does not sign that committee's 会签.
    const assigned = Array.isArray(item.assignedOrgIds) && item.assignedOrgIds.length > 0;
    if (role === 'auditor' && assigned) continue;
    if (roles.includes(role) && !item.disabled) members.push({ id: String(item.id), name: String(item.name), orgId, roles });
  }
  return members;
}
