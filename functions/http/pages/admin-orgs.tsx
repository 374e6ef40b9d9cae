/**
 * The organisation tree (district → streets and industry unions → grassroots unions), a new
 * organisation under a parent, and one organisation's page: its place, its rename form and
 * its accounts. Moving an organisation is not offered: the service refuses it, because a
 * submission's scope is the path it was filed under.
 */
import type { Context, Hono } from 'hono';
import type { FormIssue, Text } from '../../../forms/language.js';
import * as admin from '../../service/admin.js';
import { notFound } from '../../store/errors.js';
import type { AppDeps, AppEnv } from '../env.js';
import { AccountList } from './admin-accounts.js';
import { adminPage, checkText, Crumbs, Csrf, Done, inFieldOrder, messageAt, ORG_TYPE_TEXT, ORGS_TITLE, posted, Problems, refusalIssues, textOf, TextInput, type PageStatus } from './admin-common.js';
import { FieldError, invalidAttrs } from './fields.js';
import { Bi, both, OrgName, useLang } from './layout.js';

type OrgView = Awaited<ReturnType<typeof admin.orgTree>>[number];


function Tree({ orgs }: { orgs: OrgView[] }) {
  const children = (id: string | undefined) => orgs.filter((o) => o.parentId === id);
  const branch = (parent: string | undefined) => {
    const kids = children(parent);
    if (kids.length === 0) return null;
    return (
      <ul class={parent === undefined ? 'tree' : undefined}>
        {kids.map((o) => (
          <li>
            <a href={`/admin/orgs/${encodeURIComponent(o.id)}`}><OrgName org={o} /></a>
            <span class="meta"><Bi t={ORG_TYPE_TEXT[o.type]} /> · <code>{o.id}</code></span>
            {branch(o.id)}
          </li>
        ))}
      </ul>
    );
  };
  return branch(undefined);
}

const T = {
  newOrg: { zh: '新建组织', en: 'New organisation' },
  parent: { zh: '上级组织', en: 'Parent' },
  type: { zh: '类型', en: 'Type' },
  id: { zh: '编号', en: 'Id' },
  idHelp: { zh: '2 到 40 位小写字母、数字或连字符，建成后不能修改', en: '2 to 40 lowercase letters, digits or hyphens; it cannot change later' },
  name: { zh: '中文名称', en: 'Chinese name' },
  nameEn: { zh: '英文名称（选填）', en: 'English name (optional)' },
  rename: { zh: '更名', en: 'Rename' },
  save: { zh: '保存名称', en: 'Save the names' },
  create: { zh: '新建组织', en: 'Create the organisation' },
  accounts: { zh: '账号', en: 'Accounts' },
  children: { zh: '下级组织', en: 'Organisations under it' },
  newAccount: { zh: '新建账号', en: 'New account' },
  newChild: { zh: '在此组织下新建组织', en: 'New organisation under this one' },
  place: { zh: '位置', en: 'Place in the tree' },
  choose: { zh: '请选择', en: 'Choose one' },
} satisfies Record<string, Text>;

const DONE: Record<string, Text> = {
  created: { zh: '组织已建立', en: 'The organisation was created' },
  renamed: { zh: '名称已保存', en: 'The names were saved' },
};

type NewOrgState = { values: Record<string, string>; issues: FormIssue[] };

const ORG_FIELDS = ['parentId', 'type', 'id', 'name', 'nameEn'];

/** A labelled select; option texts are plain strings (an option holds no markup), the chosen language first. */
function Select({ name, label, options, value, message }: { name: string; label: Text; options: { value: string; label: Text | string }[]; value: string; message?: Text }) {
  const lang = useLang();
  return (
    <div class={message ? 'field invalid' : 'field'}>
      <label class="label" for={name}><Bi t={label} /></label>
      <FieldError id={name} message={message} />
      <select id={name} name={name} {...invalidAttrs(name, message)}>
        <option value="">{both(T.choose, lang)}</option>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value || undefined}>{typeof o.label === 'string' ? o.label : both(o.label, lang)}</option>
        ))}
      </select>
    </div>
  );
}

