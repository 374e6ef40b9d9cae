/**
 * A declared form as HTML inputs, and a urlencoded body read back into form data: the pages
 * render whatever the current version declares, so a new questionnaire needs no new page.
 * Members' forms use simple field types only; the others (groups, files, scores) have no
 * member form and are not rendered.
 */
import type { FieldDecl, FormIssue, Text } from '../../../forms/language.js';
import { Bi } from './layout.js';

/** What the member typed, as strings, to put back into the form when it is shown again. */
export type Entered = Record<string, string>;

/** Issues by the top-level field they land on (`notable.0.amount` → `notable`). */
export type IssuesByField = Map<string, Text>;

const SIMPLE = new Set<FieldDecl['type']>(['text', 'longtext', 'integer', 'choice', 'flag', 'date']);

export const memberFields = (fields: FieldDecl[]): FieldDecl[] => fields.filter((f) => SIMPLE.has(f.type) && !f.readOnly);

export function issuesByField(issues: FormIssue[]): IssuesByField {
  const map: IssuesByField = new Map();
  for (const issue of issues) {
    const key = issue.path.split('.')[0];
    if (!map.has(key)) map.set(key, issue.message);
  }
  return map;
}

/** The message beside a field, which its control names in `aria-describedby`. */
export const FieldError = ({ id, message }: { id: string; message: Text | undefined }) =>
  message ? <p class="error" id={`e-${id}`}><Bi t={message} /></p> : null;

/** The attributes that tie a control to its message. */
export const invalidAttrs = (key: string, message: Text | undefined) =>
  message ? { 'aria-invalid': 'true', 'aria-describedby': `e-${key}` } : {};

function Control({ field, value, message }: { field: FieldDecl; value: string; message: Text | undefined }) {
  const id = `f-${field.key}`;
  const aria = invalidAttrs(field.key, message);
  const required = field.required || undefined;
  switch (field.type) {
    case 'choice':
      return (
        <>
          {field.options.map((o) => (
            <label class="opt">
              <input type="radio" name={field.key} value={o.value} checked={o.value === value || undefined} required={required} {...aria} />
              <Bi t={o.label} />
            </label>
          ))}
        </>
      );
    case 'longtext':
      return <textarea id={id} name={field.key} maxlength={field.maxLength} required={required} {...aria}>{value}</textarea>;
    case 'flag':
      return (
        <label class="opt">
          <input type="checkbox" name={field.key} value="yes" checked={value === 'yes' || undefined} {...aria} />
          <Bi t={field.label} />
        </label>
      );
    case 'integer':
      return <input type="text" inputmode="numeric" id={id} name={field.key} value={value} required={required} {...aria} />;
    case 'date':
      return <input type="date" id={id} name={field.key} value={value} required={required} {...aria} />;
    default:
      return <input type="text" id={id} name={field.key} value={value} maxlength={'maxLength' in field ? field.maxLength : undefined} required={required} {...aria} />;
  }
}

/** One field: a fieldset of radios for a choice, a labelled input otherwise; its message beside it. */
export function Field({ field, entered, issues }: { field: FieldDecl; entered: Entered; issues: IssuesByField }) {
  const message = issues.get(field.key);
  const cls = message ? 'field invalid' : 'field';
  const help = field.help ? <p class="help"><Bi t={field.help} /></p> : null;
  const optional = field.required ? null : <> <span class="help"><Bi t={{ zh: '（选填）', en: '(optional)' }} /></span></>;
  const value = entered[field.key] ?? '';
  if (field.type === 'choice') {
    return (
      <fieldset class={cls} id={`q-${field.key}`}>
        <legend><Bi t={field.label} />{optional}</legend>
        {help}
        <FieldError id={field.key} message={message} />
        <Control field={field} value={value} message={message} />
      </fieldset>
    );
  }
  return (
    <div class={cls}>
      <label class="label" for={`f-${field.key}`}><Bi t={field.label} />{optional}</label>
      {help}
      <FieldError id={field.key} message={message} />
      <Control field={field} value={value} message={message} />
    </div>
  );
}

/**
 * The declared fields' values from a urlencoded body: blanks left out (an optional field
 * left empty is absent, as in the JSON API), numbers and ticks converted, and anything that
 * does not convert passed on as typed so the form's own check describes it.
 */
export function readFields(fields: FieldDecl[], body: URLSearchParams): { entered: Entered; data: Record<string, unknown> } {
  const entered: Entered = {};
  const data: Record<string, unknown> = {};
  for (const field of fields) {
    const text = body.get(field.key);
    if (text === null) continue;
    entered[field.key] = text;
    const value = field.type === 'longtext' ? text : text.trim();
    if (value.trim() === '') continue;
    if (field.type === 'integer') data[field.key] = /^-?\d{1,15}$/.test(value) ? Number(value) : value;
    else if (field.type === 'flag') data[field.key] = value === 'yes';
    else data[field.key] = value;
  }
  return { entered, data };
}
