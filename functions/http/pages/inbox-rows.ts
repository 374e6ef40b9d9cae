/**
 * The inbox's rows as the page shows them: form, union, step (from the workflow version the
 * submission runs), since, due, overdue, why the item is the caller's in words, and the
 * actions a batch may take on it with the version the person saw.
 */
import type { Text } from '../../../forms/language.js';
import { actionKind, type Role, type WorkflowDeclaration } from '../../../workflows/language.js';
import { workflowForForm } from '../../../workflows/registry.js';
import type { Caller } from '../../auth/scope.js';
import { formAt } from '../../service/forms.js';
import { inboxItems, type InboxItem } from '../../service/inbox.js';
import type { AppDeps } from '../env.js';

export type BatchOp = 'approve' | 'return';
export const BATCH_OPS: readonly BatchOp[] = ['approve', 'return'];

export type InboxRow = {
  id: string;
  version: number;
  form: Text;
  orgName: string;
  step: Text;
  /** The rule that made it the caller's: organisation · role · step, or a name, or an assignment. */
  why: Text;
  since: string;
  dueAt?: string;
  overdue: boolean;
  /** The declared action each batch operation takes in this step; absent where a batch cannot act. */
  actions: Partial<Record<BatchOp, string>>;
};

const plain = (t: string): Text => ({ zh: t, en: t });

const ROLE_TEXT: Record<Role, Text> = {
  submitter: { zh: '填报人', en: 'Submitter' },
  reviewer: { zh: '审核人', en: 'Reviewer' },
  auditor: { zh: '经审员', en: 'Auditor' },
  admin: { zh: '管理员', en: 'Administrator' },
  member: { zh: '会员', en: 'Member' },
};

const roleText = (role: string): Text => (Object.hasOwn(ROLE_TEXT, role) ? ROLE_TEXT[role as Role] : plain(role));

/** The assignee key in words, followed by the step: "定海路街道总工会 · 审核人 · 街道审核". */
export function whyText(key: string, keyOrg: Text | undefined, step: Text): Text {
  const [kind, , role] = key.split(':');
  const org = keyOrg ?? plain('');
  if (kind === 'user') return { zh: `指定给您 · ${step.zh}`, en: `Named to you · ${step.en}` };
  if (kind === 'assigned') return { zh: `特约经审员 · ${org.zh} · ${step.zh}`, en: `Assigned auditor · ${org.en} · ${step.en}` };
  const r = roleText(role ?? '');
  return { zh: `${org.zh} · ${r.zh} · ${step.zh}`, en: `${org.en} · ${r.en} · ${step.en}` };
}

/**
 * The action of a review step a batch approve or return takes: the one named so, else the
 * only one of that kind. None when the step has several (an audit's two ways to approve need
 * the person's choice on the record's page) or when it is the submitting union's to take.
 */
export function batchAction(workflow: WorkflowDeclaration | undefined, step: string, op: BatchOp): string | undefined {
  const decl = workflow && Object.hasOwn(workflow.steps, step) ? workflow.steps[step] : undefined;
  if (!decl || decl.kind !== 'review') return undefined;
  const open = Object.entries(decl.actions).filter(([name, a]) => a.by !== 'submitter' && actionKind(name, a) === op);
  const named = open.find(([name]) => name === op);
  if (named) return named[0];
  return open.length === 1 ? open[0][0] : undefined;
}

export async function inboxRows(deps: AppDeps, caller: Caller): Promise<InboxRow[]> {
  const items = await inboxItems(deps, caller);
  const now = deps.now().getTime();
  const forms = new Map<string, Promise<Text>>();
  const formTitle = ({ sub }: InboxItem) => {
    const id = `${sub.formId}@${sub.formVersion}`;
    if (!forms.has(id)) forms.set(id, formAt(deps, sub.formId, sub.formVersion).then((f) => f?.decl.title ?? plain(sub.formId)));
    return forms.get(id)!;
  };
  return Promise.all(
    items.map(async (item) => {
      const { sub } = item;
      // A submission's workflow version that is no longer known falls back to today's declaration.
      const workflow = item.workflow ?? workflowForForm(sub.formId);
      const step = (workflow && Object.hasOwn(workflow.steps, sub.step) ? workflow.steps[sub.step].title : undefined) ?? plain(sub.step);
      const actions: InboxRow['actions'] = {};
      for (const op of BATCH_OPS) {
        const name = batchAction(workflow, sub.step, op);
        if (name) actions[op] = name;
      }
      return {
        id: sub.id,
        version: sub.version,
        form: await formTitle(item),
        orgName: sub.orgName,
        step,
        why: whyText(item.key, item.keyOrg, step),
        since: item.since,
        dueAt: item.dueAt,
        overdue: item.dueAt !== undefined && Date.parse(item.dueAt) < now,
        actions,
      };
    }),
  );
}
