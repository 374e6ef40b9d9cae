/**
 * The history of a record on paper: every event in order with who (name and organisation),
 * when (Asia/Shanghai), what (the action, the step it left and the step it led to), the
 * comment, what it changed, and its hash, so a reader can re-verify the chain from the page.
 */
import type { CompiledDeclaration, Text } from '../../forms/language.js';
import { actionKind, type Status, type WorkflowDeclaration } from '../../workflows/language.js';
import { bi, html, type Html } from './html.js';
import { canonicalJson, type HistoryEvent } from './chain.js';
import { rawValue, resolvePath, shanghaiTime, shown } from './print-values.js';

const ACTIONS: Record<string, Text> = {
  create: { zh: '创建草稿', en: 'Draft created' },
  submit: { zh: '提交', en: 'Submit' },
  approve: { zh: '同意', en: 'Approve' },
  return: { zh: '退回', en: 'Return for revision' },
  reject: { zh: '驳回', en: 'Reject' },
  withdraw: { zh: '撤回', en: 'Withdraw' },
  transfer: { zh: '转交', en: 'Transfer' },
  comment: { zh: '意见', en: 'Comment' },
  remind: { zh: '催办', en: 'Remind' },
  edit: { zh: '修改', en: 'Edit' },
  addSigner: { zh: '加签', en: 'Add a signer' },
  cc: { zh: '抄送', en: 'Carbon copy' },
};

