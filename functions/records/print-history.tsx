/**
 * The history of a record on paper: every event in order with who (name and organisation),
 * when (Asia/Shanghai), what (the action, the step it left and the step it led to), the
 * comment, what it changed, and its hash, so a reader can re-verify the chain from the page.
 */
import type { CompiledDeclaration, Text } from '../../forms/language.js';
import type { WorkflowDeclaration } from '../../workflows/language.js';
import { actionTitle, KIND_TITLES, statusTitle, stepTitle } from '../../workflows/words.js';
import type { Child } from 'hono/jsx';
import { Bi, OrgName } from '../http/pages/layout.js';
import { orgLabel, type OrgLabels } from './org-labels.js';
import { canonicalJson, type HistoryEvent } from './chain.js';
import { rawValue, resolvePath, shown } from './print-values.js';
import { shanghaiTime } from '../../workflows/calendar.js';

const same = (name: string): Text => ({ zh: name, en: name });


export type HistoryContext = {
  decl: CompiledDeclaration;
  workflow: WorkflowDeclaration;
  /** Organisation names by id, for the actors; an unknown id is shown as it is. */
  orgNames: OrgLabels;
  /** The record's data now, to say whether a submitted snapshot still matches it. */
  current: Record<string, unknown>;
};

type Edit = { path: string; before: unknown; after: unknown; reason?: string };

function valueAt(ctx: HistoryContext, path: string, value: unknown): Child {
  const { field } = resolvePath(ctx.decl, path);
  return field ? shown(field, value) : rawValue(value);
}

function Edits({ ctx, list }: { ctx: HistoryContext; list: Edit[] }) {
  return (
    <table>
      <thead>
        <tr><th><Bi t={{ zh: '项目', en: 'Field' }} /></th><th><Bi t={{ zh: '修改前', en: 'Before' }} /></th><th><Bi t={{ zh: '修改后', en: 'After' }} /></th><th><Bi t={{ zh: '理由', en: 'Reason' }} /></th></tr>
      </thead>
      <tbody>
        {list.map((e) => (
          <tr><td><Bi t={resolvePath(ctx.decl, e.path).label} /></td><td>{valueAt(ctx, e.path, e.before)}</td><td>{valueAt(ctx, e.path, e.after)}</td><td class="text">{e.reason ?? '—'}</td></tr>
        ))}
      </tbody>
    </table>
  );
}

const person = (v: unknown): string => {
  const p = v && typeof v === 'object' ? (v as { id?: unknown; name?: unknown }) : {};
  return `${String(p.name ?? '')}（${String(p.id ?? '')}）`;
};

const Row = ({ label, children }: { label: Text; children?: Child }) => <tr><th scope="row"><Bi t={label} /></th><td>{children}</td></tr>;

