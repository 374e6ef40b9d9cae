/**
 * The fill page's body: a returned submission's comment at the top, the error summary, the
 * form's sections (fields the submitter fills; read-only values and those a later step owns
 * shown as text), the computed values, the route it will take once submitted, and the two
 * actions, 保存草稿 and 提交. The page script's data (the form's model) travels in a JSON
 * block, which is not executed, so the CSP's `script-src 'self'` allows it.
 */
import { raw } from 'hono/html';
import type { Data } from '../../../forms/expressions.js';
import type { FieldDecl, FormIssue, Text } from '../../../forms/language.js';
import type { Submission } from '../../store/submissions.js';
import { ErrorSummary } from './signin.js';
import { FillField, ShownValue, type FillContext } from './fill-fields.js';
import { formatComputed, isShown, type Entered, type PageModel } from './fill-data.js';
import { shanghaiTime } from '../../../workflows/calendar.js';
import { Bi, OrgName, useLang } from './layout.js';
import { RoundLink } from './rounds-view.js';
import type { RoutePreview } from '../../../workflows/route-preview.js';

export type Returned = { comment?: string; at: string; by: string; fields: { path: string; label: Text }[] };

export type ShownPreview = RoutePreview & { org: (id: string) => { name: string; nameEn?: string } };

export type FillPageProps = {
  title: Text;
  description?: Text;
  sub: Pick<Submission, 'id' | 'version' | 'status' | 'orgName' | 'formId'>;
  model: PageModel;
  computedLabels: Record<string, Text>;
  entered: Entered;
  issues: FormIssue[];
  /** A message for the whole page (a save that lost a race, a saved draft). */
  notice?: { kind: 'ok' | 'alert'; text: Text };
  /** The stored data: what read-only and locked fields show. */
  stored: Data;
  /** The data as typed, with computed values: what decides each `when`. */
  view: Data;
  computed: Record<string, unknown>;
  locked: Set<string>;
  returned?: Returned;
  preview: ShownPreview;
  csrf: string;
  /** The page script's address (client/script.ts). */
  scriptHref: string;
};

const T = {
  returned: { zh: '已退回修改', en: 'Returned for changes' },
  returnedBy: (by: string, at: string): Text => ({ zh: `${by} 于 ${at} 退回`, en: `Returned by ${by} on ${at}` }),
  concerns: { zh: '涉及的内容：', en: 'It concerns:' },
  computed: { zh: '自动计算', en: 'Computed' },
  computedHelp: { zh: '以下数值由系统根据您填写的内容计算，不能直接修改。', en: 'Worked out from what you enter; you cannot type them.' },
  route: { zh: '提交后将经过', en: 'After you submit' },
  routeHelp: { zh: '按目前填写的内容，全部同意时将依次经过以下步骤（截止日期为最迟日期）。', en: 'With what you have entered, if every step approves, it passes these steps (each due by the latest date shown).' },
  due: (d: string): Text => ({ zh: `截止 ${d}`, en: `Due ${d}` }),
  end: { zh: '结果：', en: 'Outcome:' },
  save: { zh: '保存草稿', en: 'Save draft' },
  submit: { zh: '提交', en: 'Submit' },
  submitHelp: { zh: '提交后将不能修改，除非被退回。', en: 'Once submitted you cannot change it unless it is returned.' },
  anyOne: { zh: '任一人办理', en: 'any one of them' },
  everyone: { zh: '全部同意', en: 'all of them' },
  inTurn: { zh: '依次办理', en: 'in turn' },
  unresolved: { zh: '组织树中没有对应的办理单位', en: 'no organisation in the tree for this step' },
  auditor: { zh: '本单位的特约经审员', en: 'your union’s assigned auditor' },
  byStep: { zh: '本步骤', en: 'this step' },
};

const ROLE: Record<string, Text> = {
  reviewer: { zh: '审核人', en: 'reviewers' },
  auditor: { zh: '经审人员', en: 'auditors' },
  submitter: { zh: '填报人', en: 'submitters' },
  admin: { zh: '管理员', en: 'admins' },
};

