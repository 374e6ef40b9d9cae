/**
 * Server-rendered pages for members (who have no account and often only a phone): an
 * escaping template tag, bilingual text, money in yuan, and one self-contained layout.
 * Every interpolated value is escaped unless it is already `Html`, so a page cannot forget to.
 */
import { createHash } from 'node:crypto';
import type { Text } from '../../../forms/language.js';

/** Markup that is safe to insert as it is: built only by `html` or `raw`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);

/** For constant markup only; never for anything a person typed or the database holds. */
export const raw = (markup: string): Html => new Html(markup);

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

/** A template tag: values are escaped, `Html` values and arrays of them are inserted. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** Chinese first, English second, everywhere. */
export const bi = (text: Text): Html => html`<span lang="zh-CN">${text.zh}</span> <span class="en" lang="en">${text.en}</span>`;

/** Integer fen as yuan with two decimals and thousands separators: 1234567 → "12,345.67". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.6 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC",system-ui,sans-serif;color:#1a1a1a;background:#f4f1ec}
main{max-width:40rem;margin:0 auto;padding:16px;background:#fff;min-height:100vh}
h1{font-size:1.35rem;line-height:1.3;margin:0 0 8px;color:#a4161a}
h2{font-size:1.1rem;margin:24px 0 8px;border-bottom:2px solid #a4161a;padding-bottom:2px}
.en{color:#555;font-size:.9em}
.lead,.help{color:#444;font-size:.92rem;margin:4px 0}
fieldset,.field{border:1px solid #ddd;border-radius:8px;padding:10px 12px;margin:0 0 14px}
legend,.label{font-weight:600;padding:0 4px}
.opt{display:block;padding:8px 4px;border-top:1px solid #f0f0f0}
.opt input{margin-right:8px;transform:scale(1.2)}
input[type=text],textarea,select{width:100%;font:inherit;padding:8px;border:1px solid #999;border-radius:6px}
textarea{min-height:6rem}
.code input{font-family:"Courier New",monospace;font-size:1.2rem;letter-spacing:2px;text-transform:uppercase}
.invalid{border-color:#c00;background:#fff6f6}
.error{color:#b00;font-weight:600;margin:4px 0}
.alert{border:2px solid #c00;background:#fff0f0;padding:10px;border-radius:8px;margin:12px 0}
.ok{border:2px solid #2b7a0b;background:#f0fff0;padding:12px;border-radius:8px}
.warn{border-left:4px solid #d98e04;background:#fff8e6;padding:8px 10px;margin:6px 0}
button .en,.button .en{color:inherit}
button,.button{display:block;width:100%;padding:12px;font:inherit;font-weight:600;text-align:center;color:#fff;background:#a4161a;border:0;border-radius:8px;text-decoration:none;margin:16px 0}
table{width:100%;border-collapse:collapse;font-size:.95rem}
th,td{border-bottom:1px solid #e5e5e5;padding:6px 4px;text-align:left;vertical-align:top}
.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.total th,.total td{font-weight:700;border-top:2px solid #333}
.scroll{overflow-x:auto}
footer{margin-top:32px;font-size:.8rem;color:#777}
`;

/** The CSP allows this one stylesheet by its hash: no scripts, no other styles, nothing fetched. */
const STYLE_HASH = createHash('sha256').update(STYLE, 'utf8').digest('base64');

export const PAGE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  // A code may be in the page or its URL: no cache and no referrer may keep it.
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

export function layout(title: Text, body: Html): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(`${title.zh} / ${title.en}`)}</title><style>${STYLE}</style></head>
<body><main>
${body.value}
<footer>${bi({ zh: '区总工会 · 会员服务', en: 'District Federation of Trade Unions · member services' }).value}</footer>
</main></body></html>`;
}
