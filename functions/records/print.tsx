/**
 * One record as a printable page (API.md `GET /api/submissions/{id}/print`, DOMAIN.md "What
 * auditors need"): the header (form and version, organisation, status, number, times), the
 * data by the sections and labels of the form version it was filled against, the computed
 * values and warnings, every history event with its hash, and the chain's verification with
 * the latest hash. Scope is exactly that of `GET /api/submissions/{id}`.
 */
import type { CompiledDeclaration, FieldDecl, FormIssue, SectionDecl, Text } from '../../forms/language.js';
import type { WorkflowDeclaration } from '../../workflows/language.js';
import type { Caller } from '../auth/scope.js';
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { Bi, both, InLanguage, type Lang } from '../http/pages/layout.js';
import { definitionOf, getVisible, verify, type Deps } from '../service/submissions.js';
import { orgLabelsOf, type OrgLabels } from './org-labels.js';
import { readHistory, type Submission } from '../store/submissions.js';
import { GENESIS_HASH, type HistoryEvent, type VerifyResult } from './chain.js';
import { statusTitle, stepTitle } from '../../workflows/words.js';
import { HistorySection } from './print-history.js';
import { PRINT_STYLE } from './print-style.js';
import { computedValue, groupTable, isBlank, numeric, resolvePath, shown } from './print-values.js';
import { shanghaiTime } from '../../workflows/calendar.js';
import type { Verification } from './verify.js';
import { proofMark, ProofMark, type ProofMarkData } from './print-proof.js';

export { PRINT_HEADERS } from './print-style.js';

export type Printable = {
  sub: Submission;
  events: HistoryEvent[];
  verified: Verification;
  decl: CompiledDeclaration;
  workflow: WorkflowDeclaration;
  orgNames: OrgLabels;
  printedAt: string;
  printedBy: { name: string; orgName: string };
};

/**
 * The record, its events and their verification, read so that they agree: an action that
 * commits between the reads leaves a record and a history of different lengths, so that case
 * is read once more before the page reports it (a real gap or extra event stays a mismatch).
 */
async function snapshot(deps: Deps, caller: Caller, id: string) {
  for (let attempt = 0; ; attempt++) {
    const sub = await getVisible(deps, caller, id);
    const [events, verified] = await Promise.all([readHistory(deps.db, id), verify(deps, caller, id)]);
    const agree = events.length === sub.seq && verified.events === events.length;
    if (agree || attempt === 1) return { sub, events, verified };
  }
}

export async function loadPrintable(deps: Deps, caller: Caller, id: string): Promise<Printable> {
  const { sub, events, verified } = await snapshot(deps, caller, id);
  const { form, workflow } = await definitionOf(deps, sub);
  const orgNames = await orgLabelsOf(deps.db, sub, events);
  return {
    sub,
    events,
    verified,
    decl: form.decl,
    workflow,
    orgNames,
    printedAt: deps.now().toISOString(),
    printedBy: { name: caller.name, orgName: caller.orgName },
  };
}

const MetaRow = ({ label, children }: { label: Text; children?: Child }) => <tr><th scope="row"><Bi t={label} /></th><td>{children}</td></tr>;

/** The status, and the step when it says more than the status (an end step is named like its status). */
export function StatusText({ status, step }: { status: string; step: Text }) {
  const label = statusTitle(status);
  return label.zh === step.zh ? <Bi t={label} /> : <><Bi t={label} /> · <Bi t={step} /></>;
}

function Header({ p }: { p: Printable }) {
  const { sub, decl, workflow } = p;
  return (
    <>
      <h1><Bi t={decl.title} /></h1>
      <p class="lead">{sub.orgName} · <Bi t={{ zh: `表单第 ${sub.formVersion} 版`, en: `form version ${sub.formVersion}` }} /></p>
      <table>
        <MetaRow label={{ zh: '表单', en: 'Form' }}><Bi t={decl.title} /> <span class="note">{sub.formId} · v{sub.formVersion}</span></MetaRow>
        <MetaRow label={{ zh: '填报单位', en: 'Organisation' }}>{sub.orgName}</MetaRow>
        <MetaRow label={{ zh: '状态', en: 'Status' }}><StatusText status={sub.status} step={stepTitle(workflow, sub.step)} /></MetaRow>
        {sub.number ? <MetaRow label={{ zh: '登记编号', en: 'Registration number' }}><strong id="number">{sub.number}</strong></MetaRow> : null}
        <MetaRow label={{ zh: '记录编号', en: 'Record id' }}><span class="hash">{sub.id}</span></MetaRow>
        <MetaRow label={{ zh: '创建时间', en: 'Created' }}>{shanghaiTime(sub.createdAt, 'seconds')}</MetaRow>
        <MetaRow label={{ zh: '更新时间', en: 'Updated' }}>{shanghaiTime(sub.updatedAt, 'seconds')}</MetaRow>
        <MetaRow label={{ zh: '打印', en: 'Printed' }}>{`${shanghaiTime(p.printedAt, 'seconds')} · ${p.printedBy.name} · ${p.printedBy.orgName}`}</MetaRow>
      </table>
      <p class="note"><Bi t={{ zh: '时间均为北京时间（Asia/Shanghai，UTC+8）；金额单位为元。', en: 'Times are in Asia/Shanghai (UTC+8); amounts are in yuan.' }} /></p>
    </>
  );
}

