/**
 * A round's codes as a sheet the union prints and cuts up (HTML), or as a list for a mail
 * merge (CSV, UTF-8 with a BOM so Excel shows Chinese). Self-contained: no external assets,
 * so the page prints the same offline and leaks the codes to no third party.
 */
import { raw } from 'hono/html';
import { csvString } from '../records/exports-csv.js';
import { ownStyleHeaders } from '../records/print-style.js';
import type { CodePurpose } from '../store/codes.js';
import type { Round } from '../store/rounds.js';

/** Where a member answers: a path on the app's configured public address (public-url.ts). */
export const ANSWER_PATH: Record<CodePurpose, string> = { evaluation: '/m/evaluate', 'fund-query': '/m/query' };

/** `backHref`: where a person who opened the round in the web app goes next (not printed). */
export type CodeSheet = { orgName: string; round: Round; codes: string[]; answerUrl: string; backHref?: string };

/**
 * Where a round's members answer; a fund-query round opened for a disclosure sends them
 * straight to that disclosure's query form.
 */
export function answerUrlFor(round: Pick<Round, 'purpose' | 'submissionId'>, publicUrl: string): string {
  const answer = new URL(ANSWER_PATH[round.purpose], publicUrl);
  if (round.purpose === 'fund-query' && round.submissionId) answer.searchParams.set('disclosure', round.submissionId);
  return answer.href;
}

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

const STYLE = `
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 16px; color: #000; }
h1 { font-size: 20px; margin: 0 0 4px; }
.meta, .notice { font-size: 12px; margin: 0 0 8px; overflow-wrap: anywhere; }
.notice { border: 1px solid #c00; padding: 6px; }
.back { font-size: 14px; margin: 0 0 8px; }
.cards { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); }
.card { border: 1px dashed #767676; padding: 10px; break-inside: avoid; page-break-inside: avoid; overflow-wrap: anywhere; }
.card .code { font: bold 22px/1.4 "Courier New", monospace; letter-spacing: 2px; }
.card .no { float: right; font-size: 11px; color: #505050; }
.card p { font-size: 12px; margin: 4px 0 0; }
.card .en { color: #444; font-size: 11px; }
@media screen and (max-width: 480px) { body { margin: 10px; } .cards { grid-template-columns: minmax(0, 1fr); } }
@page { size: A4; margin: 12mm; }
@media print { body { margin: 0; } .notice, .back { display: none; } }
`;


function Card({ code, no, words, answerUrl }: { code: string; no: number; words: (typeof WORDING)[CodePurpose]; answerUrl: string }) {
  return (
    <div class="card">
      <span class="no">{no}</span>
      <div>{words.code}</div>
      <div class="code">{code}</div>
      <p>{words.instruction(answerUrl)}</p>
      <p class="en" lang="en">{words.instructionEn(answerUrl)}</p>
    </div>
  );
}

/** The sheet's headers: its own inline style admitted by its hash, nothing else. */
export const CODE_SHEET_HEADERS = ownStyleHeaders(STYLE);
export const CODE_SHEET_CSP = CODE_SHEET_HEADERS['Content-Security-Policy'];

function SheetDocument({ orgName, round, codes, answerUrl, backHref }: CodeSheet) {
  const words = WORDING[round.purpose];
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{orgName} {words.title}</title>
        {/* Constant text: escaping it would break the quoted font names. */}
        <style>{raw(STYLE)}</style>
      </head>
      <body>
        <h1>{orgName} · {words.title}</h1>
        <p class="meta">{round.title ? `${round.title} · ` : ''}<span lang="en">{words.titleEn}</span> · {round.createdAt.slice(0, 10)} · 共 {codes.length} 个 · 答题地址 {answerUrl}</p>
        {backHref ? <p class="back"><a href={backHref}>返回评议码批次 <span lang="en">Back to the code rounds</span></a></p> : null}
        <p class="notice">本页仅显示这一次：系统不保存{words.code}明文，请立即打印或保存，并逐个发给会员。<span lang="en">This page is shown once; the codes are not stored. Print or save it now.</span></p>
        <div class="cards">
          {codes.map((code, i) => <Card code={code} no={i + 1} words={words} answerUrl={answerUrl} />)}
        </div>
      </body>
    </html>
  );
}

/** The printable sheet; hono/jsx escapes the union's name, the round's title and every code. */
export async function codeSheetHtml(sheet: CodeSheet): Promise<string> {
  return `<!doctype html>\n${await (<SheetDocument {...sheet} />).toString()}`;
}

/** A header, then one row per code, by the downloads' CSV rules (BOM, quoted line breaks, neutralised formulas). */
export function codeSheetCsv({ orgName, round, codes, answerUrl }: CodeSheet): string {
  const words = WORDING[round.purpose];
  const header = ['序号 No.', `${words.code} Code`, '答题地址 URL', '工会 Union', '批次 Round'];
  return csvString(header, codes.map((code, i) => [i + 1, code, answerUrl, orgName, round.title ?? round.id]));
}
