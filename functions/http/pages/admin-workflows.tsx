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
import { FieldError, invalidAttrs } from './fields.js';
import { shanghaiTime } from '../../../workflows/calendar.js';
import { Bi } from './layout.js';

const TITLE: Text = { zh: '流程版本', en: 'Workflow versions' };
const T = {
  paste: { zh: '粘贴 JSON 流程定义', en: 'Paste the JSON workflow declaration' },
  pasteHelp: { zh: '当前定义见', en: 'The current declaration is at' },
  publish: { zh: '发布新版本', en: 'Publish a new version' },
  none: { zh: '请粘贴流程定义', en: 'Paste the declaration' },
  json: { zh: '粘贴的内容不是合法的 JSON', en: 'What was pasted is not valid JSON' },
  object: { zh: '流程定义应为一个 JSON 对象', en: 'The declaration must be a JSON object' },
  invalid: { zh: '流程定义有问题，见页面上方的列表', en: 'The declaration has problems: see the list at the top of the page' },
  builtin: { zh: '内置', en: 'Built in' },
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
            <span class="meta">{v.builtin ? <Bi t={T.builtin} /> : <>{shanghaiTime(v.publishedAt ?? '')} · {v.publishedBy}</>}</span>
          </li>
        ))}
      </ul>
      <h2><Bi t={T.publish} /></h2>
      <form method="post" action={`${href(id)}/publish`} accept-charset="utf-8" novalidate>
        <Csrf c={c} />
        <div class={message ? 'field invalid' : 'field'}>
          <label class="label" for="declaration"><Bi t={T.paste} /></label>
          <p class="help"><Bi t={T.pasteHelp} /> <a href={`/api/workflows/${encodeURIComponent(id)}/versions/${newest.version}`}>/api/workflows/{id}/versions/{newest.version}</a></p>
          <FieldError id="declaration" message={message} />
          <textarea id="declaration" name="declaration" rows={12} class="code-text" {...invalidAttrs('declaration', message)}>{text}</textarea>
        </div>
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
        <ul class="tasks">
          {items.map(({ id, newest }) => (
            <li>
              <a href={href(id)}><Bi t={newest.title} /></a>
              <span class="meta"><code>{id}</code> · <Bi t={{ zh: `当前第 ${newest.version} 版`, en: `Version ${newest.version} now` }} /></span>
            </li>
          ))}
        </ul>
      </>,
    );
  });

  app.get('/workflows/:id', (c) => workflowPage(c, deps, c.req.param('id'), 200));

  app.post('/workflows/:id/publish', async (c) => {
    const id = c.req.param('id');
    if (!ids().includes(id)) throw notFound();
    const text = textOf(await posted(c), 'declaration');
    const refuse = (message: Text) => workflowPage(c, deps, id, 422, text, [{ path: 'declaration', message }]);
    if (text.trim() === '') return refuse(T.none);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return refuse(T.json);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return refuse(T.object);
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
