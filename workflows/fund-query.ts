/**
 * 经费使用监督意见: a union member queries a line of a published disclosure with a one-time
 * code (DOMAIN.md, process 3). The caller creates the submission when the code is used and
 * submits `member-query` on the member's behalf, acting as an anonymous member of the union
 * (roles ['member'], an id that leads to no code). member-query → union-answer (the union's
 * submitters answer) → committee-close (the union's 经费审查委员会 closes it, sends the answer
 * back, or escalates) → street-review (the street union's reviewers close it) → closed.
 */
import type { WorkflowDeclaration } from './language.js';

export const fundQueryWorkflow: WorkflowDeclaration = {
  id: 'fund-query',
  formId: 'fund-query',
  title: { zh: '经费使用监督意见办理', en: 'Funds query handling' },
  initial: 'member-query',
  steps: {
    'member-query': {
      kind: 'fill',
      title: { zh: '会员提出监督意见', en: 'Member query' },
      status: 'draft',
      assignees: { kind: 'ownOrg', role: 'member' },
      actions: { submit: { to: 'union-answer' } },
    },
    'union-answer': {
      kind: 'review',
      title: { zh: '工会答复', en: 'Union answer' },
      status: 'in_review',
      assignees: { kind: 'submitter' },
      // DOMAIN.md gives 7 days; due dates count working days, and 7 calendar days are 5 working
      // days in a week without holidays.
      dueWorkingDays: 5,
      edits: { paths: ['answer'] },
      actions: {
        answer: {
          kind: 'approve',
          title: { zh: '提交答复', en: 'Send the answer' },
          to: 'committee-close',
          requires: [{ that: { field: 'answer', filled: true }, message: { zh: '请填写答复', en: 'Write the answer first' } }],
        },
        edit: {},
        comment: {},
      },
    },
    'committee-close': {
      kind: 'review',
      title: { zh: '经费审查委员会办结', en: 'Funds audit committee closing' },
      status: 'in_review',
      assignees: { kind: 'ownOrg', role: 'reviewer' },
      edits: { paths: ['committeeNote'] },
      actions: {
        close: { kind: 'approve', title: { zh: '认可答复并办结', en: 'Accept the answer and close' }, to: 'closed' },
        escalate: {
          kind: 'approve',
          title: { zh: '提交街道（行业）工会', en: 'Escalate to the street union' },
          to: 'street-review',
          commentRequired: true,
        },
        return: { to: 'union-answer', commentRequired: true },
        edit: {},
        transfer: {},
        comment: {},
      },
    },
    'street-review': {
      kind: 'review',
      title: { zh: '街道（行业）工会处理', en: 'Street (industry) union handling' },
      status: 'in_review',
      assignees: { kind: 'orgAtDepth', depth: 1, role: 'reviewer' },
      edits: { paths: ['streetNote'] },
      actions: {
        close: {
          kind: 'approve',
          title: { zh: '办结', en: 'Close' },
          to: 'closed',
          requires: [{ that: { field: 'streetNote', filled: true }, message: { zh: '请填写处理意见', en: 'Write the street union’s conclusion first' } }],
        },
        edit: {},
        transfer: {},
        comment: {},
      },
    },
    closed: { kind: 'end', title: { zh: '已办结', en: 'Closed' }, status: 'closed', actions: {} },
  },
};
