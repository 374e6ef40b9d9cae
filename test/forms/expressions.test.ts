import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { conditionHolds, decide, evaluate, isFilled, lookup, type Scope } from '../../forms/expressions.js';
import type { Condition, Expr } from '../../forms/language.js';

const data = {
  kind: 'a',
  n: 10,
  zero: 0,
  name: '',
  list: [1],
  item: { score: 6, note: 'ok' },
  rows: [
    { cat: 'x', amount: 100 },
    { cat: 'y', amount: 50 },
    { cat: 'x', amount: 'junk' },
    { cat: 'x' },
  ],
};
const scope: Scope = { data, params: { limit: 60, half: 0.5 } };
const ev = (e: Expr) => evaluate(e, scope);
const dec = (c: Condition) => decide(c, scope);

describe('lookup', () => {
  it('follows dotted paths into objects and lists', () => {
    expect([lookup(data, 'item.score'), lookup(data, 'rows.1.cat')]).toEqual([6, 'y']);
  });

  it('gives undefined for a path through a missing or scalar value', () => {
    expect([lookup(data, 'nope.x'), lookup(data, 'n.x'), lookup(data, 'rows.x')]).toEqual([undefined, undefined, undefined]);
  });

  it('never reads inherited properties such as constructor', () => {
    expect([lookup({}, 'constructor'), lookup({ a: {} }, 'a.__proto__')]).toEqual([undefined, undefined]);
  });
});

describe('evaluate: values', () => {
  it('gives literals as they are', () => {
    expect([ev(3), ev('x'), ev(true), ev(null)]).toEqual([3, 'x', true, null]);
  });

  it('reads a field by dotted path', () => {
    expect(ev({ field: 'item.score' })).toBe(6);
  });

  it('reads blank text, objects and lists as null', () => {
    expect([ev({ field: 'name' }), ev({ field: 'item' }), ev({ field: 'list' })]).toEqual([null, null, null]);
  });

  it('reads a parameter, and null for an unknown one', () => {
    expect([ev({ param: 'limit' }), ev({ param: 'toString' })]).toEqual([60, null]);
  });
});

describe('evaluate: arithmetic', () => {
  it('adds, subtracts, multiplies and divides', () => {
    expect([
      ev({ add: [1, 2, { field: 'n' }] }),
      ev({ sub: [{ field: 'n' }, 4] }),
      ev({ mul: [{ field: 'n' }, { param: 'half' }] }),
      ev({ div: [{ field: 'n' }, 4] }),
    ]).toEqual([13, 6, 5, 2.5]);
  });

  it('gives null when any operand is missing or not a number', () => {
    expect([ev({ add: [1, { field: 'nope' }] }), ev({ mul: [2, 'x'] }), ev({ sub: [true, 1] })]).toEqual([null, null, null]);
  });

  it('gives null for a division by zero', () => {
    expect(ev({ div: [1, { field: 'zero' }] })).toBeNull();
  });

  it('rounds down and up', () => {
    expect([ev({ floor: 8.5 }), ev({ floor: -0.5 }), ev({ ceil: 14.1 }), ev({ ceil: 15 })]).toEqual([8, -1, 15, 15]);
  });

  it('takes the least and the greatest, null for no operands', () => {
    expect([ev({ min: [3, 1, 2] }), ev({ max: [20, { ceil: 14.1 }] }), ev({ max: [] })]).toEqual([1, 20, null]);
  });

  it('treats an empty sum as 0 and an empty product as 1', () => {
    expect([ev({ add: [] }), ev({ mul: [] })]).toEqual([0, 1]);
  });

  it('gives null instead of an infinite result', () => {
    expect(ev({ mul: [1e308, 10] })).toBeNull();
  });
});

