/**
 * Publishing a form version in two posts: the admin uploads a workbook or pastes the JSON
 * declaration and sees the preview (`previewVersion`: problems with their cells or places, the
 * changes, the dry run, the form's structure); the preview's publish button posts the same
 * declaration again, held in a hidden field, to `publishVersion`, which checks it all again.
 */
import type { Context, Hono } from 'hono';
import type { FormDeclaration, FormIssue, Text } from '../../../forms/language.js';
import { withWorkbook } from '../../authoring/workbook.js';
import * as forms from '../../service/forms.js';
import { DomainError, notFound } from '../../store/errors.js';
import type { AppDeps, AppEnv } from '../env.js';
import { adminPage, Crumbs, Csrf, Done, posted, Problems, refusalIssues, textOf, type PageStatus } from './admin-common.js';
import { Changes, DryRunView, FormPreview, locatedIssue } from './admin-preview.js';
import { FieldError, invalidAttrs } from './fields.js';
import { CurrentVersions, pastedObject, PasteField, PublishedBy } from './admin-versions.js';
import { Bi, Scroll } from './layout.js';

const TITLE: Text = { zh: '表单版本', en: 'Form versions' };
const T = {
  versions: { zh: '各版本', en: 'Versions' },
  version: { zh: '版本', en: 'Version' },
  published: { zh: '发布', en: 'Published' },
  download: { zh: '下载', en: 'Download' },
  workbook: { zh: '工作簿', en: 'workbook' },
  newVersion: { zh: '发布新版本', en: 'Publish a new version' },
  upload: { zh: '上传 Excel 工作簿（.xlsx）', en: 'Upload an Excel workbook (.xlsx)' },
  uploadHelp: { zh: '可先下载当前版本的工作簿，修改后上传', en: 'Download the current version’s workbook, edit it and upload it' },
  paste: { zh: '或粘贴 JSON 表单定义', en: 'Or paste the JSON declaration' },
  preview: { zh: '预览', en: 'Preview' },
  publish: { zh: '发布', en: 'Publish' },
  changes: { zh: '与当前版本相比的变化', en: 'What changes against the current version' },
  dryRun: { zh: '以往填报试算', en: 'Dry run over past submissions' },
  form: { zh: '表单预览', en: 'The form' },
  back: { zh: '返回修改', en: 'Go back and change it' },
  none: { zh: '请上传工作簿，或粘贴表单定义', en: 'Upload a workbook or paste the declaration' },
  both: { zh: '请只选择一种方式：上传工作簿或粘贴定义', en: 'Either upload a workbook or paste the declaration, not both' },
  object: { zh: '表单定义应为一个 JSON 对象', en: 'The declaration must be a JSON object' },
  invalid: { zh: '表单定义有问题，见页面上方的列表', en: 'The declaration has problems: see the list at the top of the page' },
} satisfies Record<string, Text>;

const formHref = (id: string) => `/admin/forms/${encodeURIComponent(id)}`;

type Entry = { text: string; issues: FormIssue[]; declaration?: unknown; from?: 'workbook' | 'declaration' };