/** Every status's title, one per status of the workflow language. */
const STATUS_TITLES: Record<Status, Text> = {
  draft: { zh: '草稿', en: 'Draft' },
  in_review: { zh: '审核中', en: 'In review' },
  returned: { zh: '已退回', en: 'Returned' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '未批准', en: 'Rejected' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  completed: { zh: '已完成', en: 'Completed' },
  closed: { zh: '已关闭', en: 'Closed' },
};

const same = (name: string): Text => ({ zh: name, en: name });

/** A status's title; a status the language does not know (never stored) is shown as it is. */
export const statusTitle = (status: string): Text =>
  Object.hasOwn(STATUS_TITLES, status) ? STATUS_TITLES[status as Status] : same(status);

export const stepTitle = (workflow: WorkflowDeclaration, step: string): Text =>
  Object.hasOwn(workflow.steps, step) ? workflow.steps[step].title : same(step);

/** A declared action's own title, else its kind's label, else its name: never blank. */
function actionTitle(workflow: WorkflowDeclaration, event: HistoryEvent): Text {
  const actions = Object.hasOwn(workflow.steps, event.step) ? workflow.steps[event.step].actions : {};
  const decl = Object.hasOwn(actions, event.action) ? actions[event.action] : undefined;
  const kind = decl ? actionKind(event.action, decl) : undefined;
  return decl?.title ?? ACTIONS[kind ?? event.action] ?? same(event.action);
}

export type HistoryContext = {
  decl: CompiledDeclaration;
  workflow: WorkflowDeclaration;
  /** Organisation names by id, for the actors; an unknown id is shown as it is. */
  orgNames: ReadonlyMap<string, string>;
  /** The record's data now, to say whether a submitted snapshot still matches it. */
  current: Record<string, unknown>;
};

type Edit = { path: string; before: unknown; after: unknown; reason?: string };

function valueAt(ctx: HistoryContext, path: string, value: unknown): Html | string {
  const { field } = resolvePath(ctx.decl, path);
  return field ? shown(field, value) : rawValue(value);
}

function edits(ctx: HistoryContext, list: Edit[]): Html {
  const rows = list.map(
    (e) => html`<tr><td>${bi(resolvePath(ctx.decl, e.path).label)}</td><td>${valueAt(ctx, e.path, e.before)}</td><td>${valueAt(ctx, e.path, e.after)}</td><td class="text">${e.reason ?? '—'}</td></tr>`,
  );
  return html`<table><thead><tr><th>${bi({ zh: '项目', en: 'Field' })}</th><th>${bi({ zh: '修改前', en: 'Before' })}</th><th>${bi({ zh: '修改后', en: 'After' })}</th><th>${bi({ zh: '理由', en: 'Reason' })}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

const person = (v: unknown): string => {
  const p = v && typeof v === 'object' ? (v as { id?: unknown; name?: unknown }) : {};
  return `${String(p.name ?? '')}（${String(p.id ?? '')}）`;
};

/** What the event's `changes` record, one row each; anything not known here is shown raw. */
function changeRows(ctx: HistoryContext, event: HistoryEvent): Html[] {
  const rows: Html[] = [];
  const row = (label: Text, value: Html | string) => rows.push(html`<tr><th scope="row">${bi(label)}</th><td>${value}</td></tr>`);
  for (const [key, value] of Object.entries(event.changes ?? {})) {
    if (key === 'data') {
      const matches = canonicalJson(value ?? null) === canonicalJson(ctx.current);
      row(
        { zh: '数据快照', en: 'Data snapshot' },
        html`${bi({ zh: `本事件保存了提交时的完整数据（表单第 ${event.formVersion} 版），受本事件哈希保护。`, en: `This event stores the full data as submitted (form version ${event.formVersion}), covered by its hash.` })}
<br><span class="note">${bi(matches ? { zh: '与上文当前数据一致。', en: 'It matches the data printed above.' } : { zh: '与上文当前数据不同：之后的修改见后续事件。', en: 'It differs from the data above: later changes follow below.' })}</span>`,
      );
    } else if (key === 'computed') {
      continue; // Derived from the snapshot by the form version; the snapshot row covers it.
    } else if (key === 'edits' && Array.isArray(value)) {
      row({ zh: '修改内容', en: 'Changes' }, edits(ctx, value as Edit[]));
    } else if (key === 'number') {
      row({ zh: '编号', en: 'Number issued' }, html`<strong>${String(value)}</strong>`);
    } else if (key === 'to') {
      row({ zh: '转交给', en: 'Transferred to' }, person(value));
    } else if (key === 'addSigner') {
      const position = (value as { position?: string } | null)?.position === 'before' ? { zh: '前加签', en: 'before' } : { zh: '后加签', en: 'after' };
      row({ zh: '加签人', en: 'Signer added' }, html`${person(value)} ${bi(position)}`);
    } else if (key === 'cc') {
      row({ zh: '抄送给', en: 'Copied to' }, person(value));
    } else if (key === 'route' && value && typeof value === 'object') {
      const r = value as { branch?: unknown; of?: unknown; when?: unknown };
      const which = r.when === undefined ? { zh: '（默认）', en: ' (the default)' } : { zh: '', en: '' };
      row(
        { zh: '条件分支', en: 'Branch taken' },
        html`${bi({ zh: `第 ${String(r.branch)} 支，共 ${String(r.of)} 支${which.zh}`, en: `${String(r.branch)} of ${String(r.of)}${which.en}` })}${r.when === undefined ? '' : html`<br><span class="note">${rawValue(r.when)}</span>`}`,
      );
    } else if (key === 'signature' && value && typeof value === 'object') {
      const sig = value as { turn?: unknown; of?: unknown; title?: Text };
      const named = sig.title ?? same('');
      row({ zh: '依次签批', en: 'Signed in turn' }, bi({ zh: `第 ${String(sig.turn)} 轮，共 ${String(sig.of)} 轮：${named.zh}`, en: `turn ${String(sig.turn)} of ${String(sig.of)}: ${named.en}` }));
    } else {
      row(same(key), rawValue(value));
    }
  }
  return rows;
}

function eventBlock(ctx: HistoryContext, event: HistoryEvent): Html {
  const org = ctx.orgNames.get(event.actor.orgId) ?? event.actor.orgId;
  const moved = event.step === event.to ? bi(stepTitle(ctx.workflow, event.step)) : html`${bi(stepTitle(ctx.workflow, event.step))} → ${bi(stepTitle(ctx.workflow, event.to))}`;
  const comment = event.comment
    ? html`<tr><th scope="row">${bi({ zh: '意见', en: 'Comment' })}</th><td class="text">${event.comment}</td></tr>`
    : '';
  return html`<section class="event" id="event-${event.seq}">
<h3>#${event.seq} ${bi(actionTitle(ctx.workflow, event))}${Object.hasOwn(ACTIONS, event.action) ? '' : html` <span class="note">${event.action}</span>`}</h3>
<table>
<tr><th scope="row">${bi({ zh: '时间', en: 'Time' })}</th><td>${shanghaiTime(event.at)}</td></tr>
<tr><th scope="row">${bi({ zh: '办理人', en: 'By' })}</th><td>${event.actor.name} · ${org} <span class="note">${event.actor.id}</span></td></tr>
<tr><th scope="row">${bi({ zh: '步骤', en: 'Step' })}</th><td>${moved} <span class="note">· ${bi(statusTitle(event.status))}</span></td></tr>
${comment}${changeRows(ctx, event)}
<tr><th scope="row">${bi({ zh: '哈希', en: 'Hash' })}</th><td class="hash">${event.hash}</td></tr>
</table>
</section>`;
}

export function historySection(ctx: HistoryContext, events: HistoryEvent[]): Html {
  return html`<h2>${bi({ zh: '办理记录', en: 'History' })}</h2>${events.map((e) => eventBlock(ctx, e))}`;
}
