import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  CREDIT_CODE_CHARSET,
  acceptsContentType,
  addDays,
  creditCodeCheckChar,
  creditCodeProblem,
  isIsoDate,
  isMainlandMobile,
  isValidCreditCode,
  todayInShanghai,
} from '../../forms/validators.js';

// Published codes of well-known companies (Huawei, Tencent, Alibaba China, ...).
const REAL_CODES = ['914403001922038216', '9144030071526726XG', '91330100799655058B', '91350100M000100Y43', '91110000802100433B'];

describe('isValidCreditCode', () => {
  it.each(REAL_CODES)('accepts the published code %s', (code) => {
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('refuses a code whose check character is wrong', () => {
    expect(isValidCreditCode('914403001922038217')).toBe(false);
    expect(creditCodeProblem('914403001922038217')).toBe('check');
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('refuses the forbidden letter %s', (letter) => {
    const code = '91350100M000100Y43'.slice(0, 8) + letter + '91350100M000100Y43'.slice(9);
    expect(isValidCreditCode(code)).toBe(false);
    expect(creditCodeProblem(code)).toBe('charset');
  });

  it('refuses lower-case letters (licences print capitals)', () => {
    expect(isValidCreditCode('9144030071526726xg')).toBe(false);
  });

  it.each(['91440300192203821', '9144030019220382166', ''])('refuses the wrong length %j', (code) => {
    expect(creditCodeProblem(code)).toBe('length');
  });

  it.each([null, undefined, 914403001922038216, ['914403001922038216']])('refuses the non-string %j', (value) => {
    expect(isValidCreditCode(value)).toBe(false);
  });

  it('accepts any 17 charset characters followed by their check character', () => {
    const first17 = fc.string({ unit: fc.constantFrom(...CREDIT_CODE_CHARSET), minLength: 17, maxLength: 17 });
    fc.assert(fc.property(first17, (s) => isValidCreditCode(s + creditCodeCheckChar(s))));
  });

  it('refuses every other character in the check position', () => {
    const first17 = fc.string({ unit: fc.constantFrom(...CREDIT_CODE_CHARSET), minLength: 17, maxLength: 17 });
    const other = fc.constantFrom(...CREDIT_CODE_CHARSET);
    fc.assert(
      fc.property(first17, other, (s, c) => {
        fc.pre(c !== creditCodeCheckChar(s));
        return !isValidCreditCode(s + c);
      }),
    );
  });
});

describe('creditCodeCheckChar', () => {
  it('computes the check character of a published code', () => {
    expect(creditCodeCheckChar('9144030071526726X')).toBe('G');
  });

  it.each(['9144030071526726', '9144030071526726XG', '9144030071526726I', '9144o300715267260'])(
    'returns null for %j, which is not 17 charset characters',
    (s) => {
      expect(creditCodeCheckChar(s)).toBeNull();
    },
  );
});

describe('isMainlandMobile', () => {
  it.each(['13800138000', '19912345678', '15000000000'])('accepts %s', (s) => {
    expect(isMainlandMobile(s)).toBe(true);
  });

  it.each(['12800138000', '1380013800', '138001380001', '+8613800138000', '138 0013 8000', '10800138000', 13800138000])(
    'refuses %j',
    (s) => {
      expect(isMainlandMobile(s)).toBe(false);
    },
  );
});

describe('isIsoDate', () => {
  it.each(['2025-01-31', '2024-02-29', '2000-02-29', '2025-12-31'])('accepts the real date %s', (s) => {
    expect(isIsoDate(s)).toBe(true);
  });

  it.each(['2025-02-29', '2025-02-30', '1900-02-29', '2025-04-31', '2025-13-01', '2025-00-10', '2025-01-00'])(
    'refuses the impossible date %s',
    (s) => {
      expect(isIsoDate(s)).toBe(false);
    },
  );

  it.each(['2025-1-01', '2025/01/01', '20250101', '2025-01-01T00:00:00Z', ' 2025-01-01', 20250101])(
    'refuses the malformed %j',
    (s) => {
      expect(isIsoDate(s)).toBe(false);
    },
  );
});

describe('todayInShanghai', () => {
  it('is still the same day at 23:59:59 Shanghai time', () => {
    expect(todayInShanghai(new Date('2025-01-01T15:59:59Z'))).toBe('2025-01-01');
  });

  it('turns to the next day at midnight Shanghai time (16:00 UTC)', () => {
    expect(todayInShanghai(new Date('2025-01-01T16:00:00Z'))).toBe('2025-01-02');
  });
});

describe('addDays', () => {
  it('crosses a month end in a leap year', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('crosses a year end', () => {
    expect(addDays('2025-12-15', 30)).toBe('2026-01-14');
  });

  it('throws on a string that is not a date', () => {
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
  });
});

describe('acceptsContentType', () => {
  const accept = ['application/pdf', 'image/*'];

  it('accepts a listed type whatever its case and parameters', () => {
    expect(acceptsContentType(accept, 'Application/PDF; charset=binary')).toBe(true);
  });

  it('accepts any subtype for a type/* entry', () => {
    expect([acceptsContentType(accept, 'image/png'), acceptsContentType(accept, 'image/heic')]).toEqual([true, true]);
  });

  it('refuses a type that is not listed, and one that merely starts like a listed one', () => {
    expect([acceptsContentType(accept, 'application/zip'), acceptsContentType(accept, 'imagery/png')]).toEqual([false, false]);
  });

  it.each(['', 'pdf', 'image/', '/png', 42])('refuses the malformed content type %j', (value) => {
    expect(acceptsContentType(accept, value)).toBe(false);
  });
});
