/**
 * Pure checks shared by the form compiler, declarations and tests. No I/O, no clock: the
 * caller passes `now` so the same input always gives the same answer.
 */

/**
 * GB 32100-2015 charset for the unified social credit code: digits and the capital letters
 * without I, O, Z, S, V (too easily confused with 1, 0, 2, 5, U when handwritten).
 */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights of positions 1..17 (3^(i-1) mod 31). */
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

const CREDIT_CODE_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** The same charset as a JSON-Schema-compatible pattern for all 18 characters. */
export const CREDIT_CODE_PATTERN = CREDIT_CODE_SHAPE.source;

/**
 * The check character for the first 17 characters of a credit code, or null when they are
 * not 17 characters of the charset (so a caller cannot mistake junk for a valid prefix).
 */
export function creditCodeCheckChar(first17: string): string | null {
  if (typeof first17 !== 'string' || first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i]);
    if (value < 0) return null;
    sum += value * CREDIT_CODE_WEIGHTS[i];
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

/** Why a credit code is not valid, so a message can say what to fix; null when valid. */
export type CreditCodeProblem = 'length' | 'charset' | 'check';

export function creditCodeProblem(s: unknown): CreditCodeProblem | null {
  if (typeof s !== 'string' || s.length !== 18) return 'length';
  if (!CREDIT_CODE_SHAPE.test(s)) return 'charset';
  return creditCodeCheckChar(s.slice(0, 17)) === s[17] ? null : 'check';
}

/** 统一社会信用代码 with a correct check character. Upper case only, as printed on licences. */
export function isValidCreditCode(s: unknown): boolean {
  return creditCodeProblem(s) === null;
}

export const MAINLAND_MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/** An 11-digit mainland China mobile number, without country code or separators. */
export function isMainlandMobile(s: unknown): boolean {
  return typeof s === 'string' && MAINLAND_MOBILE_PATTERN.test(s);
}

const ISO_DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** `YYYY-MM-DD` naming a real calendar day (2024-02-29 yes, 2025-02-30 no). */
export function isIsoDate(s: unknown): boolean {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE_SHAPE.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * The calendar date in Asia/Shanghai at `now`. China has kept UTC+8 without daylight saving
 * since 1991, so a fixed offset is exact and avoids depending on the runtime's tz data.
 * Throws RangeError for an invalid Date, like `Date.prototype.toISOString`.
 */
export function todayInShanghai(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** `date` (YYYY-MM-DD) plus `days` calendar days; for examples and deadlines. */
export function addDays(date: string, days: number): string {
  if (!isIsoDate(date)) throw new RangeError(`not a date: ${date}`);
  const t = Date.parse(`${date}T00:00:00Z`) + days * 24 * 60 * 60 * 1000;
  return new Date(t).toISOString().slice(0, 10);
}

/** A SHA-256 digest as lower-case hex, the way the upload step records it. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Does `contentType` match one of `accept` (`application/pdf`, or `image/*` for any image)?
 * Parameters (`; charset=utf-8`) and case do not matter, as in HTTP.
 */
export function acceptsContentType(accept: readonly string[], contentType: unknown): boolean {
  if (typeof contentType !== 'string') return false;
  const media = contentType.split(';')[0].trim().toLowerCase();
  if (!/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(media)) return false;
  return accept.some((a) => {
    const pattern = a.trim().toLowerCase();
    return pattern.endsWith('/*') ? media.startsWith(pattern.slice(0, -1)) : media === pattern;
  });
}
