/**
 * Publishing a workflow version by pasting its JSON declaration: the versions of each
 * workflow, and the paste form, whose refusals (the language's checks, and a workflow that
 * does not fit a form version it serves) are listed with their places.
 */
import type { Context, Hono } from 'hono';
import type { FormIssue, Text } from '../../../forms/language.js';
import { allWorkflows } from '../../../workflows/registry.js';
import * as workflows from '../../service/workflows.js';
import { DomainError, notFound } from '../../store/errors.js';
import type { AppDeps, AppEnv } from '../env.js';
import { adminPage, Crumbs, Csrf, Done, posted, Problems, refusalIssues, textOf, type PageStatus } from './admin-common.js';
import { locatedIssue } from './admin-preview.js';
import { CurrentVersions, pastedObject, PasteField, PublishedBy } from './admin-versions.js';
import { Bi } from './layout.js';

const TITLE: Text = { zh: '流程版本', en: 'Workflow versions' };
const T = {
  paste: { zh: '粘贴 JSON 流程定义', en: 'Paste the JSON workflow declaration' },
  publish: { zh: '发布新版本', en: 'Publish a new version' },
  none: { zh: '请粘贴流程定义', en: 'Paste the declaration' },
  object: { zh: '流程定义应为一个 JSON 对象', en: 'The declaration must be a JSON object' },
  invalid: { zh: '流程定义有问题，见页面上方的列表', en: 'The declaration has problems: see the list at the top of the page' },
} satisfies Record<string, Text>;

const ids = () => [...new Set(allWorkflows().map((w) => w.id))];
const href = (id: string) => `/admin/workflows/${encodeURIComponent(id)}`;

async function workflowPage(c: Context<AppEnv>, deps: AppDeps, id: string, status: PageStatus, text = '', issues: FormIssue[] = [], declaration?: unknown) {
  if (!ids().includes(id)) throw notFound();
  const versions = await workflows.workflowVersions(deps, id);
  const message = issues.length > 0 ? T.invalid : undefined;
  const newest = versions[0];
  return adminPage(
    c,
    status,
    newest.title,
    <>
      <Crumbs trail={[{ href: '/admin/workflows', text: TITLE }]} />
      <Problems issues={issues.map((i) => ({ path: 'declaration', message: locatedIssue(i, declaration) }))} />
      <Done c={c} texts={{ published: { zh: '新版本已发布', en: 'The new version is published' } }} />
      <h1><Bi t={newest.title} /><span class="lead"> · <code>{id}</code></span></h1>
      <ul class="tasks">
        {versions.map((v) => (
          <li>
            <a href={`/api/workflows/${encodeURIComponent(id)}/versions/${v.version}`}><Bi t={{ zh: `第 ${v.version} 版（JSON）`, en: `Version ${v.version} (JSON)` }} /></a>
            <span class="meta"><PublishedBy v={v} /></span>
          </li>
        ))}
      </ul>
      <h2><Bi t={T.publish} /></h2>
      <form method="post" action={`${href(id)}/publish`} accept-charset="utf-8" novalidate>
        <Csrf c={c} />
        <PasteField label={T.paste} current={`/api/workflows/${encodeURIComponent(id)}/versions/${newest.version}`} text={text} message={message} />
        <button type="submit"><Bi t={T.publish} /></button>
      </form>
    </>,
  );
}

export function registerWorkflowPages(app: Hono<AppEnv>, deps: AppDeps) {
  app.get('/workflows', async (c) => {
    const items = await Promise.all(ids().map(async (id) => ({ id, newest: (await workflows.workflowVersions(deps, id))[0] })));
    return adminPage(
      c,
      200,
      TITLE,
      <>
        <Crumbs trail={[]} />
        <h1><Bi t={TITLE} /></h1>
        <CurrentVersions items={items.map(({ id, newest }) => ({ href: href(id), id, title: newest.title, version: newest.version }))} />
      </>,
    );
  });

  app.get('/workflows/:id', (c) => workflowPage(c, deps, c.req.param('id'), 200));

  app.post('/workflows/:id/publish', async (c) => {
    const id = c.req.param('id');
    if (!ids().includes(id)) throw notFound();
    const text = textOf(await posted(c), 'declaration');
    const refuse = (message: Text) => workflowPage(c, deps, id, 422, text, [{ path: 'declaration', message }]);
    const pasted = pastedObject(text, T);
    if ('problem' in pasted) return refuse(pasted.problem);
    const { value } = pasted;
    try {
      await workflows.publishWorkflowVersion(deps, c.get('caller'), id, value);
    } catch (error) {
      const refused = refusalIssues(error, 'declaration');
      if (!refused || !(error instanceof DomainError)) throw error;
      return workflowPage(c, deps, id, refused.status, text, error.issues ?? refused.issues, value);
    }
    return c.redirect(`${href(id)}?done=published`, 303);
  });
}
