/**
 * The words people read for the workflow language: each status and each action kind, one
 * list for every page, the printed record and the exports, so one thing has one word. The
 * words follow the declared workflows (union-registration ends in 已批准 or 不予批准).
 */
import type { Text } from '../forms/language.js';
import { actionKind, type ActionKind, type Status, type WorkflowDeclaration } from './language.js';

export const STATUS_TITLES: Record<Status, Text> = {
  draft: { zh: '草稿', en: 'Draft' },
  in_review: { zh: '审核中', en: 'In review' },
  returned: { zh: '已退回', en: 'Returned' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '不予批准', en: 'Rejected' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  completed: { zh: '已完成', en: 'Completed' },
  closed: { zh: '已关闭', en: 'Closed' },
};

const same = (name: string): Text => ({ zh: name, en: name });

/** A status's title; a status the language does not know (never stored) is shown as it is. */
export const statusTitle = (status: string): Text => (Object.hasOwn(STATUS_TITLES, status) ? STATUS_TITLES[status as Status] : same(status));

/** A step's title; a step the workflow does not declare (an older version's) by its name. */
export const stepTitle = (workflow: WorkflowDeclaration, step: string): Text => (Object.hasOwn(workflow.steps, step) ? workflow.steps[step].title : same(step));

/** Each kind's words, for an action whose declaration gives no title of its own. */
export const KIND_TITLES: Record<ActionKind, Text> = {
  submit: { zh: '提交', en: 'Submit' },
  approve: { zh: '同意', en: 'Approve' },
  return: { zh: '退回', en: 'Return for revision' },
  reject: { zh: '驳回', en: 'Reject' },
  withdraw: { zh: '撤回', en: 'Withdraw' },
  transfer: { zh: '转交', en: 'Transfer' },
  comment: { zh: '发表意见', en: 'Comment' },
  remind: { zh: '催办', en: 'Remind' },
  edit: { zh: '保存修改', en: 'Save changes' },
  addSigner: { zh: '加签', en: 'Add a signer' },
  cc: { zh: '抄送', en: 'Carbon copy' },
};

/** The history's first event, which no workflow declares. */
const CREATED: Text = { zh: '创建草稿', en: 'Draft created' };

/**
 * A recorded action (a history event's step and action) in the workflow's words: the step's
 * declared title for it, else its kind's, else its name; never blank.
 */
export function actionTitle(workflow: WorkflowDeclaration, event: { step: string; action: string }): Text {
  if (event.action === 'create') return CREATED;
  const actions = Object.hasOwn(workflow.steps, event.step) ? workflow.steps[event.step].actions : {};
  const decl = Object.hasOwn(actions, event.action) ? actions[event.action] : {};
  const kind = actionKind(event.action, decl);
  return decl.title ?? (kind ? KIND_TITLES[kind] : same(event.action));
}
