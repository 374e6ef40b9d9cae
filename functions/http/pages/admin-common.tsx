/**
 * What the admin pages share: reading a posted form (repeated fields as lists), turning a
 * service's refusal into the issues a form shows beside its fields, the labelled inputs those
 * forms are made of, and the notice a page shows after a change went through.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { FormIssue, Text } from '../../../forms/language.js';
import { DomainError } from '../../store/errors.js';
import type { AppEnv } from '../env.js';
import { DEFAULT_MESSAGES } from '../messages.js';
import { FieldError, invalidAttrs } from './fields.js';
import { Bi, renderPage } from './layout.js';
import { signedIn } from './page-session.js';
import { ErrorSummary } from './signin.js';

export type Posted = Record<string, string | File | (string | File)[]>;

/** The posted form, urlencoded or multipart; a field sent more than once is a list. */
export async function posted(c: Context<AppEnv>): Promise<Posted> {
  return (await c.req.parseBody({ all: true })) as Posted;
}

/** One text field as typed (the first, when a hostile form repeats it); '' when absent or a file. */
export function textOf(body: Posted, key: string): string {
  const value = body[key];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** A field that may repeat (checkboxes): every text value, in order. */
export function listOf(body: Posted, key: string): string[] {
  const value = body[key];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');
}

export const required = (label: Text): Text => ({ zh: `请输入${label.zh}`, en: `Enter the ${label.en.toLowerCase()}` });
export const tooLong = (label: Text, max: number): Text => ({ zh: `${label.zh}不能超过 ${max} 个字符`, en: `The ${label.en.toLowerCase()} has at most ${max} characters` });

/** A required single-line text within `max` characters: its issue pushed, the trimmed value returned. */
export function checkText(issues: FormIssue[], path: string, label: Text, value: string, max: number, optional = false): string {
  const trimmed = value.trim();
  if (trimmed === '' && !optional) issues.push({ path, message: required(label) });
  else if (trimmed.length > max) issues.push({ path, message: tooLong(label, max) });
  return trimmed;
}

/**
 * A service's refusal as the issues of a form: a validation failure's own issues, a conflict
 * (a duplicate id, a lost race) at `conflictAt`; anything else is not the form's to show.
 * Issue paths inside a list (`assignedOrgIds.0`) land on the list's field.
 */
export function refusalIssues(error: unknown, conflictAt: string): { status: 409 | 422; issues: FormIssue[] } | undefined {
  if (!(error instanceof DomainError)) return undefined;
  if (error.code === 'validation_failed') {
    const issues = (error.issues ?? []).map((i) => ({ path: i.path.split('.')[0] === '(body)' ? conflictAt : i.path.split('.')[0], message: i.message }));
    return { status: 422, issues: issues.length > 0 ? issues : [{ path: conflictAt, message: error.text ?? DEFAULT_MESSAGES.validation_failed }] };
  }
  if (error.code === 'version_conflict') return { status: 409, issues: [{ path: conflictAt, message: error.text ?? DEFAULT_MESSAGES.version_conflict }] };
  return undefined;
}

export const messageAt = (issues: FormIssue[], path: string) => issues.find((i) => i.path === path)?.message;

/** A form's own issues, one per field, in the order of `fields` (the summary reads top to bottom). */
export function inFieldOrder(issues: FormIssue[], fields: string[]): FormIssue[] {
  const first = new Map<string, FormIssue>();
  for (const issue of issues) if (!first.has(issue.path)) first.set(issue.path, issue);
  const rank = (p: string) => (fields.includes(p) ? fields.indexOf(p) : fields.length);
  return [...first.values()].sort((a, b) => rank(a.path) - rank(b.path));
}

/** The error summary of a form whose fields have ids of the form `${prefix}${path}`. */
export function Problems({ issues, prefix = '' }: { issues: FormIssue[]; prefix?: string }) {
  return <ErrorSummary issues={issues.map((i) => ({ ...i, path: `${prefix}${i.path}` }))} />;
}

type InputProps = {
  name: string;
  /** Set when one page has several forms: the element ids are `${prefix}${name}`. */
  prefix?: string;
  label: Text;
  value?: string;
  help?: Text;
  message?: Text;
  type?: 'text' | 'password';
  autocomplete?: string;
  maxlength?: number;
};

/** A labelled input with its hint and its message, the message named by the input. */
export function TextInput({ name, prefix = '', label, value, help, message, type = 'text', autocomplete, maxlength }: InputProps) {
  const id = `${prefix}${name}`;
  return (
    <div class={message ? 'field invalid' : 'field'}>
      <label class="label" for={id}><Bi t={label} /></label>
      {help ? <p class="help" id={`h-${id}`}><Bi t={help} /></p> : null}
      <FieldError id={id} message={message} />
      <input
        type={type}
        id={id}
        name={name}
        value={type === 'password' ? undefined : value}
        autocomplete={autocomplete ?? 'off'}
        maxlength={maxlength}
        {...({ spellcheck: 'false' } as {})}
        {...(message ? invalidAttrs(id, message) : help ? { 'aria-describedby': `h-${id}` } : {})}
      />
    </div>
  );
}

/** Labelled checkboxes in a fieldset whose legend names the group; the first box carries the group's id. */
export function Checkboxes({ name, prefix = '', legend, options, checked, message, help }: { name: string; prefix?: string; legend: Text; options: { value: string; label: Child }[]; checked: string[]; message?: Text; help?: Text }) {
  const id = `${prefix}${name}`;
  return (
    <fieldset class={message ? 'invalid' : undefined} {...(message ? { 'aria-describedby': `e-${id}` } : {})}>
      <legend><Bi t={legend} /></legend>
      {help ? <p class="help"><Bi t={help} /></p> : null}
      <FieldError id={id} message={message} />
      {options.map((o, n) => (
        <label class="opt">
          <input type="checkbox" id={n === 0 ? id : undefined} name={name} value={o.value} checked={checked.includes(o.value) || undefined} />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

export const Csrf = ({ c }: { c: Context<AppEnv> }) => <input type="hidden" name="_csrf" value={signedIn(c)?.csrfToken ?? ''} />;

/** The confirmation after a post/redirect/get: which change went through, chosen from the page's own list. */
export function Done({ c, texts }: { c: Context; texts: Record<string, Text> }) {
  const key = c.req.query('done');
  const text = key !== undefined && Object.hasOwn(texts, key) ? texts[key] : undefined;
  return text ? <div class="ok" role="status"><p><Bi t={text} /></p></div> : null;
}

/** A breadcrumb back up the admin pages. */
export function Crumbs({ trail }: { trail: { href: string; text: Text }[] }) {
  return (
    <nav class="crumbs" aria-label="位置 / Breadcrumb">
      <ol>
        <li><a href="/admin"><Bi t={{ zh: '管理', en: 'Admin' }} /></a></li>
        {trail.map((t) => <li><a href={t.href}><Bi t={t.text} /></a></li>)}
      </ol>
    </nav>
  );
}

export type PageStatus = 200 | 400 | 404 | 409 | 413 | 422;

/** An admin page in the layout, the admin's name and navigation in its bar. */
export const adminPage = (c: Context<AppEnv>, status: PageStatus, title: Text, body: Child) => renderPage(c, status, { title, user: signedIn(c) }, body);

export const ORG_TYPE_TEXT: Record<'district' | 'street' | 'industry' | 'grassroots', Text> = {
  district: { zh: '区总工会', en: 'District federation' },
  street: { zh: '街道总工会', en: 'Street federation' },
  industry: { zh: '行业工会', en: 'Industry union' },
  grassroots: { zh: '基层工会', en: 'Grassroots union' },
};

export const ORGS_TITLE: Text = { zh: '组织与账号', en: 'Organisations and accounts' };
