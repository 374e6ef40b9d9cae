/**
 * The refinement of the declaration schema: what a declaration refers to must exist and fit.
 * It runs on a declaration whose structure already parsed, and reports each problem as an
 * issue at its path (`rules.3.other`, `computed.0.expr.add.1.field`):
 *  - keys: fields unique across the form, columns within their group, sections and computed
 *    values unique, a computed value not shadowing a field;
 *  - paths: a field (or, where values are read, a computed value declared before), a part of
 *    a score item; a group and its column; a section; a parameter, also in `{param:…}` texts;
 *  - kinds: numbers where arithmetic and ordering need them, a choice compared with one of
 *    its options, a date for `dateAfterToday`;
 *  - fields: read-only never required nor in a group, a `roundTally` source only read-only, an
 *    `orgStreet` one only on a choice a submitter fills, a `when` not
 *    on a column and not reading its own field, bounds that some value can meet.
 */
import type { z } from 'zod';
import { SCORE_PART_KEYS } from './field-parts.js';
import { keysRead } from './expressions.js';
import type { Comparison, ComputedDecl, Condition, Expr, FieldDecl, FormDeclaration, Scalar } from './language.js';
import { forEachText, placeholders } from './texts.js';

type Path = (string | number)[];
type Report = (path: Path, message: string) => undefined;

/** Deeper nesting is a generated or hostile declaration, not one a person wrote. */
export const MAX_EXPRESSION_DEPTH = 32;

/** What an expression gives, as far as the declaration tells. */
type Kind = 'number' | 'string' | 'boolean' | 'list' | 'item' | 'any';

const KIND_OF_TYPE: Record<FieldDecl['type'], Kind> = {
  text: 'string',
  longtext: 'string',
  integer: 'number',
  money: 'number',
  choice: 'string',
  flag: 'boolean',
  date: 'string',
  creditCode: 'string',
  mobile: 'string',
  declaration: 'boolean',
  group: 'list',
  attachment: 'list',
  score: 'item',
};
const KIND_OF_SCORE_PART: Record<string, Kind> = { score: 'number', note: 'string', attachments: 'list' };
const SAYS: Record<Kind, string> = {
  number: 'a number',
  string: 'text',
  boolean: 'true/false',
  list: 'a list',
  item: 'a score item',
  any: 'a value',
};

/** What an expression may read where it stands: the form's fields, or one group's columns. */
type Names = {
  fields: ReadonlyMap<string, FieldDecl>;
  /** Computed values readable here, with their kinds: the earlier ones inside `computed`. */
  computed: ReadonlyMap<string, Kind>;
  params: ReadonlySet<string>;
  sections: ReadonlyMap<string, readonly FieldDecl[]>;
  /** Inside a row (`where`, `rowAssert`): `field` names a column, and `sum` has no meaning. */
  row: boolean;
};

type GroupField = Extract<FieldDecl, { type: 'group' }>;

const rowNames = (group: GroupField, names: Names): Names => ({
  fields: new Map(group.fields.map((f) => [f.key, f])),
  computed: new Map(),
  params: names.params,
  sections: new Map(),
  row: true,
});

export function checkReferences(decl: FormDeclaration, ctx: z.core.$RefinementCtx<FormDeclaration>): void {
  const report: Report = (path, message) => {
    ctx.addIssue({ code: 'custom', message, path });
    return undefined;
  };
  new Checker(decl, report).run();
}

class Checker {
  private readonly fields = new Map<string, FieldDecl>();
  private readonly params: ReadonlySet<string>;
  private readonly sections = new Map<string, readonly FieldDecl[]>();

  constructor(
    private readonly decl: FormDeclaration,
    private readonly report: Report,
  ) {
    this.params = new Set(Object.keys(decl.params ?? {}));
  }

