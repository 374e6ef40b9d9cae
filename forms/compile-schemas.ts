/**
 * Field declarations → Zod schemas, in two modes:
 *  - `draft`: anything may be empty; types and bounds hold so a saved draft is never junk.
 *  - `submit`: required fields filled, formats (credit code, mobile) valid, declarations ticked.
 * Cross-field rules are not here (see compile-rules.ts): they need the whole form.
 */
import * as z from 'zod';
import { MSG, notAccepted, rowsAtLeast } from './compile-issues.js';
import { ATTACHMENT_REF_PARTS, DEFAULT_MAX_FILES, scoreParts } from './field-parts.js';
import type { FieldDecl, Text } from './language.js';
import {
  CREDIT_CODE_PATTERN,
  MAINLAND_MOBILE_PATTERN,
  SHA256_PATTERN,
  acceptsContentType,
  creditCodeProblem,
} from './validators.js';

export type Mode = 'draft' | 'submit';

/**
 * Bounds applied when a declaration gives none, so no field accepts unbounded input (a
 * request body is stored, indexed and exported as it is).
 */
export const DEFAULT_MAX_LENGTH = { text: 200, longtext: 20_000 } as const;
export const DEFAULT_MAX_ROWS = 500;

const custom = (msg: Text) => ({ params: { msg } });
const notBlank = (s: string) => s.trim() !== '';

/** The value of `field` when it is filled in. */
function valueSchema(field: FieldDecl, mode: Mode, required: boolean): z.ZodType {
  const submit = mode === 'submit';
  switch (field.type) {
    case 'text':
    case 'longtext': {
      let s = z.string();
      if (submit && required) s = s.refine(notBlank, custom(MSG.required));
      s = s.max(field.maxLength ?? DEFAULT_MAX_LENGTH[field.type]);
      // A half-written plan is a fine draft; length minimums only matter on submit.
      if (submit && field.minLength !== undefined) s = s.min(field.minLength);
      return s;
    }
    case 'integer':
    case 'money': {
      // z.int() also refuses numbers beyond the safe-integer range.
      let n = z.int();
      const min = field.min ?? (field.type === 'money' ? 0 : undefined);
      if (min !== undefined) n = n.min(min);
      if (field.max !== undefined) n = n.max(field.max);
      return n;
    }
    case 'choice':
      return z.enum(field.options.map((o) => o.value) as [string, ...string[]]);
    case 'flag':
      return z.boolean();
    case 'declaration':
      return submit ? z.literal(true) : z.boolean();
    case 'date':
      // Zod's ISO date pattern knows month lengths and leap years (2025-02-29 fails).
      return z.iso.date();
    case 'creditCode': {
      if (!submit) return z.string().max(18);
      let s = z.string();
      if (required) s = s.refine(notBlank, custom(MSG.required));
      // The check runs first so its specific message wins over the generic pattern issue;
      // the pattern is kept for JSON Schema consumers.
      return s
        .superRefine((v, ctx) => {
          const problem = creditCodeProblem(v);
          if (problem === null) return;
          const msg = { length: MSG.creditLength, charset: MSG.creditCharset, check: MSG.creditCheck }[problem];
          ctx.addIssue({ code: 'custom', message: msg.en, params: { msg } });
        })
        .regex(new RegExp(CREDIT_CODE_PATTERN));
    }
    case 'mobile':
      return submit ? z.string().regex(MAINLAND_MOBILE_PATTERN) : z.string().max(11);
    case 'group': {
      const rows = z.array(rowSchema(field.fields, mode)).max(field.maxRows ?? DEFAULT_MAX_ROWS);
      if (!submit) return rows;
      const minRows = Math.max(field.minRows ?? 0, required ? 1 : 0);
      if (required) return rows.min(minRows);
      // An optional group may stay empty, but once started it needs its minimum.
      return rows.refine((r) => r.length === 0 || r.length >= minRows, custom(rowsAtLeast(minRows)));
    }
    case 'attachment': {
      const files = z.array(attachmentRefSchema(field.accept)).max(field.maxFiles ?? DEFAULT_MAX_FILES);
      return required ? files.min(1) : files;
    }
    case 'score':
      return rowSchema(scoreParts(field), mode);
  }
}

/**
 * A reference to an uploaded file: the declared parts (always required: the upload step
 * writes references whole, so a partial one is junk even in a draft) plus the checks plain
 * text fields do not have.
 */
function attachmentRefSchema(accept: readonly string[] | undefined): z.ZodType {
  const parts = Object.fromEntries(ATTACHMENT_REF_PARTS.map((p) => [p.key, fieldSchema(p, 'submit')]));
  const contentType = accept
    ? parts.contentType.refine((v) => acceptsContentType(accept, v), custom(notAccepted(accept)))
    : parts.contentType;
  // As for credit codes: the custom check gives the message, the pattern serves JSON Schema.
  const sha256 = z
    .string()
    .refine((v) => SHA256_PATTERN.test(v), custom(MSG.sha256))
    .regex(SHA256_PATTERN);
  return z.strictObject({ ...parts, contentType, sha256 });
}

/**
 * Money is whole fen in the data (shown to people as yuan), so a client must not send yuan:
 * every money value's JSON Schema says so in words and as `x-unit`.
 */
export const MONEY_UNIT: Text = { zh: '金额，单位：分（1 元 = 100 分）', en: 'Amount in fen (1 yuan = 100 fen)' };
export const moneyMeta = (help?: string): { description: string; 'x-unit': 'fen' } => {
  const unit = `${MONEY_UNIT.zh} / ${MONEY_UNIT.en}`;
  return { description: help ? `${help}. ${unit}` : unit, 'x-unit': 'fen' };
};

type FieldMeta = { title: string; description?: string; readOnly?: true; 'x-unit'?: 'fen' };

function title(field: FieldDecl): FieldMeta {
  const t = `${field.label.zh} / ${field.label.en}`;
  const meta: FieldMeta = { title: t };
  if (field.help) meta.description = `${field.help.zh} / ${field.help.en}`;
  if (field.type === 'money') Object.assign(meta, moneyMeta(meta.description));
  if (field.readOnly) meta.readOnly = true;
  return meta;
}

/**
 * The schema of one field's key in the data. Empty is `null`, `''` or absent: clients
 * clear inputs in different ways and all mean "not filled in".
 */
export function fieldSchema(field: FieldDecl, mode: Mode): z.ZodType {
  const required = mode === 'submit' && (field.required === true || field.type === 'declaration');
  const value = valueSchema(field, mode, required);
  // The value schema comes first in the union: when every branch fails, compile-issues.ts
  // reports the first branch's reason.
  const schema = required ? value : z.union([value, z.null(), z.literal('')]).optional();
  return schema.meta(title(field));
}

export function rowSchema(fields: readonly FieldDecl[], mode: Mode): z.ZodType {
  return z.strictObject(Object.fromEntries(fields.map((f) => [f.key, fieldSchema(f, mode)])));
}
