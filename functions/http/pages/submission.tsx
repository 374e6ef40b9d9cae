/**
 * `/submissions/{id}`: one submission as the signed-in person may see it (form, union, state,
 * step, number). Only a summary so far; a visitor without a session is sent to sign in first.
 */
import { Hono } from 'hono';
import type { Text } from '../../../forms/language.js';
import { formAt } from '../../service/forms.js';
import { getVisible } from '../../service/submissions.js';
import { workflowAt } from '../../service/workflows.js';
import { toDomainError } from '../../store/dynamo.js';
import { DomainError } from '../../store/errors.js';
import type { AppDeps, AppEnv } from '../env.js';
import { STATUS } from '../errors.js';
import { DEFAULT_MESSAGES } from '../messages.js';
import { STATUS_TEXT, shanghaiTime } from './home.js';
import { Bi, Message, pageHeaders, renderPage } from './layout.js';
import { pageSession, signedIn } from './page-session.js';

const ERROR: Text = { zh: '出错了', en: 'Something went wrong' };

export function submissionPages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', pageHeaders);
  app.use('*', pageSession(deps, 'required'));
  app.onError((error, c) => {
    const domain = toDomainError(error);
    if (!(domain instanceof DomainError)) throw error;
    const title = domain.code === 'not_found' ? { zh: '找不到该页面', en: 'Page not found' } : ERROR;
    return renderPage(c, STATUS[domain.code] as 404, { title, user: signedIn(c) }, <Message title={title} message={domain.text ?? DEFAULT_MESSAGES[domain.code]} />);
  });

  app.get('/:id', async (c) => {
    const sub = await getVisible(deps, c.get('caller'), c.req.param('id'));
    const [form, workflow] = await Promise.all([formAt(deps, sub.formId, sub.formVersion), workflowAt(deps, sub.formId, sub.workflowVersion)]);
    const title = form?.decl.title ?? { zh: sub.formId, en: sub.formId };
    const step = workflow?.steps[sub.step]?.title ?? { zh: sub.step, en: sub.step };
    const row = (label: Text, value: unknown) => <tr><th scope="row"><Bi t={label} /></th><td>{value}</td></tr>;
    return renderPage(
      c,
      200,
      { title, user: signedIn(c) },
      <>
        <h1><Bi t={title} /></h1>
        <table>
          {row({ zh: '单位', en: 'Union' }, sub.orgName)}
          {row({ zh: '状态', en: 'State' }, <Bi t={STATUS_TEXT[sub.status]} />)}
          {row({ zh: '当前步骤', en: 'Step' }, <Bi t={step} />)}
          {sub.number ? row({ zh: '编号', en: 'Number' }, sub.number) : null}
          {row({ zh: '更新于', en: 'Updated' }, shanghaiTime(sub.updatedAt))}
        </table>
        <p><a href="/"><Bi t={{ zh: '返回我的待办', en: 'Back to my work' }} /></a></p>
      </>,
    );
  });
  app.all('*', (c) => {
    const title = { zh: '找不到该页面', en: 'Page not found' };
    return renderPage(c, 404, { title, user: signedIn(c) }, <Message title={title} message={DEFAULT_MESSAGES.not_found} />);
  });
  return app;
}