  run(): void {
    const { decl, report } = this;
    if (decl.startedBy && new Set(decl.startedBy).size !== decl.startedBy.length) report(['startedBy'], 'startedBy names a starter twice');

    decl.sections.forEach((s, i) => {
      if (this.sections.has(s.key)) report(['sections', i, 'key'], `duplicate section key ${s.key}`);
      else this.sections.set(s.key, s.fields);
      s.fields.forEach((f, j) => {
        const at = ['sections', i, 'fields', j];
        if (this.fields.has(f.key)) report([...at, 'key'], `duplicate field key ${f.key}`);
        else this.fields.set(f.key, f);
        this.checkField(f, at, '');
      });
    });

    const computed = new Map<string, Kind>();
    decl.computed.forEach((c, i) => {
      if (this.fields.has(c.key)) report(['computed', i, 'key'], `computed ${c.key} shadows a field`);
      else if (computed.has(c.key)) report(['computed', i, 'key'], `duplicate computed ${c.key}`);
      // Only earlier values: evaluation runs once, in declaration order.
      const kind = this.expr(c.expr, this.names(new Map(computed)), ['computed', i, 'expr']);
      computed.set(c.key, kind);
      if (c.options) this.computedOptions(c, kind, ['computed', i]);
    });

    const names = this.names(computed);
    decl.sections.forEach((s, i) => {
      if (s.when) this.condition(s.when, names, ['sections', i, 'when']);
      s.fields.forEach((f, j) => {
        if (!f.when) return;
        const at = ['sections', i, 'fields', j, 'when'];
        this.condition(f.when, names, at);
        if (keysRead(f.when).includes(f.key)) report(at, `the when of ${f.key} reads ${f.key} itself`);
      });
    });
    decl.rules.forEach((rule, i) => this.rule(rule, names, ['rules', i]));

    forEachText(decl, (text, path) => {
      for (const lang of ['zh', 'en'] as const) {
        for (const param of placeholders(text[lang])) {
          if (!this.params.has(param)) report([...path, lang], `unknown param ${param} in {param:${param}}`);
        }
      }
    });
  }

  /** Options label a text value, and cover every value its bands can give. */
  private computedOptions(c: ComputedDecl, kind: Kind, at: Path) {
    if ((c.format ?? 'text') !== 'text' || (kind !== 'string' && kind !== 'any')) {
      return this.report([...at, 'options'], `options label a text value: computed ${c.key} is not one`);
    }
    const labelled = new Set(c.options!.map((o) => o.value));
    if (c.expr !== null && typeof c.expr === 'object' && 'bands' in c.expr) {
      for (const band of c.expr.of) if (!labelled.has(String(band.value))) this.report([...at, 'options'], `computed ${c.key} can be ${band.value}, which has no option`);
    }
  }

  private names(computed: ReadonlyMap<string, Kind>): Names {
    return { fields: this.fields, computed, params: this.params, sections: this.sections, row: false };
  }

  // ---------------------------------------------------------------- fields

  private checkField(f: FieldDecl, at: Path, inGroup: string): void {
    const { report } = this;
    const name = `${inGroup}${f.key}`;
    if (f.readOnly && (f.required || f.type === 'declaration')) report(at, `read-only ${name} cannot be required: the client never sends it`);
    if (f.source?.kind === 'roundTally' && !f.readOnly) report([...at, 'source'], `${name} has a source but is not read-only`);
    if (f.source?.kind === 'orgStreet') {
      if (f.type !== 'choice') report([...at, 'source'], `${name} takes a street, so it is a choice of streets by their organisation’s id`);
      if (f.readOnly) report([...at, 'source'], `${name} takes the submitter's street, which the submitter fills, so it is not read-only`);
      if (inGroup) report([...at, 'source'], `${name} takes the submitter's street, which a column of a group cannot`);
    }
    if (inGroup) {
      // The server's values are carried over by top-level key; rows have no stable identity.
      if (f.readOnly) report([...at, 'readOnly'], `read-only ${name} inside a group`);
      if (f.when) report([...at, 'when'], `${name} is a column of a group, which has no when of its own`);
    }
    const ordered = (low: number | undefined, high: number | undefined, what: string) => {
      if (low !== undefined && high !== undefined && low > high) report(at, `${name}: ${what} above its maximum, so no value fits`);
    };
    if (f.type === 'text' || f.type === 'longtext') ordered(f.minLength, f.maxLength, 'minLength');
    if (f.type === 'integer' || f.type === 'money') ordered(f.min, f.max, 'min');
    if (f.type === 'group') {
      ordered(f.minRows, f.maxRows, 'minRows');
      const columns = new Set<string>();
      f.fields.forEach((c, k) => {
        if (columns.has(c.key)) report([...at, 'fields', k, 'key'], `duplicate field key ${name}.${c.key}`);
        columns.add(c.key);
        this.checkField(c, [...at, 'fields', k], `${name}.`);
      });
    }
  }

