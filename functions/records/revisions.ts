/**
 * Every revision of a record's data, read from its history: each submit stores the full data
 * it submitted (`changes.data`), and each reviewer's edit stores only what it changed
 * (`changes.edits`: path, before, after, reason). The data after an edit is the revision
 * before it with those changes applied, so it is marked as derived rather than stored: only a
 * stored snapshot is itself covered by its event's hash.
 */
import type { HistoryActor, HistoryEvent } from './chain.js';

export type Edit = { path: string; before: unknown; after: unknown; reason?: string };

export type Revision = {
  seq: number;
  at: string;
  actor: HistoryActor;
  action: string;
  formVersion: number;
  data: Record<string, unknown>;
  /** True when the event holds this data itself; false when it is derived from the edits. */
  stored: boolean;
  edits?: Edit[];
};

type Data = Record<string, unknown>;

const isRecord = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);

const isEdit = (v: unknown): v is Edit => isRecord(v) && typeof v.path === 'string' && v.path !== '';

/** `data` with the value at a dotted path (`findings.0.verdict`) replaced, or removed when `value` is undefined. */
export function withValueAt(data: Data, path: string, value: unknown): Data {
  const [head, ...rest] = path.split('.');
  const copy: Data | unknown[] = Array.isArray(data) ? [...data] : { ...data };
  const container = copy as Record<string, unknown>;
  if (rest.length === 0) {
    if (value === undefined) {
      if (Array.isArray(copy)) copy.splice(Number(head), 1);
      else delete container[head];
    } else {
      container[head] = value;
    }
    return copy as Data;
  }
  const child = container[head];
  // A path through a missing container makes one: an array when the next segment is an index.
  const base = isRecord(child) || Array.isArray(child) ? child : /^\d+$/.test(rest[0]) ? [] : {};
  container[head] = withValueAt(base as Data, rest.join('.'), value);
  return copy as Data;
}

export function revisionsOf(events: readonly HistoryEvent[]): Revision[] {
  const out: Revision[] = [];
  let last: Data | undefined;
  for (const e of events) {
    const base = { seq: e.seq, at: e.at, actor: e.actor, action: e.action, formVersion: e.formVersion };
    const data = e.changes?.data;
    const edits = e.changes?.edits;
    if (isRecord(data)) {
      last = data;
      out.push({ ...base, data, stored: true });
    } else if (Array.isArray(edits) && edits.length > 0 && last) {
      // An edit needs a revision to apply to; edits before any submit stay in the history only.
      const list = edits.filter(isEdit);
      last = list.reduce((d, edit) => withValueAt(d, edit.path, edit.after), last);
      out.push({ ...base, data: last, stored: false, edits: list });
    }
  }
  return out;
}
