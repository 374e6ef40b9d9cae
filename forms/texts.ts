/**
 * The texts of a declaration: every `{ zh, en }` outside its example (the example is the only
 * free-form data in a declaration; everywhere else the language's only object with exactly
 * the keys `zh` and `en` is a Text). A text may name a parameter, `{param:modelMinTotal}`,
 * which stands for the parameter's value in the compiled form.
 */
import type { ComputedDecl, Text } from './language.js';

type Path = (string | number)[];

const PLACEHOLDER = /\{param:([A-Za-z][A-Za-z0-9_]*)\}/g;

/** The parameter names a string refers to, in order, repeats included. */
export function placeholders(s: string): string[] {
  return [...s.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/** `s` with each `{param:name}` replaced by the value of `name`; unknown names stay as written. */
export function interpolate(s: string, params: Readonly<Record<string, number>>): string {
  return s.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

export function isText(v: unknown): v is Text {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 2 && typeof (v as Text).zh === 'string' && typeof (v as Text).en === 'string';
}

/** Calls `visit` with every text of `decl` (a declaration's JSON) and its path. */
export function forEachText(decl: unknown, visit: (text: Text, path: Path) => void): void {
  const walk = (v: unknown, path: Path): void => {
    if (isText(v)) return visit(v, path);
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, [...path, i]));
    if (typeof v !== 'object' || v === null) return;
    for (const [k, x] of Object.entries(v)) if (!(path.length === 0 && k === 'example')) walk(x, [...path, k]);
  };
  walk(decl, []);
}

/** A copy of `decl` (a declaration's JSON) with every text passed through `f`. */
export function mapTexts<T>(decl: T, f: (text: Text) => Text): T {
  const walk = (v: unknown, top: boolean): unknown => {
    if (isText(v)) return f(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, false));
    if (typeof v !== 'object' || v === null) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, top && k === 'example' ? x : walk(x, false)]));
  };
  return walk(decl, true) as T;
}

/** The words for a computed text value that carries options (a grade); none for any other value. */
export function computedLabel(c: Pick<ComputedDecl, 'options'>, value: unknown): Text | undefined {
  return typeof value === 'string' ? c.options?.find((o) => o.value === value)?.label : undefined;
}
