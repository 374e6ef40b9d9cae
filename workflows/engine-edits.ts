/**
 * Step-scoped data: what a request's complete new data object changes (at leaf paths), and
 * whether the step may change it. A reviewer's re-score, an auditor's findings and a union's
 * answers are each confined to their own fields, so one step can never rewrite another's
 * record — and the history keeps both values of everything changed after submission.
 */
import { lookup } from '../forms/expressions.js';
import type { FieldDecl, FormData, FormIssue } from '../forms/language.js';
import { holds, paramsOf } from './conditions.js';
import type { Edit } from './engine-types.js';
import { MAX_COMMENT_LENGTH } from './engine-types.js';
import { stepsAfter } from './graph.js';
import type { EditsDecl, FieldSelector, WorkflowDeclaration } from './language.js';

/**
 * One difference. `rows` marks a repeating group whose number of rows changed (a row added
 * or removed): only a pattern naming the whole group allows that.
 */
export type Change = { path: string; before: unknown; after: unknown; rows?: true };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Absent, null and blank text are the same "nothing": a client echoing `""` for an untouched field changes nothing. */
const isNothing = (v: unknown) => v === undefined || v === null || v === '';
const json = (v: unknown) => (v === undefined ? null : v);

function sameValue(a: unknown, b: unknown): boolean {
  if (isNothing(a) && isNothing(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameValue(a[k], b[k]));
  }
  return a === b;
}

/** Every difference between two data objects, at the deepest path where it shows. */
export function diffData(before: unknown, after: unknown, path = ''): Change[] {
  if (sameValue(before, after)) return [];
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  const listy = (v: unknown) => Array.isArray(v) || isNothing(v);
  const objecty = (v: unknown) => isRecord(v) || isNothing(v);
  if ((Array.isArray(before) || Array.isArray(after)) && listy(before) && listy(after)) {
    const b = Array.isArray(before) ? before : [];
    const a = Array.isArray(after) ? after : [];
    const out: Change[] = b.length === a.length ? [] : [{ path, before: json(before), after: json(after), rows: true }];
    for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(...diffData(b[i], a[i], at(i)));
    return out;
  }
  if (objecty(before) && objecty(after) && (isRecord(before) || isRecord(after))) {
    const b = isRecord(before) ? before : {};
    const a = isRecord(after) ? after : {};
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    return keys.flatMap((k) => diffData(b[k], a[k], at(k)));
  }
  return [{ path, before: json(before), after: json(after) }];
}

/** Does `pattern` (`findings.*.answer`) cover `path` (`findings.2.answer`, or anything below it)? */
export function covers(pattern: string, path: string): boolean {
  const p = pattern.split('.');
  const s = path.split('.');
  if (p.length > s.length) return false;
  return p.every((seg, i) => (seg === '*' ? /^\d+$/.test(s[i]) : seg === s[i]));
}

const under = (path: string, parent: string) => path.startsWith(`${parent}.`);

/**
 * The path patterns of the fields of a kind (`{ type: 'score', part: 'score' }`): every field
 * of that type, top-level (`org_committee.score`) or a column of a repeating group
 * (`findings.*.evidence`), in the form's order.
 */
export function fieldsOfKind(fields: readonly FieldDecl[], selector: FieldSelector, prefix = ''): string[] {
  const out: string[] = [];
  for (const field of fields) {
    const at = `${prefix}${field.key}`;
    if (field.type === selector.type) out.push(selector.part ? `${at}.${selector.part}` : at);
    else if (field.type === 'group') out.push(...fieldsOfKind(field.fields, selector, `${at}.*.`));
  }
  return out;
}

/**
 * The patterns an edits declaration names: its paths, and the fields its kind of field
 * resolves to in `fields` (the form version of the submission). Naming fields by kind needs
 * the form's fields; calling without them is a mistake of the caller's.
 */
export function patternsOf(edits: EditsDecl, fields: readonly FieldDecl[] | undefined): string[] {
  if (!edits.fields) return edits.paths ?? [];
  if (!fields) throw new Error('edits that name fields by kind need the form’s fields');
  return [...(edits.paths ?? []), ...fieldsOfKind(fields, edits.fields)];
}

/** What a step may change: only the listed patterns, or everything except what later steps claim. */
export type EditScope = { only: string[]; edits: EditsDecl } | { except: string[] };

/**
 * The edit scope of a step, or undefined when the step takes no data. A fill step without its
 * own `edits` may change every field that no later step claims; later edits that require a
 * reason revise the submitter's values rather than claim them (see `EditsDecl`). `fields`
 * are the form's, for edits that name fields by kind.
 */
export function editScope(workflow: WorkflowDeclaration, stepName: string, fields?: readonly FieldDecl[]): EditScope | undefined {
  if (!Object.hasOwn(workflow.steps, stepName)) return undefined;
  const step = workflow.steps[stepName];
  if (step.edits) return { only: patternsOf(step.edits, fields), edits: step.edits };
  if (step.kind !== 'fill') return undefined;
  const claimed: string[] = [];
  for (const later of stepsAfter(workflow, stepName)) {
    if (later === stepName || !Object.hasOwn(workflow.steps, later)) continue;
    const edits = workflow.steps[later].edits;
    if (edits && !edits.reasonRequired) claimed.push(...patternsOf(edits, fields));
  }
  return { except: claimed };
}

