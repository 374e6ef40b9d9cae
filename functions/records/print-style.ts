/**
 * The printable record's stylesheet and headers. The page is for paper (A4) first and a
 * screen second, and is saved or printed on its own, so it carries its own stylesheet rather
 * than linking the app's: a document that prints the same offline. That one inline style is
 * admitted by its hash; nothing else may run, load or frame it.
 */
import { createHash } from 'node:crypto';

export const PRINT_STYLE = `
@page{size:A4;margin:14mm 12mm 16mm;@bottom-right{content:counter(page) " / " counter(pages);font-size:8pt;color:#666}}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;font:10.5pt/1.5 "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#111;background:#e9e6e1}
main{max-width:210mm;margin:0 auto;padding:12mm;background:#fff;overflow-wrap:anywhere}
h1{font-size:16pt;line-height:1.3;margin:0 0 6px;color:#a4161a}
h2{font-size:12pt;margin:18px 0 6px;padding-bottom:2px;border-bottom:1.5px solid #a4161a;break-after:avoid}
h3{font-size:10.5pt;margin:10px 0 4px;break-after:avoid}
.en,.zh{color:#555;font-size:.88em}
.lead{margin:2px 0 8px;color:#333}
.note{color:#555;font-size:9pt}
table{width:100%;border-collapse:collapse;margin:0 0 8px}
th,td{border:1px solid #c8c8c8;padding:3px 5px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
thead th{background:#f3f0eb}
th[scope=row]{width:32%;font-weight:600;background:#faf8f5}
tr{break-inside:avoid}
.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.nowrap{white-space:nowrap}
.text{white-space:pre-wrap}
.none{color:#595959}
.hash{font:8.5pt/1.35 "DejaVu Sans Mono","Liberation Mono","Noto Sans Mono CJK SC",monospace;word-break:break-all;overflow-wrap:anywhere}
.files{margin:0;padding-left:1.2em}
.files li{margin:0 0 3px}
.warn{border-left:4px solid #d98e04;background:#fff8e6;padding:4px 8px;margin:4px 0;break-inside:avoid}
.event{border:1px solid #c8c8c8;border-left:4px solid #a4161a;padding:4px 8px 2px;margin:0 0 8px;break-inside:avoid}
.event h3{margin:2px 0 4px}
.event table{margin:0 0 4px}
.ok,.bad{padding:6px 10px;margin:6px 0;border:2px solid;break-inside:avoid}
.ok{border-color:#2b7a0b;background:#f0fff0}
.back{margin:0 0 8px;font-size:9.5pt}
.back a{color:#1d4f91}
.bad{border-color:#c00;background:#fff0f0}
footer{margin-top:18px;font-size:8.5pt;color:#666;border-top:1px solid #ccc;padding-top:4px}
@media print{body{background:#fff}main{max-width:none;margin:0;padding:0}.back{display:none}}
@media screen and (max-width:600px){main{padding:12px 10px}table{table-layout:fixed}.nowrap,.num{white-space:normal}th[scope=row]{width:38%}}
`;

/**
 * The headers of a document that carries its one stylesheet inline (the printable record, the
 * code sheet): no scripts, nothing fetched, no framing, no cache and no referrer (a record
 * names people and money, a code sheet holds codes shown once); the one style admitted is
 * `css`, by its hash, so not even an injected `<style>` applies.
 */
export function ownStyleHeaders(css: string): Record<string, string> {
  const hash = createHash('sha256').update(css, 'utf8').digest('base64');
  return {
    'Content-Security-Policy': `default-src 'none'; style-src 'sha256-${hash}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
  };
}

export const PRINT_HEADERS = ownStyleHeaders(PRINT_STYLE);
