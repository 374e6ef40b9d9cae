/**
 * Parsing a declaration with the language's schema, and saying what is wrong with one: each
 * problem as `{ path, message }`, the path dot-joined into the declaration
 * (`sections.0.fields.2.when.equals`). Zod reports a failed union as the failures of every
 * branch; for the keyed unions (an expression's operator, a condition's test) the branch the
 * author meant is the one whose key the value has, and only its problems are reported.
 */
import type { z } from 'zod';
import type { FormDeclaration } from './language.js';
import { KEYED_UNIONS, UNION_TAG, formDeclarationSchema, formDeclarationShape } from './schema.js';

type ZodIssue = z.core.$ZodIssue;
type Key = PropertyKey;

export type DeclarationIssue = { path: string; message: string };

/** A declaration that does not compile: every issue found, each at its path. */
export class DeclarationError extends Error {
  constructor(
    readonly form: string,
    readonly issues: DeclarationIssue[],
  ) {
    const shown = issues.slice(0, 5).map((i) => `${i.path || 'declaration'}: ${i.message}`);
    const more = issues.length > shown.length ? ` (and ${issues.length - shown.length} more)` : '';
    super(`form ${form}: ${shown.join('; ')}${more}`);
    this.name = 'DeclarationError';
  }
}

/** Beyond this, a declaration is generated or hostile; it is refused before it is parsed. */
export const MAX_DECLARATION_DEPTH = 100;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (path: readonly Key[]) => path.map(String).join('.');

/** `id@version` of whatever was given, for messages. */
export function formName(input: unknown): string {
  const r = isRecord(input) ? input : {};
  return `${typeof r.id === 'string' ? r.id : '?'}@${typeof r.version === 'number' ? r.version : '?'}`;
}

/**
 * The declaration `input` holds, checked completely. Throws a DeclarationError naming every
 * issue. `stored`: a version read back from the table, published before the language refused
 * texts written as plain strings, sections without a title and keys it does not know; those
 * are read as the language means them (see `readAsStored`).
 */
export function parseDeclaration(input: unknown, options: { stored?: boolean } = {}): FormDeclaration {
  const form = formName(input);
  refuseTooDeep(input);
  const r = formDeclarationSchema.safeParse(options.stored ? readAsStored(input) : input, { reportInput: true });
  if (r.success) return r.data;
  throw new DeclarationError(form, issuesOf(r.error.issues));
}

/** Zod's issues as declaration issues, one per path and message. */
export function issuesOf(issues: readonly ZodIssue[]): DeclarationIssue[] {
  const seen = new Set<string>();
  const out: DeclarationIssue[] = [];
  for (const { path, message } of issues.flatMap((i) => flatten(i, []))) {
    const issue = { path: join(path), message };
    const id = `${issue.path}\u0000${message}`;
    if (!seen.has(id)) out.push(issue);
    seen.add(id);
  }
  return out;
}

/** Throws when `input` nests deeper than MAX_DECLARATION_DEPTH (before anything recurses into it). */
export function refuseTooDeep(input: unknown): void {
  const deep = tooDeep(input);
  if (deep) throw new DeclarationError(formName(input), [{ path: join(deep), message: 'nested too deeply' }]);
}

/** The path at which `input` nests deeper than MAX_DECLARATION_DEPTH, if it does. */
function tooDeep(input: unknown): Key[] | undefined {
  const stack: { value: unknown; path: Key[] }[] = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (path.length > MAX_DECLARATION_DEPTH) return path;
    for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, Array.isArray(value) ? Number(k) : k] });
  }
  return undefined;
}

// ---------------------------------------------------------------- one issue

type Flat = { path: Key[]; message: string };

/** The key that tells a branch of a keyed union apart: its operator, or a condition's test. */
function operatorOf(option: z.ZodType): string | undefined {
  const def = option._zod.def as { type: string; shape?: Record<string, unknown> };
  if (def.type !== 'object' || !def.shape) return undefined;
  const keys = Object.keys(def.shape);
  return keys.find((k) => k !== 'field') ?? keys[0];
}

const NOUN: Record<string, string> = { Expr: 'an expression', Condition: 'a condition', Comparison: 'a comparison' };

function flatten(issue: ZodIssue, prefix: readonly Key[], operator?: string): Flat[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.message.startsWith(UNION_TAG)) {
    const union = issue.message.slice(UNION_TAG.length);
    const options = KEYED_UNIONS.get(union) ?? [];
    const operators = options.map(operatorOf);
    const input = issue.input;
    const present = isRecord(input) ? operators.filter((op): op is string => op !== undefined && Object.hasOwn(input, op)) : [];
    if (present.length === 1) {
      const index = operators.indexOf(present[0]);
      return issue.errors[index].flatMap((inner) => flatten(inner, path, present[0]));
    }
    const noun = NOUN[union] ?? union;
    const known = operators.filter((op) => op !== undefined).join(', ');
    if (input === undefined) return [{ path, message: 'missing' }];
    if (!isRecord(input)) return [{ path, message: `${JSON.stringify(input) ?? String(input)} is not ${noun}` }];
    if (present.length > 1) {
      return [{ path, message: `${noun} has exactly one ${union === 'Condition' ? 'test' : 'operator'}; this has ${present.join(', ')}` }];
    }
    return [{ path, message: `${noun} is one of ${known}; ${JSON.stringify(Object.keys(input).join(', '))} is not` }];
  }
  return [{ path, message: describe(issue, operator) }];
}