  // ---------------------------------------------------------------- rules

  private rule(rule: FormDeclaration['rules'][number], names: Names, at: Path): void {
    if (rule.when) this.condition(rule.when, names, [...at, 'when']);
    // A rule reports on fields, so the paths it names are fields, not computed values.
    const fieldsOnly: Names = { ...names, computed: new Map() };
    const field = (p: string, key: string) => this.path(p, fieldsOnly, [...at, key]);
    const number = (p: string, key: string) => this.expect(field(p, key), 'number', [...at, key], `${rule.kind} compares numbers`);
    switch (rule.kind) {
      case 'requiredWhen':
        field(rule.field, 'field');
        return;
      case 'equalsWhen':
        this.value(rule.field, field(rule.field, 'field'), rule.value, fieldsOnly, [...at, 'value']);
        return;
      case 'lte':
        number(rule.field, 'field');
        number(rule.other, 'other');
        return;
      case 'differs':
        field(rule.field, 'field');
        field(rule.other, 'other');
        return;
      case 'dateAfterToday':
        if (field(rule.field, 'field') !== undefined && this.fieldAt(rule.field, fieldsOnly)?.type !== 'date') {
          this.report([...at, 'field'], `dateAfterToday needs a date field; ${rule.field} is not one`);
        }
        return;
      case 'sumEquals': {
        const group = this.group(rule.group, fieldsOnly, [...at, 'group']);
        if (group) this.column(group, rule.column, [...at, 'column'], true);
        number(rule.total, 'total');
        return;
      }
      case 'assert':
        field(rule.field, 'field');
        this.condition(rule.that, names, [...at, 'that']);
        return;
      case 'rowAssert': {
        const group = this.group(rule.group, fieldsOnly, [...at, 'group']);
        if (!group) return;
        this.column(group, rule.column, [...at, 'column'], false);
        this.condition(rule.that, rowNames(group, names), [...at, 'that']);
      }
    }
  }

  // ---------------------------------------------------------------- paths

  /** The field a path names directly (a key, or a column inside a row); undefined otherwise. */
  private fieldAt(path: string, names: Names): FieldDecl | undefined {
    return path.includes('.') ? undefined : names.fields.get(path);
  }

  /** Checks a path; its kind, or undefined when it names nothing. */
  private path(path: string, names: Names, at: Path): Kind | undefined {
    const [first, second, ...rest] = path.split('.');
    const field = names.fields.get(first);
    if (!field) {
      const computed = names.computed.get(first);
      if (computed === undefined) return this.report(at, `unknown field ${first}`);
      if (second !== undefined) return this.report(at, `${first} is a computed value, which has no parts`);
      return computed;
    }
    if (second === undefined) return KIND_OF_TYPE[field.type];
    if (field.type === 'score') {
      if (!SCORE_PART_KEYS.includes(second) || rest.length > 0) {
        return this.report(at, `${path} is not a part of a score item (${SCORE_PART_KEYS.join(', ')})`);
      }
      return KIND_OF_SCORE_PART[second];
    }
    // Rows and files by number (`notable.0.amount`): what is there depends on the data.
    if (field.type === 'group' || field.type === 'attachment') return 'any';
    return this.report(at, `${first} has no parts`);
  }

