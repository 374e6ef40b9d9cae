/**
 * A published 经费收支公开 for members to read: every figure labelled by the form version the
 * disclosure was filled against (so an older disclosure keeps its own wording), money in
 * yuan, the notable expenditures as a table, the computed totals and the policy warnings.
 * Also the lines a member may query, for the query form's select.
 */
import type { CompiledDeclaration, FieldDecl, FormData, FormIssue, Text } from '../../../forms/language.js';
import { Bi, yuan } from './layout.js';

export type Disclosure = {
  id: string;
  orgName: string;
  data: FormData;
  computed: Record<string, unknown>;
  warnings: FormIssue[];
  publishedAt: string;
};

const NONE = '—';

function Shown({ field, value }: { field: FieldDecl; value: unknown }) {
  if (value === undefined || value === null || value === '') return <>{NONE}</>;
  if (field.type === 'money' && typeof value === 'number') return <>{yuan(value)}</>;
  if (field.type === 'choice') {
    const option = field.options.find((o) => o.value === value);
    return option ? <Bi t={option.label} /> : <>{String(value)}</>;
  }
  if (field.type === 'flag') return <Bi t={value === true ? { zh: '是', en: 'Yes' } : { zh: '否', en: 'No' }} />;
  if (typeof value === 'object') return <>{NONE}</>;
  return <>{String(value)}</>;
}

/** Numbers line up on the right; other cells carry no class at all. */
const numeric = (field: FieldDecl) => (field.type === 'money' || field.type === 'integer' ? 'num' : undefined);

/** A repeating group as a table; file columns are left out (members cannot open uploads). */
function GroupTable({ group, rows }: { group: Extract<FieldDecl, { type: 'group' }>; rows: unknown }) {
  const columns = group.fields.filter((f) => f.type !== 'attachment');
  const list = Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
  if (list.length === 0) return <p class="help"><Bi t={{ zh: '本期没有列明的支出', en: 'No items listed for this period' }} /></p>;
  return (
    <div class="scroll">
      <table>
        <thead>
          <tr>
            <th>#</th>
            {columns.map((c) => (
              <th class={numeric(c)}><Bi t={c.label} />{c.type === 'money' ? <><br /><span class="help"><Bi t={{ zh: '元', en: 'yuan' }} /></span></> : null}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {list.map((row, i) => (
            <tr><td>{i + 1}</td>{columns.map((c) => <td class={numeric(c)}><Shown field={c} value={row?.[c.key]} /></td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Section({ title, fields, data }: { title: Text; fields: FieldDecl[]; data: FormData }) {
  const scalars = fields.filter((f) => f.type !== 'group' && f.type !== 'attachment');
  const groups = fields.filter((f): f is Extract<FieldDecl, { type: 'group' }> => f.type === 'group');
  return (
    <>
      <h2><Bi t={title} /></h2>
      {scalars.length ? (
        <table>{scalars.map((f) => <tr><th scope="row"><Bi t={f.label} /></th><td class={numeric(f)}><Shown field={f} value={data[f.key]} /></td></tr>)}</table>
      ) : null}
      {groups.map((g) => <GroupTable group={g} rows={data[g.key]} />)}
    </>
  );
}

function Totals({ decl, computed }: { decl: CompiledDeclaration; computed: Record<string, unknown> }) {
  return (
    <>
      <h2><Bi t={{ zh: '合计（元）', en: 'Totals (yuan)' }} /></h2>
      <table>
        {decl.computed
          .filter((c) => typeof computed[c.key] === 'number')
          .map((c) => {
            const value = computed[c.key] as number;
            // The closing balance is what the disclosure is for: it stands out.
            return (
              <tr class={c.key === 'closingBalance' ? 'total' : undefined}>
                <th scope="row"><Bi t={c.label} /></th>
                <td class="num">{c.format === 'money' ? yuan(value) : value}</td>
              </tr>
            );
          })}
      </table>
    </>
  );
}

function labelOf(decl: CompiledDeclaration, path: string): Text | undefined {
  const [key, row] = path.split('.');
  const field = decl.sections.flatMap((s) => s.fields).find((f) => f.key === key);
  if (!field) return undefined;
  return row === undefined ? field.label : { zh: `${field.label.zh} 第 ${Number(row) + 1} 行`, en: `${field.label.en}, row ${Number(row) + 1}` };
}

function Warnings({ decl, list }: { decl: CompiledDeclaration; list: FormIssue[] }) {
  if (list.length === 0) return null;
  return (
    <>
      <h2><Bi t={{ zh: '提示', en: 'Policy notes' }} /></h2>
      {list.map((w) => {
        const label = labelOf(decl, w.path);
        return <p class="warn">{label ? <><strong><Bi t={label} /></strong>：</> : null}<Bi t={w.message} /></p>;
      })}
    </>
  );
}

export function DisclosureBody({ decl, d, queryHref }: { decl: CompiledDeclaration; d: Disclosure; queryHref: string }) {
  return (
    <>
      <h1>{d.orgName}<br /><Bi t={decl.title} /></h1>
      <p class="lead"><Bi t={{ zh: `公开时间 ${d.publishedAt.slice(0, 10)}`, en: `Published ${d.publishedAt.slice(0, 10)}` }} /></p>
      {decl.sections.map((s) => <Section title={s.title} fields={s.fields} data={d.data} />)}
      <Totals decl={decl} computed={d.computed} />
      <Warnings decl={decl} list={d.warnings} />
      <h2><Bi t={{ zh: '会员监督', en: 'Member oversight' }} /></h2>
      <p class="lead"><Bi t={{ zh: '对以上收支有疑问，可凭工会发放的监督码提出监督意见。', en: 'If anything above needs explaining, raise a query with the code your union gave you.' }} /></p>
      <a class="button" href={queryHref}><Bi t={{ zh: '提出监督意见', en: 'Raise a query' }} /></a>
    </>
  );
}

/** A line a member may query: `value` goes in the select, `line` into the query record. */
export type LineOption = { value: string; label: string; line: string };

const LINE_MAX = 100;

/** The disclosure's money lines (income and expenditure categories) and its notable items. */
export function lineOptions(decl: CompiledDeclaration, data: FormData): LineOption[] {
  const fields = decl.sections.flatMap((s) => s.fields);
  const categories = fields
    .filter((f) => f.type === 'money')
    .map((f) => ({ value: `field:${f.key}`, label: `${f.label.zh} ${f.label.en}`, line: f.label.zh }));
  const rows = fields
    .filter((f) => f.type === 'group')
    .flatMap((g) =>
      (Array.isArray(data[g.key]) ? (data[g.key] as Record<string, unknown>[]) : []).map((row, i) => {
        const text = [row.date, row.purpose].filter((v) => typeof v === 'string' && v !== '').join(' ');
        const amount = typeof row.amount === 'number' ? ` · ${yuan(row.amount)}` : '';
        return { value: `row:${g.key}:${i}`, label: `${g.label.zh} ${i + 1}：${text}${amount}`, line: `${g.label.zh} ${i + 1}：${text}`.slice(0, LINE_MAX) };
      }),
    );
  return [...categories, ...rows];
}
