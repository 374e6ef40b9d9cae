/**
 * The JSON Schemas of the declaration languages, for editors and for clients that check a
 * declaration before they publish it: `GET /api/schemas/form-declaration` and
 * `/workflow-declaration`. The structure is in the schema; what a declaration refers to
 * (fields, parameters, steps) is checked when it is published, which answers 422 with each
 * problem at its path.
 */
import { Hono } from 'hono';
import { declarationJsonSchema } from '../../../forms/schema.js';
import { workflowDeclarationJsonSchema } from '../../../workflows/schema.js';
import type { AppEnv } from '../env.js';

export function schemaRoutes() {
  const app = new Hono<AppEnv>();
  app.get('/form-declaration', (c) => c.json(declarationJsonSchema()));
  // The workflow language is fixed for the life of the process: generated once, on first ask, not at every cold start.
  let workflow: Record<string, unknown> | undefined;
  app.get('/workflow-declaration', (c) => c.json((workflow ??= workflowDeclarationJsonSchema())));
  return app;
}