  private group(key: string, names: Names, at: Path): GroupField | undefined {
    const field = names.fields.get(key);
    if (field?.type === 'group') return field;
    return this.report(at, `${key} is not a repeating group`);
  }

  private column(group: GroupField, key: string, at: Path, numeric: boolean): void {
    const column = group.fields.find((f) => f.key === key);
    if (!column) return this.report(at, `${key} is not a column of ${group.key}`);
    if (numeric && KIND_OF_TYPE[column.type] !== 'number') this.report(at, `${group.key}.${key} is not a number column`);
  }

  /** Reports unless `kind` can be `wanted` (undefined: already reported). */
  private expect(kind: Kind | undefined, wanted: Kind, at: Path, why: string): void {
    if (kind !== undefined && kind !== 'any' && kind !== wanted) this.report(at, `${why}; this is ${SAYS[kind]}`);
  }

  /** A literal compared with what a path holds: of its kind, and for a choice, one of its options. */
  private value(path: string, kind: Kind | undefined, value: Scalar, names: Names, at: Path): void {
    if (kind === undefined) return;
    const field = this.fieldAt(path, names);
    if (field?.type === 'choice') {
      const values = field.options.map((o) => o.value);
      if (!values.includes(value as string)) this.report(at, `${JSON.stringify(value)} is not an option of ${path} (${values.join(', ')})`);
      return;
    }
    const given = typeof value as Kind;
    if (kind !== 'any' && kind !== given) this.report(at, `${path} holds ${SAYS[kind]}, never ${SAYS[given]} ${JSON.stringify(value)}`);
  }

  // ---------------------------------------------------------------- expressions and conditions

  private tooDeep(depth: number, at: Path): boolean {
    if (depth <= MAX_EXPRESSION_DEPTH) return false;
    this.report(at, 'expression nested too deeply');
    return true;
  }

  /** Checks an expression; what kind of value it gives. */
  private expr(e: Expr, names: Names, at: Path, depth = 0): Kind {
    if (this.tooDeep(depth, at)) return 'any';
    if (e === null) return 'any';
    if (typeof e !== 'object') return typeof e as Kind;
    const sub = (x: Expr, key: Path) => this.expr(x, names, [...at, ...key], depth + 1);
    const numbers = (list: readonly Expr[], op: string): Kind => {
      list.forEach((x, i) => this.expect(sub(x, [op, i]), 'number', [...at, op, i], `${op} takes numbers`));
      return 'number';
    };
    const one = (x: Expr, op: string): Kind => {
      this.expect(sub(x, [op]), 'number', [...at, op], `${op} takes a number`);
      return 'number';
    };
    if ('field' in e) return this.path(e.field, names, [...at, 'field']) ?? 'any';
    if ('param' in e) {
      if (!names.params.has(e.param)) this.report([...at, 'param'], `unknown param ${e.param}`);
      return 'number';
    }
    if ('add' in e) return numbers(e.add, 'add');
    if ('mul' in e) return numbers(e.mul, 'mul');
    if ('sub' in e) return numbers(e.sub, 'sub');
    if ('div' in e) return numbers(e.div, 'div');
    if ('min' in e) return numbers(e.min, 'min');
    if ('max' in e) return numbers(e.max, 'max');
    if ('floor' in e) return one(e.floor, 'floor');
    if ('ceil' in e) return one(e.ceil, 'ceil');
    if ('rows' in e) {
      const group = this.group(e.rows, names, [...at, 'rows']);
      if (group && e.where) this.condition(e.where, rowNames(group, names), [...at, 'where'], depth + 1);
      return 'number';
    }
    if ('sumRows' in e) {
      const { group: key, column, where } = e.sumRows;
      const group = this.group(key, names, [...at, 'sumRows', 'group']);
      if (!group) return 'number';
      this.column(group, column, [...at, 'sumRows', 'column'], true);
      if (where) this.condition(where, rowNames(group, names), [...at, 'sumRows', 'where'], depth + 1);
      return 'number';
    }
    if ('sum' in e) {
      this.sum(e.sum, names, at);
      return 'number';
    }
    if ('if' in e) {
      this.condition(e.if, names, [...at, 'if'], depth + 1);
      const a = sub(e.then, ['then']);
      const b = sub(e.else, ['else']);
      return a === b || b === 'any' ? a : a === 'any' ? b : 'any';
    }
    if ('bands' in e) {
      one(e.bands, 'bands');
      const kinds = new Set(e.of.map((b) => typeof b.value));
      return kinds.size === 1 ? ([...kinds][0] as Kind) : 'any';
    }
    this.condition(e.test, names, [...at, 'test'], depth + 1);
    return 'boolean';
  }