const MSG = {
  outOfScope: { zh: '此步骤不能修改该项', en: 'This step may not change this field' },
  locked: { zh: '已确认的内容不能再修改', en: 'This row is settled and may not change' },
  reasonMissing: { zh: '请填写修改理由', en: 'A reason is required for this change' },
  reasonTooLong: { zh: `修改理由不能超过 ${MAX_COMMENT_LENGTH} 字`, en: `At most ${MAX_COMMENT_LENGTH} characters` },
};

/** The changes a history event records: a whole group when its rows changed, else each leaf. */
function recorded(changes: Change[]): Change[] {
  const rowPaths = changes.filter((c) => c.rows).map((c) => c.path);
  return changes.filter((c) => c.rows || !rowPaths.some((p) => under(c.path, p)));
}

/**
 * Is a change allowed by a step's list of patterns? A group listed together with some of its
 * columns (`findings` and `findings.*.category`) allows adding and removing rows, and setting
 * only those columns; a group listed alone allows everything in it.
 */
function allowedByList(patterns: readonly string[], change: Change): boolean {
  return patterns.some((p) => {
    if (!covers(p, change.path)) return false;
    const narrowed = p !== change.path && patterns.some((q) => q.startsWith(`${p}.`));
    return !narrowed;
  });
}

/** Issues for changes the scope refuses; leaves inside a refused group change are not repeated. */
function outOfScope(scope: EditScope, changes: Change[], before: FormData, params: Readonly<Record<string, number>>): FormIssue[] {
  const allowed = (c: Change) => ('only' in scope ? allowedByList(scope.only, c) : !scope.except.some((p) => covers(p, c.path)));
  const refused = changes.filter((c) => !allowed(c));
  const refusedGroups = refused.filter((c) => c.rows).map((c) => c.path);
  const issues: FormIssue[] = refused
    .filter((c) => c.rows || !refusedGroups.some((p) => under(c.path, p)))
    .map((c) => ({ path: c.path, message: MSG.outOfScope }));
  if ('only' in scope) {
    for (const lock of scope.edits.lockedRows ?? []) {
      const rows = lookup(before, lock.group);
      (Array.isArray(rows) ? rows : []).forEach((row, i) => {
        if (!holds(lock.where, row, params)) return;
        const rowPath = `${lock.group}.${i}`;
        const touched = changes.filter((c) => !c.rows && (c.path === rowPath || under(c.path, rowPath)));
        for (const c of touched) if (!issues.some((x) => x.path === c.path)) issues.push({ path: c.path, message: MSG.locked });
      });
    }
  }
  return issues;
}

function reasonIssues(edits: Change[], reasons: unknown): FormIssue[] {
  const given = isRecord(reasons) ? reasons : {};
  const issues: FormIssue[] = [];
  for (const c of edits) {
    const raw = Object.hasOwn(given, c.path) ? given[c.path] : undefined;
    const reason = typeof raw === 'string' ? raw.trim() : '';
    if (reason.length === 0) issues.push({ path: `reasons.${c.path}`, message: MSG.reasonMissing });
    else if (reason.length > MAX_COMMENT_LENGTH) issues.push({ path: `reasons.${c.path}`, message: MSG.reasonTooLong });
  }
  return issues;
}

export type EditCheck = { ok: true; edits: Edit[] } | { ok: false; issues: FormIssue[] };

/**
 * Check the change from `before` to `after` against what step `stepName` may change, and give
 * the edits a history event records (with their reasons). A step that takes no data may
 * change nothing. Also for the caller's draft saves in a fill step, which go round the engine.
 * `fields` are the fields of the submission's form version, for edits that name fields by kind.
 */
export function checkEdits(
  workflow: WorkflowDeclaration,
  stepName: string,
  before: FormData,
  after: FormData,
  reasons?: unknown,
  fields?: readonly FieldDecl[],
): EditCheck {
  const changes = diffData(before, after);
  if (changes.length === 0) return { ok: true, edits: [] };
  // A step that takes no data is the same as one whose edits list nothing.
  const scope: EditScope = editScope(workflow, stepName, fields) ?? { only: [], edits: { paths: [] } };
  const scoped = outOfScope(scope, changes, before, paramsOf(workflow));
  if (scoped.length > 0) return { ok: false, issues: scoped };
  const records = recorded(changes);
  const reasonRequired = 'only' in scope && scope.edits.reasonRequired === true;
  if (reasonRequired) {
    const missing = reasonIssues(records, reasons);
    if (missing.length > 0) return { ok: false, issues: missing };
  }
  const given = isRecord(reasons) ? reasons : {};
  return {
    ok: true,
    edits: records.map((c) => {
      const edit: Edit = { path: c.path, before: c.before, after: c.after };
      if (reasonRequired) edit.reason = (given[c.path] as string).trim();
      return edit;
    }),
  };
}
