/**
 * Values of a record as a person reads them on paper, by the declaration of the form version
 * the record was filled against: money in yuan, choices by their label, groups as tables,
 * files by name, size and SHA-256 (so a file handed over later can be matched to the record),
 * times in Asia/Shanghai. hono/jsx escapes every value, so a record cannot forget to.
 */
import type { Child } from 'hono/jsx';
import { partsOf } from '../../forms/field-parts.js';
import type { CompiledDeclaration, ComputedDecl, FieldDecl, Text } from '../../forms/language.js';
import { computedLabel } from '../../forms/texts.js';
import { Bi, yuan } from '../http/pages/layout.js';

export const NONE = <span class="none">—</span>;
const YES: Text = { zh: '是', en: 'Yes' };
const NO: Text = { zh: '否', en: 'No' };

export const isBlank = (v: unknown): boolean => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

const grouped = (n: number) => String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Exact bytes (what a hash check needs) and a readable size beside them. */
export function bytes(n: number): string {
  if (n < 1024) return `${grouped(n)} B`;
  const readable = n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${readable} (${grouped(n)} B)`;
}

/** Data the declaration does not describe (an older shape, a stray key): shown, never hidden. */
export const rawValue = (value: unknown) => <span class="hash">{JSON.stringify(value ?? null)}</span>;

const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function attachments(value: unknown) {
  const list = Array.isArray(value) ? value.map(asRecord) : [];
  return (
    <ul class="files">
      {list.map((ref) => (
        <li><strong>{String(ref.name ?? '')}</strong> <span class="note">{typeof ref.size === 'number' ? bytes(ref.size) : ''}</span><br /><span class="hash">SHA-256 {String(ref.sha256 ?? '')}</span></li>
      ))}
    </ul>
  );
}

function score(field: Extract<FieldDecl, { type: 'score' }>, value: unknown) {
  const v = asRecord(value);
  return (
    <>
      <strong>{String(v.score ?? '—')}</strong> / {field.max}
      {typeof v.note === 'string' && v.note !== '' ? <div class="text">{v.note}</div> : null}
      {isBlank(v.attachments) ? null : attachments(v.attachments)}
    </>
  );
}

/** Numbers line up on the right; a date stays on one line in a narrow column. */
export function numeric(field: FieldDecl): string | undefined {
  if (field.type === 'money' || field.type === 'integer') return 'num';
  return field.type === 'date' ? 'nowrap' : undefined;
}

export function groupTable(group: Extract<FieldDecl, { type: 'group' }>, rows: unknown) {
  const list = Array.isArray(rows) ? rows.map(asRecord) : [];
  if (list.length === 0) return <p class="note"><Bi t={{ zh: '无', en: 'None' }} /></p>;
  // A group has many columns: on a phone its table scrolls in its own region (the keyboard reaches it), not the page.
  return (
    <div class="scroll group-table" tabindex={0} role="region" aria-label={`${group.label.zh} / ${group.label.en}`}>
    <table>
      <thead>
        <tr>
          <th>#</th>
          {group.fields.map((c) => (
            <th class={numeric(c)}><Bi t={c.label} />{c.type === 'money' ? <> <span class="note">(元 yuan)</span></> : null}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {list.map((row, i) => (
          <tr><td>{i + 1}</td>{group.fields.map((c) => <td class={numeric(c)}>{shown(c, row[c.key], false)}</td>)}</tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}

/** One value of a declared field; `unit` adds 元 after money where no column header says it. */
export function shown(field: FieldDecl, value: unknown, unit = true): Child {
  if (isBlank(value)) return NONE;
  switch (field.type) {
    case 'money':
      return typeof value === 'number' ? `${yuan(value)}${unit ? ' 元' : ''}` : rawValue(value);
    case 'choice': {
      const option = field.options.find((o) => o.value === value);
      return option ? <Bi t={option.label} /> : rawValue(value);
    }
    case 'flag':
      return <Bi t={value === true ? YES : NO} />;
    case 'declaration':
      return value === true ? (
        <><Bi t={{ zh: '已声明', en: 'Declared' }} />：<span class="note"><Bi t={field.statement} /></span></>
      ) : (
        <Bi t={{ zh: '未声明', en: 'Not declared' }} />
      );
    case 'longtext':
      return <div class="text">{String(value)}</div>;
    case 'attachment':
      return attachments(value);
    case 'score':
      return score(field, value);
    case 'group':
      return groupTable(field, value);
    default:
      return typeof value === 'object' ? rawValue(value) : String(value);
  }
}

export function computedValue(c: ComputedDecl, value: unknown): Child {
  if (isBlank(value)) return NONE;
  if (typeof value === 'number') {
    if (c.format === 'money') return `${yuan(value)} 元`;
    if (c.format === 'percent') return `${value} %`;
    return String(value);
  }
  if (typeof value === 'boolean') return <Bi t={value ? YES : NO} />;
  const label = computedLabel(c, value);
  if (label) return <Bi t={label} />;
  return typeof value === 'object' ? rawValue(value) : String(value);
}

/**
 * A data path (`org_committee.score`, `notable.1.amount`) as labels, and the field it ends at
 * when it ends at one (a row index ends at a row, which has no field of its own).
 */
export function resolvePath(decl: CompiledDeclaration, path: string): { label: Text; field?: FieldDecl } {
  let fields: FieldDecl[] = decl.sections.flatMap((s) => s.fields);
  let field: FieldDecl | undefined;
  const zh: string[] = [];
  const en: string[] = [];
  for (const seg of path.split('.')) {
    if (/^\d+$/.test(seg)) {
      zh.push(`第 ${Number(seg) + 1} 项`);
      en.push(`item ${Number(seg) + 1}`);
      field = undefined;
      continue;
    }
    field = fields.find((f) => f.key === seg);
    zh.push(field?.label.zh ?? seg);
    en.push(field?.label.en ?? seg);
    fields = field ? (partsOf(field)?.fields ?? []) : [];
  }
  return { label: { zh: zh.join(' · '), en: en.join(' · ') }, field };
}
