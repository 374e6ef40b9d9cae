/**
 * The admin's use cases (assignments are data, managed by the admin): organisations,
 * accounts and 特约经审员 assignments (定点联系). Every change is one transaction with its
 * audit-log entry. A change to what an account may do (roles, assignments, password, disabled)
 * ends that account's sessions in the same transaction: a session remembers its caller's
 * scope from sign-in, so only a new sign-in picks the change up.
 */
import { monotonicFactory } from 'ulid';
import type { FormIssue, Text } from '../../forms/language.js';
import type { Role } from '../../workflows/language.js';
import { shanghaiDate } from '../../workflows/calendar.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.js';
import type { Caller } from '../auth/scope.js';
import {
  adminLogMonth,
  commitAdminChange,
  getOrg,
  listOrgs,
  listUsers,
  orgItem,
  readAdminLog,
  readOrgForChange,
  readUserForChange,
  sessionHashesOf,
  userItem,
  type AdminLogEntry,
  type Org,
  type User,
} from '../store/accounts.js';
import type { Db } from '../store/dynamo.js';
import { badRequest, DomainError, notFound, validationFailed, versionConflict } from '../store/errors.js';

export type Deps = { db: Db; now: () => Date };

/** Account roles: `member` is not one, members take part anonymously with one-time codes. */
export const ACCOUNT_ROLES = ['submitter', 'reviewer', 'auditor', 'admin'] as const satisfies readonly Role[];
type AccountRole = (typeof ACCOUNT_ROLES)[number];

export const ORG_ID = /^[a-z0-9-]{2,40}$/;
export const USER_ID = /^[a-z0-9._-]{2,64}$/;

const newId = monotonicFactory();

export function assertAdmin(caller: Caller): void {
  if (!caller.roles.includes('admin')) {
    throw new DomainError('forbidden', { zh: '只有系统管理员可以管理组织和账号', en: 'Only the admin manages organisations and accounts' });
  }
}

// ---- views: what the API shows (never a password hash) ----

export function orgView(org: Org) {
  return { id: org.id, name: org.name, nameEn: org.nameEn, type: org.type, parentId: org.parentId, path: org.path };
}

export function accountView(user: User) {
  return { id: user.id, name: user.name, orgId: user.orgId, roles: user.roles, assignedOrgIds: user.assignedOrgIds ?? [], disabled: user.disabled ?? false };
}

// ---- messages ----

const msg = {
  orgId: { zh: '编号应为 2 到 40 位小写字母、数字或连字符', en: 'Use 2 to 40 lowercase letters, digits or hyphens' },
  userId: { zh: '用户名应为 2 到 64 位小写字母、数字、点、下划线或连字符', en: 'Use 2 to 64 lowercase letters, digits, dots, underscores or hyphens' },
  noOrg: { zh: '没有这个组织', en: 'No such organisation' },
  required: { zh: '必填', en: 'Required' },
  districtNoParent: { zh: '区总工会没有上级组织', en: 'The district has no parent' },
  oneDistrict: { zh: '已有区总工会：组织树只有一个根', en: 'There is already a district: the tree has one root' },
  underDistrict: { zh: '街道总工会和行业工会直属区总工会', en: 'A street or industry union sits directly under the district' },
  underStreet: { zh: '基层工会的上级应为街道总工会或行业工会', en: 'A grassroots union sits under a street or an industry union' },
  noMove: {
    zh: '组织不能移动或改变类型：已有填报按提交时的组织路径确定谁能查看，移动会改变它们的查看范围。如需调整，请新建组织',
    en: 'An organisation cannot be moved or change type: existing submissions carry its path, which decides who may see them, so moving it would change their scope. Create a new organisation instead',
  },
  nothing: { zh: '没有要修改的内容', en: 'Nothing to change' },
  member: { zh: '会员不是账号角色：会员匿名参与，凭一次性码作答', en: 'member is not an account role: members take part anonymously with one-time codes' },
  submitterOrg: { zh: '填报人只能属于基层工会', en: 'A submitter belongs to a grassroots union' },
  adminOrg: { zh: '系统管理员只能属于区总工会', en: 'An admin belongs to the district' },
  password: { zh: `密码至少 ${MIN_PASSWORD_LENGTH} 位`, en: `At least ${MIN_PASSWORD_LENGTH} characters` },
  onlyAuditors: { zh: '只有经审员可以定点联系基层工会', en: 'Only an auditor can be assigned unions' },
  noneAssigned: {
    zh: '至少指定一个基层工会：没有定点联系的经审员能看到本组织以下的全部填报。如要取消，请去掉经审员角色或停用账号',
    en: 'Assign at least one union: an auditor with none sees every submission under its own organisation. To end the assignment, remove the auditor role or disable the account',
  },
  grassrootsOnly: { zh: '只能定点联系基层工会', en: 'Only a grassroots union can be assigned' },
  self: {
    zh: '不能取消自己的管理员角色或停用自己的账号，以免无人管理',
    en: 'You cannot remove your own admin role or disable your own account: nobody might be left to manage the system',
  },
} satisfies Record<string, Text>;