type Group = Extract<FieldDecl, { type: 'group' }>;

function Section({ s, data, level }: { s: SectionDecl; data: Record<string, unknown>; level: 2 | 3 }) {
  // A conditional section that does not apply (a federation's enterprises, for an enterprise)
  // holds nothing: leaving it out keeps the paper to what was filled in.
  if (s.when && s.fields.every((f) => isBlank(data[f.key]))) return null;
  const scalars = s.fields.filter((f) => f.type !== 'group');
  const groups = s.fields.filter((f): f is Group => f.type === 'group');
  const title = <Bi t={s.title} />;
  return (
    <>
      {level === 2 ? <h2>{title}</h2> : <h3>{title}</h3>}
      {scalars.length ? (
        <table>{scalars.map((f) => <tr><th scope="row"><Bi t={f.label} /></th><td class={numeric(f)}>{shown(f, data[f.key])}</td></tr>)}</table>
      ) : null}
      {groups.map((g) => (
        <>
          {level === 2 ? <h3><Bi t={g.label} /></h3> : <h4><Bi t={g.label} /></h4>}
          {groupTable(g, data[g.key])}
        </>
      ))}
    </>
  );
}

/** Keys in the data that no field of this version declares: printed too, nothing is hidden. */
function Undeclared({ decl, data, level }: { decl: CompiledDeclaration; data: Record<string, unknown>; level: 2 | 3 }) {
  const known = new Set(decl.sections.flatMap((s) => s.fields.map((f) => f.key)));
  const extra = Object.keys(data).filter((k) => !known.has(k));
  if (extra.length === 0) return null;
  const title = <Bi t={{ zh: '其他数据', en: 'Other data' }} />;
  return (
    <>
      {level === 2 ? <h2>{title}</h2> : <h3>{title}</h3>}
      <table>{extra.map((k) => <tr><th scope="row">{k}</th><td class="hash">{JSON.stringify(data[k])}</td></tr>)}</table>
    </>
  );
}

/**
 * A record's data laid out by the sections and labels of its form version; `level` is the
 * heading level of the sections (2 on paper, 3 inside a revision of the record page).
 */
export function DataSections({ decl, data, level = 2 }: { decl: CompiledDeclaration; data: Record<string, unknown>; level?: 2 | 3 }) {
  return (
    <>
      {decl.sections.map((s) => <Section s={s} data={data} level={level} />)}
      <Undeclared decl={decl} data={data} level={level} />
    </>
  );
}

const NUMERIC_FORMATS = new Set(['money', 'integer', 'percent']);

export function Computed({ decl, values }: { decl: CompiledDeclaration; values: Record<string, unknown> }) {
  if (decl.computed.length === 0) return null;
  return (
    <>
      <h2><Bi t={{ zh: '计算值', en: 'Computed values' }} /></h2>
      <table>
        {decl.computed.map((c) => (
          <tr><th scope="row"><Bi t={c.label} /></th><td class={c.format && NUMERIC_FORMATS.has(c.format) ? 'num' : undefined}>{computedValue(c, values[c.key])}</td></tr>
        ))}
      </table>
    </>
  );
}

export function Warnings({ decl, list }: { decl: CompiledDeclaration; list: FormIssue[] }) {
  if (list.length === 0) return null;
  return (
    <>
      <h2><Bi t={{ zh: '提示', en: 'Warnings' }} /></h2>
      {list.map((w) => <p class="warn"><strong><Bi t={resolvePath(decl, w.path).label} /></strong>：<Bi t={w.message} /></p>)}
    </>
  );
}

