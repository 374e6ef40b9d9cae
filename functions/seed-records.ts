/**
 * Demo records for `npm start`: a few submissions that went through the real services (each
 * draft, save and action a chained history event, exactly as through the pages), so a new
 * user sees something in every role's pages at once: a registration waiting in 定海路's inbox,
 * one returned to 贝塔 with a comment, approved ones with their numbers on the district
 * dashboard, a home assessment waiting for the street. Nothing here is written directly.
 */
import { getForm } from '../forms/registry.js';
import { shanghaiDate } from '../workflows/calendar.js';
import { actorKeys } from '../workflows/engine-people.js';
import type { Caller } from './auth/scope.js';
import { act } from './service/actions.js';
import { createDraft } from './service/submissions.js';
import { callerOf, getOrg, getUser } from './store/accounts.js';
import type { Db } from './store/dynamo.js';
import type { Submission } from './store/submissions.js';

type Deps = { db: Db; now: () => Date };

async function callerFor(db: Db, id: string): Promise<Caller> {
  const user = await getUser(db, id);
  const org = user && (await getOrg(db, user.orgId));
  if (!user || !org) throw new Error(`demo account ${id} is missing`);
  const assigned = await Promise.all((user.assignedOrgIds ?? []).map((orgId) => getOrg(db, orgId)));
  return callerOf(user, org, assigned.filter((o) => o !== undefined));
}

/** The demo people who may act on a submission's current step, in the order they are tried. */
const REVIEWERS = ['dinghailu.reviewer', 'wujiaochang.reviewer', 'district.reviewer'];

/** Approve at each step by whichever demo reviewer the step is assigned to, until it ends. */
async function approveThrough(deps: Deps, people: Caller[], sub: Submission, comment: string): Promise<Submission> {
  let current = sub;
  for (let turn = 0; turn < 6 && current.status === 'in_review'; turn++) {
    const keys = new Set(current.assignees.map((a) => a.key));
    const reviewer = people.find((p) => actorKeys(p).some((k) => keys.has(k)));
    if (!reviewer) break;
    current = await act(deps, reviewer, current.id, { action: 'approve', version: current.version, comment });
  }
  return current;
}

async function submitted(deps: Deps, submitter: Caller, formId: string, data: Record<string, unknown>): Promise<Submission> {
  const draft = await createDraft(deps, submitter, { formId, data });
  return act(deps, submitter, draft.id, { action: 'submit', version: draft.version });
}

/** The registration example with its own name, credit code and size, so the records differ. */
function registration(today: string, name: string, creditCode: string, employees: number): Record<string, unknown> {
  // The street is left out: the draft takes it from the submitting union's place in the tree.
  const { street: _street, ...example } = getForm('union-registration')!.decl.example(today);
  return { ...example, name, creditCode, employees, femaleEmployees: Math.floor(employees / 3), intendedMembers: Math.floor(employees * 0.9), intendedFemaleMembers: Math.floor(employees / 4) };
}

export async function seedDemoRecords(deps: Deps): Promise<void> {
  const today = shanghaiDate(deps.now());
  const [acme, beta, ...reviewers] = await Promise.all(['acme.submitter', 'beta.submitter', ...REVIEWERS].map((id) => callerFor(deps.db, id)));

  const approved = await submitted(deps, acme, 'union-registration', registration(today, '上海艾克米科技有限公司', '91310110MA1FL3K2XQ', 180));
  await approveThrough(deps, reviewers, approved, '材料齐全，同意。');
  const betaApproved = await submitted(deps, beta, 'union-registration', registration(today, '上海贝塔设计有限公司', '91310110MA1FL3K2XQ', 95));
  await approveThrough(deps, reviewers, betaApproved, '同意。');

  await submitted(deps, acme, 'union-registration', registration(today, '上海艾克米智能装备有限公司', '91310110MA1FL3K2XQ', 240));

  const toReturn = await submitted(deps, beta, 'union-registration', registration(today, '上海贝塔文化传播有限公司', '91310110MA1FL3K2XQ', 60));
  const street = reviewers.find((r) => r.id === 'wujiaochang.reviewer')!;
  await act(deps, street, toReturn.id, { action: 'return', version: toReturn.version, comment: '请补充筹备组成员名单，并核对职工人数。' });

  await submitted(deps, acme, 'home-assessment', getForm('home-assessment')!.decl.example(today));
}