const issue = (path: string, message: Text): FormIssue => ({ path, message });

function failIf(issues: FormIssue[]): void {
  if (issues.length > 0) throw validationFailed(issues);
}

function logEntry(deps: Deps, caller: Caller, rest: Omit<AdminLogEntry, 'id' | 'at' | 'actor'>): AdminLogEntry {
  return { id: newId(), at: deps.now().toISOString(), actor: { id: caller.id, name: caller.name }, ...rest };
}

// ---- organisations ----

/** Parents before children: compare paths segment by segment. */
function byPath(a: Org, b: Org): number {
  for (let i = 0; i < Math.min(a.path.length, b.path.length); i++) {
    if (a.path[i] !== b.path[i]) return a.path[i] < b.path[i] ? -1 : 1;
  }
  return a.path.length - b.path.length;
}

export async function orgTree(deps: Deps) {
  return (await listOrgs(deps.db)).sort(byPath).map(orgView);
}

export type NewOrg = { id: string; name: string; nameEn?: string; type: Org['type']; parentId?: string };

export async function createOrg(deps: Deps, caller: Caller, body: NewOrg) {
  const issues: FormIssue[] = [];
  if (!ORG_ID.test(body.id)) issues.push(issue('id', msg.orgId));
  let path: string[] = [body.id];
  if (body.type === 'district') {
    if (body.parentId !== undefined) issues.push(issue('parentId', msg.districtNoParent));
    else if ((await listOrgs(deps.db)).some((o) => o.type === 'district')) issues.push(issue('type', msg.oneDistrict));
  } else if (body.parentId === undefined) {
    issues.push(issue('parentId', msg.required));
  } else {
    const parent = ORG_ID.test(body.parentId) ? await getOrg(deps.db, body.parentId) : undefined;
    if (!parent) issues.push(issue('parentId', msg.noOrg));
    else if (body.type === 'grassroots' && parent.type !== 'street' && parent.type !== 'industry') issues.push(issue('parentId', msg.underStreet));
    else if (body.type !== 'grassroots' && parent.type !== 'district') issues.push(issue('parentId', msg.underDistrict));
    else path = [...parent.path, body.id];
  }
  failIf(issues);
  const org: Org = { id: body.id, name: body.name, nameEn: body.nameEn, type: body.type, parentId: body.parentId, path };
  const log = logEntry(deps, caller, { action: 'org.create', target: { kind: 'org', id: org.id }, changed: [], after: orgView(org) });
  const outcome = await commitAdminChange(deps.db, { item: orgItem(org, 1), log });
  if (outcome === 'conflict') {
    throw new DomainError('version_conflict', { zh: `组织编号 ${org.id} 已存在`, en: `An organisation with id ${org.id} already exists` });
  }
  return orgView(org);
}

export type OrgPatch = { name?: string; nameEn?: string; parentId?: unknown; type?: unknown };

/** Rename only. Moving is refused: a submission's scope is the organisation path it was filed under. */
export async function renameOrg(deps: Deps, caller: Caller, id: string, patch: OrgPatch) {
  if (Object.values(patch).every((v) => v === undefined)) throw validationFailed([issue('(body)', msg.nothing)], msg.nothing);
  const found = ORG_ID.test(id) ? await readOrgForChange(deps.db, id) : undefined;
  if (!found) throw notFound();
  const before = found.value;
  const moves = [
    patch.parentId !== undefined && patch.parentId !== before.parentId ? 'parentId' : undefined,
    patch.type !== undefined && patch.type !== before.type ? 'type' : undefined,
  ].filter((p) => p !== undefined);
  if (moves.length > 0) throw validationFailed(moves.map((p) => issue(p, msg.noMove)), msg.noMove);
  const after: Org = { ...before, name: patch.name ?? before.name, nameEn: patch.nameEn ?? before.nameEn };
  const changed = (['name', 'nameEn'] as const).filter((f) => after[f] !== before[f]);
  if (changed.length === 0) return orgView(before);
  const log = logEntry(deps, caller, { action: 'org.rename', target: { kind: 'org', id }, changed, before: orgView(before), after: orgView(after) });
  const outcome = await commitAdminChange(deps.db, { item: orgItem(after, found.rev + 1), expectedRev: found.rev, log });
  if (outcome === 'conflict') throw versionConflict();
  return orgView(after);
}

