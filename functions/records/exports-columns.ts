/**
 * The columns of a submissions download and the cells of one row. A cell keeps just enough
 * type for each writer to choose: text, a plain number, money (integer fen, which CSV writes
 * as yuan text and XLSX as a number formatted #,##0.00), or a date or an instant (CSV writes
 * text in Asia/Shanghai, XLSX a real date). Everything here is pure.
 *
 * The header must go out before the first row is read, so the columns are the union of every
 * version of the form (a handful at most), not only the versions the rows happen to use:
 * finding those would take a second pass over the rows.
 */
import { partsOf } from '../../forms/field-parts.js';
import type { CompiledForm, ComputedDecl, FieldDecl, Text } from '../../forms/language.js';
import { computedLabel } from '../../forms/texts.js';
import { shanghaiTime } from '../../workflows/calendar.js';
import { workflowForForm } from '../../workflows/registry.js';
import { statusTitle } from '../../workflows/words.js';
import type { Submission } from '../store/submissions.js';

export type Money = { fen: number };
/** A calendar date (`YYYY-MM-DD`, as forms store it) or an instant (ISO UTC, as the store keeps times). */
export type When = { date: string } | { at: string };
export type Cell = string | number | Money | When | null;
export type Column = { header: string; width: number };
/** A repeating group's own sheet: one row per group row, keyed by the submission's id. */
export type GroupSheet = { title: string; columns: Column[] };
export type ColumnSet = {
  columns: Column[];
  row: (sub: Submission) => Cell[];
  /** The repeating groups (top-level `group` fields), each for a sheet of its own in XLSX. */
  groups: GroupSheet[];
  /** A submission's rows on each group sheet, in the order of `groups`. */
  groupRows: (sub: Submission) => Cell[][][];
};

export const isMoney = (cell: Cell): cell is Money => typeof cell === 'object' && cell !== null && 'fen' in cell;
export const isWhen = (cell: Cell): cell is When => typeof cell === 'object' && cell !== null && ('date' in cell || 'at' in cell);

const CALENDAR_DATE = /^\d{4}-\d\d-\d\d$/;

/** A cell as plain text: money in yuan, times in Asia/Shanghai (what CSV and a group's summary cell show). */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (isMoney(cell)) return yuan(cell.fen);
  if (isWhen(cell)) return 'date' in cell ? cell.date : shanghaiTime(cell.at, 'seconds');
  return String(cell);
}

const bilingual = (text: Text) => (text.zh === text.en ? text.zh : `${text.zh} / ${text.en}`);