describe('evaluate: rows', () => {
  it('counts the rows of a group, and those where a row condition holds', () => {
    expect([ev({ rows: 'rows' }), ev({ rows: 'rows', where: { field: 'cat', equals: 'x' } })]).toEqual([4, 3]);
  });

  it('counts an absent or empty group as no rows', () => {
    expect([ev({ rows: 'nope' }), evaluate({ rows: 'g' }, { data: { g: [] }, params: {} })]).toEqual([0, 0]);
  });

  it('gives null for a group value that is not a list', () => {
    expect(ev({ rows: 'kind' })).toBeNull();
  });

  it('sums a column, skipping empty and mistyped cells', () => {
    expect(ev({ sumRows: { group: 'rows', column: 'amount' } })).toBe(150);
  });

  it('sums a column over the rows where a condition holds', () => {
    expect(ev({ sumRows: { group: 'rows', column: 'amount', where: { field: 'cat', equals: 'x' } } })).toBe(100);
  });

  it('lets a row condition read parameters', () => {
    const bigRows: Expr = { rows: 'rows', where: { expr: { gt: [{ field: 'amount' }, { param: 'limit' }] } } };
    expect(ev(bigRows)).toBe(1);
  });
});

describe('evaluate: choices', () => {
  it('if takes then when the condition holds and else otherwise', () => {
    expect([
      ev({ if: { field: 'kind', equals: 'a' }, then: 1, else: 2 }),
      ev({ if: { field: 'kind', equals: 'b' }, then: 1, else: 2 }),
    ]).toEqual([1, 2]);
  });

  it('if takes else while the condition is undecided', () => {
    expect(ev({ if: { expr: { gt: [{ field: 'nope' }, 0] } }, then: 1, else: 0 })).toBe(0);
  });

  const grade: Expr = {
    bands: { field: 'n' },
    of: [
      { min: 0, value: 'low' },
      { min: 10, value: 'high' },
      { min: 5, value: 'mid' },
    ],
  };

  it('bands picks the band with the highest minimum not above the value, in any order', () => {
    expect([ev(grade), evaluate(grade, { data: { n: 9.9 }, params: {} }), evaluate(grade, { data: { n: 0 }, params: {} })]).toEqual([
      'high',
      'mid',
      'low',
    ]);
  });

  it('bands gives null below every band and for a missing value', () => {
    expect([evaluate(grade, { data: { n: -1 }, params: {} }), evaluate(grade, { data: {}, params: {} })]).toEqual([null, null]);
  });

  it('test gives a condition as true, false or null while undecided', () => {
    expect([ev({ test: { field: 'n', gte: 10 } }), ev({ test: { field: 'n', gte: 11 } }), ev({ test: { field: 'nope', gte: 1 } })]).toEqual([
      true,
      false,
      null,
    ]);
  });
});

