/**
 * The data a step lets its people change, as inputs on the review page, and a posted form
 * read back into the complete data object the engine checks: the stored data with only the
 * typed values put in, so nothing the step may not change is ever sent as changed. What is
 * editable comes from the step's own edit scope (`editScope`), resolved against the form
 * version of the submission: a re-score (a score item's score, with a reason where the step
 * requires one), fields of the step's own (a final grade), a repeating group whose rows the
 * step writes (findings, with a few blank rows to add more and a box to remove one), or some
 * columns of every row (answers, verdicts), less the rows the step has locked.
 */
import type { FieldDecl, FormData, Text } from '../../../forms/language.js';
import { holds, paramsOf } from '../../../workflows/conditions.js';
import { editScope, stepOf } from '../../../workflows/engine.js';
import type { WorkflowDeclaration } from '../../../workflows/language.js';
import { FieldError, invalidAttrs } from './fields.js';
import { Bi } from './layout.js';
import { Value } from './submission-data.js';

type Group = Extract<FieldDecl, { type: 'group' }>;
type GroupPlan = { group: Group; columns: FieldDecl[]; rowsChange: boolean; locked: Set<number> };
export type EditPlan = { scalars: FieldDecl[]; scores: (FieldDecl & { type: 'score' })[]; groups: GroupPlan[]; reasons: boolean };

/** Rows a person adds on a page without JavaScript: blank rows, left out when left blank. */
export const BLANK_ROWS = 2;
/** Columns a page cannot fill without JavaScript (files are uploaded by the API first). */
const TYPED = (f: FieldDecl) => f.type !== 'attachment' && f.type !== 'group' && f.type !== 'declaration' && f.type !== 'score';

/** What the step lets change, as inputs; undefined for a step that takes no data here (a fill step is the fill page's). */
export function editPlan(workflow: WorkflowDeclaration, stepName: string, fields: readonly FieldDecl[], data: FormData): EditPlan | undefined {
  const step = stepOf(workflow, stepName);
  const scope = step && step.kind !== 'fill' ? editScope(workflow, stepName, fields) : undefined;
  if (!scope || !('only' in scope)) return undefined;
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const plan: EditPlan = { scalars: [], scores: [], groups: [], reasons: scope.edits.reasonRequired === true };
  const groupPlan = (group: Group) => {
    let g = plan.groups.find((p) => p.group.key === group.key);
    if (!g) plan.groups.push((g = { group, columns: [], rowsChange: false, locked: new Set() }));
    return g;
  };
  for (const pattern of scope.only) {
    const [key, ...rest] = pattern.split('.');
    const field = byKey.get(key);
    if (!field) continue;
    if (rest.length === 0 && field.type === 'group') groupPlan(field).rowsChange = true;
    else if (rest.length === 0 && TYPED(field)) plan.scalars.push(field);
    else if (field.type === 'score' && rest.join('.') === 'score') plan.scores.push(field);
    else if (field.type === 'group' && rest.length === 2 && rest[0] === '*') {
      const column = field.fields.find((c) => c.key === rest[1]);
      if (column && TYPED(column)) groupPlan(field).columns.push(column);
    }
  }
  const params = paramsOf(workflow);
  for (const g of plan.groups) {
    // A group listed alone allows every column.
    if (g.columns.length === 0) g.columns = g.group.fields.filter(TYPED);
    // In the group's own order, as its table shows them.
    else g.columns = g.group.fields.filter((c) => g.columns.includes(c));
    const rows = Array.isArray(data[g.group.key]) ? (data[g.group.key] as unknown[]) : [];
    for (const lock of scope.edits.lockedRows ?? []) {
      if (lock.group === g.group.key) rows.forEach((row, i) => holds(lock.where, row, params) && g.locked.add(i));
    }
  }
  const empty = plan.scalars.length + plan.scores.length + plan.groups.length === 0;
  return empty ? undefined : plan;
}

/** The name and id of the input of a data path; a reason's is `r.<path>`. */
export const inputName = (path: string) => `d.${path}`;
export const reasonName = (path: string) => `r.${path}`;

/** Every element id the plan renders, for the error summary to link to. */
export function planIds(plan: EditPlan, data: FormData): string[] {
  const ids = [...plan.scalars.map((f) => inputName(f.key)), ...plan.scores.flatMap((f) => [inputName(`${f.key}.score`), reasonName(`${f.key}.score`)])];
  for (const g of plan.groups) {
    ids.push(inputName(g.group.key));
    const n = rowCount(data, g) + (g.rowsChange ? BLANK_ROWS : 0);
    for (let i = 0; i < n; i++) for (const c of g.columns) ids.push(inputName(`${g.group.key}.${i}.${c.key}`));
  }
  return ids;
}