// ---- accounts ----

export async function accountsOf(deps: Deps, orgId: string) {
  if (!ORG_ID.test(orgId) || !(await getOrg(deps.db, orgId))) throw notFound();
  return (await listUsers(deps.db, orgId)).map(accountView);
}

/** Roles as stored: known, once each, in a fixed order; `member` refused with the reason. */
function checkRoles(roles: string[], org: Org | undefined, issues: FormIssue[]): AccountRole[] {
  if (roles.includes('member')) issues.push(issue('roles', msg.member));
  const valid = ACCOUNT_ROLES.filter((r) => roles.includes(r));
  if (org && valid.includes('submitter') && org.type !== 'grassroots') issues.push(issue('roles', msg.submitterOrg));
  if (org && valid.includes('admin') && org.type !== 'district') issues.push(issue('roles', msg.adminOrg));
  return valid;
}

/** Assigned unions: each an existing grassroots union, at least one, each once. */
async function checkAssignments(db: Db, orgIds: string[], path: string, issues: FormIssue[]): Promise<string[]> {
  const unique = [...new Set(orgIds)];
  if (unique.length === 0) issues.push(issue(path, msg.noneAssigned));
  const orgs = await Promise.all(unique.map((id) => (ORG_ID.test(id) ? getOrg(db, id) : undefined)));
  orgs.forEach((org, i) => {
    const at = `${path}.${orgIds.indexOf(unique[i])}`;
    if (!org) issues.push(issue(at, msg.noOrg));
    else if (org.type !== 'grassroots') issues.push(issue(at, msg.grassrootsOnly));
  });
  return unique;
}

function checkPassword(password: string, issues: FormIssue[]): void {
  // Length in characters (code points), as a person counts them.
  if ([...password].length < MIN_PASSWORD_LENGTH) issues.push(issue('password', msg.password));
}

export type NewAccount = { id: string; name: string; orgId: string; roles: string[]; password: string; assignedOrgIds?: string[] };

export async function createAccount(deps: Deps, caller: Caller, body: NewAccount) {
  const issues: FormIssue[] = [];
  if (!USER_ID.test(body.id)) issues.push(issue('id', msg.userId));
  const org = ORG_ID.test(body.orgId) ? await getOrg(deps.db, body.orgId) : undefined;
  if (!org) issues.push(issue('orgId', msg.noOrg));
  const roles = checkRoles(body.roles, org, issues);
  checkPassword(body.password, issues);
  let assignedOrgIds: string[] | undefined;
  if (body.assignedOrgIds !== undefined) {
    if (!roles.includes('auditor')) issues.push(issue('assignedOrgIds', msg.onlyAuditors));
    else assignedOrgIds = await checkAssignments(deps.db, body.assignedOrgIds, 'assignedOrgIds', issues);
  }
  failIf(issues);
  const user: User = { id: body.id, name: body.name, orgId: body.orgId, roles, assignedOrgIds, passwordHash: await hashPassword(body.password) };
  const log = logEntry(deps, caller, { action: 'user.create', target: { kind: 'user', id: user.id }, changed: ['password'], after: accountView(user) });
  const outcome = await commitAdminChange(deps.db, { item: userItem(user, 1), log });
  if (outcome === 'conflict') {
    throw new DomainError('version_conflict', { zh: `用户名 ${user.id} 已存在`, en: `An account named ${user.id} already exists` });
  }
  return accountView(user);
}

export type AccountPatch = { name?: string; roles?: string[]; password?: string; disabled?: boolean };

/** What an account may do: a change to any of these ends its sessions. */
const POWERS = new Set(['roles', 'assignedOrgIds', 'password', 'disabled']);

/**
 * Write an account change with its log entry, ending the account's sessions when its powers
 * changed. Answers the account and the ended sessions' token hashes (for the route to evict
 * them from this process's session cache).
 */