describe('decide: leaf conditions', () => {
  it('equals compares strictly', () => {
    expect([dec({ field: 'kind', equals: 'a' }), dec({ field: 'n', equals: '10' })]).toEqual([true, false]);
  });

  it('in holds when the value is one of the list', () => {
    expect([dec({ field: 'kind', in: ['b', 'a'] }), dec({ field: 'kind', in: ['b'] })]).toEqual([true, false]);
  });

  it('equals and in are undecided while the field is empty', () => {
    expect([dec({ field: 'name', equals: '' }), dec({ field: 'nope', in: ['a'] })]).toEqual([null, null]);
  });

  it('gte decides for numbers and is undecided otherwise', () => {
    expect([dec({ field: 'n', gte: 10 }), dec({ field: 'n', gte: 11 }), dec({ field: 'kind', gte: 0 })]).toEqual([true, false, null]);
  });

  it('filled always decides: blank text is not filled, a non-empty list is', () => {
    expect([dec({ field: 'name', filled: false }), dec({ field: 'list', filled: true }), dec({ field: 'nope', filled: true })]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('reads dotted paths', () => {
    expect(dec({ field: 'item.note', equals: 'ok' })).toBe(true);
  });
});

describe('decide: comparisons', () => {
  it('orders two numbers', () => {
    const cmp = (op: 'lt' | 'lte' | 'gt' | 'gte') => dec({ expr: { [op]: [{ field: 'n' }, 10] } as never });
    expect([cmp('lt'), cmp('lte'), cmp('gt'), cmp('gte')]).toEqual([false, true, false, true]);
  });

  it('orders two ISO dates as strings', () => {
    expect(decide({ expr: { lt: [{ field: 'a' }, { field: 'b' }] } }, { data: { a: '2025-01-31', b: '2025-02-01' }, params: {} })).toBe(true);
  });

  it('does not order a number against a string or booleans', () => {
    expect([dec({ expr: { lt: [1, 'x'] } }), dec({ expr: { lt: [false, true] } })]).toEqual([null, null]);
  });

  it('eq and ne compare any two values strictly', () => {
    expect([dec({ expr: { eq: [{ field: 'n' }, 10] } }), dec({ expr: { ne: [{ field: 'n' }, '10'] } })]).toEqual([true, true]);
  });

  it('is undecided when an operand is empty', () => {
    expect([dec({ expr: { eq: [{ field: 'nope' }, 1] } }), dec({ expr: { ne: [{ field: 'name' }, 'x'] } })]).toEqual([null, null]);
  });

  it('compares computed expressions on both sides', () => {
    expect(dec({ expr: { lte: [{ sumRows: { group: 'rows', column: 'amount' } }, { mul: [{ field: 'n' }, 15] }] } })).toBe(true);
  });
});

describe('decide: all, any, not', () => {
  const yes: Condition = { field: 'kind', equals: 'a' };
  const no: Condition = { field: 'kind', equals: 'b' };
  const unknown: Condition = { field: 'nope', equals: 'a' };

  it('all needs every condition and any needs one', () => {
    expect([dec({ all: [yes, no] }), dec({ any: [yes, no] }), dec({ all: [yes, { any: [no, yes] }] })]).toEqual([false, true, true]);
  });

  it('one false decides all and one true decides any, whatever is undecided', () => {
    expect([dec({ all: [unknown, no] }), dec({ any: [unknown, yes] })]).toEqual([false, true]);
  });

  it('all and any are undecided when the decided parts do not settle them', () => {
    expect([dec({ all: [unknown, yes] }), dec({ any: [unknown, no] })]).toEqual([null, null]);
  });

  it('not inverts a decided condition and keeps an undecided one undecided', () => {
    expect([dec({ not: yes }), dec({ not: no }), dec({ not: unknown })]).toEqual([false, true, null]);
  });
});

describe('conditionHolds', () => {
  it('holds only for a condition decided true', () => {
    expect([
      conditionHolds({ field: 'kind', equals: 'a' }, data),
      conditionHolds({ field: 'nope', equals: 'a' }, data),
      conditionHolds({ not: { field: 'nope', equals: 'a' } }, data),
    ]).toEqual([true, false, false]);
  });

  it('passes parameters to comparisons', () => {
    expect(conditionHolds({ expr: { gt: [{ field: 'n' }, { param: 'p' }] } }, data, { p: 9 })).toBe(true);
  });

  it('never reads inherited properties such as constructor', () => {
    expect(conditionHolds({ field: 'constructor', filled: true }, {})).toBe(false);
  });
});

describe('isFilled', () => {
  it.each([false, 0, 'x', [0], {}])('counts %j as filled', (v) => {
    expect(isFilled(v)).toBe(true);
  });

  it.each([undefined, null, '', '  ', []])('counts %j as empty', (v) => {
    expect(isFilled(v)).toBe(false);
  });
});

describe('never throws', () => {
  it('evaluate answers any JSON expression on any JSON data', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.jsonValue({ maxDepth: 4 }), (expr, d) => {
        const v = evaluate(expr as Expr, { data: { x: d }, params: {} });
        return v === null || ['string', 'number', 'boolean'].includes(typeof v);
      }),
      { numRuns: 500 },
    );
  });

  it('decide answers any JSON condition on any JSON data', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.jsonValue({ maxDepth: 4 }), (cond, d) => {
        const t = decide(cond as Condition, { data: { x: d }, params: {} });
        return t === null || typeof t === 'boolean';
      }),
      { numRuns: 500 },
    );
  });

  it('evaluate answers operators with mistyped operands', () => {
    const junk = fc.constantFrom<unknown>(null, 1, 'x', [], {}, [1], { field: 1 }, { a: 1 });
    const op = fc.constantFrom('field', 'param', 'add', 'sub', 'mul', 'div', 'floor', 'ceil', 'min', 'max', 'rows', 'sumRows', 'if', 'bands', 'test');
    fc.assert(
      fc.property(op, junk, junk, (o, a, b) => {
        const v = evaluate({ [o]: a, where: b, then: b, else: b, of: b } as unknown as Expr, { data: { x: [1, { y: 2 }] }, params: {} });
        return v === null || ['string', 'number', 'boolean'].includes(typeof v);
      }),
      { numRuns: 500 },
    );
  });
});
