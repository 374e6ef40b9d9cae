/**
 * The records list's filter: a plain GET form (a name or number, form, organisation with its
 * sub-organisations, state, step, and a period as a month or from/to dates on the record's
 * creation, submission or last update), read into the service's `ListFilter`. What a person
 * typed comes back as typed, with a message beside each field that does not hold.
 */
import type { FormIssue, Text } from '../../../forms/language.js';
import { STATUSES } from '../../../workflows/language.js';
import type { ListFilter } from '../../store/listing.js';
import { statusTitle } from '../../../workflows/words.js';
import { FieldError, invalidAttrs } from './fields.js';
import { Bi, both, useLang } from './layout.js';

export const FILTER_KEYS = ['q', 'formId', 'orgId', 'status', 'step', 'period', 'month', 'from', 'to'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Entered = Partial<Record<FilterKey, string>>;

export type Choice = { value: string; label: Text; depth?: number };
export type FilterChoices = { forms: Choice[]; orgs: Choice[]; steps: Choice[] };

const PERIODS: Choice[] = [
  { value: 'created', label: { zh: '创建', en: 'Created' } },
  { value: 'submitted', label: { zh: '提交', en: 'Submitted' } },
  { value: 'updated', label: { zh: '最后更新', en: 'Last updated' } },
];
/** The longest search text the store is asked to match. */
export const MAX_Q = 100;

const LABELS: Record<FilterKey, Text> = {
  q: { zh: '名称或编号', en: 'Name or number' },
  formId: { zh: '表单', en: 'Form' },
  orgId: { zh: '单位（含下级）', en: 'Organisation (with those under it)' },
  status: { zh: '状态', en: 'State' },
  step: { zh: '步骤', en: 'Step' },
  period: { zh: '期间按', en: 'Period by' },
  month: { zh: '月份', en: 'Month' },
  from: { zh: '日期自', en: 'From' },
  to: { zh: '日期至', en: 'Until' },
};

const issue = (path: FilterKey, zh: string, en: string): FormIssue => ({ path, message: { zh, en } });

/** A calendar date that exists (2026-02-30 does not). */
function isDate(text: string): boolean {
  if (!/^\d{4}-\d\d-\d\d$/.test(text)) return false;
  const t = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === text;
}

function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The query as entered (trimmed, bounded), the filter it means, and what does not hold. */
export function readFilter(query: Record<string, string | undefined>, choices: FilterChoices): { entered: Entered; filter: ListFilter; issues: FormIssue[] } {
  const entered: Entered = {};
  for (const key of FILTER_KEYS) {
    const value = (query[key] ?? '').trim().slice(0, key === 'q' ? MAX_Q : 100);
    if (value) entered[key] = value;
  }
  const filter: ListFilter = {};
  const issues: FormIssue[] = [];
  const { q, formId, orgId, status, step, period, month, from, to } = entered;
  if (q) filter.q = q;
  if (formId) {
    if (choices.forms.some((f) => f.value === formId)) filter.formId = formId;
    else issues.push(issue('formId', '请从列表中选择表单', 'Choose a form from the list'));
  }
  if (orgId) {
    // Only organisations in the caller's scope are offered; any other id reads as not offered.
    if (choices.orgs.some((o) => o.value === orgId)) filter.orgId = orgId;
    else issues.push(issue('orgId', '请从列表中选择单位', 'Choose an organisation from the list'));
  }
  if (status) {
    if ((STATUSES as readonly string[]).includes(status)) filter.status = status;
    else issues.push(issue('status', '请从列表中选择状态', 'Choose a state from the list'));
  }
  if (step) {
    if (choices.steps.some((o) => o.value === step)) filter.step = step;
    else issues.push(issue('step', '请从列表中选择步骤', 'Choose a step from the list'));
  }
  if (period) {
    const kind = PERIODS.find((p) => p.value === period);
    if (kind) filter.period = kind.value as ListFilter['period'];
    else issues.push(issue('period', '请从列表中选择', 'Choose from the list'));
  }
  if (month) {
    const ok = /^\d{4}-\d\d$/.test(month) && isDate(`${month}-01`);
    if (!ok) issues.push(issue('month', '月份应写作 年-月，例如 2026-03', 'Write the month as year-month, for example 2026-03'));
    else if (from || to) issues.push(issue('month', '请只填月份，或只填起止日期', 'Give either a month or from/to dates, not both'));
    else Object.assign(filter, { from: `${month}-01`, to: lastDayOf(month) });
  }
  const fromOk = !from || isDate(from);
  const toOk = !to || isDate(to);
  if (!fromOk) issues.push(issue('from', '日期应写作 年-月-日，例如 2026-03-01', 'Write the date as year-month-day, for example 2026-03-01'));
  if (!toOk) issues.push(issue('to', '日期应写作 年-月-日，例如 2026-03-31', 'Write the date as year-month-day, for example 2026-03-31'));
  if (from && to && fromOk && toOk && from > to) issues.push(issue('to', '结束日期不能早于开始日期', 'The end date cannot be before the start date'));
  if (!month && fromOk && toOk && !issues.some((i) => i.path === 'to')) {
    if (from) filter.from = from;
    if (to) filter.to = to;
  }
  return { entered, filter, issues };
}

/** The query string of a filter as entered, with `extra` (a cursor) added. */
export function filterQuery(entered: Entered, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (entered[key]) params.set(key, entered[key]!);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

function Select({ name, entered, choices, message, any }: { name: FilterKey; entered: Entered; choices: Choice[]; message?: Text; any?: Text }) {
  const lang = useLang();
  const text = (t: Text) => both(t, lang);
  return (
    <div class={message ? 'field invalid' : 'field'}>
      <label class="label" for={name}><Bi t={LABELS[name]} /></label>
      <FieldError id={name} message={message} />
      <select id={name} name={name} {...invalidAttrs(name, message)}>
        {any ? <option value="">{text(any)}</option> : null}
        {choices.map((c) => (
          <option value={c.value} selected={entered[name] === c.value}>{`${'\u3000'.repeat(c.depth ?? 0)}${text(c.label)}`}</option>
        ))}
      </select>
    </div>
  );
}

function DateInput({ name, type, entered, message, hint }: { name: FilterKey; type: 'month' | 'date'; entered: Entered; message?: Text; hint: Text }) {
  return (
    <div class={message ? 'field invalid' : 'field'}>
      <label class="label" for={name}><Bi t={LABELS[name]} /></label>
      <p class="help" id={`h-${name}`}><Bi t={hint} /></p>
      <FieldError id={name} message={message} />
      <input type={type} id={name} name={name} value={entered[name] ?? ''} aria-describedby={message ? `h-${name} e-${name}` : `h-${name}`} aria-invalid={message ? 'true' : undefined} />
    </div>
  );
}

export function FilterForm({ entered, choices, issues }: { entered: Entered; choices: FilterChoices; issues: FormIssue[] }) {
  const byField = new Map(issues.map((i) => [i.path, i.message]));
  const states: Choice[] = STATUSES.map((s) => ({ value: s, label: statusTitle(s) }));
  return (
    <form method="get" action="/records" class="filters" role="search" aria-label="筛选 / Filter">
      <div class="field search-q">
        <label class="label" for="q"><Bi t={LABELS.q} /></label>
        <p class="help" id="h-q"><Bi t={{ zh: '记录名称（如单位名称）、填报单位名称或编号的一部分，例如 YP-2019-0007', en: 'Part of the record’s name (such as the union’s name), the submitting union’s name or the number, for example YP-2019-0007' }} /></p>
        <input type="search" id="q" name="q" maxlength={MAX_Q} value={entered.q ?? ''} aria-describedby="h-q" />
      </div>
      <div class="filter-grid">
        <Select name="formId" entered={entered} choices={choices.forms} message={byField.get('formId')} any={{ zh: '全部表单', en: 'All forms' }} />
        <Select name="orgId" entered={entered} choices={choices.orgs} message={byField.get('orgId')} any={{ zh: '全部单位', en: 'All organisations' }} />
        <Select name="status" entered={entered} choices={states} message={byField.get('status')} any={{ zh: '全部状态', en: 'Any state' }} />
        <Select name="step" entered={entered} choices={choices.steps} message={byField.get('step')} any={{ zh: '全部步骤', en: 'Any step' }} />
      </div>
      <fieldset class="period">
        <legend><Bi t={{ zh: '期间', en: 'Period' }} /></legend>
        <div class="filter-grid">
        <Select name="period" entered={entered} choices={PERIODS} message={byField.get('period')} />
        <DateInput name="month" type="month" entered={entered} message={byField.get('month')} hint={{ zh: '例如 2026-03', en: 'For example 2026-03' }} />
        <DateInput name="from" type="date" entered={entered} message={byField.get('from')} hint={{ zh: '例如 2026-03-01', en: 'For example 2026-03-01' }} />
        <DateInput name="to" type="date" entered={entered} message={byField.get('to')} hint={{ zh: '例如 2026-03-31', en: 'For example 2026-03-31' }} />
        </div>
      </fieldset>
      <button type="submit"><Bi t={{ zh: '筛选', en: 'Filter' }} /></button>
      <a href="/records" class="reset"><Bi t={{ zh: '清除筛选', en: 'Clear the filter' }} /></a>
    </form>
  );
}