/** Integer fen as yuan with two decimals, by integer arithmetic (no 0.1 + 0.2 surprises). */
export function yuan(fen: number): string {
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const flag = (value: unknown) => (value === true ? '是' : value === false ? '否' : String(value));
const json = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * A composite value (a group's rows, files, a score) as readable text for one cell: one line
 * per row or file at the top level, `；` between a row's parts, `、` between nested files.
 */
function readable(field: FieldDecl, value: unknown, nested: boolean): string {
  if (field.type === 'attachment' && Array.isArray(value)) {
    const files = value.map((f: Record<string, unknown>) => `${f?.name ?? '?'}（${f?.size ?? '?'} 字节，SHA-256 ${f?.sha256 ?? '?'}）`);
    return files.join(nested ? '、' : '\n');
  }
  const parts = partsOf(field);
  if (!parts) return cellText(fieldCell(field, value));
  const describe = (row: unknown) =>
    parts.fields
      .filter((f) => row && typeof row === 'object' && (row as Record<string, unknown>)[f.key] != null)
      .map((f) => `${f.label.zh}：${readable(f, (row as Record<string, unknown>)[f.key], true)}`)
      .join('；');
  if (!parts.list) return describe(value);
  if (!Array.isArray(value)) return json(value);
  return value.map((row, i) => `${i + 1}. ${describe(row)}`).join(nested ? ' ' : '\n');
}

/** One field's value as a cell; a value that does not fit its declared type is shown as JSON. */
export function fieldCell(field: FieldDecl, value: unknown): Cell {
  if (value === undefined || value === null) return null;
  switch (field.type) {
    case 'integer':
      return typeof value === 'number' ? value : json(value);
    case 'money':
      return Number.isSafeInteger(value) ? { fen: value as number } : json(value);
    case 'date':
      return typeof value === 'string' && CALENDAR_DATE.test(value) && !Number.isNaN(Date.parse(value)) ? { date: value } : json(value);
    case 'choice':
      return field.options.find((o) => o.value === value)?.label.zh ?? json(value);
    case 'flag':
    case 'declaration':
      return flag(value);
    case 'group':
    case 'attachment':
    case 'score':
      return readable(field, value, false);
    default:
      return json(value);
  }
}

export function computedCell(decl: ComputedDecl, value: unknown): Cell {
  if (value === undefined || value === null) return null;
  if (decl.format === 'money' && Number.isSafeInteger(value)) return { fen: value as number };
  if (decl.format === 'flag' || typeof value === 'boolean') return flag(value);
  // A labelled text value reads as its Chinese label, as a choice does.
  const label = computedLabel(decl, value);
  if (label) return label.zh;
  return typeof value === 'number' ? value : json(value);
}

/**
 * Keys of several versions in one order: the newest version's, with a key that only older
 * versions have placed after the key it followed there.
 */
export function unionOrder(newestFirst: { key: string }[][]): string[] {
  const order: string[] = [];
  for (const list of newestFirst) {
    let after = -1;
    for (const { key } of list) {
      const at = order.indexOf(key);
      if (at >= 0) after = at;
      else order.splice(++after, 0, key);
    }
  }
  return order;
}

const FIXED: [header: string, width: number, cell: (sub: Submission) => Cell][] = [
  ['ID', 28, (s) => s.id],
  ['表单版本 / Form version', 8, (s) => s.formVersion],
  ['组织 / Organisation', 30, (s) => s.orgName],
  ['状态 / Status', 18, (s) => `${statusTitle(s.status).zh} (${s.status})`],
  ['步骤 / Step', 28, (s) => stepLabel(s)],
  ['编号 / Number', 14, (s) => s.number ?? null],
  ['创建时间 / Created', 20, (s) => instant(s.createdAt)],
  ['更新时间 / Updated', 20, (s) => instant(s.updatedAt)],
  ['最新哈希 / Latest hash', 66, (s) => s.lastHash],
];

/** A stored time as an instant cell; one that does not parse stays text, as stored. */
const instant = (iso: string): Cell => (Number.isNaN(Date.parse(iso)) ? iso : { at: iso });

function stepLabel(sub: Submission): string {
  const title = workflowForForm(sub.formId)?.steps[sub.step]?.title;
  return title ? `${title.zh} (${sub.step})` : sub.step;
}

/**
 * Display width in spreadsheet columns: a CJK character (or a full-width form) takes about
 * two, so a Chinese label gets the room it needs.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u.test(ch) ? 2 : 1;
  return width;
}

const widthFor = (header: string) => Math.min(50, Math.max(12, displayWidth(header) + 2));


/** The columns for every version of one form (`versions` in any order), and a row's cells. */
export function columnsFor(versions: CompiledForm[]): ColumnSet {
  const newestFirst = [...versions].sort((a, b) => b.decl.version - a.decl.version);
  const fieldsOf = (form: CompiledForm) => form.decl.sections.flatMap((s) => s.fields);
  const byVersion = new Map(
    newestFirst.map((form) => [
      form.decl.version,
      { fields: new Map(fieldsOf(form).map((f) => [f.key, f])), computed: new Map(form.decl.computed.map((c) => [c.key, c])) },
    ]),
  );
  // A key's newest declaration labels its column, and reads rows of versions this process does not know.
  const newest = <T extends { key: string }>(key: string, pick: (v: { fields: Map<string, FieldDecl>; computed: Map<string, ComputedDecl> }) => Map<string, T>) => {
    for (const form of newestFirst) {
      const found = pick(byVersion.get(form.decl.version)!).get(key);
      if (found) return found;
    }
    throw new Error(`no declaration of ${key}`);
  };
  const fieldKeys = unionOrder(newestFirst.map(fieldsOf));
  const computedKeys = unionOrder(newestFirst.map((f) => f.decl.computed));
  const fieldHeads = fieldKeys.map((key) => newest(key, (v) => v.fields));
  const computedHeads = computedKeys.map((key) => newest(key, (v) => v.computed));

  const columns: Column[] = [
    ...FIXED.map(([header, width]) => ({ header, width })),
    ...[...fieldHeads, ...computedHeads].map((d) => ({ header: bilingual(d.label), width: widthFor(bilingual(d.label)) })),
  ];
  const row = (sub: Submission): Cell[] => {
    const own = byVersion.get(sub.formVersion);
    return [
      ...FIXED.map(([, , cell]) => cell(sub)),
      ...fieldHeads.map((head) => fieldCell(own?.fields.get(head.key) ?? head, sub.data[head.key])),
      ...computedHeads.map((head) => computedCell(own?.computed.get(head.key) ?? head, sub.computed[head.key])),
    ];
  };
  // Repeating groups of the newest version that declares them; rows of other versions read by key.
  const groupHeads = fieldHeads.filter((f): f is Extract<FieldDecl, { type: 'group' }> => f.type === 'group');
  const groups: GroupSheet[] = groupHeads.map((g) => {
    const headers = ['ID', '行号 / Row', ...g.fields.map((f) => bilingual(f.label))];
    return { title: g.label.zh, columns: headers.map((header) => ({ header, width: header === 'ID' ? 28 : widthFor(header) })) };
  });
  const groupRows = (sub: Submission): Cell[][][] =>
    groupHeads.map((g) => {
      const value = sub.data[g.key];
      if (!Array.isArray(value)) return [];
      return value.map((item, i) => {
        const record = item && typeof item === 'object' ? (item as Record<string, unknown>) : {};
        return [sub.id, i + 1, ...g.fields.map((f) => fieldCell(f, record[f.key]))];
      });
    });
  return { columns, row, groups, groupRows };
}
