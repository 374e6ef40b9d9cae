/**
 * The fill page's inputs and a form's data, both ways, and its computed values: shared by the
 * server (reading a posted form, rendering a draft) and the page script (recomputing as the
 * person types), so both read the same inputs into the same data and compute it with the same
 * `forms/` evaluator. Nothing here touches the DOM, Hono or zod, so the browser bundle stays small.
 *
 * Input names are the data paths: `name`, `coveredEnterprises.0.employees`, `org_committee.score`,
 * `statements.0.sha256`; a group or file list also posts `<path>.count`, its number of rows.
 * Money is typed in yuan and stored in whole fen.
 */
import { writeOutSums } from '../../../forms/compile-sums.js';
import { decide, evaluate, type Data } from '../../../forms/expressions.js';
import { ATTACHMENT_REF_PARTS, DEFAULT_MAX_FILES } from '../../../forms/field-parts.js';
import type { CompiledForm, ComputedDecl, Condition, FieldDecl, FormDeclaration, FormIssue, SectionDecl, Text } from '../../../forms/language.js';
import { computedLabel } from '../../../forms/texts.js';

/** What the person typed, by input name, exactly as posted. */
export type Entered = Map<string, string>;

/** What the page (and its script) needs of a form: its sections and fields, computed values and parameters. */
export type PageModel = {
  sections: SectionDecl[];
  computed: Pick<ComputedDecl, 'key' | 'expr' | 'format' | 'options'>[];
  params: Record<string, number>;
};

/** The model of a compiled form, with every `sum` written out as the compiler does. */
export function pageModel(form: CompiledForm): PageModel {
  const decl = form.decl;
  // A `sum` names fields by the sections alone, which a compiled declaration has as declared.
  const written = writeOutSums({ sections: decl.sections, computed: decl.computed }, decl as unknown as FormDeclaration);
  return {
    sections: written.sections,
    computed: written.computed.map((c) => ({ key: c.key, expr: c.expr, ...(c.format ? { format: c.format } : {}), ...(c.options ? { options: c.options } : {}) })),
    params: Object.fromEntries(Object.entries(decl.params ?? {}).map(([k, p]) => [k, p.value])),
  };
}

/** The computed values of `data`, in declaration order (each sees those before it), as the server computes them. */
export function computeValues(model: PageModel, data: Data): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const view: Data = { ...data };
  for (const c of model.computed) {
    out[c.key] = evaluate(c.expr, { data: view, params: model.params });
    view[c.key] = out[c.key];
  }
  return out;
}

/**
 * Is a field or section shown? Hidden only while its condition is decided false: with the
 * field it reads still empty, the person sees it (and can fill what it depends on).
 */
export const isShown = (when: Condition | undefined, view: Data, params: Record<string, number>): boolean =>
  when === undefined || decide(when, { data: view, params }) !== false;

/** Most rows or files one post may carry, whatever its count says. */
const MAX_ROWS = 500;

export const rowCount = (entered: Entered, path: string, max: number): number => {
  const n = Number(entered.get(`${path}.count`) ?? '0');
  return Number.isInteger(n) && n > 0 ? Math.min(n, max, MAX_ROWS) : 0;
};

/** "1,234.5" yuan → 123450 fen; undefined when it is not an amount with at most two decimals. */
export function parseYuan(text: string): number | undefined {
  const m = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text.replace(/[,，\s¥￥元]/g, ''));
  if (!m) return undefined;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -fen : fen;
}

