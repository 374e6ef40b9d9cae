/**
 * The pages' one stylesheet, served by the app at `/assets/app.css` under `style-src 'self'`
 * (no inline style anywhere). Pages link it with its content hash in the query, so a browser
 * may keep it for a year and still fetches the new one the moment it changes.
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { BASE_CSS, NAV_CSS } from './styles/base.js';
import { ADMIN_CSS } from './styles/admin.js';
import { DASHBOARD_CSS } from './styles/dashboard.js';
import { EXPORTS_CSS } from './styles/exports.js';
import { FILL_CSS } from './styles/fill.js';
import { INBOX_CSS } from './styles/inbox.js';
import { PROOF_CSS } from './styles/proof.js';
import { RECORDS_CSS } from './styles/records.js';
import { REVIEW_CSS } from './styles/review.js';
import { ROUNDS_CSS } from './styles/rounds.js';
import { appScript } from './client/script.js';

/** Each area of the app keeps its own rules in styles/; they are served as one file. */
export const APP_CSS = [BASE_CSS, NAV_CSS, ADMIN_CSS, DASHBOARD_CSS, EXPORTS_CSS, FILL_CSS, INBOX_CSS, PROOF_CSS, RECORDS_CSS, REVIEW_CSS, ROUNDS_CSS].join('\n');

export const APP_CSS_HASH = createHash('sha256').update(APP_CSS, 'utf8').digest('base64url').slice(0, 12);
export const APP_CSS_HREF = `/assets/app.css?v=${APP_CSS_HASH}`;

const IMMUTABLE = { 'Cache-Control': 'public, max-age=31536000, immutable', 'X-Content-Type-Options': 'nosniff' };

/** The tab's icon: 工 drawn in white bars on the union red, with no font to depend on. */
export const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#a4161a"/>' +
  '<g fill="#fff"><rect x="7" y="7" width="18" height="3.5"/><rect x="14.25" y="7" width="3.5" height="18"/><rect x="5" y="21.5" width="22" height="3.5"/></g></svg>';
export const ICON_HREF = `/assets/icon.svg?v=${createHash('sha256').update(ICON_SVG).digest('base64url').slice(0, 12)}`;
const icon = { 'Content-Type': 'image/svg+xml', ...IMMUTABLE };

/** Browsers ask for /favicon.ico of every page, the print page and the API's answers too. */
export const faviconRoute = new Hono().get('/favicon.ico', (c) => c.body(ICON_SVG, 200, { ...icon, 'Cache-Control': 'public, max-age=86400' }));

export function assetRoutes() {
  return new Hono()
    .get('/icon.svg', (c) => c.body(ICON_SVG, 200, icon))
    .get('/app.css', (c) => c.body(APP_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', ...IMMUTABLE }))
    // The page script (client/script.ts), linked with its hash like the stylesheet.
    .get('/app.js', async (c) => c.body((await appScript()).text, 200, { 'Content-Type': 'text/javascript; charset=utf-8', ...IMMUTABLE }));
}
