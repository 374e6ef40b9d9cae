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
import { bi, escapeHtml, html, type Html } from './html.js';
import { definitionOf, getVisible, verify, type Deps } from '../service/submissions.js';
import { getOrg } from '../store/accounts.js';
import { readHistory, type Submission } from '../store/submissions.js';
import { GENESIS_HASH, type HistoryEvent, type VerifyResult } from './chain.js';
import { historySection, statusTitle, stepTitle } from './print-history.js';
import { PRINT_STYLE } from './print-style.js';
import { computedValue, groupTable, isBlank, numeric, resolvePath, shanghaiTime, shown } from './print-values.js';

export { PRINT_HEADERS } from './print-style.js';

export type Printable = {
  sub: Submission;
  events: HistoryEvent[];
  verified: VerifyResult;
  decl: CompiledDeclaration;
  workflow: WorkflowDeclaration;
  orgNames: ReadonlyMap<string, string>;
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
  const orgIds = [...new Set(events.map((e) => e.actor.orgId))].filter((o) => o !== sub.orgId);
  const orgs = await Promise.all(orgIds.map((o) => getOrg(deps.db, o)));
  const orgNames = new Map<string, string>([[sub.orgId, sub.orgName]]);
  for (const org of orgs) if (org) orgNames.set(org.id, org.name);
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

const metaRow = (label: Text, value: Html | string) => html`<tr><th scope="row">${bi(label)}</th><td>${value}</td></tr>`;

/** The status, and the step when it says more than the status (an end step is named like its status). */
function status(name: string, step: Text): Html {
  const label = statusTitle(name);
  return label.zh === step.zh ? bi(label) : html`${bi(label)} · ${bi(step)}`;
}

function header(p: Printable): Html {
  const { sub, decl, workflow } = p;
  return html`<h1>${bi(decl.title)}</h1>
<p class="lead">${sub.orgName} · ${bi({ zh: `表单第 ${sub.formVersion} 版`, en: `form version ${sub.formVersion}` })}</p>
<table>
${metaRow({ zh: '表单', en: 'Form' }, html`${bi(decl.title)} <span class="note">${sub.formId} · v${sub.formVersion}</span>`)}
${metaRow({ zh: '填报单位', en: 'Organisation' }, sub.orgName)}
${metaRow({ zh: '状态', en: 'Status' }, status(sub.status, stepTitle(workflow, sub.step)))}
${sub.number ? metaRow({ zh: '登记编号', en: 'Registration number' }, html`<strong id="number">${sub.number}</strong>`) : ''}
${metaRow({ zh: '记录编号', en: 'Record id' }, html`<span class="hash">${sub.id}</span>`)}
${metaRow({ zh: '创建时间', en: 'Created' }, shanghaiTime(sub.createdAt))}
${metaRow({ zh: '更新时间', en: 'Updated' }, shanghaiTime(sub.updatedAt))}
${metaRow({ zh: '打印', en: 'Printed' }, `${shanghaiTime(p.printedAt)} · ${p.printedBy.name} · ${p.printedBy.orgName}`)}
</table>
<p class="note">${bi({ zh: '时间均为北京时间（Asia/Shanghai，UTC+8）；金额单位为元。', en: 'Times are in Asia/Shanghai (UTC+8); amounts are in yuan.' })}</p>`;
}

type Group = Extract<FieldDecl, { type: 'group' }>;

function section(s: SectionDecl, data: Record<string, unknown>): Html | string {
  // A conditional section that does not apply (a federation's enterprises, for an enterprise)
  // holds nothing: leaving it out keeps the paper to what was filled in.
  if (s.when && s.fields.every((f) => isBlank(data[f.key]))) return '';
  const scalars = s.fields.filter((f) => f.type !== 'group');
  const groups = s.fields.filter((f): f is Group => f.type === 'group');
  const rows = scalars.map((f) => html`<tr><th scope="row">${bi(f.label)}</th><td${numeric(f)}>${shown(f, data[f.key])}</td></tr>`);
  return html`<h2>${bi(s.title)}</h2>${rows.length ? html`<table>${rows}</table>` : ''}${groups.map((g) => html`<h3>${bi(g.label)}</h3>${groupTable(g, data[g.key])}`)}`;
}

/** Keys in the data that no field of this version declares: printed too, nothing is hidden. */
function undeclared(decl: CompiledDeclaration, data: Record<string, unknown>): Html | string {
  const known = new Set(decl.sections.flatMap((s) => s.fields.map((f) => f.key)));
  const extra = Object.keys(data).filter((k) => !known.has(k));
  if (extra.length === 0) return '';
  return html`<h2>${bi({ zh: '其他数据', en: 'Other data' })}</h2><table>${extra.map(
    (k) => html`<tr><th scope="row">${k}</th><td class="hash">${JSON.stringify(data[k])}</td></tr>`,
  )}</table>`;
}

function computed(decl: CompiledDeclaration, values: Record<string, unknown>): Html | string {
  if (decl.computed.length === 0) return '';
  return html`<h2>${bi({ zh: '计算值', en: 'Computed values' })}</h2><table>${decl.computed.map(
    (c) => html`<tr><th scope="row">${bi(c.label)}</th><td${c.format === 'money' || c.format === 'integer' || c.format === 'percent' ? html` class="num"` : ''}>${computedValue(c, values[c.key])}</td></tr>`,
  )}</table>`;
}

function warnings(decl: CompiledDeclaration, list: FormIssue[]): Html | string {
  if (list.length === 0) return '';
  return html`<h2>${bi({ zh: '提示', en: 'Warnings' })}</h2>${list.map(
    (w) => html`<p class="warn"><strong>${bi(resolvePath(decl, w.path).label)}</strong>：${bi(w.message)}</p>`,
  )}`;
}

function verification(p: Printable): Html {
  const { verified, sub } = p;
  const verdict = verified.ok
    ? html`<div class="ok" id="verify-result"><strong>${bi({ zh: '校验通过', en: 'Verified' })}</strong>：${bi({
        zh: `${verified.events} 个事件的哈希链完整，且止于本记录的最新哈希。`,
        en: `the hash chain of ${verified.events} events is intact and ends at this record's latest hash.`,
      })}</div>`
    : html`<div class="bad" id="verify-result"><strong>${bi({ zh: '校验未通过', en: 'Verification failed' })}</strong>：${bi({
        zh: `哈希链自第 ${verified.firstBadSeq} 个事件起不成立。`,
        en: `the hash chain does not hold from event #${verified.firstBadSeq}.`,
      })}</div>`;
  return html`<h2>${bi({ zh: '完整性校验', en: 'Integrity check' })}</h2>${verdict}
