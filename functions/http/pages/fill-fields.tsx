/**
 * Every field type of the form language as inputs of the fill page, named by data path (see
 * fill-data.ts) with the id `f-<path>` the error summary links to. A field is wrapped in an
 * element `w-<path>` (a section in `s-<key>`) that the page script hides while its `when` is
 * decided false; the server renders the same. A group row's template (`t-<path>`) is the
 * row with `__i__` for its number, which the page script copies to add a row.
 */
import type { Child } from 'hono/jsx';
import type { Data } from '../../../forms/expressions.js';
import type { FieldDecl, Text } from '../../../forms/language.js';
import { DEFAULT_MAX_FILES } from '../../../forms/field-parts.js';
import { FieldError, invalidAttrs } from './fields.js';
import { isShown, rowCount, type Entered } from './fill-data.js';
import { Bi, useLang, yuan } from './layout.js';

export type FillContext = {
  entered: Entered;
  /** Messages by exact path. */
  issues: Map<string, Text>;
  /** The data with its computed values, for `when`. */
  view: Data;
  params: Record<string, number>;
};

const T = {
  optional: { zh: '（选填）', en: '(optional)' },
  row: (n: number | string): Text => ({ zh: `第 ${n} 行`, en: `Row ${n}` }),
  addRow: { zh: '添加一行', en: 'Add a row' },
  removeRow: { zh: '删除此行', en: 'Remove this row' },
  confirm: { zh: '我确认以上声明属实', en: 'I confirm this statement' },
  yuanUnit: { zh: '单位：元，可填两位小数', en: 'In yuan, up to two decimals' },
  maxScore: (n: number): Text => ({ zh: `满分 ${n} 分`, en: `Out of ${n}` }),
  score: { zh: '得分', en: 'Score' },
  note: { zh: '说明', en: 'Evidence note' },
  evidence: { zh: '佐证材料', en: 'Evidence files' },
  chooseFile: { zh: '选择要上传的文件（保存草稿时上传）', en: 'Choose a file to upload (uploaded when you save)' },
  removeFile: { zh: '移除', en: 'Remove' },
  noFiles: { zh: '尚未上传文件', en: 'No files yet' },
  uploading: { zh: '上传进度', en: 'Upload progress' },
  yes: { zh: '是', en: 'Yes' },
  no: { zh: '否', en: 'No' },
};

/** More options than this are a drop-down, not a list of radios. */
const MAX_RADIOS = 6;

const Optional = ({ field }: { field: FieldDecl }) =>
  field.required || field.type === 'declaration' ? null : <> <span class="help"><Bi t={T.optional} /></span></>;
const Help = ({ text }: { text?: Text }) => (text ? <p class="help"><Bi t={text} /></p> : null);

function Hidden({ name, value }: { name: string; value: string }) {
  return <input type="hidden" name={name} value={value} />;
}

/** A list of uploaded files (an attachment field, or a score item's evidence) with the upload input. */
function Files({ field, path, label, ctx }: { field: { maxFiles?: number; accept?: string[] }; path: string; label: Text; ctx: FillContext }) {
  const count = rowCount(ctx.entered, path, field.maxFiles ?? DEFAULT_MAX_FILES);
  const message = ctx.issues.get(path);
  const get = (i: number, k: string) => ctx.entered.get(`${path}.${i}.${k}`) ?? '';
  return (
    <fieldset class={message ? 'field files invalid' : 'field files'} data-files={path}>
      <legend><Bi t={label} /></legend>
      <FieldError id={path} message={message} />
      <Hidden name={`${path}.count`} value={String(count)} />
      <ul class="file-list">
        {count === 0 ? <li class="help"><Bi t={T.noFiles} /></li> : null}
        {Array.from({ length: count }, (_, i) => (
          <li>
            {['id', 'name', 'size', 'contentType', 'sha256'].map((k) => <Hidden name={`${path}.${i}.${k}`} value={get(i, k)} />)}
            <span class="file-name">{get(i, 'name')}</span> <span class="help">({Math.ceil(Number(get(i, 'size')) / 1024)} KB)</span>
            <button type="submit" class="link" name="intent" value={`remove-row:${path}:${i}`}>
              <Bi t={T.removeFile} /><span class="vh"> {get(i, 'name')}</span>
            </button>
          </li>
        ))}
      </ul>
      <label class="label" for={`f-${path}`}><Bi t={T.chooseFile} /></label>
      <input type="file" id={`f-${path}`} name={`${path}.file`} accept={field.accept?.join(',')} data-upload={path} {...invalidAttrs(path, message)} />
      <progress class="upload" max={100} value={0} hidden aria-label={`${label.zh} ${T.uploading.zh}`} />
    </fieldset>
  );
}

