/**
 * A form declaration as spreadsheet rows, in the way ODK's XLSForm taught the field: a
 * `survey` sheet of fields in order (sections as `begin group` … `end group`, repeating
 * groups as `begin repeat` … `end repeat`, choice fields as `select_one <list>` with their
 * options in `choices`, computed values as `calculate` rows), `settings`, and the sheets
 * XLSForm lacks and our language has: `rules`, `params` and `example`.
 *
 * Columns are the declaration's own property names, with XLSForm's names where XLSForm has
 * one (`name` for key, `hint` for help, `relevant` for when, `calculation` for expr,
 * `form_id` for id). A bilingual text is two columns, `label::zh` and `label::en`.
 * Expressions and conditions are cells of JSON in our expression language. A property this
 * file does not name still round-trips: its cell holds the value (JSON for a list or an
 * object), so a new property of the language needs no change here.
 *
 * Pure: rows in, declaration out (and back). Reading and writing .xlsx files is elsewhere.
 */
import type { FormIssue, Text } from './language.js';

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;
export type Sheets = Record<string, Row[]>;

export const SHEETS = ['settings', 'survey', 'choices', 'rules', 'params', 'example'] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

/** Where an issue is: a sheet, its row as a spreadsheet numbers it (the header is row 1), a column. */
export type SheetIssue = FormIssue & { sheet: string; row?: number; column?: string };

const ALIASES: Record<string, string> = { key: 'name', help: 'hint', when: 'relevant', expr: 'calculation', id: 'form_id' };
const UNALIASES = Object.fromEntries(Object.entries(ALIASES).map(([prop, column]) => [column, prop]));
/** Lists written as comma-separated text rather than JSON. */
const LISTS = new Set(['accept', 'startedBy']);
const BOOLEANS = new Set(['required', 'readOnly', 'noteRequired']);
const TRUE = new Set(['true', 'yes', 'y', '1', '是']);
const FALSE = new Set(['false', 'no', 'n', '0', '否']);
const LANGS = ['zh', 'en'] as const;

const isText = (v: Json | undefined): v is Text =>
  !!v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 2 && typeof v.zh === 'string' && typeof v.en === 'string';

// ---------------------------------------------------------------- writing

/** One object's properties as cells, skipping `skip`; `section` names a section's title `label`. */
function cells(obj: Obj, skip: string[] = [], rename: Record<string, string> = {}): Row {
  const row: Row = {};
  for (const [prop, value] of Object.entries(obj)) {
    if (skip.includes(prop) || value === undefined) continue;
    const column = rename[prop] ?? ALIASES[prop] ?? prop;
    if (isText(value)) {
      for (const lang of LANGS) row[`${column}::${lang}`] = value[lang];
    } else if (LISTS.has(prop) && Array.isArray(value) && value.every((v) => typeof v === 'string')) {
      row[column] = value.join(', ');
    } else {
      row[column] = cell(value);
    }
  }
  return row;
}

/** A value as one cell: JSON for a list or an object, and for text that would read as JSON. */
function cell(value: Json): Cell {
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'string' && LOOKS_LIKE_JSON.test(value)) return JSON.stringify(value);
  return value;
}

