/**
 * A submission's data, read-only, laid out by the declaration of the form version it was
 * filled against: its sections, each group as a table in a scroll region the keyboard can
 * reach, money in yuan, choices by label, score items with their maximum, attachments as
 * download links through the API's attachment content route, and the computed values. Plain
 * values go through the printable record's own formatter (records/print-values.ts), so the
 * page and the paper never show a value two ways.
 */
import type { CompiledDeclaration, FieldDecl, SectionDecl, Text } from '../../../forms/language.js';
import { bytes, computedValue, isBlank, rawValue, shown } from '../../records/print-values.js';
import { Bi, Scroll } from './layout.js';

const YES: Text = { zh: '是', en: 'Yes' };
const NO: Text = { zh: '否', en: 'No' };

/** Markup of the printable record's formatter (escaped by it) inside a page. */
const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Attachment references as links to their content, which the API serves only to whoever may see this submission. */
export function Files({ value, subId }: { value: unknown; subId: string }) {
  const list = Array.isArray(value) ? value.map(asRecord) : [];
  return (
    <ul class="files">
      {list.map((ref) => (
        <li>
          <a href={`/api/attachments/${encodeURIComponent(String(ref.id ?? ''))}/content?submission=${encodeURIComponent(subId)}`}>{String(ref.name ?? '')}</a>
          {typeof ref.size === 'number' ? <span class="meta">{bytes(ref.size)}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** One value of a declared field. `unit` adds 元 after money where no column header says it. */
export function Value({ field, value, subId, unit = true }: { field: FieldDecl; value: unknown; subId: string; unit?: boolean }) {
  if (isBlank(value)) return <span class="none">—</span>;
  switch (field.type) {
    case 'choice': {
      const option = field.options.find((o) => o.value === value);
      return option ? <Bi t={option.label} /> : rawValue(value);
    }
    case 'flag':
      return <Bi t={value === true ? YES : NO} />;
    case 'attachment':
      return <Files value={value} subId={subId} />;
    case 'score': {
      const v = asRecord(value);
      return (
        <>
          <strong>{String(v.score ?? '—')}</strong> / {field.max}
          {typeof v.note === 'string' && v.note !== '' ? <div class="text">{v.note}</div> : null}
          {isBlank(v.attachments) ? null : <Files value={v.attachments} subId={subId} />}
        </>
      );
    }
    case 'group':
      return <GroupTable group={field} rows={value} subId={subId} />;
    default:
      return shown(field, value, unit);
  }
}

type Group = Extract<FieldDecl, { type: 'group' }>;

const numeric = (field: FieldDecl) => (field.type === 'money' || field.type === 'integer' ? 'num' : field.type === 'date' ? 'nowrap' : undefined);

export function GroupTable({ group, rows, subId }: { group: Group; rows: unknown; subId: string }) {
  const list = Array.isArray(rows) ? rows.map(asRecord) : [];
  if (list.length === 0) return <p class="meta"><Bi t={{ zh: '无', en: 'None' }} /></p>;
  return (
    <Scroll label={group.label}>
      <table class="grid">
        <thead>
          <tr>
            <th scope="col">#</th>
            {group.fields.map((c) => (
              <th scope="col" class={numeric(c)}><Bi t={c.label} />{c.type === 'money' ? <span class="meta"> (元 yuan)</span> : null}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {list.map((row, i) => (
            <tr>
              <td>{i + 1}</td>
              {group.fields.map((c) => <td class={numeric(c)}><Value field={c} value={row[c.key]} subId={subId} unit={false} /></td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

function Section({ section, data, subId }: { section: SectionDecl; data: Record<string, unknown>; subId: string }) {
  // A conditional section that does not apply holds nothing: the page keeps to what was filled in.
  if (section.when && section.fields.every((f) => isBlank(data[f.key]))) return null;
  return (
    <section class="data-section" aria-labelledby={`s-${section.key}`}>
      <h3 id={`s-${section.key}`}><Bi t={section.title} /></h3>
      <dl class="data">
        {section.fields.map((f) =>
          f.type === 'group' ? (
            <div class="wide"><dt><Bi t={f.label} /></dt><dd><GroupTable group={f} rows={data[f.key]} subId={subId} /></dd></div>
          ) : (
            <div><dt><Bi t={f.label} /></dt><dd class={numeric(f)}><Value field={f} value={data[f.key]} subId={subId} /></dd></div>
          ),
        )}
      </dl>
    </section>
  );
}

/** The data by the form's sections, then its computed values. */
export function DataView({ decl, data, computed, subId }: { decl: CompiledDeclaration; data: Record<string, unknown>; computed: Record<string, unknown>; subId: string }) {
  return (
    <>
      <h2><Bi t={{ zh: '填报内容', en: 'The submission' }} /></h2>
      {decl.sections.map((s) => <Section section={s} data={data} subId={subId} />)}
      {decl.computed.length > 0 ? (
        <section class="data-section" aria-labelledby="s-computed">
          <h3 id="s-computed"><Bi t={{ zh: '计算值', en: 'Computed values' }} /></h3>
          <dl class="data">
            {decl.computed.map((c) => (
              <div><dt><Bi t={c.label} /></dt><dd>{computedValue(c, computed[c.key])}</dd></div>
            ))}
          </dl>
        </section>
      ) : null}
    </>
  );
}
