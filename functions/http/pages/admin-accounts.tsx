/**
 * The accounts of an organisation: a new account (id, name, roles, initial password), and one
 * account's page with its own forms: name and roles, a new password, disable or enable, and
 * a 特约经审员's assigned unions. Each change ends the account's sessions (the service does,
 * in the change's transaction); this process also forgets its cached copy at once.
 */
import type { Context, Hono } from 'hono';
import type { FormIssue, Text } from '../../../forms/language.js';
import { MIN_PASSWORD_LENGTH } from '../../auth/passwords.js';
import * as admin from '../../service/admin.js';
import { notFound } from '../../store/errors.js';
import type { AppDeps, AppEnv } from '../env.js';
import { forgetSession } from '../middleware/session.js';
import { adminPage, checkText, Checkboxes, Crumbs, Csrf, Done, inFieldOrder, listOf, messageAt, ORGS_TITLE, posted, Problems, refusalIssues, textOf, TextInput, type PageStatus } from './admin-common.js';
import { Bi, Scroll } from './layout.js';

type Account = ReturnType<typeof admin.accountView>;

export const ROLE_TEXT: Record<(typeof admin.ACCOUNT_ROLES)[number], Text> = {
  submitter: { zh: '填报人', en: 'Submitter' },
  reviewer: { zh: '审核人', en: 'Reviewer' },
  auditor: { zh: '经审员', en: 'Auditor' },
  admin: { zh: '系统管理员', en: 'Admin' },
};

const T = {
  id: { zh: '用户名', en: 'Username' },
  idHelp: { zh: '2 到 64 位小写字母、数字、点、下划线或连字符，用于登录，建成后不能修改', en: '2 to 64 lowercase letters, digits, dots, underscores or hyphens; used to sign in; it cannot change later' },
  name: { zh: '姓名', en: 'Name' },
  roles: { zh: '角色', en: 'Roles' },
  password: { zh: '初始密码', en: 'Initial password' },
  newPassword: { zh: '新密码', en: 'New password' },
  passwordHelp: { zh: `至少 ${MIN_PASSWORD_LENGTH} 位；请当面或通过可靠渠道告知本人`, en: `At least ${MIN_PASSWORD_LENGTH} characters; tell the person in person or by a trusted channel` },
  create: { zh: '新建账号', en: 'Create the account' },
  newAccount: { zh: '新建账号', en: 'New account' },
  none: { zh: '还没有账号。', en: 'No accounts yet.' },
  state: { zh: '状态', en: 'State' },
  active: { zh: '正常', en: 'Active' },
  disabled: { zh: '已停用', en: 'Disabled' },
  rolesForm: { zh: '姓名和角色', en: 'Name and roles' },
  saveRoles: { zh: '保存姓名和角色', en: 'Save name and roles' },
  reset: { zh: '重设密码', en: 'Reset the password' },
  disable: { zh: '停用账号', en: 'Disable the account' },
  enable: { zh: '启用账号', en: 'Enable the account' },
  disableHelp: { zh: '停用后不能登录，已登录的会话立即结束；记录和历史保留。', en: 'A disabled account cannot sign in and its sessions end now; its records and history stay.' },
  assigned: { zh: '定点联系的基层工会（特约经审员）', en: 'Assigned unions (special auditor)' },
  assignedHelp: { zh: '特约经审员只能看到所联系工会的填报，从其下次登录起生效。', en: 'A special auditor sees only these unions’ submissions, from its next sign-in.' },
  saveAssigned: { zh: '保存定点联系', en: 'Save the assignments' },
  chooseRole: { zh: '请至少选择一个角色', en: 'Choose at least one role' },
  enterPassword: { zh: '请输入初始密码', en: 'Enter an initial password' },
  enterNewPassword: { zh: '请输入新密码', en: 'Enter a new password' },
  org: { zh: '所属组织', en: 'Organisation' },
} satisfies Record<string, Text>;

const DONE: Record<string, Text> = {
  created: { zh: '账号已建立，可用初始密码登录', en: 'The account was created; it signs in with the initial password' },
  roles: { zh: '姓名和角色已保存；该账号需重新登录', en: 'Name and roles saved; the account signs in again to use them' },
  password: { zh: '密码已重设；该账号的会话已结束', en: 'The password was reset; the account’s sessions ended' },
  disabled: { zh: '账号已停用', en: 'The account was disabled' },
  enabled: { zh: '账号已启用', en: 'The account was enabled' },
  assigned: { zh: '定点联系已保存', en: 'The assignments were saved' },
};