function ReturnedNotice({ returned }: { returned: Returned }) {
  return (
    <div class="returned" role="region" aria-labelledby="returned-title">
      <h2 id="returned-title"><Bi t={T.returned} /></h2>
      <p class="meta"><Bi t={T.returnedBy(returned.by, shanghaiTime(returned.at))} /></p>
      {returned.comment ? <blockquote class="comment">{returned.comment}</blockquote> : null}
      {returned.fields.length > 0 ? (
        <p>
          <Bi t={T.concerns} />{' '}
          {returned.fields.map((f, i) => <>{i > 0 ? '、' : ''}<a href={`#f-${f.path}`}><Bi t={f.label} /></a></>)}
        </p>
      ) : null}
    </div>
  );
}

function Route({ preview }: { preview: ShownPreview }) {
  const mode = { any: T.anyOne, all: T.everyone, sequence: T.inTurn };
  return (
    <section class="route" aria-labelledby="route-title">
      <h2 id="route-title"><Bi t={T.route} /></h2>
      <p class="help"><Bi t={T.routeHelp} /></p>
      <ol class="steps">
        {preview.steps.map((s) => (
          <li>
            <strong><Bi t={s.title} /></strong>
            <span class="meta">
              {s.who.map((w, i) => (
                <>
                  {i > 0 ? ' → ' : ''}
                  {w.kind === 'org' ? <><OrgName org={preview.org(w.orgId)} /> · <Bi t={ROLE[w.role] ?? { zh: w.role, en: w.role }} /></> : null}
                  {w.kind === 'assignedAuditor' ? <Bi t={T.auditor} /> : null}
                  {w.kind === 'unresolved' ? <Bi t={T.unresolved} /> : null}
                </>
              ))}
              {' · '}<Bi t={mode[s.mode]} />
            </span>
            {s.dueAt ? <span class="meta"><Bi t={T.due(shanghaiTime(s.dueAt).slice(0, 10))} /></span> : null}
          </li>
        ))}
      </ol>
      {preview.end ? <p><Bi t={T.end} /> <strong><Bi t={preview.end.title} /></strong></p> : null}
    </section>
  );
}