  private sum(sum: { of: string; section?: string }, names: Names, at: Path): void {
    if (names.row) return this.report(at, 'sum adds fields of the form, not columns of a row');
    let fields: readonly FieldDecl[];
    if (sum.section === undefined) fields = [...names.fields.values()];
    else {
      const section = names.sections.get(sum.section);
      if (!section) return this.report([...at, 'sum', 'section'], `unknown section ${sum.section}`);
      fields = section;
    }
    if (!fields.some((f) => f.type === sum.of)) {
      this.report([...at, 'sum'], `no ${sum.of} field ${sum.section === undefined ? 'in the form' : `in section ${sum.section}`} to add up`);
    }
  }

  /** Checks a condition. */
  private condition(c: Condition, names: Names, at: Path, depth = 0): void {
    if (this.tooDeep(depth, at)) return;
    const sub = (x: Condition, key: Path) => this.condition(x, names, [...at, ...key], depth + 1);
    if ('all' in c) return c.all.forEach((x, i) => sub(x, ['all', i]));
    if ('any' in c) return c.any.forEach((x, i) => sub(x, ['any', i]));
    if ('not' in c) return sub(c.not, ['not']);
    if ('expr' in c) return this.comparison(c.expr, names, [...at, 'expr'], depth + 1);
    const kind = this.path(c.field, names, [...at, 'field']);
    if ('equals' in c) this.value(c.field, kind, c.equals, names, [...at, 'equals']);
    else if ('in' in c) c.in.forEach((v, i) => this.value(c.field, kind, v, names, [...at, 'in', i]));
    else if ('gte' in c) this.expect(kind, 'number', [...at, 'gte'], 'gte compares numbers');
  }

  private comparison(c: Comparison, names: Names, at: Path, depth: number): void {
    const [op, operands] = Object.entries(c)[0] as [keyof Comparison, [Expr, Expr]];
    const kinds = operands.map((x, i) => this.expr(x, names, [...at, op, i], depth + 1));
    // A literal beside a field: the same check as a condition's `equals`.
    operands.forEach((x, i) => {
      const other = operands[1 - i];
      if (typeof x === 'object' && x !== null && 'field' in x && other !== null && typeof other !== 'object') {
        this.value(x.field, kinds[i], other, names, [...at, op, 1 - i]);
      }
    });
    if (op === 'eq' || op === 'ne') return;
    kinds.forEach((k, i) => {
      if (k !== 'number' && k !== 'string' && k !== 'any') this.report([...at, op, i], `${op} orders numbers or text; this is ${SAYS[k]}`);
    });
    const known = kinds.filter((k) => k === 'number' || k === 'string');
    if (known.length === 2 && known[0] !== known[1]) this.report([...at, op], `${op} compares a number with text`);
  }
}
