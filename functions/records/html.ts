/**
 * The printable record's markup (records/print*.ts), which is a document rather than a page
 * of the app: an escaping template tag, bilingual text, money in yuan. Every interpolated
 * value is escaped unless it is already `Html`, so a record cannot forget to. The app's pages
 * are hono/jsx components on layout.tsx.
 */
import type { Text } from '../../forms/language.js';

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

/** Money in yuan, as the pages show it. */
export { yuan } from '../http/pages/layout.js';

/**
 * The printable record's headers before its own stylesheet's hash goes into `style-src`
 * (print-style.ts): no scripts, nothing fetched, no framing.
 */
export const PAGE_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; style-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