/** One input (or a group of them) for a field at `path`. */
function Control({ field, path, ctx }: { field: FieldDecl; path: string; ctx: FillContext }) {
  const id = `f-${path}`;
  const value = ctx.entered.get(path) ?? '';
  const aria = invalidAttrs(path, ctx.issues.get(path));
  switch (field.type) {
    case 'longtext':
      return <textarea id={id} name={path} maxlength={field.maxLength} {...aria}>{value}</textarea>;
    case 'integer':
      return <input type="text" inputmode="numeric" id={id} name={path} value={value} class="short" {...aria} />;
    case 'money':
      return (
        <span class="money">
          <input type="text" inputmode="decimal" id={id} name={path} value={value} class="short" aria-describedby={aria['aria-describedby'] ?? `u-${path}`} aria-invalid={aria['aria-invalid']} />
          <span class="unit" id={`u-${path}`}><Bi t={{ zh: '元', en: 'yuan' }} /></span>
        </span>
      );
    case 'date':
      return <input type="date" id={id} name={path} value={value} class="short" {...aria} />;
    case 'mobile':
      return <input type="tel" inputmode="numeric" autocomplete="tel" id={id} name={path} value={value} class="short" {...aria} />;
    case 'creditCode':
      return <input type="text" id={id} name={path} value={value} maxlength={18} class="code-input" autocapitalize="characters" {...({ spellcheck: 'false' } as {})} {...aria} />;
    case 'choice':
      if (field.options.length > MAX_RADIOS) {
        return (
          <select id={id} name={path} {...aria}>
            <option value="">—</option>
            {field.options.map((o) => <option value={o.value} selected={o.value === value || undefined}>{o.label.zh} {o.label.en}</option>)}
          </select>
        );
      }
      return (
        <>
          {field.options.map((o, i) => (
            <label class="opt">
              <input type="radio" id={i === 0 ? id : `${id}-${i}`} name={path} value={o.value} checked={o.value === value || undefined} {...aria} />
              <Bi t={o.label} />
            </label>
          ))}
        </>
      );
    default:
      return <input type="text" id={id} name={path} value={value} maxlength={'maxLength' in field ? field.maxLength : undefined} {...aria} />;
  }
}

function GroupRow({ field, path, index, ctx }: { field: FieldDecl & { type: 'group' }; path: string; index: number | '__i__'; ctx: FillContext }) {
  const shown = index === '__i__' ? '__n__' : index + 1;
  return (
    <fieldset class="row" data-row={index}>
      <legend><Bi t={T.row(shown)} /></legend>
      <div class="cells">
        {field.fields.map((sub) => <FillField field={sub} path={`${path}.${index}.${sub.key}`} ctx={ctx} />)}
      </div>
      <button type="submit" class="secondary" name="intent" value={`remove-row:${path}:${index}`}>
        <Bi t={T.removeRow} /><span class="vh"> {shown}</span>
      </button>
    </fieldset>
  );
}

function Group({ field, path, ctx }: { field: FieldDecl & { type: 'group' }; path: string; ctx: FillContext }) {
  const count = rowCount(ctx.entered, path, field.maxRows ?? 500);
  const message = ctx.issues.get(path);
  const empty: FillContext = { ...ctx, entered: new Map(), issues: new Map() };
  return (
    <fieldset class={message ? 'field group invalid' : 'field group'} data-group={path} data-max={field.maxRows ?? 500}>
      <legend id={`f-${path}`} tabindex={-1}><Bi t={field.label} /><Optional field={field} /></legend>
      <Help text={field.help} />
      <FieldError id={path} message={message} />
      <Hidden name={`${path}.count`} value={String(count)} />
      <div class="rows">{Array.from({ length: count }, (_, i) => <GroupRow field={field} path={path} index={i} ctx={ctx} />)}</div>
      <template id={`t-${path}`}><GroupRow field={field} path={path} index="__i__" ctx={empty} /></template>
      <button type="submit" class="secondary" name="intent" value={`add-row:${path}`}><Bi t={T.addRow} /><span class="vh"> <Bi t={field.label} /></span></button>
    </fieldset>
  );
}