/** Every operator and test of the keyed unions, to name the one an unknown key sits beside. */
const OPERATORS = new Set([...KEYED_UNIONS.values()].flatMap((options) => options.map(operatorOf)));

const EXPECTED: Record<string, string> = {
  object: 'an object',
  array: 'a list',
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
};

function describe(issue: ZodIssue, operator: string | undefined): string {
  const input = (issue as { input?: unknown }).input;
  const last = issue.path[issue.path.length - 1];
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return 'missing';
      const wanted = typeof last === 'string' && TEXT_KEYS.has(last) && issue.expected === 'object' ? '{ zh, en }' : (EXPECTED[issue.expected] ?? issue.expected);
      return `must be ${wanted}, not ${kindOf(input)}`;
    }
    case 'unrecognized_keys': {
      const beside = isRecord(input) ? Object.keys(input).filter((k) => !issue.keys.includes(k)) : [];
      const op = operator !== undefined && issue.path.length === 0 ? operator : beside.length === 1 && OPERATORS.has(beside[0]) ? beside[0] : undefined;
      if (op !== undefined) return `${op} takes no ${issue.keys.join(', ')}`;
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_big':
    case 'too_small': {
      const bound = Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
      // Only operands come in fixed numbers (`sub`, `div`, comparisons).
      if (issue.origin === 'array' && operator !== undefined && issue.path.length === 1 && issue.path[0] === operator) {
        return `${operator} takes ${bound} operands`;
      }
      // A bound the schema words itself (`bands needs at least one …`) keeps its words.
      if (!/^Too (small|big)/.test(issue.message)) return issue.message;
      const big = issue.code === 'too_big';
      if (issue.origin === 'number') return `must be at ${big ? 'most' : 'least'} ${bound}`;
      if (issue.origin === 'array') return `${big ? 'at most' : 'at least'} ${bound} item${bound === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return bound === 1 && !big ? 'must not be empty' : `${big ? 'at most' : 'at least'} ${bound} characters`;
      return issue.message;
    }
    case 'invalid_key':
      return 'not a plain name (a letter followed by letters, digits or _)';
    default:
      return issue.message;
  }
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return typeof v;
}

// ---------------------------------------------------------------- stored versions

/** Where the language has a Text; a stored version may hold plain strings there. */
const TEXT_KEYS = new Set(['title', 'description', 'help', 'label', 'message', 'statement']);

/**
 * A stored version as the language reads it: a plain-string text becomes the same string in
 * both languages, a section without a title is titled by its key, and keys the language does
 * not know are dropped (they never meant anything to the compiler). The rest is checked as
 * for any declaration.
 */
function readAsStored(input: unknown): unknown {
  if (!isRecord(input)) return input;
  const copy = structuredClone(input) as Record<string, unknown>;
  for (let round = 0; round < 10; round++) {
    const r = formDeclarationShape.safeParse(copy, { reportInput: true });
    if (r.success) break;
    let repaired = 0;
    for (const issue of r.error.issues) repaired += repair(copy, issue) ? 1 : 0;
    if (repaired === 0) break;
  }
  return copy;
}

function repair(root: Record<string, unknown>, issue: ZodIssue): boolean {
  const parent = at(root, issue.path.slice(0, -1));
  const key = issue.path[issue.path.length - 1];
  const input = (issue as { input?: unknown }).input;
  if (issue.code === 'unrecognized_keys') {
    const target = at(root, issue.path);
    if (!isRecord(target)) return false;
    for (const k of issue.keys) delete target[k];
    return true;
  }
  if (issue.code !== 'invalid_type' || !isRecord(parent) || typeof key !== 'string' || !TEXT_KEYS.has(key)) return false;
  if (typeof input === 'string') {
    parent[key] = { zh: input, en: input };
    return true;
  }
  const isSection = issue.path.length === 3 && issue.path[0] === 'sections' && key === 'title';
  if (input === undefined && isSection && typeof parent.key === 'string') {
    parent.title = { zh: parent.key, en: parent.key };
    return true;
  }
  return false;
}

function at(root: unknown, path: readonly Key[]): unknown {
  let v = root;
  for (const k of path) v = isRecord(v) || Array.isArray(v) ? (v as Record<Key, unknown>)[k] : undefined;
  return v;
}
