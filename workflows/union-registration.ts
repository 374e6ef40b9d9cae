/**
 * 建会申请: a grassroots union applies to found a union (DOMAIN.md, process 1).
 * fill → street-review (或签, 5 working days) → district-review (或签, 10 working days)
 * → approved, which issues `YP-<year>-<4 digits>`. A key enterprise (重点企业) or one with
 * more employees than `leaderReviewEmployees` also passes district-leader-review (或签, 5
 * working days) between the district's organisation department and the number (条件分支).
 * Every review may return or reject; the submitter may withdraw until the street review acts.
 */
import type { Condition } from '../forms/language.js';
import type { WorkflowDeclaration } from './language.js';

/** The registrations the district leadership approves itself: the work plan's key and large founders. */
const needsLeadership: Condition = {
  any: [{ field: 'keyEnterprise', equals: true }, { expr: { gt: [{ field: 'employees' }, { param: 'leaderReviewEmployees' }] } }],
};

const review = {
  approve: {},
  return: { to: 'fill', commentRequired: true },
  reject: { to: 'rejected', commentRequired: true },
  transfer: {},
  addSigner: {},
  cc: {},
  comment: {},
  remind: {},
} as const;

export const unionRegistrationWorkflow: WorkflowDeclaration = {
  id: 'union-registration',
  formId: 'union-registration',
  title: { zh: '建会申请审批', en: 'Union registration approval' },
  initial: 'fill',
  withdrawUntilActedIn: 'street-review',
  // A named, labelled number rather than a literal in the condition: the district changes
  // it without touching the condition, and a reader of the declaration sees what it means.
  params: {
    leaderReviewEmployees: {
      label: { zh: '须经区总工会领导审批的职工人数（超过此数）', en: 'Employees above which the district leadership approves' },
      help: {
        zh: '职工人数超过此数的建会申请，以及重点企业的建会申请，经组织部审批后再报区总工会领导审批',
        en: 'Registrations with more employees than this, and those of key enterprises, go to the district leadership after the organisation department',
      },
      value: 300,
    },
  },
  steps: {
    fill: {
      kind: 'fill',
      title: { zh: '填报', en: 'Fill in' },
      status: 'draft',
      assignees: { kind: 'submitter' },
      actions: { submit: { to: 'street-review' }, withdraw: {}, comment: {} },
    },
    'street-review': {
      kind: 'review',
      title: { zh: '街道（行业）工会审核', en: 'Street (industry) union review' },
      status: 'in_review',
      assignees: { kind: 'orgAtDepth', depth: 1, role: 'reviewer' },
      mode: 'any',
      dueWorkingDays: 5,
      actions: { ...review, approve: { to: 'district-review' } },
    },
    'district-review': {
      kind: 'review',
      title: { zh: '区总工会组织部审批', en: 'District organisation department approval' },
      status: 'in_review',
      assignees: { kind: 'orgAtDepth', depth: 0, role: 'reviewer' },
      mode: 'any',
      dueWorkingDays: 10,
      actions: { ...review, approve: { to: [{ when: needsLeadership, to: 'district-leader-review' }, { to: 'approved' }] } },
    },
    'district-leader-review': {
      kind: 'review',
      title: { zh: '区总工会领导审批', en: 'District leadership approval' },
      status: 'in_review',
      assignees: { kind: 'orgAtDepth', depth: 0, role: 'reviewer' },
      mode: 'any',
      dueWorkingDays: 5,
      actions: { ...review, approve: { to: 'approved' } },
    },
    approved: {
      kind: 'end',
      title: { zh: '已批准', en: 'Approved' },
      status: 'approved',
      actions: {},
      effects: [{ kind: 'issueNumber', counter: 'union-registration', format: 'YP-{year}-{seq}', digits: 4 }],
    },
    rejected: {
      kind: 'end',
      title: { zh: '不予批准', en: 'Rejected' },
      status: 'rejected',
      actions: {},
    },
  },
};