/** One field of any type at `path`, with its label, help, message and `when`. */
export function FillField({ field, path, ctx }: { field: FieldDecl; path: string; ctx: FillContext }): Child {
  const hidden = !isShown(field.when, ctx.view, ctx.params) || undefined;
  const message = ctx.issues.get(path);
  const cls = message ? 'field invalid' : 'field';
  if (field.type === 'group') return <div id={`w-${path}`} hidden={hidden} class="wrap"><Group field={field} path={path} ctx={ctx} /></div>;
  if (field.type === 'attachment') return <div id={`w-${path}`} hidden={hidden} class="wrap"><Files field={field} path={path} label={field.label} ctx={ctx} /></div>;
  if (field.type === 'score') {
    const score = `${path}.score`;
    const note = `${path}.note`;
    return (
      <fieldset class={message ? 'field score invalid' : 'field score'} id={`w-${path}`} hidden={hidden}>
        <legend><Bi t={field.label} /> <span class="help"><Bi t={T.maxScore(field.max)} /></span></legend>
        <Help text={field.help} />
        <FieldError id={path} message={message} />
        <div class={ctx.issues.has(score) ? 'sub invalid' : 'sub'}>
          <label class="label" for={`f-${score}`}><Bi t={T.score} /></label>
          <FieldError id={score} message={ctx.issues.get(score)} />
          <input type="text" inputmode="numeric" class="short" id={`f-${score}`} name={score} value={ctx.entered.get(score) ?? ''} {...invalidAttrs(score, ctx.issues.get(score))} />
        </div>
        <div class={ctx.issues.has(note) ? 'sub invalid' : 'sub'}>
          <label class="label" for={`f-${note}`}><Bi t={T.note} />{field.noteRequired ? null : <> <span class="help"><Bi t={T.optional} /></span></>}</label>
          <FieldError id={note} message={ctx.issues.get(note)} />
          <textarea id={`f-${note}`} name={note} {...invalidAttrs(note, ctx.issues.get(note))}>{ctx.entered.get(note) ?? ''}</textarea>
        </div>
        <Files field={{}} path={`${path}.attachments`} label={T.evidence} ctx={ctx} />
      </fieldset>
    );
  }
  if (field.type === 'flag' || field.type === 'declaration') {
    const box = (
      <label class="opt">
        <input type="checkbox" id={`f-${path}`} name={path} value="yes" checked={ctx.entered.get(path) === 'yes' || undefined} {...invalidAttrs(path, message)} />
        <Bi t={field.type === 'flag' ? field.label : T.confirm} />
      </label>
    );
    if (field.type === 'flag') return <div class={cls} id={`w-${path}`} hidden={hidden}><Help text={field.help} /><FieldError id={path} message={message} />{box}</div>;
    return (
      <fieldset class={cls} id={`w-${path}`} hidden={hidden}>
        <legend><Bi t={field.label} /></legend>
        <p class="statement"><Bi t={field.statement} /></p>
        <FieldError id={path} message={message} />
        {box}
      </fieldset>
    );
  }
  const help = field.type === 'money' ? <><Help text={field.help} /><p class="help"><Bi t={T.yuanUnit} /></p></> : <Help text={field.help} />;
  if (field.type === 'choice' && field.options.length <= MAX_RADIOS) {
    return (
      <fieldset class={cls} id={`w-${path}`} hidden={hidden}>
        <legend><Bi t={field.label} /><Optional field={field} /></legend>
        {help}
        <FieldError id={path} message={message} />
        <Control field={field} path={path} ctx={ctx} />
      </fieldset>
    );
  }
  return (
    <div class={cls} id={`w-${path}`} hidden={hidden}>
      <label class="label" for={`f-${path}`}><Bi t={field.label} /><Optional field={field} /></label>
      {help}
      <FieldError id={path} message={message} />
      <Control field={field} path={path} ctx={ctx} />
    </div>
  );
}

/** A value the submitter cannot change (read-only, or owned by a later step), as text. */
export function ShownValue({ field, value }: { field: FieldDecl; value: unknown }): Child {
  const lang = useLang();
  if (value === undefined || value === null || value === '') return <span class="help">—</span>;
  switch (field.type) {
    case 'money':
      return typeof value === 'number' ? <>{yuan(value)} 元</> : String(value);
    case 'flag':
    case 'declaration':
      return <Bi t={value === true ? T.yes : T.no} />;
    case 'choice': {
      const o = field.options.find((x) => x.value === value);
      return o ? <Bi t={o.label} /> : String(value);
    }
    case 'score':
      return typeof value === 'object' && value && 'score' in value ? `${(value as { score: unknown }).score} / ${field.max}` : '—';
    case 'attachment':
      return Array.isArray(value) ? value.map((r) => (r as { name?: string }).name).join('、') : '—';
    case 'group':
      return Array.isArray(value) ? (lang === 'en' ? `${value.length} rows` : `${value.length} 行`) : '—';
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

