/** The declared forms: list, definition, JSON Schema (with a complete example). */
import { Hono } from 'hono';
import { getForm, listForms } from '../../../forms/registry.js';
import { shanghaiDate } from '../../../workflows/calendar.js';
import { notFound } from '../../store/errors.js';
import type { AppDeps, AppEnv } from '../env.js';

export function formRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.get('/', (c) => c.json({ items: listForms() }));
  app.get('/:formId', (c) => {
    const form = getForm(c.req.param('formId'));
    if (!form) throw notFound();
    return c.json(form.definition());
  });
  app.get('/:formId/schema', (c) => {
    const form = getForm(c.req.param('formId'));
    if (!form) throw notFound();
    return c.json(form.jsonSchema(shanghaiDate(deps.now())));
  });
  return app;
}
