/**
 * `/admin`: the admin's pages (organisations and their accounts, form and workflow versions,
 * the admin log), each calling the same services as `/api/admin`, `/api/forms` and
 * `/api/workflows`. To anyone without the admin role every page under it is the same 404 page
 * as a page that does not exist: the pages do not even say that they are there.
 */
import { pageBodyLimit, pageError } from './page-errors.js';
import { Hono } from 'hono';
import type { Text } from '../../../forms/language.js';
import { notFound } from '../../store/errors.js';
import type { AppDeps, AppEnv } from '../env.js';
import { DEFAULT_MESSAGES } from '../messages.js';
import { registerAccountPages } from './admin-accounts.js';
import { adminPage, type PageStatus } from './admin-common.js';
import { registerFormPages } from './admin-forms.js';
import { registerLogPage } from './admin-log.js';
import { registerOrgPages } from './admin-orgs.js';
import { registerWorkflowPages } from './admin-workflows.js';
import { Bi, Message, NOT_FOUND, pageHeaders, renderPage } from './layout.js';
import { pageSession } from './page-session.js';

/** A workbook or a pasted declaration, as large as the JSON API takes. */
const BODY_BYTES = 1024 * 1024;

export const ADMIN: Text = { zh: '系统管理', en: 'Administration' };

const AREAS: { href: string; title: Text; lead: Text }[] = [
  { href: '/admin/orgs', title: { zh: '组织与账号', en: 'Organisations and accounts' }, lead: { zh: '组织树、新建和更名组织；各组织的账号、角色、密码和定点联系', en: 'The tree, new and renamed organisations; each one’s accounts, roles, passwords and assignments' } },
  { href: '/admin/forms', title: { zh: '表单版本', en: 'Form versions' }, lead: { zh: '上传工作簿或粘贴定义，预览后发布新版本；下载当前工作簿', en: 'Upload a workbook or paste a declaration, preview, then publish; download the current workbook' } },
  { href: '/admin/workflows', title: { zh: '流程版本', en: 'Workflow versions' }, lead: { zh: '粘贴流程定义，发布新版本', en: 'Paste a workflow declaration and publish it' } },
  { href: '/admin/log', title: { zh: '管理日志', en: 'Admin log' }, lead: { zh: '每一项管理操作：谁、何时、改了什么', en: 'Every admin change: who, when, what' } },
];

export function adminPages(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use('*', pageHeaders);
  // Before the session, which reads a posted form for its CSRF field.
  app.use('*', pageBodyLimit(BODY_BYTES));
  app.use('*', pageSession(deps, 'required'));
  app.use('*', async (c, next) => {
    if (!c.get('caller').roles.includes('admin')) throw notFound();
    await next();
  });
  app.onError(pageError);

  app.get('/', (c) =>
    adminPage(
      c,
      200,
      ADMIN,
      <>
        <h1><Bi t={ADMIN} /></h1>
        <ul class="tasks">
          {AREAS.map((a) => (
            <li>
              <a href={a.href}><Bi t={a.title} /></a>
              <span class="meta"><Bi t={a.lead} /></span>
            </li>
          ))}
        </ul>
      </>,
    ),
  );
  registerOrgPages(app, deps);
  registerAccountPages(app, deps);
  registerFormPages(app, deps);
  registerWorkflowPages(app, deps);
  registerLogPage(app, deps);
  app.all('*', (c) => adminPage(c, 404, NOT_FOUND, <Message title={NOT_FOUND} message={DEFAULT_MESSAGES.not_found} />));
  return app;
}