export function Computed({ model, labels, values, level = 2 }: { model: PageModel; labels: Record<string, Text>; values: Record<string, unknown>; level?: 2 | 3 }) {
  const lang = useLang();
  const H = level === 2 ? 'h2' : 'h3';
  if (model.computed.length === 0) return null;
  return (
    <section class="computed" aria-labelledby="computed-title">
      <H id="computed-title"><Bi t={T.computed} /></H>
      <p class="help"><Bi t={T.computedHelp} /></p>
      <dl>
        {model.computed.map((c) => (
          <div class="pair">
            <dt id={`l-${c.key}`}><Bi t={labels[c.key]} /></dt>
            <dd><output id={`c-${c.key}`} aria-labelledby={`l-${c.key}`} data-format={c.format ?? ''}>{formatComputed(values[c.key], c, lang)}</output></dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function ShownField({ field, value }: { field: FieldDecl; value: unknown }) {
  return (
    <div class="field readonly" id={`w-${field.key}`}>
      <span class="label" id={`f-${field.key}`}><Bi t={field.label} /></span>
      {field.help ? <p class="help"><Bi t={field.help} /></p> : null}
      <p class="value"><ShownValue field={field} value={value} /></p>
    </div>
  );
}

/** The label of the field at a data path, with the row for a group's column (`coveredEnterprises.1.name`). */
export function labelAt(model: Pick<PageModel, 'sections'>, path: string): Text | undefined {
  const [key, row, column] = path.split('.');
  const field = model.sections.flatMap((s) => s.fields).find((f) => f.key === key);
  if (!field) return undefined;
  if (field.type === 'group' && row !== undefined && /^\d+$/.test(row)) {
    const col = field.fields.find((f) => f.key === column);
    const n = Number(row) + 1;
    if (col) return { zh: `${field.label.zh}第 ${n} 行${col.label.zh}`, en: `${field.label.en}, row ${n}, ${col.label.en}` };
  }
  return field.label;
}

/** The input a problem at `path` is shown at: a score item's score, a file list, a group's column or the group. */
export function anchorAt(model: Pick<PageModel, 'sections'>, path: string): string {
  const [key, row, column] = path.split('.');
  const field = model.sections.flatMap((s) => s.fields).find((f) => f.key === key);
  if (!field) return path;
  if (field.type === 'score') return path === key ? `${key}.score` : path.startsWith(`${key}.attachments`) ? `${key}.attachments` : path;
  if (field.type === 'attachment') return key;
  if (field.type === 'group') {
    const col = field.fields.find((f) => f.key === column);
    if (!col || row === undefined) return key;
    return col.type === 'attachment' ? `${key}.${row}.${column}` : path;
  }
  return path;
}

/**
 * A form's sections as the fill page renders them: each field's input (read-only values and
 * those in `locked` as text, from `stored`). The admin's preview of a version renders the
 * same, so what is previewed is what will be filled.
 */
export function FormSections({ model, ctx, locked, stored, level = 2 }: { model: PageModel; ctx: FillContext; locked: Set<string>; stored: Data; level?: 2 | 3 }) {
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <>
      {model.sections.map((s) => (
        <section class="form-section" id={`s-${s.key}`} hidden={!isShown(s.when, ctx.view, model.params) || undefined} aria-labelledby={`h-${s.key}`}>
          <H id={`h-${s.key}`}><Bi t={s.title} /></H>
          {s.help ? <p class="help"><Bi t={s.help} /></p> : null}
          {s.fields.map((f) =>
            f.readOnly || locked.has(f.key) ? <ShownField field={f} value={stored[f.key]} /> : <FillField field={f} path={f.key} ctx={ctx} />,
          )}
        </section>
      ))}
    </>
  );
}

export function FillPage(props: FillPageProps) {
  const { model, sub, entered, view } = props;
  const issues = new Map<string, Text>();
  for (const i of props.issues) if (!issues.has(i.path)) issues.set(i.path, i.message);
  const ctx: FillContext = { entered, issues, view, params: model.params };
  // GOV.UK's summary names the field each problem is at, since "必填" alone says nothing out of place.
  const summary = props.issues.map((i) => {
    const label = labelAt(model, i.path);
    const message = label ? { zh: `${label.zh}：${i.message.zh}`, en: `${label.en}: ${i.message.en}` } : i.message;
    return { path: i.path === '' ? 'fill-form' : `f-${anchorAt(model, i.path)}`, message };
  });
  return (
    <>
      <ErrorSummary issues={summary} />
      {props.notice ? <div class={props.notice.kind === 'ok' ? 'ok' : 'alert'} role="status"><p><Bi t={props.notice.text} /></p></div> : null}
      <h1><Bi t={props.title} /><span class="lead"> · {sub.orgName}</span></h1>
      {props.description ? <p class="lead"><Bi t={props.description} /></p> : null}
      {props.returned ? <ReturnedNotice returned={props.returned} /> : null}
      <RoundLink formId={sub.formId} subId={sub.id} filling />
      <form method="post" action={`/fill/${sub.id}`} enctype="multipart/form-data" novalidate id="fill-form" class="fill" data-fill={sub.id}>
        {/* Enter in a text box presses the first button of the form: saving, not adding a row. */}
        <button type="submit" name="intent" value="save" class="vh" tabindex={-1}><Bi t={T.save} /></button>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="version" value={String(sub.version)} />
        <FormSections model={model} ctx={ctx} locked={props.locked} stored={props.stored} />
        <Computed model={model} labels={props.computedLabels} values={props.computed} />
        <Route preview={props.preview} />
        <div class="actions">
          <p class="help"><Bi t={T.submitHelp} /></p>
          <button type="submit" name="intent" value="submit"><Bi t={T.submit} /></button>
          <button type="submit" name="intent" value="save" class="secondary"><Bi t={T.save} /></button>
        </div>
      </form>
      {/* Not escaped as HTML (a script's text is not decoded); `<` escaped as JSON so no `</script>` can end it. */}
      <script type="application/json" id="fill-model">{raw(JSON.stringify(model).replace(/</g, '\\u003c'))}</script>
      <script src={props.scriptHref} defer />
    </>
  );
}