/** The chain's verification in words: intact and ending at the record's head, or where it breaks. */
export function Verdict({ verified }: { verified: VerifyResult }) {
  return verified.ok ? (
    <div class="ok" id="verify-result">
      <strong><Bi t={{ zh: '校验通过', en: 'Verified' }} /></strong>：<Bi t={{ zh: `${verified.events} 个事件的哈希链完整，且止于本记录的最新哈希。`, en: `the hash chain of ${verified.events} events is intact and ends at this record's latest hash.` }} />
    </div>
  ) : (
    <div class="bad" id="verify-result">
      <strong><Bi t={{ zh: '校验未通过', en: 'Verification failed' }} /></strong>：<Bi t={{ zh: `哈希链自第 ${verified.firstBadSeq} 个事件起不成立。`, en: `the hash chain does not hold from event #${verified.firstBadSeq}.` }} />
    </div>
  );
}

export function Verification({ verified, sub }: { verified: VerifyResult; sub: Submission }) {
  return (
    <>
      <h2><Bi t={{ zh: '完整性校验', en: 'Integrity check' }} /></h2>
      <Verdict verified={verified} />
      <p><Bi t={{ zh: '最新哈希', en: 'Latest hash' }} />：</p>
      <p class="hash" id="latest-hash">{sub.lastHash}</p>
      <p class="note">
        <Bi t={{
          zh: `每个事件的哈希是该事件（不含 hash）按 RFC 8785 规范化的 JSON 的 SHA-256；prevHash 为前一事件的哈希，第一个事件为 ${GENESIS_HASH.length} 个 0。可用 GET /api/submissions/${sub.id}/history 取得原始事件自行复核。`,
          en: `Each event's hash is the SHA-256 of the RFC 8785 canonical JSON of the event without its hash; prevHash is the previous event's hash, ${GENESIS_HASH.length} zeros for the first. The raw events (GET /api/submissions/${sub.id}/history) can be re-checked independently.`,
        }} />
      </p>
    </>
  );
}

/**
 * `back`: where a person who opened the page from the app returns (not printed); `lang`: the
 * language shown first, Chinese unless the person chose English.
 */
export type PrintOptions = { back?: string; lang?: Lang; proof?: ProofMarkData };

function PrintDocument({ p, back, lang = 'zh', proof }: { p: Printable } & PrintOptions) {
  const { sub, decl } = p;
  const title = both({ zh: `${decl.title.zh} ${sub.number ?? sub.id}`, en: `${decl.title.en} ${sub.number ?? sub.id}` }, lang);
  return (
    <html lang={lang === 'en' ? 'en' : 'zh-CN'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{title}</title>
        {/* Constant text, admitted by its hash: escaping would change both the CSS and the hash. */}
        <style>{raw(PRINT_STYLE)}</style>
      </head>
      <body>
        <InLanguage lang={lang}>
          <main>
            {back ? <p class="back"><a href={back}><Bi t={{ zh: '← 返回记录', en: 'Back to the record' }} /></a></p> : null}
            <Header p={p} />
            <DataSections decl={decl} data={sub.data} />
            <Computed decl={decl} values={sub.computed} />
            <Warnings decl={decl} list={sub.warnings} />
            <HistorySection ctx={{ decl, workflow: p.workflow, orgNames: p.orgNames, current: sub.data }} events={p.events} />
            <Verification verified={p.verified} sub={sub} />
            {proof ? <ProofMark mark={proof} /> : null}
            <footer><Bi t={{ zh: '区总工会 · 工作流程记录打印件', en: 'District Federation of Trade Unions · printed record' }} /> · {sub.id}</footer>
          </main>
        </InLanguage>
      </body>
    </html>
  );
}

export async function printPage(p: Printable, options: PrintOptions = {}): Promise<string> {
  return `<!doctype html>\n${await (<PrintDocument p={p} {...options} />).toString()}`;
}

/** With a public address, the page carries the record's head hash as a QR code for its public proof. */
export async function printRecord(deps: Deps & { publicUrl?: string }, caller: Caller, id: string, options: PrintOptions = {}): Promise<string> {
  const p = await loadPrintable(deps, caller, id);
  const proof = deps.publicUrl && p.sub.lastHash ? await proofMark(deps.publicUrl, p.sub.lastHash) : undefined;
  return printPage(p, { ...options, ...(proof ? { proof } : {}) });
}