/** Fen as the yuan a person types back: 123450 → "1234.50". */
export function fenToInput(fen: unknown): string {
  if (typeof fen !== 'number' || !Number.isInteger(fen)) return fen === undefined || fen === null ? '' : String(fen);
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const t = (zh: string, en: string): Text => ({ zh, en });
export const READ_MESSAGES = {
  money: t('请输入金额（元），最多两位小数，例如 1234.50', 'Enter an amount in yuan with at most two decimals, such as 1234.50'),
  integer: t('请输入整数', 'Enter a whole number'),
} as const;

type Read = { value?: unknown; problems: FormIssue[] };
const blank = (s: string | undefined) => s === undefined || s.trim() === '';

const attachmentListDecl: FieldDecl = { key: 'attachments', type: 'attachment', label: t('佐证材料', 'Evidence files') };

/** One field's value from the inputs under `path`; undefined when left empty. */
function readField(field: FieldDecl, path: string, entered: Entered): Read {
  const text = entered.get(path);
  switch (field.type) {
    case 'group': {
      const rows: Data[] = [];
      const problems: FormIssue[] = [];
      for (let i = 0; i < rowCount(entered, path, field.maxRows ?? MAX_ROWS); i++) {
        const row: Data = {};
        for (const sub of field.fields) {
          const r = readField(sub, `${path}.${i}.${sub.key}`, entered);
          problems.push(...r.problems);
          if (r.value !== undefined) row[sub.key] = r.value;
        }
        rows.push(row);
      }
      // Rows left empty at the end are rows not started; one in the middle keeps its place.
      while (rows.length > 0 && Object.keys(rows[rows.length - 1]).length === 0) rows.pop();
      return { value: rows.length > 0 ? rows : undefined, problems };
    }
    case 'attachment': {
      const refs: Data[] = [];
      for (let i = 0; i < rowCount(entered, path, field.maxFiles ?? DEFAULT_MAX_FILES); i++) {
        const at = (k: string) => entered.get(`${path}.${i}.${k}`) ?? '';
        if (blank(at('id'))) continue;
        const ref = Object.fromEntries(ATTACHMENT_REF_PARTS.map((p) => [p.key, at(p.key)]));
        refs.push({ ...ref, size: Number(ref.size) });
      }
      return { value: refs.length > 0 ? refs : undefined, problems: [] };
    }
    case 'score': {
      const score = readField({ key: 'score', type: 'integer', label: field.label }, `${path}.score`, entered);
      const note = entered.get(`${path}.note`);
      const files = readField(attachmentListDecl, `${path}.attachments`, entered);
      if (score.value === undefined && blank(note) && files.value === undefined) return { problems: score.problems };
      const value: Data = {};
      if (score.value !== undefined) value.score = score.value;
      if (!blank(note)) value.note = note;
      if (files.value !== undefined) value.attachments = files.value;
      return { value, problems: score.problems };
    }
    case 'flag':
      return { value: text === 'yes', problems: [] };
    case 'declaration':
      return { value: text === 'yes' ? true : undefined, problems: [] };
    case 'integer': {
      if (blank(text)) return { problems: [] };
      const v = text!.trim();
      return /^-?\d{1,15}$/.test(v) ? { value: Number(v), problems: [] } : { problems: [{ path, message: READ_MESSAGES.integer }] };
    }
    case 'money': {
      if (blank(text)) return { problems: [] };
      const fen = parseYuan(text!.trim());
      return fen === undefined ? { problems: [{ path, message: READ_MESSAGES.money }] } : { value: fen, problems: [] };
    }
    case 'longtext':
      return { value: blank(text) ? undefined : text, problems: [] };
    case 'creditCode':
      return { value: blank(text) ? undefined : text!.trim().toUpperCase(), problems: [] };
    default:
      return { value: blank(text) ? undefined : text!.trim(), problems: [] };
  }
}

/** The fields a submitter fills: every field but the read-only ones, which the server keeps. */
export const fillable = (model: Pick<PageModel, 'sections'>): FieldDecl[] =>
  model.sections.flatMap((s) => s.fields).filter((f) => !f.readOnly);

/** The form's data from what was typed, and what could not be read (an amount that is not one). */
export function readData(model: Pick<PageModel, 'sections'>, entered: Entered): { data: Data; problems: FormIssue[] } {
  const data: Data = {};
  const problems: FormIssue[] = [];
  for (const field of fillable(model)) {
    const r = readField(field, field.key, entered);
    problems.push(...r.problems);
    if (r.value !== undefined) data[field.key] = r.value;
  }
  return { data, problems };
}

const isRecord = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);