<p>${bi({ zh: '最新哈希', en: 'Latest hash' })}：</p><p class="hash" id="latest-hash">${sub.lastHash}</p>
<p class="note">${bi({
    zh: `每个事件的哈希是该事件（不含 hash）按 RFC 8785 规范化的 JSON 的 SHA-256；prevHash 为前一事件的哈希，第一个事件为 ${GENESIS_HASH.length} 个 0。可用 GET /api/submissions/${sub.id}/history 取得原始事件自行复核。`,
    en: `Each event's hash is the SHA-256 of the RFC 8785 canonical JSON of the event without its hash; prevHash is the previous event's hash, ${GENESIS_HASH.length} zeros for the first. The raw events (GET /api/submissions/${sub.id}/history) can be re-checked independently.`,
  })}</p>`;
}

export function printPage(p: Printable): string {
  const { sub, decl } = p;
  const body = html`${header(p)}
${decl.sections.map((s) => section(s, sub.data))}
${undeclared(decl, sub.data)}
${computed(decl, sub.computed)}
${warnings(decl, sub.warnings)}
${historySection({ decl, workflow: p.workflow, orgNames: p.orgNames, current: sub.data }, p.events)}
${verification(p)}
<footer>${bi({ zh: '区总工会 · 工作流程记录打印件', en: 'District Federation of Trade Unions · printed record' })} · ${sub.id}</footer>`;
  const title = `${decl.title.zh} ${sub.number ?? sub.id} / ${decl.title.en}`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title><style>${PRINT_STYLE}</style></head>
<body><main>
${body.value}
</main></body></html>`;
}

export async function printRecord(deps: Deps, caller: Caller, id: string): Promise<string> {
  return printPage(await loadPrintable(deps, caller, id));
}
