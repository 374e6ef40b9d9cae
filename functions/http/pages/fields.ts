/**
 * A declared form as HTML inputs, and a urlencoded body read back into form data: the pages
 * render whatever the current version declares, so a new questionnaire needs no new page.
 * Members' forms use simple field types only; the others (groups, files, scores) have no
 * member form and are not rendered.
 */
import type { FieldDecl, FormIssue, Text } from '../../../forms/language.js';
import { bi, html, type Html } from './html.js';

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

export const fieldError = (key: string, message: Text | undefined): Html | string =>
  message ? html`<p class="error" id="e-${key}">${bi(message)}</p>` : '';

const describedBy = (key: string, message: Text | undefined) => (message ? html` aria-invalid="true" aria-describedby="e-${key}"` : '');

function control(field: FieldDecl, value: string, message: Text | undefined): Html {
  const id = `f-${field.key}`;
  const aria = describedBy(field.key, message);
  const required = field.required ? html` required` : '';
  switch (field.type) {
    case 'choice':
      return html`${field.options.map(
        (o) =>
          html`<label class="opt"><input type="radio" name="${field.key}" value="${o.value}"${o.value === value ? html` checked` : ''}${required}${aria}>${bi(o.label)}</label>`,
      )}`;
    case 'longtext':
      return html`<textarea id="${id}" name="${field.key}"${field.maxLength ? html` maxlength="${field.maxLength}"` : ''}${required}${aria}>${value}</textarea>`;
    case 'flag':
      return html`<label class="opt"><input type="checkbox" name="${field.key}" value="yes"${value === 'yes' ? html` checked` : ''}${aria}>${bi(field.label)}</label>`;
    case 'integer':
      return html`<input type="text" inputmode="numeric" id="${id}" name="${field.key}" value="${value}"${required}${aria}>`;
    case 'date':
      return html`<input type="date" id="${id}" name="${field.key}" value="${value}"${required}${aria}>`;
    default:
      return html`<input type="text" id="${id}" name="${field.key}" value="${value}"${'maxLength' in field && field.maxLength ? html` maxlength="${field.maxLength}"` : ''}${required}${aria}>`;
  }
}

/** One field: a fieldset of radios for a choice, a labelled input otherwise; its message beside it. */
export function renderField(field: FieldDecl, entered: Entered, issues: IssuesByField): Html {
  const message = issues.get(field.key);
  const cls = message ? 'field invalid' : 'field';
  const help = field.help ? html`<p class="help">${bi(field.help)}</p>` : '';
  const optional = field.required ? '' : html` <span class="help">${bi({ zh: '（选填）', en: '(optional)' })}</span>`;
  const value = entered[field.key] ?? '';
  if (field.type === 'choice') {
    return html`<fieldset class="${cls}" id="q-${field.key}"><legend>${bi(field.label)}${optional}</legend>${help}${fieldError(field.key, message)}${control(field, value, message)}</fieldset>`;
  }
  return html`<div class="${cls}"><label class="label" for="f-${field.key}">${bi(field.label)}${optional}</label>${help}${fieldError(field.key, message)}${control(field, value, message)}</div>`;
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