const roleOptions = admin.ACCOUNT_ROLES.map((r) => ({ value: r, label: <Bi t={ROLE_TEXT[r]} /> }));
const accountHref = (orgId: string, id: string) => `/admin/orgs/${encodeURIComponent(orgId)}/accounts/${encodeURIComponent(id)}`;

/** The accounts of one organisation as a table, each a link to its page. */
export function AccountList({ orgId, accounts }: { orgId: string; accounts: Account[] }) {
  if (accounts.length === 0) return <p class="lead"><Bi t={T.none} /></p>;
  return (
    <Scroll label={{ zh: '账号', en: 'Accounts' }}>
      <table>
        <thead><tr><th scope="col"><Bi t={T.id} /></th><th scope="col"><Bi t={T.name} /></th><th scope="col"><Bi t={T.roles} /></th><th scope="col"><Bi t={T.state} /></th></tr></thead>
        <tbody>
          {accounts.map((a) => (
            <tr>
              <td><a href={accountHref(orgId, a.id)}><code>{a.id}</code></a></td>
              <td>{a.name}</td>
              <td>{a.roles.map((r, n) => <>{n > 0 ? '、' : ''}<Bi t={ROLE_TEXT[r as keyof typeof ROLE_TEXT]} /></>)}</td>
              <td><Bi t={a.disabled ? T.disabled : T.active} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

type State = { values: Record<string, string>; roles: string[]; issues: FormIssue[] };
const NEW_FIELDS = ['id', 'name', 'roles', 'password'];

async function orgOf(deps: AppDeps, orgId: string) {
  const org = (await admin.orgTree(deps)).find((o) => o.id === orgId);
  if (!org) throw notFound();
  return org;
}

async function newAccountPage(c: Context<AppEnv>, deps: AppDeps, orgId: string, status: PageStatus, state: State) {
  const org = await orgOf(deps, orgId);
  const at = (p: string) => messageAt(state.issues, p);
  return adminPage(
    c,
    status,
    T.newAccount,
    <>
      <Crumbs trail={[{ href: '/admin/orgs', text: ORGS_TITLE }, { href: `/admin/orgs/${encodeURIComponent(org.id)}`, text: { zh: org.name, en: org.nameEn ?? org.name } }]} />
      <Problems issues={inFieldOrder(state.issues, NEW_FIELDS)} />
      <h1><Bi t={T.newAccount} /><span class="lead"> · {org.name}</span></h1>
      <form method="post" action={`/admin/orgs/${encodeURIComponent(org.id)}/accounts`} accept-charset="utf-8" novalidate>
        <Csrf c={c} />
        <TextInput name="id" label={T.id} help={T.idHelp} value={state.values.id} message={at('id')} maxlength={64} />
        <TextInput name="name" label={T.name} value={state.values.name} message={at('name')} maxlength={100} />
        <Checkboxes name="roles" legend={T.roles} options={roleOptions} checked={state.roles} message={at('roles')} />
        <TextInput name="password" type="password" autocomplete="new-password" label={T.password} help={T.passwordHelp} message={at('password')} maxlength={1024} />
        <button type="submit"><Bi t={T.create} /></button>
      </form>
    </>,
  );
}

type AccountForms = { roles?: State; password?: State; disabled?: State; assigned?: State };

async function accountPage(c: Context<AppEnv>, deps: AppDeps, orgId: string, id: string, status: PageStatus, forms: AccountForms = {}) {
  const org = await orgOf(deps, orgId);
  const account = (await admin.accountsOf(deps, orgId)).find((a) => a.id === id);
  if (!account) throw notFound();
  const unions = (await admin.orgTree(deps)).filter((o) => o.type === 'grassroots');
  const href = accountHref(orgId, id);
  const failed = forms.roles ?? forms.password ?? forms.disabled ?? forms.assigned;
  const at = (form: State | undefined, p: string) => (form ? messageAt(form.issues, p) : undefined);
  const named = (ids: string[]) => ids.map((u) => unions.find((o) => o.id === u)?.name ?? u).join('、');
  return adminPage(
    c,
    status,
    { zh: account.name, en: account.name },
    <>
      <Crumbs trail={[{ href: '/admin/orgs', text: ORGS_TITLE }, { href: `/admin/orgs/${encodeURIComponent(org.id)}`, text: { zh: org.name, en: org.nameEn ?? org.name } }]} />
      {failed ? <Problems issues={inFieldOrder(failed.issues, ['name', 'roles', 'password', 'disabled', 'orgIds'])} prefix="x-" /> : null}
      <Done c={c} texts={DONE} />
      <h1>{account.name}<span class="lead"> · <code>{account.id}</code></span></h1>
      <table class="facts">
        <tr><th scope="row"><Bi t={T.org} /></th><td>{org.name}</td></tr>
        <tr><th scope="row"><Bi t={T.roles} /></th><td>{account.roles.map((r, n) => <>{n > 0 ? '、' : ''}<Bi t={ROLE_TEXT[r as keyof typeof ROLE_TEXT]} /></>)}</td></tr>
        <tr><th scope="row"><Bi t={T.state} /></th><td><Bi t={account.disabled ? T.disabled : T.active} /></td></tr>
        {account.roles.includes('auditor') ? <tr><th scope="row"><Bi t={T.assigned} /></th><td>{named(account.assignedOrgIds) || '—'}</td></tr> : null}
      </table>

      <h2><Bi t={T.rolesForm} /></h2>
      <form method="post" action={`${href}/roles`} accept-charset="utf-8" novalidate>
        <Csrf c={c} />
        <TextInput name="name" prefix="x-" label={T.name} value={forms.roles?.values.name ?? account.name} message={at(forms.roles, 'name')} maxlength={100} />
        <Checkboxes name="roles" prefix="x-" legend={T.roles} options={roleOptions} checked={forms.roles?.roles ?? account.roles} message={at(forms.roles, 'roles')} />
        <button type="submit" class="secondary"><Bi t={T.saveRoles} /></button>
      </form>

      <h2><Bi t={T.reset} /></h2>
      <form method="post" action={`${href}/password`} accept-charset="utf-8" novalidate>
        <Csrf c={c} />
        <TextInput name="password" prefix="x-" type="password" autocomplete="new-password" label={T.newPassword} help={T.passwordHelp} message={at(forms.password, 'password')} maxlength={1024} />
        <button type="submit" class="secondary"><Bi t={T.reset} /></button>
      </form>

      {account.roles.includes('auditor') ? (
        <>
          <h2><Bi t={T.assigned} /></h2>
          <form method="post" action={`${href}/assignments`} accept-charset="utf-8" novalidate>
            <Csrf c={c} />
            <Checkboxes name="orgIds" prefix="x-" legend={T.assigned} help={T.assignedHelp} checked={forms.assigned?.roles ?? account.assignedOrgIds}
              message={at(forms.assigned, 'orgIds')} options={unions.map((u) => ({ value: u.id, label: <>{u.name} <code>{u.id}</code></> }))} />
            <button type="submit" class="secondary"><Bi t={T.saveAssigned} /></button>
          </form>
        </>
      ) : null}

      <h2><Bi t={account.disabled ? T.enable : T.disable} /></h2>
      <form method="post" action={`${href}/disabled`} accept-charset="utf-8" novalidate>
        <Csrf c={c} />
        <input type="hidden" name="disabled" value={account.disabled ? 'no' : 'yes'} />
        {account.disabled ? null : <p class="help"><Bi t={T.disableHelp} /></p>}
        <FieldMessage id="x-disabled" message={at(forms.disabled, 'disabled')} />
        <button type="submit" id="x-disabled" class={account.disabled ? 'secondary' : 'warning'}><Bi t={account.disabled ? T.enable : T.disable} /></button>
      </form>
    </>,
  );
}

const FieldMessage = ({ id, message }: { id: string; message?: Text }) => (message ? <p class="error" id={`e-${id}`}><Bi t={message} /></p> : null);

export function registerAccountPages(app: Hono<AppEnv>, deps: AppDeps) {
  app.get('/orgs/:org/accounts/new', (c) => newAccountPage(c, deps, c.req.param('org'), 200, { values: {}, roles: [], issues: [] }));

  app.post('/orgs/:org/accounts', async (c) => {
    const orgId = c.req.param('org');
    const body = await posted(c);
    const values = { id: textOf(body, 'id'), name: textOf(body, 'name') };
    const roles = listOf(body, 'roles');
    const password = textOf(body, 'password');
    const issues: FormIssue[] = [];
    const id = checkText(issues, 'id', T.id, values.id, 64);
    const name = checkText(issues, 'name', T.name, values.name, 100);
    if (roles.length === 0) issues.push({ path: 'roles', message: T.chooseRole });
    if (password === '') issues.push({ path: 'password', message: T.enterPassword });
    // The password is never shown again, not even to the one who typed it.
    if (issues.length > 0) return newAccountPage(c, deps, orgId, 422, { values, roles, issues });
    try {
      await admin.createAccount(deps, c.get('caller'), { id, name, orgId, roles: roles.slice(0, 10), password: password.slice(0, 1024) });
    } catch (error) {
      const refused = refusalIssues(error, 'id');
      if (!refused) throw error;
      return newAccountPage(c, deps, orgId, refused.status, { values, roles, issues: refused.issues });
    }
    return c.redirect(`${accountHref(orgId, id)}?done=created`, 303);
  });

  app.get('/orgs/:org/accounts/:id', (c) => accountPage(c, deps, c.req.param('org'), c.req.param('id'), 200));

  /** One account form's post: the change, or the account page again with that form's issues. */
  const change = (form: keyof AccountForms, read: (body: Awaited<ReturnType<typeof posted>>, issues: FormIssue[]) => { state: State; run?: (caller: AppEnv['Variables']['caller'], id: string) => Promise<{ endedSessions: string[] }>; done: string }) =>
    async (c: Context<AppEnv>) => {
      const [orgId, id] = [c.req.param('org')!, c.req.param('id')!];
      // The account must be this organisation's before anything about it is read or changed.
      if (!(await admin.accountsOf(deps, orgId)).some((a) => a.id === id)) throw notFound();
      const issues: FormIssue[] = [];
      const { state, run, done } = read(await posted(c), issues);
      if (issues.length > 0 || !run) return accountPage(c, deps, orgId, id, 422, { [form]: { ...state, issues } });
      try {
        (await run(c.get('caller'), id)).endedSessions.forEach(forgetSession);
      } catch (error) {
        const refused = refusalIssues(error, form === 'assigned' ? 'orgIds' : form);
        if (!refused) throw error;
        return accountPage(c, deps, orgId, id, refused.status, { [form]: { ...state, issues: refused.issues } });
      }
      return c.redirect(`${accountHref(orgId, id)}?done=${done}`, 303);
    };

  app.post('/orgs/:org/accounts/:id/roles', change('roles', (body, issues) => {
    const values = { name: textOf(body, 'name') };
    const roles = listOf(body, 'roles');
    const name = checkText(issues, 'name', T.name, values.name, 100);
    if (roles.length === 0) issues.push({ path: 'roles', message: T.chooseRole });
    return { state: { values, roles, issues }, done: 'roles', run: (caller, id) => admin.updateAccount(deps, caller, id, { name, roles: roles.slice(0, 10) }) };
  }));

  app.post('/orgs/:org/accounts/:id/password', change('password', (body, issues) => {
    const password = textOf(body, 'password');
    if (password === '') issues.push({ path: 'password', message: T.enterNewPassword });
    return { state: { values: {}, roles: [], issues }, done: 'password', run: (caller, id) => admin.updateAccount(deps, caller, id, { password: password.slice(0, 1024) }) };
  }));

  app.post('/orgs/:org/accounts/:id/disabled', change('disabled', (body) => {
    const disabled = textOf(body, 'disabled') === 'yes';
    return { state: { values: {}, roles: [], issues: [] }, done: disabled ? 'disabled' : 'enabled', run: (caller, id) => admin.updateAccount(deps, caller, id, { disabled }) };
  }));

  app.post('/orgs/:org/accounts/:id/assignments', change('assigned', (body) => {
    const orgIds = listOf(body, 'orgIds').slice(0, 500);
    return { state: { values: {}, roles: orgIds, issues: [] }, done: 'assigned', run: (caller, id) => admin.setAssignments(deps, caller, id, orgIds) };
  }));
}