async function newOrgPage(c: Context<AppEnv>, deps: AppDeps, status: PageStatus, state: NewOrgState) {
  const parents = (await admin.orgTree(deps)).filter((o) => o.type !== 'grassroots');
  const at = (p: string) => messageAt(state.issues, p);
  return adminPage(
    c,
    status,
    T.newOrg,
    <>
      <Crumbs trail={[{ href: '/admin/orgs', text: ORGS_TITLE }]} />
      <Problems issues={inFieldOrder(state.issues, ORG_FIELDS)} />
      <h1><Bi t={T.newOrg} /></h1>
      <form method="post" action="/admin/orgs" accept-charset="utf-8" novalidate>
        <Csrf c={c} />
        <Select name="parentId" label={T.parent} value={state.values.parentId ?? ''} message={at('parentId')}
          options={parents.map((o) => ({ value: o.id, label: `${'　'.repeat(o.path.length - 1)}${o.name}` }))} />
        <Select name="type" label={T.type} value={state.values.type ?? ''} message={at('type')}
          options={(['street', 'industry', 'grassroots'] as const).map((t) => ({ value: t, label: ORG_TYPE_TEXT[t] }))} />
        <TextInput name="id" label={T.id} help={T.idHelp} value={state.values.id} message={at('id')} maxlength={64} />
        <TextInput name="name" label={T.name} value={state.values.name} message={at('name')} maxlength={100} />
        <TextInput name="nameEn" label={T.nameEn} value={state.values.nameEn} message={at('nameEn')} maxlength={200} />
        <button type="submit"><Bi t={T.create} /></button>
      </form>
    </>,
  );
}

type RenameState = { values: Record<string, string>; issues: FormIssue[] };

async function orgPage(c: Context<AppEnv>, deps: AppDeps, id: string, status: PageStatus, rename?: RenameState) {
  const orgs = await admin.orgTree(deps);
  const org = orgs.find((o) => o.id === id);
  if (!org) throw notFound();
  const accounts = await admin.accountsOf(deps, id);
  const at = (p: string) => (rename ? messageAt(rename.issues, p) : undefined);
  const path = org.path.map((p) => orgs.find((o) => o.id === p)).filter((o) => o !== undefined);
  return adminPage(
    c,
    status,
    { zh: org.name, en: org.nameEn ?? org.name },
    <>
      <Crumbs trail={[{ href: '/admin/orgs', text: ORGS_TITLE }]} />
      {rename ? <Problems issues={inFieldOrder(rename.issues, ['name', 'nameEn'])} prefix="r-" /> : null}
      <Done c={c} texts={DONE} />
      <h1><OrgName org={org} /></h1>
      <p class="lead"><Bi t={ORG_TYPE_TEXT[org.type]} /> · <code>{org.id}</code></p>
      <p class="lead"><Bi t={T.place} />：{path.map((o, n) => <>{n > 0 ? ' › ' : ''}<a href={`/admin/orgs/${encodeURIComponent(o.id)}`}>{o.name}</a></>)}</p>
      {org.type !== 'grassroots' ? (
        <>
          <h2><Bi t={T.children} /></h2>
          <ul class="tasks">
            {orgs.filter((o) => o.parentId === org.id).map((o) => (
              <li><a href={`/admin/orgs/${encodeURIComponent(o.id)}`}><OrgName org={o} /></a><span class="meta"><Bi t={ORG_TYPE_TEXT[o.type]} /> · <code>{o.id}</code></span></li>
            ))}
          </ul>
        </>
      ) : null}
      <h2><Bi t={T.accounts} /></h2>
      <AccountList orgId={org.id} accounts={accounts} />
      <p><a href={`/admin/orgs/${encodeURIComponent(org.id)}/accounts/new`}><Bi t={T.newAccount} /></a></p>
      {org.type !== 'grassroots' ? <p><a href={`/admin/orgs/new?parent=${encodeURIComponent(org.id)}`}><Bi t={T.newChild} /></a></p> : null}
      <h2><Bi t={T.rename} /></h2>
      <form method="post" action={`/admin/orgs/${encodeURIComponent(org.id)}/rename`} accept-charset="utf-8" novalidate>
        <Csrf c={c} />
        <TextInput name="name" prefix="r-" label={T.name} value={rename?.values.name ?? org.name} message={at('name')} maxlength={100} />
        <TextInput name="nameEn" prefix="r-" label={T.nameEn} value={rename?.values.nameEn ?? org.nameEn ?? ''} message={at('nameEn')} maxlength={200} />
        <button type="submit" class="secondary"><Bi t={T.save} /></button>
      </form>
    </>,
  );
}

