/**
 * The JSON Schema of the workflow declaration language (GET /api/schemas/workflow-declaration),
 * generated from the Zod schema that checks every declaration; the checks across a
 * declaration (every step an action names exists, ...) are the server's, not the schema's.
 */
import { Hono } from 'hono';
import { workflowDeclarationJsonSchema } from '../../../workflows/schema.js';
import type { AppEnv } from '../env.js';

export function workflowSchemaRoutes() {
  const app = new Hono<AppEnv>();
  // The language is fixed for the life of the process: generated once.
  const schema = workflowDeclarationJsonSchema();
  app.get('/workflow-declaration', (c) => c.json(schema));
  return app;
}