async function commitAccount(deps: Deps, caller: Caller, action: AdminLogEntry['action'], found: { value: User; rev: number }, after: User, changed: string[]) {
  const before = found.value;
  if (changed.length === 0) return { account: accountView(before), endedSessions: [] };
  const endSessions = changed.some((f) => POWERS.has(f)) ? await sessionHashesOf(deps.db, before.id) : [];
  const log = logEntry(deps, caller, { action, target: { kind: 'user', id: before.id }, changed, before: accountView(before), after: accountView(after) });
  const outcome = await commitAdminChange(deps.db, { item: userItem(after, found.rev + 1), expectedRev: found.rev, log, endSessions });
  if (outcome === 'conflict') throw versionConflict();
  return { account: accountView(after), endedSessions: endSessions };
}

async function readAccount(deps: Deps, id: string) {
  const found = USER_ID.test(id) ? await readUserForChange(deps.db, id) : undefined;
  if (!found) throw notFound();
  return found;
}

const sameSet = (a: readonly string[] = [], b: readonly string[] = []) => a.length === b.length && a.every((x) => b.includes(x));

export async function updateAccount(deps: Deps, caller: Caller, id: string, patch: AccountPatch) {
  if (Object.values(patch).every((v) => v === undefined)) throw validationFailed([issue('(body)', msg.nothing)], msg.nothing);
  const found = await readAccount(deps, id);
  const before = found.value;
  const after: User = { ...before };
  const changed: string[] = [];
  const issues: FormIssue[] = [];
  if (patch.name !== undefined && patch.name !== before.name) {
    after.name = patch.name;
    changed.push('name');
  }
  if (patch.roles !== undefined) {
    const roles = checkRoles(patch.roles, await getOrg(deps.db, before.orgId), issues);
    if (!sameSet(roles, before.roles)) {
      after.roles = roles;
      changed.push('roles');
    }
    // Assignments belong to the auditor role: they go with it.
    if (!roles.includes('auditor') && before.assignedOrgIds?.length) {
      after.assignedOrgIds = undefined;
      changed.push('assignedOrgIds');
    }
  }
  if (patch.password !== undefined) checkPassword(patch.password, issues);
  if (patch.disabled !== undefined && patch.disabled !== (before.disabled ?? false)) {
    after.disabled = patch.disabled || undefined;
    changed.push('disabled');
  }
  if (caller.id === id && (!after.roles.includes('admin') || after.disabled)) issues.push(issue(patch.disabled ? 'disabled' : 'roles', msg.self));
  failIf(issues);
  if (patch.password !== undefined) {
    after.passwordHash = await hashPassword(patch.password);
    changed.push('password');
  }
  return commitAccount(deps, caller, 'user.update', found, after, changed);
}

/** Set a 特约经审员's assigned unions (定点联系): its scope from its next sign-in. */
export async function setAssignments(deps: Deps, caller: Caller, id: string, orgIds: string[]) {
  const found = await readAccount(deps, id);
  const issues: FormIssue[] = [];
  if (!found.value.roles.includes('auditor')) issues.push(issue('orgIds', msg.onlyAuditors));
  const assigned = await checkAssignments(deps.db, orgIds, 'orgIds', issues);
  failIf(issues);
  const after: User = { ...found.value, assignedOrgIds: assigned };
  const changed = sameSet(assigned, found.value.assignedOrgIds) ? [] : ['assignedOrgIds'];
  return commitAccount(deps, caller, 'user.assign', found, after, changed);
}

// ---- the log ----

const LOG_SORT = /^\d{4}-\d\d-\d\dT[\d:.]+Z#[0-9A-HJKMNP-TV-Z]{26}$/;

/** A month (YYYY-MM, Asia/Shanghai; this month by default) of admin changes, newest first. */
export async function adminLog(deps: Deps, month: string | undefined, limit: number, cursor?: string) {
  const m = month ?? shanghaiDate(deps.now()).slice(0, 7);
  let after: string | undefined;
  if (cursor !== undefined) {
    after = Buffer.from(cursor, 'base64url').toString('utf8');
    // Only a sort key of this month's partition may reach ExclusiveStartKey.
    const at = after.split('#')[0];
    if (!LOG_SORT.test(after) || Number.isNaN(Date.parse(at)) || adminLogMonth(at) !== m) throw badRequest({ zh: '分页游标无效', en: 'The cursor is not valid' });
  }
  const page = await readAdminLog(deps.db, m, limit, after);
  return { month: m, items: page.entries, nextCursor: page.last ? Buffer.from(page.last, 'utf8').toString('base64url') : null };
}