export function registerOrgPages(app: Hono<AppEnv>, deps: AppDeps) {
  app.get('/orgs', async (c) =>
    adminPage(
      c,
      200,
      ORGS_TITLE,
      <>
        <Crumbs trail={[]} />
        <h1><Bi t={ORGS_TITLE} /></h1>
        <p><a href="/admin/orgs/new"><Bi t={T.newOrg} /></a></p>
        <Tree orgs={await admin.orgTree(deps)} />
      </>,
    ),
  );

  app.get('/orgs/new', (c) => newOrgPage(c, deps, 200, { values: { parentId: c.req.query('parent') ?? '' }, issues: [] }));

  app.post('/orgs', async (c) => {
    const body = await posted(c);
    const values = Object.fromEntries(ORG_FIELDS.map((k) => [k, textOf(body, k)]));
    const issues: FormIssue[] = [];
    if (values.parentId === '') issues.push({ path: 'parentId', message: { zh: '请选择上级组织', en: 'Choose the parent' } });
    const type = values.type as 'street' | 'industry' | 'grassroots';
    if (!['street', 'industry', 'grassroots'].includes(type)) issues.push({ path: 'type', message: { zh: '请选择类型', en: 'Choose the type' } });
    const id = checkText(issues, 'id', T.id, values.id, 64);
    const name = checkText(issues, 'name', T.name, values.name, 100);
    const nameEn = checkText(issues, 'nameEn', T.nameEn, values.nameEn, 200, true);
    if (issues.length > 0) return newOrgPage(c, deps, 422, { values, issues });
    try {
      await admin.createOrg(deps, c.get('caller'), { id, name, nameEn: nameEn || undefined, type, parentId: values.parentId });
    } catch (error) {
      const refused = refusalIssues(error, 'id');
      if (!refused) throw error;
      return newOrgPage(c, deps, refused.status, { values, issues: refused.issues });
    }
    return c.redirect(`/admin/orgs/${encodeURIComponent(id)}?done=created`, 303);
  });

  app.get('/orgs/:id', (c) => orgPage(c, deps, c.req.param('id'), 200));

  app.post('/orgs/:id/rename', async (c) => {
    const id = c.req.param('id');
    const body = await posted(c);
    const values = { name: textOf(body, 'name'), nameEn: textOf(body, 'nameEn') };
    const issues: FormIssue[] = [];
    const name = checkText(issues, 'name', T.name, values.name, 100);
    const nameEn = checkText(issues, 'nameEn', T.nameEn, values.nameEn, 200, true);
    if (issues.length > 0) return orgPage(c, deps, id, 422, { values, issues });
    try {
      await admin.renameOrg(deps, c.get('caller'), id, { name, nameEn: nameEn || undefined });
    } catch (error) {
      const refused = refusalIssues(error, 'name');
      if (!refused) throw error;
      return orgPage(c, deps, id, refused.status, { values, issues: refused.issues });
    }
    return c.redirect(`/admin/orgs/${encodeURIComponent(id)}?done=renamed`, 303);
  });
}