function enterField(field: FieldDecl, path: string, value: unknown, out: Entered): void {
  switch (field.type) {
    case 'group': {
      const rows = Array.isArray(value) ? value : [];
      out.set(`${path}.count`, String(Math.max(rows.length, field.minRows ?? 1)));
      rows.forEach((row, i) => {
        for (const sub of field.fields) enterField(sub, `${path}.${i}.${sub.key}`, isRecord(row) ? row[sub.key] : undefined, out);
      });
      return;
    }
    case 'attachment': {
      const refs = Array.isArray(value) ? value.filter(isRecord) : [];
      out.set(`${path}.count`, String(refs.length));
      refs.forEach((ref, i) => {
        for (const p of ATTACHMENT_REF_PARTS) out.set(`${path}.${i}.${p.key}`, String(ref[p.key] ?? ''));
      });
      return;
    }
    case 'score': {
      const v = isRecord(value) ? value : {};
      if (v.score !== undefined) out.set(`${path}.score`, String(v.score));
      if (typeof v.note === 'string') out.set(`${path}.note`, v.note);
      enterField(attachmentListDecl, `${path}.attachments`, v.attachments, out);
      return;
    }
    case 'flag':
    case 'declaration':
      if (value === true) out.set(path, 'yes');
      return;
    case 'money':
      if (value !== undefined) out.set(path, fenToInput(value));
      return;
    default:
      if (value !== undefined && value !== null) out.set(path, String(value));
  }
}

/** The inputs that show stored data. */
export function enteredOf(model: Pick<PageModel, 'sections'>, data: Data): Entered {
  const out: Entered = new Map();
  for (const field of fillable(model)) enterField(field, field.key, data[field.key], out);
  return out;
}

/** The group or file list at `path` (`coveredEnterprises`, `notable.0.receipts`) with one more row. */
export function addRow(entered: Entered, path: string, max: number): Entered {
  const out = new Map(entered);
  out.set(`${path}.count`, String(Math.min(rowCount(entered, path, max) + 1, max)));
  return out;
}

/** Row `n` of the group or file list at `path` taken out, the rows after it moved up. */
export function removeRow(entered: Entered, path: string, n: number, max: number): Entered {
  const count = rowCount(entered, path, max);
  if (!Number.isInteger(n) || n < 0 || n >= count) return entered;
  const out: Entered = new Map();
  const prefix = `${path}.`;
  for (const [name, value] of entered) {
    const m = name.startsWith(prefix) ? /^(\d+)(\..*)$/.exec(name.slice(prefix.length)) : null;
    if (!m) out.set(name, value);
    else if (Number(m[1]) < n) out.set(name, value);
    else if (Number(m[1]) > n) out.set(`${prefix}${Number(m[1]) - 1}${m[2]}`, value);
  }
  out.set(`${path}.count`, String(count - 1));
  return out;
}

/** A computed value as the page shows it, in one language (the script writes the same text). */
export function formatComputed(value: unknown, c: Pick<ComputedDecl, 'format' | 'options'>, lang: 'zh' | 'en'): string {
  const { format } = c;
  if (value === null || value === undefined) return '—';
  const label = computedLabel(c, value);
  if (label) return label[lang];
  if (format === 'money' && typeof value === 'number') {
    const s = fenToInput(Math.trunc(value));
    const [whole, dec] = s.replace('-', '').split('.');
    return `${s.startsWith('-') ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec} ${lang === 'en' ? 'yuan' : '元'}`;
  }
  if (format === 'percent' && typeof value === 'number') return `${Math.round(value * 10) / 10} %`;
  if (typeof value === 'boolean') return value ? (lang === 'en' ? 'Yes' : '是') : lang === 'en' ? 'No' : '否';
  return String(value);
}
