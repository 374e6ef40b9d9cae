/**
 * 建会申请: a grassroots union applies to found a union (DOMAIN.md, process 1).
 * fill → street-review (或签, 5 working days) → district-review (或签, 10 working days)
 * → approved, which issues `YP-<year>-<4 digits>`. Either review may return or reject;
 * the submitter may withdraw until the street review acts.
 */
import type { WorkflowDeclaration } from './language.js';

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
