/**
 * The forms: list, the current definition, its JSON Schema (with a complete example), the
 * versions, one version's definition, and (for the admin) publishing a new version.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { shanghaiDate } from '../../../workflows/calendar.js';
import * as forms from '../../service/forms.js';
import { notFound } from '../../store/errors.js';
import { readJson } from '../body.js';
import type { AppDeps, AppEnv } from '../env.js';

const publishBody = z.strictObject({ declaration: z.record(z.string(), z.unknown()) });

export function formRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const current = async (id: string) => {
    const form = await forms.currentForm(deps, id);
    if (!form) throw notFound();
    return form;
  };
  app.get('/', async (c) => c.json({ items: await forms.listCurrentForms(deps, c.get('caller')) }));
  app.get('/:formId', async (c) => c.json((await current(c.req.param('formId'))).definition()));
  app.get('/:formId/schema', async (c) => c.json((await current(c.req.param('formId'))).jsonSchema(shanghaiDate(deps.now()))));
  app.get('/:formId/versions', async (c) => c.json({ items: await forms.versionsOf(deps, c.req.param('formId')) }));
  app.get('/:formId/versions/:version', async (c) => {
    const version = Number(c.req.param('version'));
    const form = Number.isSafeInteger(version) && version > 0 ? await forms.formAt(deps, c.req.param('formId'), version) : undefined;
    if (!form) throw notFound();
    return c.json(form.definition());
  });
  app.post('/:formId/versions', async (c) => {
    const { declaration } = await readJson(c, publishBody);
    return c.json(await forms.publishVersion(deps, c.get('caller'), c.req.param('formId'), declaration), 201);
  });
  return app;
}
