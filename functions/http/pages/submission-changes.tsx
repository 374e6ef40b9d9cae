/**
 * What a reviewer reads before acting: what changed since the previous submission (a
 * field-by-field diff of the data snapshots the last two submit events keep), the policy
 * warnings the form gave for this data, and the history timeline in the workflow's words.
 */
import type { CompiledDeclaration, FormIssue, Text } from '../../../forms/language.js';
import { diffData } from '../../../workflows/engine.js';
import type { WorkflowDeclaration } from '../../../workflows/language.js';
import { actionTitle, stepTitle } from '../../../workflows/words.js';
import type { HistoryEvent } from '../../records/chain.js';
import { rawValue, resolvePath } from '../../records/print-values.js';
import { raw } from 'hono/html';
import { shanghaiTime } from '../../../workflows/calendar.js';
import { Bi, OrgName } from './layout.js';
import { orgLabel, type OrgLabels } from '../../records/org-labels.js';
import { Value } from './submission-data.js';


/** A data path's value as the page shows the field it ends at; a row or an undeclared path raw. */
function PathValue({ decl, path, value, subId }: { decl: CompiledDeclaration; path: string; value: unknown; subId: string }) {
  const { field } = resolvePath(decl, path);
  return field ? <Value field={field} value={value} subId={subId} /> : value === null || value === undefined ? <span class="none">—</span> : raw(rawValue(value).toString());
}

const rowCount = (v: unknown) => (Array.isArray(v) ? v.length : 0);

/** The data snapshots the submits kept, oldest first. */
const snapshots = (events: HistoryEvent[]) => events.filter((e) => e.changes && Object.hasOwn(e.changes, 'data')).map((e) => ({ event: e, data: e.changes!.data }));

export function SinceLastSubmit({ decl, events, subId }: { decl: CompiledDeclaration; events: HistoryEvent[]; subId: string }) {
  const shots = snapshots(events);
  const heading = <h2 id="changes"><Bi t={{ zh: '与上次提交相比的修改', en: 'Changes since the previous submission' }} /></h2>;
  if (shots.length === 0) return <>{heading}<p class="meta"><Bi t={{ zh: '尚未提交', en: 'Not submitted yet' }} /></p></>;
  if (shots.length === 1) return <>{heading}<p class="meta" id="first-submit"><Bi t={{ zh: '首次提交', en: 'First submission' }} /></p></>;
  const [before, after] = shots.slice(-2);
  const changes = diffData(before.data, after.data);
  const note = (
    <p class="meta">
      <Bi t={{ zh: `记录 #${before.event.seq}（${shanghaiTime(before.event.at)}）→ 记录 #${after.event.seq}（${shanghaiTime(after.event.at)}）`, en: `Event #${before.event.seq} (${shanghaiTime(before.event.at)}) → event #${after.event.seq} (${shanghaiTime(after.event.at)})` }} />
    </p>
  );
  if (changes.length === 0) return <>{heading}{note}<p><Bi t={{ zh: '重新提交时未修改任何内容', en: 'Resubmitted without changes' }} /></p></>;
  return (
    <>
      {heading}
      {note}
      <ul class="diff">
        {changes.map((c) => (
          <li>
            <span class="diff-field"><Bi t={resolvePath(decl, c.path).label} /></span>
            {c.rows ? (
              <span class="diff-values"><Bi t={{ zh: `行数 ${rowCount(c.before)} → ${rowCount(c.after)}`, en: `rows ${rowCount(c.before)} → ${rowCount(c.after)}` }} /></span>
            ) : (
              <span class="diff-values">
                <del><PathValue decl={decl} path={c.path} value={c.before} subId={subId} /></del>
                <span aria-hidden="true"> → </span>
                <span class="visually-hidden"><Bi t={{ zh: '改为', en: 'changed to' }} /></span>
                <ins><PathValue decl={decl} path={c.path} value={c.after} subId={subId} /></ins>
              </span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The form's warnings for the submitted data: they never block, and a reviewer should see them. */
export function Warnings({ decl, warnings }: { decl: CompiledDeclaration; warnings: FormIssue[] }) {
  if (warnings.length === 0) return null;
  return (
    <section aria-labelledby="warnings">
      <h2 id="warnings"><Bi t={{ zh: '提示', en: 'Policy warnings' }} /></h2>
      {warnings.map((w) => (
        <div class="warn"><strong><Bi t={resolvePath(decl, w.path).label} /></strong>：<Bi t={w.message} /></div>
      ))}
    </section>
  );
}

type Edit = { path: string; before: unknown; after: unknown; reason?: string };

function Edits({ decl, edits, subId }: { decl: CompiledDeclaration; edits: Edit[]; subId: string }) {
  return (
    <ul class="diff">
      {edits.map((e) => (
        <li>
          <span class="diff-field"><Bi t={resolvePath(decl, e.path).label} /></span>
          <span class="diff-values">
            <del><PathValue decl={decl} path={e.path} value={e.before} subId={subId} /></del>
            <span aria-hidden="true"> → </span>
            <ins><PathValue decl={decl} path={e.path} value={e.after} subId={subId} /></ins>
          </span>
          {e.reason ? <span class="meta"><Bi t={{ zh: `理由：${e.reason}`, en: `Reason: ${e.reason}` }} /></span> : null}
        </li>
      ))}
    </ul>
  );
}

const person = (v: unknown) => {
  const p = v && typeof v === 'object' ? (v as { name?: unknown }) : {};
  return String(p.name ?? '');
};

/** Each event: what, by whom of which organisation, from which step to which, the comment, what it changed, when. */
export function Timeline({ decl, workflow, events, orgNames, subId }: { decl: CompiledDeclaration; workflow: WorkflowDeclaration; events: HistoryEvent[]; orgNames: OrgLabels; subId: string }) {
  return (
    <section aria-labelledby="history">
      <h2 id="history"><Bi t={{ zh: '办理记录', en: 'History' }} /></h2>
      <ol class="timeline">
        {events.map((e) => {
          const changes = e.changes ?? {};
          const edits = Array.isArray(changes.edits) ? (changes.edits as Edit[]) : [];
          return (
            <li id={`event-${e.seq}`}>
              <strong><Bi t={actionTitle(workflow, e)} /></strong>
              <span class="meta">{e.actor.name} · <OrgName org={orgLabel(orgNames, e.actor.orgId)} /> · <time datetime={e.at}>{shanghaiTime(e.at)}</time></span>
              <span class="meta">
                <Bi t={stepTitle(workflow, e.step)} />
                {e.to !== e.step ? <> → <Bi t={stepTitle(workflow, e.to)} /></> : null}
              </span>
              {e.comment ? <p class="comment">{e.comment}</p> : null}
              {typeof changes.number === 'string' ? <p><Bi t={{ zh: `编号 ${changes.number}`, en: `Number ${changes.number}` }} /></p> : null}
              {changes.to ? <p class="meta"><Bi t={{ zh: `转交给 ${person(changes.to)}`, en: `Transferred to ${person(changes.to)}` }} /></p> : null}
              {changes.addSigner ? <p class="meta"><Bi t={{ zh: `加签 ${person(changes.addSigner)}`, en: `Signer added: ${person(changes.addSigner)}` }} /></p> : null}
              {changes.cc ? <p class="meta"><Bi t={{ zh: `抄送 ${person(changes.cc)}`, en: `Copied to ${person(changes.cc)}` }} /></p> : null}
              {edits.length > 0 ? <Edits decl={decl} edits={edits} subId={subId} /> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
