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

export function assetRoutes() {
  return new Hono()
    .get('/app.css', (c) => c.body(APP_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', ...IMMUTABLE }))
    // The page script (client/script.ts), linked with its hash like the stylesheet.
    .get('/app.js', async (c) => c.body((await appScript()).text, 200, { 'Content-Type': 'text/javascript; charset=utf-8', ...IMMUTABLE }));
}
