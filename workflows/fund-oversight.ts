/**
 * 工会经费收支公开: a grassroots union discloses its income and spending for a period (DOMAIN.md,
 * process 3). fill → committee-review by the union's own 经费审查委员会 (its reviewers) →
 * published, where the union's members see it and may raise queries (`fund-query`). The
 * committee may return or reject; the union may withdraw until the committee acts.
 */
import type { WorkflowDeclaration } from './language.js';

export const fundOversightWorkflow: WorkflowDeclaration = {
  id: 'fund-oversight',
  formId: 'fund-oversight',
  title: { zh: '工会经费收支公开审查', en: 'Union funds disclosure review' },
  initial: 'fill',
  withdrawUntilActedIn: 'committee-review',
  steps: {
    fill: {
      kind: 'fill',
      title: { zh: '填报', en: 'Fill in' },
      status: 'draft',
      assignees: { kind: 'submitter' },
      actions: { submit: { to: 'committee-review' }, withdraw: {}, comment: {} },
    },
    'committee-review': {
      kind: 'review',
      title: { zh: '经费审查委员会审查', en: 'Funds audit committee review' },
      status: 'in_review',
      assignees: { kind: 'ownOrg', role: 'reviewer' },
      mode: 'any',
      actions: {
        approve: { to: 'published' },
        return: { to: 'fill', commentRequired: true },
        reject: { to: 'rejected', commentRequired: true },
        transfer: {},
        comment: {},
        remind: {},
      },
    },
    published: { kind: 'end', title: { zh: '已公开', en: 'Published' }, status: 'completed', actions: {}, visibleToMembers: true },
    rejected: { kind: 'end', title: { zh: '未通过审查', en: 'Rejected' }, status: 'rejected', actions: {} },
  },
};
