/**
 * The Hono app: the same object serves Node locally (`local.ts`) and Lambda (`handlers/api.ts`).
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DomainError } from '../store/errors.js';
import { errorResponse, handleError } from './errors.js';
import type { AppDeps, AppEnv } from './env.js';
import { session } from './middleware/session.js';
import { formRoutes } from './routes/forms.js';
import { healthRoutes } from './routes/health.js';
import { sessionRoutes, userView } from './routes/session.js';
import { inboxRoutes, submissionRoutes } from './routes/submissions.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.notFound((c) => errorResponse(c, new DomainError('not_found')));

  app.use('/api/*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => errorResponse(c, new DomainError('payload_too_large')) }));

  app.route('/health', healthRoutes(deps));
  app.route('/api/session', sessionRoutes(deps));

  const signedIn = session(deps);
  app.use('/api/me', signedIn);
  app.use('/api/forms/*', signedIn);
  app.use('/api/forms', signedIn);
  app.use('/api/submissions/*', signedIn);
  app.use('/api/submissions', signedIn);
  app.use('/api/inbox', signedIn);

  app.get('/api/me', (c) => c.json(userView(c.get('caller'))));
  app.route('/api/forms', formRoutes(deps));
  app.route('/api/submissions', submissionRoutes(deps));
  app.route('/api/inbox', inboxRoutes(deps));
  return app;
}

export type App = ReturnType<typeof createApp>;
