/**
 * `/records/{id}`: the complete record for anyone who may see it: the summary, the
 * verification of its history chain, the data now, every revision's data (each submit's
 * stored snapshot, each edit's result), the full history, the printable record and the
 * downloads of its form's records. Read as the printable record reads it (`loadPrintable`),
 * so the page and the paper cannot disagree.
 */
import { Verdicts } from './records-verify.js';
import type { Context } from 'hono';
import type { Text } from '../../../forms/language.js';
import { Computed, DataSections, loadPrintable, StatusText, Verdict, Warnings, type Printable } from '../../records/print.js';
import { HistorySection } from '../../records/print-history.js';
import { stepTitle } from '../../../workflows/words.js';
import { shanghaiTime } from '../../../workflows/calendar.js';
import { revisionsOf, type Revision } from '../../records/revisions.js';
import type { AppDeps, AppEnv } from '../env.js';
import { Bi, OrgName, renderPage } from './layout.js';
import { orgLabel } from '../../records/org-labels.js';
import { signedIn } from './page-session.js';

const Row = ({ label, children }: { label: Text; children?: unknown }) => <tr><th scope="row"><Bi t={label} /></th><td>{children}</td></tr>;

function Summary({ p }: { p: Printable }) {
  const { sub, workflow } = p;
  return (
    <table class="summary">
      <Row label={{ zh: '单位', en: 'Union' }}>{sub.orgName}</Row>
      <Row label={{ zh: '状态', en: 'State' }}><StatusText status={sub.status} step={stepTitle(workflow, sub.step)} /></Row>
      {sub.number ? <Row label={{ zh: '编号', en: 'Number' }}><strong id="number">{sub.number}</strong></Row> : null}
      <Row label={{ zh: '表单版本', en: 'Form version' }}>{sub.formId} · v{sub.formVersion}</Row>
      <Row label={{ zh: '创建时间', en: 'Created' }}>{shanghaiTime(sub.createdAt, 'seconds')}</Row>
      <Row label={{ zh: '更新时间', en: 'Updated' }}>{shanghaiTime(sub.updatedAt, 'seconds')}</Row>
      <Row label={{ zh: '记录编号', en: 'Record id' }}><span class="hash">{sub.id}</span></Row>
    </table>
  );
}

/** Downloads of this record's form, across the caller's scope and for this union alone, as the export route serves them. */
function Downloads({ p }: { p: Printable }) {
  const { sub } = p;
  const href = (format: 'csv' | 'xlsx', union: boolean) => {
    const q = new URLSearchParams({ format, formId: sub.formId, ...(union ? { orgId: sub.orgId } : {}) });
    return `/api/exports/submissions?${q.toString()}`;
  };
  const links = (union: boolean) => (
    <>
      <a href={href('csv', union)} download><Bi t={{ zh: 'CSV 文件', en: 'CSV file' }} /></a>
      {' · '}
      <a href={href('xlsx', union)} download><Bi t={{ zh: 'Excel 文件', en: 'Excel file' }} /></a>
    </>
  );
  return (
    <ul class="downloads">
      <li><Bi t={{ zh: `您可查看的全部「${p.decl.title.zh}」：`, en: `Every “${p.decl.title.en}” you may see:` }} /> {links(false)}</li>
      <li><Bi t={{ zh: `${sub.orgName} 的「${p.decl.title.zh}」：`, en: `${sub.orgName}’s “${p.decl.title.en}”:` }} /> {links(true)}</li>
    </ul>
  );
}

const ACTION_WORD: Record<string, Text> = { submit: { zh: '提交', en: 'Submitted' }, edit: { zh: '修改', en: 'Edited' } };

function RevisionBlock({ p, r, last }: { p: Printable; r: Revision; last: boolean }) {
  const org = <OrgName org={orgLabel(p.orgNames, r.actor.orgId)} />;
  const word = ACTION_WORD[r.action] ?? { zh: r.action, en: r.action };
  return (
    <details class="revision" id={`revision-${r.seq}`} open={last || undefined}>
      <summary>
        <strong>#{r.seq} <Bi t={word} /></strong> · {shanghaiTime(r.at, 'seconds')} · {r.actor.name} · {org}
        {last ? <> · <Bi t={{ zh: '最新', en: 'latest' }} /></> : null}
      </summary>
      <p class="note">
        <Bi t={r.stored
          ? { zh: `本事件保存的完整数据（表单第 ${r.formVersion} 版），受其哈希保护。`, en: `The full data this event stores (form version ${r.formVersion}), covered by its hash.` }
          : { zh: '由上一版数据加上本事件记录的修改得出；修改本身受本事件哈希保护。', en: 'The previous revision with the changes this event records; the changes are covered by its hash.' }} />
      </p>
      <DataSections decl={p.decl} data={r.data} level={3} />
    </details>
  );
}

function Revisions({ p }: { p: Printable }) {
  const list = revisionsOf(p.events);
  return (
    <>
      <h2 id="revisions"><Bi t={{ zh: '历次提交的数据', en: 'Every revision of the data' }} /></h2>
      {list.length === 0 ? (
        <p class="lead"><Bi t={{ zh: '尚未提交过。', en: 'Not submitted yet.' }} /></p>
      ) : (
        list.map((r, i) => <RevisionBlock p={p} r={r} last={i === list.length - 1} />)
      )}
    </>
  );
}

export async function recordPage(c: Context<AppEnv>, deps: AppDeps, id: string) {
  const caller = c.get('caller');
  const p = await loadPrintable(deps, caller, id);
  const { sub, decl } = p;
  const print = `/records/${encodeURIComponent(sub.id)}/print`;
  return renderPage(
    c,
    200,
    { title: decl.title, user: signedIn(c) },
    <div class="record">
      <p class="crumbs"><a href="/records"><Bi t={{ zh: '← 记录查询', en: 'Find records' }} /></a></p>
      <h1><Bi t={decl.title} /></h1>
      <Summary p={p} />
      <h2><Bi t={{ zh: '完整性校验', en: 'Integrity check' }} /></h2>
      <Verdict verified={p.verified} />
      <Verdicts v={p.verified} />
      <p class="note"><Bi t={{ zh: '最新哈希', en: 'Latest hash' }} />：<span class="hash" id="latest-hash">{sub.lastHash}</span></p>
      <h2><Bi t={{ zh: '打印与下载', en: 'Print and download' }} /></h2>
      <p><a class="button" href={print} id="print-link"><Bi t={{ zh: '打印版记录', en: 'Printable record' }} /></a></p>
      <Downloads p={p} />
      <h2><Bi t={{ zh: '当前数据', en: 'The data now' }} /></h2>
      <DataSections decl={decl} data={sub.data} level={3} />
      <Computed decl={decl} values={sub.computed} />
      <Warnings decl={decl} list={sub.warnings} />
      <Revisions p={p} />
      <HistorySection ctx={{ decl, workflow: p.workflow, orgNames: p.orgNames, current: sub.data }} events={p.events} />
    </div>,
  );
}
