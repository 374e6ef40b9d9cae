/**
 * The workflows: each one's newest version, every version, one version's declaration, and
 * (for the admin) publishing the next version, checked against the form versions it serves.
 */
import { Hono } from 'hono';
import * as z from 'zod';
import * as workflows from '../../service/workflows.js';
import { notFound } from '../../store/errors.js';
import { readJson } from '../body.js';
import type { AppDeps, AppEnv } from '../env.js';

const publishBody = z.strictObject({ declaration: z.record(z.string(), z.unknown()) });

export function workflowRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => c.json({ items: await workflows.currentWorkflows(deps) }));
  app.get('/:workflowId/versions', async (c) => c.json({ items: await workflows.workflowVersions(deps, c.req.param('workflowId')) }));
  app.get('/:workflowId/versions/:version', async (c) => {
    const version = Number(c.req.param('version'));
    if (!Number.isSafeInteger(version) || version < 1) throw notFound();
    return c.json(await workflows.workflowVersion(deps, c.req.param('workflowId'), version));
  });
  app.post('/:workflowId/versions', async (c) => {
    const { declaration } = await readJson(c, publishBody);
    return c.json(await workflows.publishWorkflowVersion(deps, c.get('caller'), c.req.param('workflowId'), declaration), 201);
  });
  return app;
}