const rowCount = (data: FormData, g: GroupPlan) => (Array.isArray(data[g.group.key]) ? (data[g.group.key] as unknown[]).length : 0);
const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** A stored value as an input shows it: money in yuan, numbers and text as they are. */
function asText(field: FieldDecl, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field.type === 'money' && typeof value === 'number') return (value / 100).toFixed(2);
  if (field.type === 'flag') return value === true ? 'yes' : 'no';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** What a person typed, as the data holds it; anything that does not convert goes on as typed, for the form's own check to describe. */
function fromText(field: FieldDecl, text: string): unknown {
  const value = field.type === 'longtext' ? text : text.trim();
  if (value.trim() === '') return undefined;
  if (field.type === 'integer' || field.type === 'score') return /^-?\d{1,15}$/.test(value) ? Number(value) : value;
  if (field.type === 'money') {
    const m = /^(-?)(\d{1,13})(?:\.(\d{1,2}))?$/.exec(value.replace(/,/g, ''));
    return m ? (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'))) : value;
  }
  if (field.type === 'flag') return value === 'yes' ? true : value === 'no' ? false : value;
  return value;
}

export type Entered = ReadonlyMap<string, string>;
export type Problems = ReadonlyMap<string, Text>;

/** One input for a data path, labelled, its message beside it. */
function Input({ field, path, label, stored, entered, problems }: { field: FieldDecl; path: string; label: Text; stored: unknown; entered: Entered; problems: Problems }) {
  const id = inputName(path);
  const value = entered.get(id) ?? asText(field, stored);
  const message = problems.get(path);
  const aria = invalidAttrs(id, message);
  const control = (() => {
    switch (field.type) {
      case 'choice':
      case 'flag': {
        const options = field.type === 'choice' ? field.options : [{ value: 'yes', label: { zh: '是', en: 'Yes' } }, { value: 'no', label: { zh: '否', en: 'No' } }];
        return (
          <select id={id} name={id} {...aria}>
            <option value="">—</option>
            {options.map((o) => <option value={o.value} selected={o.value === value || undefined}>{`${o.label.zh} / ${o.label.en}`}</option>)}
          </select>
        );
      }
      case 'longtext':
        return <textarea id={id} name={id} rows={3} {...aria}>{value}</textarea>;
      case 'date':
        return <input type="date" id={id} name={id} value={value} {...aria} />;
      case 'integer':
      case 'score':
      case 'money':
        return <input type="text" inputmode={field.type === 'money' ? 'decimal' : 'numeric'} id={id} name={id} value={value} {...aria} />;
      default:
        return <input type="text" id={id} name={id} value={value} {...aria} />;
    }
  })();
  return (
    <div class={message ? 'field invalid' : 'field'}>
      <label class="label" for={id}><Bi t={label} />{field.type === 'money' ? <span class="meta"> （元 yuan）</span> : null}</label>
      <FieldError id={id} message={message} />
      {control}
    </div>
  );
}

const at = (label: Text, row: number, column: Text): Text => ({ zh: `${label.zh} 第 ${row + 1} 项 · ${column.zh}`, en: `${label.en} item ${row + 1} · ${column.en}` });

function GroupInputs({ plan, data, entered, problems, subId }: { plan: GroupPlan; data: FormData; entered: Entered; problems: Problems; subId: string }) {
  const { group } = plan;
  const rows = Array.isArray(data[group.key]) ? (data[group.key] as unknown[]).map(asRecord) : [];
  const total = rows.length + (plan.rowsChange ? BLANK_ROWS : 0);
  const editable = new Set(plan.columns.map((c) => c.key));
  const message = problems.get(group.key);
  return (
    <fieldset class={message ? 'rows invalid' : 'rows'} id={inputName(group.key)}>
      <legend><Bi t={group.label} /></legend>
      <FieldError id={inputName(group.key)} message={message} />
      {Array.from({ length: total }, (_, i) => {
        const row = rows[i] ?? {};
        const blank = i >= rows.length;
        return (
          <div class="row-edit">
            <h4><Bi t={blank ? { zh: `新增第 ${i + 1} 项（不填则不添加）`, en: `New item ${i + 1} (left out if left blank)` } : { zh: `第 ${i + 1} 项`, en: `Item ${i + 1}` }} /></h4>
            {!blank ? (
              <dl class="data">
                {group.fields.filter((c) => plan.locked.has(i) || !editable.has(c.key)).map((c) => (
                  <div><dt><Bi t={c.label} /></dt><dd><Value field={c} value={row[c.key]} subId={subId} /></dd></div>
                ))}
              </dl>
            ) : null}
            {plan.locked.has(i) ? (
              <p class="meta"><Bi t={{ zh: '已确认，不能再修改', en: 'Settled; it may not change' }} /></p>
            ) : (
              plan.columns.map((c) => <Input field={c} path={`${group.key}.${i}.${c.key}`} label={at(group.label, i, c.label)} stored={row[c.key]} entered={entered} problems={problems} />)
            )}
            {plan.rowsChange && !blank ? (
              <label class="opt"><input type="checkbox" name={`del.${group.key}.${i}`} value="yes" checked={entered.get(`del.${group.key}.${i}`) === 'yes' || undefined} /> <Bi t={{ zh: '删除此项', en: 'Remove this item' }} /></label>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

/** The inputs of a plan, filled with what was typed (after a refusal) or what is stored. */
export function EditInputs({ plan, data, entered, problems, subId }: { plan: EditPlan; data: FormData; entered: Entered; problems: Problems; subId: string }) {
  return (
    <>
      {plan.scores.length > 0 ? (
        <fieldset class="rescore" id="rescore">
          <legend><Bi t={{ zh: '复核评分', en: 'Re-scoring' }} /></legend>
          {plan.reasons ? <p class="help"><Bi t={{ zh: '改动得分时须填写修改理由；未改动的项目无需填写。', en: 'A changed score needs a reason; leave unchanged items as they are.' }} /></p> : null}
          {plan.scores.map((f) => {
            const path = `${f.key}.score`;
            const id = inputName(path);
            const rid = reasonName(path);
            const message = problems.get(path);
            const reasonMessage = problems.get(`reasons.${path}`);
            const stored = asRecord(data[f.key]).score;
            return (
              <div class={message || reasonMessage ? 'rescore-item invalid' : 'rescore-item'}>
                <div class="rescore-score">
                  <label class="label" for={id}><Bi t={f.label} /> <span class="hint"><Bi t={{ zh: `满分 ${f.max}`, en: `out of ${f.max}` }} /></span></label>
                  <FieldError id={id} message={message} />
                  <input type="text" inputmode="numeric" class="score" id={id} name={id} value={entered.get(id) ?? asText(f, stored)} {...invalidAttrs(id, message)} />
                </div>
                {plan.reasons ? (
                  <div class="rescore-reason">
                    <label class="label" for={rid}><Bi t={{ zh: '修改理由', en: 'Reason for a change' }} /><span class="visually-hidden"><Bi t={{ zh: `（${f.label.zh}）`, en: ` (${f.label.en})` }} /></span></label>
                    <FieldError id={rid} message={reasonMessage} />
                    <input type="text" id={rid} name={rid} value={entered.get(rid) ?? ''} {...invalidAttrs(rid, reasonMessage)} />
                  </div>
                ) : null}
              </div>
            );
          })}
        </fieldset>
      ) : null}
      {plan.scalars.map((f) => <Input field={f} path={f.key} label={f.label} stored={data[f.key]} entered={entered} problems={problems} />)}
      {plan.groups.map((g) => <GroupInputs plan={g} data={data} entered={entered} problems={problems} subId={subId} />)}
    </>
  );
}

/** The complete data object a posted form stands for, and the reasons it gives for the paths it names. */
export function readEdits(plan: EditPlan, stored: FormData, body: Entered): { data: FormData; reasons: Record<string, string> } {
  const data: FormData = structuredClone(stored);
  const reasons: Record<string, string> = {};
  const put = (target: Record<string, unknown>, key: string, value: unknown) => {
    if (value === undefined) delete target[key];
    else target[key] = value;
  };
  for (const f of plan.scalars) {
    const text = body.get(inputName(f.key));
    if (text !== undefined) put(data, f.key, fromText(f, text));
  }
  for (const f of plan.scores) {
    const path = `${f.key}.score`;
    const text = body.get(inputName(path));
    const reason = body.get(reasonName(path))?.trim();
    if (reason) reasons[path] = reason;
    if (text === undefined) continue;
    const value = fromText(f, text);
    const item = asRecord(stored[f.key]);
    if (value === undefined && item.score === undefined) continue;
    const next = { ...item };
    put(next, 'score', value);
    data[f.key] = next;
  }
  for (const g of plan.groups) {
    const key = g.group.key;
    const rows = Array.isArray(stored[key]) ? (stored[key] as unknown[]).map(asRecord) : [];
    const out: Record<string, unknown>[] = [];
    const total = rows.length + (g.rowsChange ? BLANK_ROWS : 0);
    for (let i = 0; i < total; i++) {
      const blank = i >= rows.length;
      if (!blank && g.rowsChange && !g.locked.has(i) && body.get(`del.${key}.${i}`) === 'yes') continue;
      const row: Record<string, unknown> = { ...(rows[i] ?? {}) };
      if (!g.locked.has(i)) {
        for (const c of g.columns) {
          const text = body.get(inputName(`${key}.${i}.${c.key}`));
          if (text !== undefined) put(row, c.key, fromText(c, text));
        }
      }
      if (blank && Object.keys(row).length === 0) continue;
      out.push(row);
    }
    if (out.length > 0 || rows.length > 0) data[key] = out;
  }
  return { data, reasons };
}