/** One row for what an event's `changes` records; anything not known here is shown raw. */
function changeRow(ctx: HistoryContext, event: HistoryEvent, key: string, value: unknown): Child {
  if (key === 'data') {
    const matches = canonicalJson(value ?? null) === canonicalJson(ctx.current);
    return (
      <Row label={{ zh: '数据快照', en: 'Data snapshot' }}>
        <Bi t={{ zh: `本事件保存了提交时的完整数据（表单第 ${event.formVersion} 版），受本事件哈希保护。`, en: `This event stores the full data as submitted (form version ${event.formVersion}), covered by its hash.` }} />
        <br />
        <span class="note"><Bi t={matches ? { zh: '与上文当前数据一致。', en: 'It matches the data printed above.' } : { zh: '与上文当前数据不同：之后的修改见后续事件。', en: 'It differs from the data above: later changes follow below.' }} /></span>
      </Row>
    );
  }
  // Derived from the snapshot by the form version; the snapshot row covers it.
  if (key === 'computed') return null;
  if (key === 'edits' && Array.isArray(value)) return <Row label={{ zh: '修改内容', en: 'Changes' }}><Edits ctx={ctx} list={value as Edit[]} /></Row>;
  if (key === 'number') return <Row label={{ zh: '编号', en: 'Number issued' }}><strong>{String(value)}</strong></Row>;
  if (key === 'to') return <Row label={{ zh: '转交给', en: 'Transferred to' }}>{person(value)}</Row>;
  if (key === 'addSigner') {
    const position = (value as { position?: string } | null)?.position === 'before' ? { zh: '前加签', en: 'before' } : { zh: '后加签', en: 'after' };
    return <Row label={{ zh: '加签人', en: 'Signer added' }}>{person(value)} <Bi t={position} /></Row>;
  }
  if (key === 'cc') return <Row label={{ zh: '抄送给', en: 'Copied to' }}>{person(value)}</Row>;
  if (key === 'route' && value && typeof value === 'object') {
    const r = value as { branch?: unknown; of?: unknown; when?: unknown };
    const which = r.when === undefined ? { zh: '（默认）', en: ' (the default)' } : { zh: '', en: '' };
    return (
      <Row label={{ zh: '条件分支', en: 'Branch taken' }}>
        <Bi t={{ zh: `第 ${String(r.branch)} 支，共 ${String(r.of)} 支${which.zh}`, en: `${String(r.branch)} of ${String(r.of)}${which.en}` }} />
        {r.when === undefined ? null : <><br /><span class="note">{rawValue(r.when)}</span></>}
      </Row>
    );
  }
  if (key === 'signature' && value && typeof value === 'object') {
    const sig = value as { turn?: unknown; of?: unknown; title?: Text };
    const named = sig.title ?? same('');
    return <Row label={{ zh: '依次签批', en: 'Signed in turn' }}><Bi t={{ zh: `第 ${String(sig.turn)} 轮，共 ${String(sig.of)} 轮：${named.zh}`, en: `turn ${String(sig.turn)} of ${String(sig.of)}: ${named.en}` }} /></Row>;
  }
  return <Row label={same(key)}>{rawValue(value)}</Row>;
}

export function EventBlock({ ctx, event }: { ctx: HistoryContext; event: HistoryEvent }) {
  const org = <OrgName org={orgLabel(ctx.orgNames, event.actor.orgId)} />;
  const from = stepTitle(ctx.workflow, event.step);
  return (
    <section class="event" id={`event-${event.seq}`}>
      <h3>#{event.seq} <Bi t={actionTitle(ctx.workflow, event)} />{event.action === 'create' || Object.hasOwn(KIND_TITLES, event.action) ? null : <> <span class="note">{event.action}</span></>}</h3>
      <table>
        <Row label={{ zh: '时间', en: 'Time' }}>{shanghaiTime(event.at, 'seconds')}</Row>
        <Row label={{ zh: '办理人', en: 'By' }}>{event.actor.name} · {org} <span class="note">{event.actor.id}</span></Row>
        <Row label={{ zh: '步骤', en: 'Step' }}>
          {event.step === event.to ? <Bi t={from} /> : <><Bi t={from} /> → <Bi t={stepTitle(ctx.workflow, event.to)} /></>} <span class="note">· <Bi t={statusTitle(event.status)} /></span>
        </Row>
        {event.comment ? <tr><th scope="row"><Bi t={{ zh: '意见', en: 'Comment' }} /></th><td class="text">{event.comment}</td></tr> : null}
        {Object.entries(event.changes ?? {}).map(([key, value]) => changeRow(ctx, event, key, value))}
        <tr><th scope="row"><Bi t={{ zh: '哈希', en: 'Hash' }} /></th><td class="hash">{event.hash}</td></tr>
      </table>
    </section>
  );
}

export function HistorySection({ ctx, events }: { ctx: HistoryContext; events: HistoryEvent[] }) {
  return (
    <>
      <h2><Bi t={{ zh: '办理记录', en: 'History' }} /></h2>
      {events.map((e) => <EventBlock ctx={ctx} event={e} />)}
    </>
  );
}
