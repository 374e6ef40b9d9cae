/**
 * A round's codes as a sheet the union prints and cuts up (HTML), or as a list for a mail
 * merge (CSV, UTF-8 with a BOM so Excel shows Chinese). Self-contained: no external assets,
 * so the page prints the same offline and leaks the codes to no third party.
 */
import { csvString } from '../records/exports-csv.js';
import type { CodePurpose } from '../store/codes.js';
import type { Round } from '../store/rounds.js';

/** Where a member answers: a path on the app's configured public address (public-url.ts). */
export const ANSWER_PATH: Record<CodePurpose, string> = { evaluation: '/m/evaluate', 'fund-query': '/m/query' };

export type CodeSheet = { orgName: string; round: Round; codes: string[]; answerUrl: string };

const WORDING: Record<CodePurpose, { title: string; titleEn: string; code: string; instruction: (url: string) => string; instructionEn: (url: string) => string }> = {
  evaluation: {
    title: '会员评家评议码',
    titleEn: 'Member evaluation codes',
    code: '评议码',
    instruction: (url) => `请用手机或电脑打开 ${url}，输入本评议码，完成“会员评家”问卷。每个评议码只能使用一次；答卷匿名，不与您的姓名关联。`,
    instructionEn: (url) => `Open ${url}, enter this code and answer the member evaluation. Each code works once; answers are anonymous.`,
  },
  'fund-query': {
    title: '经费使用监督码',
    titleEn: 'Fund-use query codes',
    code: '监督码',
    instruction: (url) => `请用手机或电脑打开 ${url}，输入本监督码，对工会经费收支公开提出监督意见。每个监督码只能使用一次。`,
    instructionEn: (url) => `Open ${url}, enter this code and raise a query about the union’s fund disclosure. Each code works once.`,
  },
};

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);

const STYLE = `
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 16px; color: #000; }
h1 { font-size: 20px; margin: 0 0 4px; }
.meta, .notice { font-size: 12px; margin: 0 0 8px; }
.notice { border: 1px solid #c00; padding: 6px; }
.cards { display: grid; grid-template-columns: repeat(2, 1fr); }
.card { border: 1px dashed #888; padding: 10px; break-inside: avoid; page-break-inside: avoid; }
.card .code { font: bold 22px/1.4 "Courier New", monospace; letter-spacing: 2px; }
.card .no { float: right; font-size: 11px; color: #555; }
.card p { font-size: 12px; margin: 4px 0 0; }
.card .en { color: #444; font-size: 11px; }
@page { size: A4; margin: 12mm; }
@media print { body { margin: 0; } .notice { display: none; } }
`;

export function codeSheetHtml({ orgName, round, codes, answerUrl }: CodeSheet): string {
  const words = WORDING[round.purpose];
  const url = escapeHtml(answerUrl);
  const cards = codes
    .map(
      (code, i) => `<div class="card"><span class="no">${i + 1}</span><div>${words.code}</div><div class="code">${escapeHtml(code)}</div>
<p>${escapeHtml(words.instruction(answerUrl))}</p><p class="en">${escapeHtml(words.instructionEn(answerUrl))}</p></div>`,
    )
    .join('\n');
  const title = round.title ? `${escapeHtml(round.title)} · ` : '';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(orgName)} ${words.title}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(orgName)} · ${words.title}</h1>
<p class="meta">${title}${words.titleEn} · ${round.createdAt.slice(0, 10)} · 共 ${codes.length} 个 · 答题地址 ${url}</p>
<p class="notice">本页仅显示这一次：系统不保存评议码明文，请立即打印或保存，并逐个发给会员。This page is shown once; the codes are not stored. Print or save it now.</p>
<div class="cards">
${cards}
</div>
</body></html>`;
}

/** A header, then one row per code, by the downloads' CSV rules (BOM, quoted line breaks, neutralised formulas). */
export function codeSheetCsv({ orgName, round, codes, answerUrl }: CodeSheet): string {
  const words = WORDING[round.purpose];
  const header = ['序号 No.', `${words.code} Code`, '答题地址 URL', '工会 Union', '批次 Round'];
  return csvString(header, codes.map((code, i) => [i + 1, code, answerUrl, orgName, round.title ?? round.id]));
}
