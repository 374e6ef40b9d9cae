/**
 * What changed between two versions of a form declaration, for the admin about to publish
 * (and for the publish answer): fields, sections, rules, computed values, parameters and
 * settings added, removed or changed, each with the properties that changed.
 *
 * Fields are matched by their path (`plan`, `coveredEnterprises.creditCode`), sections,
 * computed values and parameters by key, rules by what they check (kind and the path they
 * report on, numbered when several share it). Pure: two JSON declarations in, a list out.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

export type ChangeKind = 'added' | 'removed' | 'changed';
export type ChangedPart = 'setting' | 'section' | 'field' | 'rule' | 'computed' | 'param' | 'example';

export type DeclarationChange = {
  change: ChangeKind;
  part: ChangedPart;
  /** The field's path, the section's, computed value's or parameter's key, the rule's identity. */
  key: string;
  /** For `changed`: the properties whose values differ. */
  properties?: string[];
  /** For a parameter's value, and for a setting: the value before and after. */
  before?: Json;
  after?: Json;
};

const same = (a: Json | undefined, b: Json | undefined) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));

/** A copy with object keys in order, so equal values print alike whatever order they were written in. */
function sorted(value: Json | undefined): Json | undefined {
  if (Array.isArray(value)) return value.map((v) => sorted(v) as Json);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted(value[k]) as Json]));
  return value;
}

/** Entries of two keyed collections compared: added, removed, and changed with their properties. */
function compare(part: ChangedPart, before: Map<string, Obj>, after: Map<string, Obj>, ignore: string[] = []): DeclarationChange[] {
  const changes: DeclarationChange[] = [];
  for (const [key, old] of before) {
    const now = after.get(key);
    if (!now) {
      changes.push({ change: 'removed', part, key });
      continue;
    }
    const properties = [...new Set([...Object.keys(old), ...Object.keys(now)])].filter((p) => !ignore.includes(p) && !same(old[p], now[p])).sort();
    if (properties.length > 0) changes.push({ change: 'changed', part, key, properties });
  }
  for (const key of after.keys()) if (!before.has(key)) changes.push({ change: 'added', part, key });
  return changes;
}

function fieldsOf(decl: Obj): Map<string, Obj> {
  const out = new Map<string, Obj>();
  const walk = (fields: Obj[], prefix: string) => {
    for (const field of fields) {
      out.set(`${prefix}${field.key}`, field);
      if (Array.isArray(field.fields)) walk(field.fields as Obj[], `${prefix}${field.key}.`);
    }
  };
  for (const section of (decl.sections as Obj[]) ?? []) walk((section.fields as Obj[]) ?? [], '');
  return out;
}

const byKey = (items: Obj[] | undefined) => new Map((items ?? []).map((item) => [String(item.key), item]));

function rulesOf(decl: Obj): Map<string, Obj> {
  const out = new Map<string, Obj>();
  const seen = new Map<string, number>();
  for (const rule of (decl.rules as Obj[]) ?? []) {
    const at = rule.field ?? (rule.group !== undefined ? `${rule.group}.${rule.column ?? rule.total ?? ''}` : '');
    const identity = `${rule.kind}:${at}`;
    const n = (seen.get(identity) ?? 0) + 1;
    seen.set(identity, n);
    out.set(n === 1 ? identity : `${identity}#${n}`, rule);
  }
  return out;
}

const SETTINGS = ['title', 'description', 'startedBy'];

export function diffDeclarations(before: object, after: object): DeclarationChange[] {
  const a = before as Obj;
  const b = after as Obj;
  const settings: DeclarationChange[] = SETTINGS.filter((key) => !same(a[key], b[key])).map((key) => ({
    change: a[key] === undefined ? 'added' : b[key] === undefined ? 'removed' : 'changed',
    part: 'setting',
    key,
    ...(a[key] === undefined ? {} : { before: a[key] }),
    ...(b[key] === undefined ? {} : { after: b[key] }),
  }));
  const params = compare('param', new Map(Object.entries((a.params as Record<string, Obj>) ?? {})), new Map(Object.entries((b.params as Record<string, Obj>) ?? {}))).map(
    (change) =>
      change.change === 'changed' && change.properties?.includes('value')
        ? { ...change, before: ((a.params as Record<string, Obj>)[change.key] as Obj).value, after: ((b.params as Record<string, Obj>)[change.key] as Obj).value }
        : change,
  );
  return [
    ...settings,
    ...compare('section', byKey(a.sections as Obj[]), byKey(b.sections as Obj[]), ['fields']),
    ...compare('field', fieldsOf(a), fieldsOf(b), ['fields']),
    ...compare('rule', rulesOf(a), rulesOf(b)),
    ...compare('computed', byKey(a.computed as Obj[]), byKey(b.computed as Obj[])),
    ...params,
    ...(same(a.example, b.example) ? [] : [{ change: 'changed' as const, part: 'example' as const, key: 'example' }]),
  ];
}