async function formPage(c: Context<AppEnv>, deps: AppDeps, id: string, status: PageStatus, entry: Entry = { text: '', issues: [] }) {
  if (!forms.isKnownForm(id)) throw notFound();
  const [versions, current] = await Promise.all([forms.versionsOf(deps, id), forms.currentForm(deps, id)]);
  const field = entry.from ?? 'declaration';
  const message = entry.issues.length > 0 ? T.invalid : undefined;
  const summary = entry.issues.map((i) => ({ path: field, message: locatedIssue(i, entry.declaration) }));
  return adminPage(
    c,
    status,
    current!.decl.title,
    <>
      <Crumbs trail={[{ href: '/admin/forms', text: TITLE }]} />
      <Problems issues={summary} />
      <Done c={c} texts={{ published: { zh: '新版本已发布，新的填报将使用它', en: 'The new version is published; new drafts use it' } }} />
      <h1><Bi t={current!.decl.title} /><span class="lead"> · <code>{id}</code></span></h1>
      <h2><Bi t={T.versions} /></h2>
      <Scroll label={{ zh: '版本', en: 'Versions' }}>
        <table>
          <thead><tr><th scope="col"><Bi t={T.version} /></th><th scope="col"><Bi t={T.published} /></th><th scope="col"><Bi t={T.download} /></th></tr></thead>
          <tbody>
            {versions.map((v) => (
              <tr>
                <td>{v.version}</td>
                <td><PublishedBy v={v} /></td>
                <td>
                  <a href={`/api/forms/${encodeURIComponent(id)}/versions/${v.version}/workbook`}><Bi t={{ zh: `第 ${v.version} 版工作簿`, en: `Version ${v.version} workbook` }} /></a>
                  {' · '}
                  <a href={`/api/forms/${encodeURIComponent(id)}/versions/${v.version}`}>JSON</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
      <h2><Bi t={T.newVersion} /></h2>
      <form method="post" action={`${formHref(id)}/preview`} enctype="multipart/form-data" accept-charset="utf-8" novalidate>
        <Csrf c={c} />
        <div class={message && field === 'workbook' ? 'field invalid' : 'field'}>
          <label class="label" for="workbook"><Bi t={T.upload} /></label>
          <p class="help" id="h-workbook"><Bi t={T.uploadHelp} /></p>
          <FieldError id="workbook" message={field === 'workbook' ? message : undefined} />
          <input type="file" id="workbook" name="workbook" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {...(field === 'workbook' && message ? invalidAttrs('workbook', message) : { 'aria-describedby': 'h-workbook' })} />
        </div>
        <PasteField label={T.paste} current={`/api/forms/${encodeURIComponent(id)}`} text={entry.text} message={field === 'declaration' ? message : undefined} />
        <button type="submit"><Bi t={T.preview} /></button>
      </form>
    </>,
  );
}

/** The declaration a post carries: an uploaded workbook's (read when used) or the pasted JSON. */
type Sent = { from: 'workbook'; file: File } | { from: 'declaration'; text: string; value: Record<string, unknown> };

function sentOf(body: Awaited<ReturnType<typeof posted>>): Sent | { from: 'workbook' | 'declaration'; text: string; problem: Text } {
  const file = body.workbook;
  const upload = file instanceof File && file.size > 0 ? file : undefined;
  const text = textOf(body, 'declaration');
  if (upload && text.trim() !== '') return { from: 'declaration', text, problem: T.both };
  if (upload) return { from: 'workbook', file: upload };
  return { from: 'declaration', text, ...pastedObject(text, T) };
}

export function registerFormPages(app: Hono<AppEnv>, deps: AppDeps) {
  app.get('/forms', async (c) => {
    const items = await forms.listCurrentForms(deps, c.get('caller'));
    return adminPage(
      c,
      200,
      TITLE,
      <>
        <Crumbs trail={[]} />
        <h1><Bi t={TITLE} /></h1>
        <CurrentVersions items={items.map((f) => ({ href: formHref(f.id), id: f.id, title: f.title, version: f.version }))} />
      </>,
    );
  });

  app.get('/forms/:id', (c) => formPage(c, deps, c.req.param('id'), 200));

  app.post('/forms/:id/preview', async (c) => {
    const id = c.req.param('id');
    if (!forms.isKnownForm(id)) throw notFound();
    const sent = sentOf(await posted(c));
    const failed = (status: 409 | 422, issues: FormIssue[], text: string, declaration?: unknown) => formPage(c, deps, id, status, { text, issues, declaration, from: sent.from });
    if ('problem' in sent) return failed(422, [{ path: sent.from, message: sent.problem }], sent.text);
    let declaration: Record<string, unknown> | undefined = sent.from === 'declaration' ? sent.value : undefined;
    let preview: forms.VersionPreview;
    try {
      const use = (d: Record<string, unknown>) => {
        declaration = d;
        return forms.previewVersion(deps, c.get('caller'), id, d);
      };
      preview = sent.from === 'workbook' ? await withWorkbook(new Uint8Array(await sent.file.arrayBuffer()), use) : await use(sent.value);
    } catch (error) {
      const refused = refusalIssues(error, sent.from);
      if (!refused || !(error instanceof DomainError)) throw error;
      // The issues as the service gave them, each at its own place (not folded onto one field).
      return failed(refused.status, error.issues ?? refused.issues, sent.from === 'declaration' ? sent.text : '', declaration);
    }
    const decl = { ...declaration!, id, version: preview.version } as unknown as FormDeclaration;
    const heading: Text = { zh: `预览：${decl.title?.zh ?? id} 第 ${preview.version} 版`, en: `Preview: ${decl.title?.en ?? id}, version ${preview.version}` };
    return adminPage(
      c,
      200,
      heading,
      <>
        <Crumbs trail={[{ href: '/admin/forms', text: TITLE }, { href: formHref(id), text: decl.title }]} />
        <h1><Bi t={heading} /></h1>
        <p class="lead"><Bi t={{ zh: '尚未发布。请核对以下内容，确认无误后再发布。', en: 'Not published yet. Check what follows, then publish.' }} /></p>
        <h2><Bi t={T.changes} /></h2>
        <Changes changes={preview.changes} />
        <h2><Bi t={T.dryRun} /></h2>
        <DryRunView dryRun={preview.dryRun} />
        <h2><Bi t={T.form} /></h2>
        <FormPreview declaration={decl} />
        <form method="post" action={`${formHref(id)}/publish`} accept-charset="utf-8">
          <Csrf c={c} />
          <input type="hidden" name="declaration" value={JSON.stringify(declaration)} />
          <button type="submit"><Bi t={{ zh: `发布第 ${preview.version} 版`, en: `Publish version ${preview.version}` }} /></button>
        </form>
        <p><a href={formHref(id)}><Bi t={T.back} /></a></p>
      </>,
    );
  });

  app.post('/forms/:id/publish', async (c) => {
    const id = c.req.param('id');
    if (!forms.isKnownForm(id)) throw notFound();
    const sent = sentOf(await posted(c));
    if ('problem' in sent || sent.from !== 'declaration') {
      return formPage(c, deps, id, 422, { text: 'text' in sent ? sent.text : '', issues: [{ path: 'declaration', message: 'problem' in sent ? sent.problem : T.none }] });
    }
    try {
      await forms.publishVersion(deps, c.get('caller'), id, sent.value);
    } catch (error) {
      const refused = refusalIssues(error, 'declaration');
      if (!refused || !(error instanceof DomainError)) throw error;
      return formPage(c, deps, id, refused.status, { text: sent.text, issues: error.issues ?? refused.issues, declaration: sent.value });
    }
    return c.redirect(`${formHref(id)}?done=published`, 303);
  });
}
