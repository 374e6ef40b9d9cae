/**
 * The forms: list, the current definition, its JSON Schema (with a complete example), the
 * versions, one version's definition (as JSON or as an .xlsx workbook), and (for the admin)
 * publishing a new version, as JSON or as a workbook, or previewing what publishing it would do.
 */
import { Hono, type Context } from 'hono';
import * as z from 'zod';
import { shanghaiDate } from '../../../workflows/calendar.js';
import * as forms from '../../service/forms.js';
import { schemaFor } from '../../service/submissions.js';
import { declarationWorkbook, withWorkbook, XLSX_TYPE } from '../../authoring/workbook.js';
import { DomainError, notFound } from '../../store/errors.js';
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
  app.get('/:formId/schema', async (c) =>
    c.json(schemaFor(c.get('caller'), await current(c.req.param('formId')), shanghaiDate(deps.now()))),
  );
  app.get('/:formId/versions', async (c) => c.json({ items: await forms.versionsOf(deps, c.req.param('formId')) }));
  const versionOf = async (formId: string, text: string) => {
    const version = Number(text);
    const form = Number.isSafeInteger(version) && version > 0 ? await forms.formAt(deps, formId, version) : undefined;
    if (!form) throw notFound();
    return form;
  };
  app.get('/:formId/versions/:version', async (c) => c.json((await versionOf(c.req.param('formId'), c.req.param('version'))).definition()));
  // The version as a workbook to edit in Excel or WPS and upload as the next one.
  app.get('/:formId/versions/:version/workbook', async (c) => {
    const form = await versionOf(c.req.param('formId'), c.req.param('version'));
    const bytes = await declarationWorkbook(form.definition());
    c.header('Content-Disposition', `attachment; filename="${form.decl.id}-v${form.decl.version}.xlsx"`);
    return c.body(new Uint8Array(bytes), 200, { 'Content-Type': XLSX_TYPE });
  });
  /**
   * A version sent to publish or preview: JSON `{declaration}`, or an .xlsx workbook whose
   * issues, and the declaration's, are pointed back at their cells.
   */
  const fromBody = async <T>(c: Context<AppEnv>, use: (declaration: unknown) => Promise<T>): Promise<T> => {
    const type = (c.req.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (type !== XLSX_TYPE) return use((await readJson(c, publishBody)).declaration);
    if (!c.get('caller').roles.includes('admin')) throw new DomainError('forbidden');
    return withWorkbook(new Uint8Array(await c.req.arrayBuffer()), use);
  };
  app.post('/:formId/versions', async (c) =>
    c.json(await fromBody(c, (declaration) => forms.publishVersion(deps, c.get('caller'), c.req.param('formId'), declaration)), 201),
  );
  // What publishing would do, nothing stored: the changes, and the dry run over the current version's submissions.
  app.post('/:formId/versions/preview', async (c) =>
    c.json(await fromBody(c, (declaration) => forms.previewVersion(deps, c.get('caller'), c.req.param('formId'), declaration))),
  );
  return app;
}
