/**
 * The Hono app: the same object serves Node locally (`local.ts`) and Lambda (`handlers/api.ts`).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { fileStoreFromEnv } from '../files/index.js';
import { DomainError } from '../store/errors.js';
import { errorResponse, handleError } from './errors.js';
import type { AppDeps, AppEnv } from './env.js';
import { session } from './middleware/session.js';
import { parsePublicUrl } from './public-url.js';
import { memberPages } from './pages/member-pages.js';
import { assetRoutes, faviconRoute } from './pages/assets.js';
import { dashboardPages } from './pages/dashboard.js';
import { homePage } from './pages/home.js';
import { inboxPages } from './pages/inbox-batch.js';
import { adminPages } from './pages/admin.js';
import { signInPages } from './pages/signin.js';
import { submissionPages } from './pages/submission.js';
import { recordsPages } from './pages/records.js';
import { proofPages } from './pages/proof.js';
import { exportsPages } from './pages/exports.js';
import { fillPages } from './pages/fill.js';
import { formsPages } from './pages/forms-list.js';
import { roundsPages } from './pages/rounds.js';
import { notFoundPage } from './pages/layout.js';
import { signedIn as pageUser } from './pages/page-session.js';
import { attachmentRoutes, attachmentUploadRoutes, isContentUpload } from './routes/attachments.js';
import { adminRoutes } from './routes/admin.js';
import { exportFileRoutes, exportRoutes, withExportRunner } from './routes/exports.js';
import { formRoutes } from './routes/forms.js';
import { healthRoutes } from './routes/health.js';
import { memberRoutes } from './routes/member.js';
import { roundRoutes } from './routes/rounds.js';
import { schemaRoutes } from './routes/schemas.js';
import { workflowRoutes } from './routes/workflows.js';
import { sessionRoutes, userView } from './routes/session.js';
import { inboxRoutes, submissionRoutes } from './routes/submissions.js';

export const MAX_BODY_BYTES = 1024 * 1024;

const wantsPage = (c: Context) => !/^\/api(\/|$)/.test(c.req.path) && (c.req.header('accept') ?? '').includes('text/html');

export function createApp(given: AppDeps) {
  // A malformed public address fails here, at start-up, not in the first request that needs it.
  const deps: AppDeps = { ...given, publicUrl: parsePublicUrl(given.publicUrl) };
  const app = new Hono<AppEnv>();
  app.onError(handleError);
  // A browser asking for a page no route has gets the pages' 404 page; the API and other clients keep JSON.
  app.notFound((c) => (wantsPage(c) ? notFoundPage(c, pageUser(c as Context<AppEnv>)) : errorResponse(c, new DomainError('not_found'))));

  const jsonLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => errorResponse(c, new DomainError('payload_too_large')) });
  // The local attachment upload takes file bytes and holds them to the declared size itself.
  app.use('/api/*', (c, next) => (isContentUpload(c.req.method, c.req.path) ? next() : jsonLimit(c, next)));

  app.route('/health', healthRoutes(deps));
  app.route('/api/session', sessionRoutes(deps));
  const withFiles = { ...deps, files: deps.files ?? fileStoreFromEnv(deps.now) };
  // Before the session middleware: like a presigned S3 URL, its token is the only credential.
  app.route('/api/attachments', attachmentUploadRoutes(withFiles));
  const withExports = withExportRunner(deps);
  // An export job's local download link: its token is the only credential, as for uploads.
  app.route('/api/exports', exportFileRoutes(withExports));
  // Members have no account: their one-time code is their only credential.
  app.route('/api/member', memberRoutes(deps));
  // The same, as plain HTML pages for a phone: the address the printed code sheets give.
  app.route('/m', memberPages(deps));
  // The pages for people with an account: sign-in, the home page, a submission.
  app.route('/assets', assetRoutes());
  app.route('/', faviconRoute);
  app.route('/', signInPages(deps));
  app.route('/', homePage(deps));
  app.route('/inbox', inboxPages(deps));
  app.route('/submissions', submissionPages(deps));
  app.route('/records', recordsPages(deps));
  app.route('/dashboard', dashboardPages(deps));
  app.route('/forms', formsPages(deps));
  app.route('/fill', fillPages(withFiles));
  app.route('/admin', adminPages(deps));
  app.route('/rounds', roundsPages(deps));
  // Public, no session: whoever holds a printed record checks its head hash here.
  app.route('/proof', proofPages(deps));
  app.route('/exports', exportsPages(withExports));

  // Everything else under /api needs a session (registered after the public routes above,
  // which answer first).
  const signedIn = session(deps);
  for (const prefix of ['/api/me', '/api/forms', '/api/workflows', '/api/schemas', '/api/submissions', '/api/inbox', '/api/admin', '/api/attachments', '/api/rounds', '/api/exports']) {
    app.use(prefix, signedIn);
    app.use(`${prefix}/*`, signedIn);
  }

  app.get('/api/me', (c) => c.json(userView(c.get('caller'))));
  app.route('/api/forms', formRoutes(deps));
  app.route('/api/schemas', schemaRoutes());
  app.route('/api/workflows', workflowRoutes(deps));
  app.route('/api/submissions', submissionRoutes(deps));
  app.route('/api/inbox', inboxRoutes(deps));
  app.route('/api/admin', adminRoutes(deps));
  app.route('/api/attachments', attachmentRoutes(withFiles));
  app.route('/api/rounds', roundRoutes(deps));
  app.route('/api/exports', exportRoutes(withExports));
  return app;
}

export type App = ReturnType<typeof createApp>;
