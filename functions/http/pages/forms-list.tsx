/**
 * `GET /forms`: the forms open to the signed-in person's union, each with its description and
 * a start button; `POST /forms/:formId/start` starts a draft through the same service as
 * `POST /api/submissions` (the union's street prefilled) and goes to its fill page.
 */
import { pageBodyLimit, pageError } from './page-errors.js';
import { Hono } from 'hono';
import type { Text } from '../../../forms/language.js';
import * as forms from '../../service/forms.js';
import { createDraft } from '../../service/submissions.js';
import { workflowFor } from '../../service/workflows.js';
import { DomainError } from '../../store/errors.js';
import type { AppDeps, AppEnv } from '../env.js';
import { Bi, pageHeaders, renderPage } from './layout.js';
import { pageSession, signedIn } from './page-session.js';

const T = {
  title: { zh: '填报', en: 'Forms' },
  lead: { zh: '以下表单可由本单位发起填报。开始后会保存为草稿，可随时继续填写。', en: 'Your union can start these forms. A started form is kept as a draft you can come back to.' },
  none: { zh: '目前没有本单位可以发起的表单。', en: 'There is no form your union can start.' },
  start: { zh: '开始填报', en: 'Start' },
} satisfies Record<string, Text>;

export function formsPages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', pageHeaders);
  app.use('*', pageSession(deps, 'required'));
  app.onError(pageError);

  app.get('/', async (c) => {
    const user = signedIn(c)!;
    const startable = (await forms.listCurrentForms(deps, c.get('caller'))).filter((f) => f.canStart);
    // A form with no workflow (the members' questionnaire, answered by code) is not one a union starts: createDraft refuses it.
    const withWorkflow = await Promise.all(startable.map(async (f) => ((await workflowFor(deps, f.id, f.version)) ? f : undefined)));
    const open = withWorkflow.filter((f) => f !== undefined);
    const described = await Promise.all(open.map(async (f) => ({ ...f, description: (await forms.currentForm(deps, f.id))?.decl.description })));
    return renderPage(
      c,
      200,
      { title: T.title, user },
      <>
        <h1><Bi t={T.title} /></h1>
        <p class="lead"><Bi t={T.lead} /></p>
        {described.length === 0 ? <p><Bi t={T.none} /></p> : null}
        <ul class="form-list">
          {described.map((f) => (
            <li>
              <h2 id={`form-${f.id}`}><Bi t={f.title} /></h2>
              {f.description ? <p class="help"><Bi t={f.description} /></p> : null}
              <form method="post" action={`/forms/${encodeURIComponent(f.id)}/start`}>
                <input type="hidden" name="_csrf" value={user.csrfToken} />
                <button type="submit" aria-describedby={`form-${f.id}`}><Bi t={T.start} /></button>
              </form>
            </li>
          ))}
        </ul>
      </>,
    );
  });

  app.post('/:formId/start', async (c) => {
    const formId = c.req.param('formId');
    if (!forms.isKnownForm(formId)) throw new DomainError('not_found');
    let id: string;
    try {
      id = (await createDraft(deps, c.get('caller'), { formId })).id;
    } catch (error) {
      // A form this person cannot start (members start it, or they are no submitter) is not there for them.
      if (error instanceof DomainError && (error.code === 'forbidden' || error.code === 'validation_failed')) throw new DomainError('not_found');
      throw error;
    }
    return c.redirect(`/fill/${id}`, 303);
  });

  app.all('*', () => {
    throw new DomainError('not_found');
  });
  return app;
}