const LOOKS_LIKE_JSON = /^\s*[[{"]/;

function fieldRows(fields: Obj[], prefix: string, survey: Row[], choices: Row[]): void {
  for (const field of fields) {
    if (field.type === 'group') {
      survey.push({ type: 'begin repeat', ...cells(field, ['type', 'fields']) });
      fieldRows(field.fields as Obj[], `${prefix}${field.key}.`, survey, choices);
      survey.push({ type: 'end repeat', name: field.key as string });
    } else if (field.type === 'choice') {
      const list = `${prefix}${field.key}`;
      survey.push({ type: `select_one ${list}`, ...cells(field, ['type', 'options']) });
      for (const option of field.options as Obj[]) choices.push({ list_name: list, ...cells(option) });
    } else {
      survey.push(cells(field));
    }
  }
}

/** The sheets of a declaration (its JSON form, as `definition()` gives it). */
export function declarationToSheets(declaration: object): Sheets {
  const decl = declaration as Obj;
  const survey: Row[] = [];
  const choices: Row[] = [];
  for (const section of decl.sections as Obj[]) {
    survey.push({ type: 'begin group', ...cells(section, ['fields'], { title: 'label' }) });
    fieldRows(section.fields as Obj[], '', survey, choices);
    survey.push({ type: 'end group', name: section.key as string });
  }
  for (const value of (decl.computed as Obj[]) ?? []) survey.push({ type: 'calculate', ...cells(value) });
  const params = Object.entries((decl.params as Record<string, Obj>) ?? {}).map(([name, param]) => ({ name, ...cells(param) }));
  const example = Object.entries(decl.example as Obj).map(([name, value]) => ({ name, value: cell(value) }));
  return {
    settings: [cells(decl, ['sections', 'rules', 'computed', 'params', 'example'])],
    survey,
    choices,
    rules: ((decl.rules as Obj[]) ?? []).map((rule) => cells(rule)),
    params,
    example,
  };
}

/** The columns of a sheet in a readable order: the ones named first, then as they appear. */
export function columnsOf(rows: Row[], first: string[] = ['type', 'list_name', 'name', 'kind', 'label::zh', 'label::en', 'hint::zh', 'hint::en']): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const column of Object.keys(row)) seen.add(column);
  return [...first.filter((c) => seen.has(c)), ...[...seen].filter((c) => !first.includes(c))];
}

// ---------------------------------------------------------------- reading

type Place = { sheet: string; row: number };

/** Where in the sheets a declaration path came from: a row, or one cell of it. */
export type Location = { sheet: string; row: number; column?: string };

class Reader {
  readonly issues: SheetIssue[] = [];
  readonly locations = new Map<string, Location>();

  issue(place: Place, column: string | undefined, zh: string, en: string): void {
    const path = column ? `${place.sheet}!${column}${place.row}` : `${place.sheet}!${place.row}`;
    this.issues.push({ sheet: place.sheet, row: place.row, ...(column ? { column } : {}), path, message: { zh, en } });
  }

  /** A row's cells back into an object's properties; `rename` maps a column to a property. */
  object(row: Row, place: Place, path: string, skip: string[] = [], rename: Record<string, string> = {}): Obj {
    const obj: Obj = {};
    const texts = new Map<string, string>();
    this.locations.set(path, place);
    for (const [column, cell] of Object.entries(row)) {
      if (cell === null || cell === '') continue;
      const [base, lang] = column.split('::');
      const prop = rename[base] ?? UNALIASES[base] ?? base;
      this.locations.set(path ? `${path}.${prop}` : prop, { ...place, column: lang === undefined ? column : `${base}::zh` });
      if (skip.includes(column)) continue;
      if (lang === undefined) {
        obj[prop] = this.value(prop, cell, place, column);
      } else if (!(LANGS as readonly string[]).includes(lang)) {
        this.issue(place, column, `未知的语言 ${lang}，只能是 zh 或 en`, `Unknown language ${lang}: zh or en only`);
      } else {
        const text = ((obj[prop] as Obj | undefined) ?? {}) as Obj;
        text[lang] = String(cell);
        obj[prop] = text;
        texts.set(prop, base);
      }
    }
    for (const [prop, base] of texts) {
      const missing = LANGS.find((lang) => typeof (obj[prop] as Obj)[lang] !== 'string');
      if (missing) this.issue(place, `${base}::${missing}`, `缺少 ${base}::${missing}：中文和英文都要写`, `${base}::${missing} is missing: give both Chinese and English`);
    }
    return obj;
  }

  value(prop: string, cell: Cell, place: Place, column: string): Json {
    if (BOOLEANS.has(prop)) {
      if (typeof cell === 'boolean') return cell;
      const text = String(cell).trim().toLowerCase();
      if (TRUE.has(text)) return true;
      if (FALSE.has(text)) return false;
      this.issue(place, column, `${column} 应为 yes 或 no`, `${column} should be yes or no`);
      return null;
    }
    if (LISTS.has(prop) && typeof cell === 'string' && !cell.trim().startsWith('[')) {
      return cell.split(',').map((part) => part.trim()).filter((part) => part !== '');
    }
    if (typeof cell === 'string' && LOOKS_LIKE_JSON.test(cell)) {
      try {
        return JSON.parse(cell) as Json;
      } catch (error) {
        this.issue(place, column, `${column} 不是有效的 JSON：${(error as Error).message}`, `${column} is not valid JSON: ${(error as Error).message}`);
        return null;
      }
    }
    return cell;
  }
}

/** A row with no cell filled in: skipped, keeping the numbers of the rows after it. */
const blank = (row: Row) => Object.values(row).every((cell) => cell === null || cell === '');

/**
 * A declaration from sheets, or the issues that stop it, each at its sheet, row and column.
 * Only the workbook's shape is checked here; the declaration is then compiled like any other.
 */
export function sheetsToDeclaration(sheets: Sheets): { ok: true; declaration: Obj; locate: (path: string) => Location | undefined } | { ok: false; issues: SheetIssue[] } {
  const reader = new Reader();
  const at = (sheet: string, index: number): Place => ({ sheet, row: index + 2 });
  for (const sheet of ['settings', 'survey'] as const) {
    if (!sheets[sheet]?.some((row) => !blank(row))) reader.issues.push({ sheet, path: sheet, message: { zh: `缺少 ${sheet} 工作表或其内容`, en: `The ${sheet} sheet is missing or empty` } });
  }
  if (reader.issues.length > 0) return { ok: false, issues: reader.issues };

  const choiceLists = new Map<string, { row: Row; place: Place }[]>();
  (sheets.choices ?? []).forEach((row, i) => {
    if (blank(row)) return;
    const list = row.list_name;
    if (typeof list !== 'string' || list === '') return reader.issue(at('choices', i), 'list_name', '缺少 list_name', 'list_name is missing');
    choiceLists.set(list, [...(choiceLists.get(list) ?? []), { row, place: at('choices', i) }]);
  });

  const sections: Obj[] = [];
  const computed: Obj[] = [];
  /** Open containers: a section, then any repeating groups inside it, with their paths. */
  const stack: { obj: Obj; end: string; place: Place; path: string }[] = [];
  const fieldPath = () => {
    const parent = stack[stack.length - 1];
    return parent && `${parent.path}.fields.${(parent.obj.fields as Json[]).length}`;
  };
  (sheets.survey ?? []).forEach((row, i) => {
    if (blank(row)) return;
    const place = at('survey', i);
    const type = typeof row.type === 'string' ? row.type.trim() : '';
    const path = fieldPath();
    if (type === 'begin group') {
      if (stack.length > 0) return reader.issue(place, 'type', '分组不能嵌套在分组里；重复组请用 begin repeat', 'A group cannot sit inside another; use begin repeat for a repeating group');
      const sectionPath = `sections.${sections.length}`;
      const section = { ...reader.object(row, place, sectionPath, ['type'], { label: 'title' }), fields: [] as Json[] };
      stack.push({ obj: section, end: 'end group', place, path: sectionPath });
      sections.push(section);
    } else if (type === 'begin repeat') {
      if (!path) return reader.issue(place, 'type', '重复组必须在分组（begin group）里', 'A repeating group must sit inside a group (begin group)');
      const group = { ...reader.object(row, place, path, ['type']), type: 'group', fields: [] as Json[] };
      (stack[stack.length - 1].obj.fields as Json[]).push(group);
      stack.push({ obj: group, end: 'end repeat', place, path });
    } else if (type === 'end group' || type === 'end repeat') {
      const open = stack.pop();
      if (!open || open.end !== type) reader.issue(place, 'type', `多余的 ${type}`, `${type} without its begin`);
    } else if (type === 'calculate') {
      if (stack.length > 0) return reader.issue(place, 'type', 'calculate 行应放在所有分组之后', 'calculate rows go after every group');
      computed.push(reader.object(row, place, `computed.${computed.length}`, ['type']));
    } else if (!path) {
      reader.issue(place, 'type', '字段必须在分组（begin group）里', 'A field must sit inside a group (begin group)');
    } else if (type.startsWith('select_one ')) {
      const list = type.slice('select_one '.length).trim();
      const rows = choiceLists.get(list);
      if (!rows) return reader.issue(place, 'type', `choices 工作表中没有选项表 ${list}`, `No list ${list} in the choices sheet`);
      const options = rows.map((option, k) => reader.object(option.row, option.place, `${path}.options.${k}`, ['list_name']));
      (stack[stack.length - 1].obj.fields as Json[]).push({ ...reader.object(row, place, path, ['type']), type: 'choice', options });
    } else if (type !== '') {
      (stack[stack.length - 1].obj.fields as Json[]).push({ ...reader.object(row, place, path, ['type']), type });
    } else {
      reader.issue(place, 'type', '缺少 type', 'type is missing');
    }
  });
  for (const open of stack) reader.issue(open.place, 'type', `缺少对应的 ${open.end}`, `No ${open.end} for this row`);

  const settingsAt = sheets.settings.findIndex((row) => !blank(row));
  const settings = reader.object(sheets.settings[settingsAt], at('settings', settingsAt), '');
  const params: Obj = {};
  (sheets.params ?? []).forEach((row, i) => {
    if (blank(row)) return;
    const key = row.name;
    if (typeof key !== 'string' || key === '') return reader.issue(at('params', i), 'name', '缺少参数名 name', 'The parameter’s name is missing');
    params[key] = reader.object(row, at('params', i), `params.${key}`, ['name']);
  });
  const example: Obj = {};
  (sheets.example ?? []).forEach((row, i) => {
    if (blank(row)) return;
    const key = row.name;
    if (typeof key !== 'string' || key === '') return reader.issue(at('example', i), 'name', '缺少字段名 name', 'The field’s name is missing');
    reader.locations.set(`example.${key}`, { ...at('example', i), column: 'value' });
    example[key] = row.value === null || row.value === '' ? null : reader.value('value', row.value, at('example', i), 'value');
  });
  if (reader.issues.length > 0) return { ok: false, issues: reader.issues };

  const declaration: Obj = {
    ...settings,
    sections,
    rules: (sheets.rules ?? []).filter((row) => !blank(row)).map((row, k) => reader.object(row, at('rules', (sheets.rules ?? []).indexOf(row)), `rules.${k}`)),
    computed,
    ...(Object.keys(params).length > 0 ? { params } : {}),
    example,
  };
  return reader.issues.length > 0 ? { ok: false, issues: reader.issues } : { ok: true, declaration, locate: (path) => locate(reader.locations, path) };
}

/** The cell a declaration path (of a compile issue, say) came from, or its nearest row. */
function locate(locations: Map<string, Location>, path: string): Location | undefined {
  for (let parts = path.split('.'); parts.length > 0; parts = parts.slice(0, -1)) {
    const found = locations.get(parts.join('.'));
    if (found) return found;
  }
  return locations.get('');
}
