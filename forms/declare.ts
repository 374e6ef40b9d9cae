/**
 * Small helpers for writing declarations. They only build data: what they return is the
 * same JSON a declaration stored in the database holds.
 */
import type { ChoiceOption, FieldDecl, Text } from './language.js';

export const t = (zh: string, en: string): Text => ({ zh, en });

export const opt = (value: string, zh: string, en: string): ChoiceOption => ({ value, label: t(zh, en) });

/** A sum of money in fen; never negative (a debt is its own line, not a minus sign). */
export function money(key: string, label: Text, extra: { required?: boolean; help?: Text } = {}): FieldDecl {
  return { key, type: 'money', label, max: MAX_MONEY_FEN, ...extra };
}

/**
 * ¥10 billion in fen: far above any union's accounts, far below Number.MAX_SAFE_INTEGER, so
 * sums of a form's amounts stay exact.
 */
export const MAX_MONEY_FEN = 1_000_000_000_000;

/** A calendar year of the union's accounts or work. */
export function year(key: string, label: Text): FieldDecl {
  return { key, type: 'integer', label, required: true, min: 2000, max: 2100 };
}

/** Members of a union (会员人数); the denominator of per-member checks. */
export function members(key = 'members'): FieldDecl {
  return { key, type: 'integer', label: t('会员人数', 'Members'), required: true, min: 1, max: 1_000_000 };
}

/** Files a union scans or exports: PDF, images, spreadsheets and Word documents. */
export const DOCUMENT_TYPES = [
  'application/pdf',
  'image/*',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
];
