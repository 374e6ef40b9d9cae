/**
 * The inbox on the home page: every item with form, union, step, why it is the person's,
 * since and due (overdue in words, not only colour), and, where the step allows it, a
 * checkbox that carries the item's version and actions, so that one form approves or returns
 * many items, each as its own action. Also the result of such a batch.
 */
import type { Text } from '../../../forms/language.js';
import { shanghaiTime } from '../../../workflows/calendar.js';
import type { BatchOp, InboxRow } from './inbox-rows.js';
import { FieldError } from './fields.js';
import { Bi } from './layout.js';

export const T = {
  inbox: { zh: '待办', en: 'Waiting for you' },
  nothing: { zh: '目前没有需要您处理的事项。', en: 'Nothing is waiting for you.' },
  overdue: { zh: '已逾期', en: 'Overdue' },
  why: { zh: '分派依据', en: 'Why it is yours' },
  pick: { zh: '选择', en: 'Select' },
  comment: { zh: '意见', en: 'Comment' },
  commentHelp: { zh: '同意时可填；退回时必填，退回的每一项都附上这条意见。', en: 'Optional to approve; needed to return, and sent with every item returned.' },
  batchHelp: { zh: '勾选事项后批量处理：每一项单独办理，互不影响。', en: 'Tick items to act on them together: each is its own action, independent of the others.' },
  approve: { zh: '批量同意', en: 'Approve selected' },
  return: { zh: '批量退回', en: 'Return selected' },
  noBatch: { zh: '此项需打开后办理', en: 'Open this item to act on it' },
} satisfies Record<string, Text>;

/** The checkbox's value: the version the person saw and the action each batch operation takes. */
export const pickValue = (r: Pick<InboxRow, 'version' | 'actions'>) => `${r.version}:${r.actions.approve ?? ''}:${r.actions.return ?? ''}`;
export const PICK_PREFIX = 'pick.';
export const pickId = (id: string) => `pick-${id}`;

export type InboxState = { comment: string; picked: ReadonlySet<string>; commentError?: Text };

function Item({ r, state }: { r: InboxRow; state: InboxState }) {
  const batchable = r.actions.approve !== undefined || r.actions.return !== undefined;
  return (
    <li class="inbox-item">
      {batchable ? (
        <span class="pick">
          <input type="checkbox" id={pickId(r.id)} name={`${PICK_PREFIX}${r.id}`} value={pickValue(r)} checked={state.picked.has(r.id)} />
          <label for={pickId(r.id)} class="vh"><Bi t={{ zh: `选择：${r.form.zh} · ${r.orgName}`, en: `Select: ${r.form.en} · ${r.orgName}` }} /></label>
        </span>
      ) : null}
      <div class="inbox-body">
        <a href={`/submissions/${encodeURIComponent(r.id)}`}><Bi t={r.form} /></a>
        {r.overdue ? <strong class="overdue"><Bi t={T.overdue} /></strong> : null}
        <span class="meta">{r.orgName}</span>
        <span class="meta why"><span class="vh"><Bi t={T.why} />：</span><Bi t={r.why} /></span>
        <span class="meta">
          <Bi t={{ zh: `收到 ${shanghaiTime(r.since)}`, en: `Since ${shanghaiTime(r.since)}` }} />
          {r.dueAt ? <> · <Bi t={{ zh: `截止 ${shanghaiTime(r.dueAt)}`, en: `Due ${shanghaiTime(r.dueAt)}` }} /></> : null}
        </span>
        {batchable ? null : <span class="meta"><Bi t={T.noBatch} /></span>}
      </div>
    </li>
  );
}

export function Inbox({ rows, csrfToken, state }: { rows: InboxRow[]; csrfToken: string; state: InboxState }) {
  const batchable = rows.some((r) => r.actions.approve !== undefined || r.actions.return !== undefined);
  const list = (
    <ul class="tasks inbox">
      {rows.map((r) => <Item r={r} state={state} />)}
    </ul>
  );
  return (
    <section aria-labelledby="inbox-title">
      <h2 id="inbox-title"><Bi t={T.inbox} />{rows.length > 0 ? <span class="count"> ({rows.length})</span> : null}</h2>
      {rows.length === 0 ? (
        <p class="lead"><Bi t={T.nothing} /></p>
      ) : batchable ? (
        <form method="post" action="/inbox/batch" accept-charset="utf-8" novalidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <p class="lead"><Bi t={T.batchHelp} /></p>
          {list}
          <div class={state.commentError ? 'batch field invalid' : 'batch field'}>
            <label class="label" for="batch-comment"><Bi t={T.comment} /></label>
            <p class="help" id="batch-comment-help"><Bi t={T.commentHelp} /></p>
            <FieldError id="batch-comment" message={state.commentError} />
            <textarea
              id="batch-comment"
              name="comment"
              aria-describedby={state.commentError ? 'batch-comment-help e-batch-comment' : 'batch-comment-help'}
              aria-invalid={state.commentError ? 'true' : undefined}
            >{state.comment}</textarea>
            <div class="batch-buttons">
              <button type="submit" name="op" value="approve"><Bi t={T.approve} /></button>
              <button type="submit" name="op" value="return" class="secondary"><Bi t={T.return} /></button>
            </div>
          </div>
        </form>
      ) : (
        list
      )}
    </section>
  );
}

export type BatchOutcome = { id: string; form: Text; orgName: string; ok: true } | { id: string; form: Text; orgName: string; ok: false; reasons: Text[] };

const DONE: Record<BatchOp, Text> = { approve: { zh: '已同意', en: 'Approved' }, return: { zh: '已退回', en: 'Returned' } };
const NOT_DONE: Record<BatchOp, Text> = { approve: { zh: '未能同意', en: 'Not approved' }, return: { zh: '未能退回', en: 'Not returned' } };

/** After a batch with a failure: what committed and what did not, each failure with its reasons. */
export function BatchResult({ op, outcomes }: { op: BatchOp; outcomes: BatchOutcome[] }) {
  const done = outcomes.filter((o) => o.ok);
  const failed = outcomes.filter((o): o is Extract<BatchOutcome, { ok: false }> => !o.ok);
  return (
    <section class="batch-result" aria-labelledby="batch-result-title">
      <h2 id="batch-result-title"><Bi t={{ zh: '批量处理结果', en: 'What the batch did' }} /></h2>
      {done.length > 0 ? (
        <div class="ok">
          <p><strong><Bi t={DONE[op]} /> {done.length}</strong></p>
          <ul>{done.map((o) => <li><a href={`/submissions/${encodeURIComponent(o.id)}`}><Bi t={o.form} /></a> · {o.orgName}</li>)}</ul>
        </div>
      ) : null}
      <div class="alert">
        <p><strong><Bi t={NOT_DONE[op]} /> {failed.length}</strong></p>
        <ul>
          {failed.map((o) => (
            <li id={`failed-${o.id}`}>
              <a href={`/submissions/${encodeURIComponent(o.id)}`}><Bi t={o.form} /></a> · {o.orgName}
              {o.reasons.map((m) => <span class="meta error"><Bi t={m} /></span>)}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

/** After a batch where every item committed (post/redirect/get): how many, in words. */
export function BatchDone({ op, count }: { op: BatchOp; count: number }) {
  return (
    <div class="ok" role="status">
      <p><Bi t={{ zh: `${DONE[op].zh} ${count} 项。`, en: `${DONE[op].en}: ${count} item${count === 1 ? '' : 's'}.` }} /></p>
    </div>
  );
}
