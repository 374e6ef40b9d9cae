import { describe, it, expect } from 'vitest';
import { conditionHolds, isFilled } from '../../forms/compile-rules.js';

describe('conditionHolds', () => {
  const data = { kind: 'a', n: 10, name: '', list: [1] };

  it('equals compares strictly', () => {
    expect([conditionHolds({ field: 'kind', equals: 'a' }, data), conditionHolds({ field: 'n', equals: '10' }, data)]).toEqual([
      true,
      false,
    ]);
  });

  it('in holds when the value is one of the list', () => {
    expect([conditionHolds({ field: 'kind', in: ['b', 'a'] }, data), conditionHolds({ field: 'kind', in: ['b'] }, data)]).toEqual([
      true,
      false,
    ]);
  });

  it('gte holds only for numbers at or above the bound', () => {
    expect([
      conditionHolds({ field: 'n', gte: 10 }, data),
      conditionHolds({ field: 'n', gte: 11 }, data),
      conditionHolds({ field: 'kind', gte: 0 }, data),
    ]).toEqual([true, false, false]);
  });

  it('filled treats blank text as not filled and a non-empty list as filled', () => {
    expect([
      conditionHolds({ field: 'name', filled: false }, data),
      conditionHolds({ field: 'list', filled: true }, data),
      conditionHolds({ field: 'missing', filled: false }, data),
    ]).toEqual([true, true, true]);
  });

  it('all needs every condition and any needs one', () => {
    const yes = { field: 'kind', equals: 'a' };
    const no = { field: 'kind', equals: 'b' };
    expect([
      conditionHolds({ all: [yes, no] }, data),
      conditionHolds({ any: [yes, no] }, data),
      conditionHolds({ all: [yes, { any: [no, yes] }] }, data),
    ]).toEqual([false, true, true]);
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
