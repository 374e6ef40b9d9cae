/**
 * Turning Zod issues into `FormIssue`s: a dot-joined path and a bilingual message a union
 * cadre can act on. Zod's own messages are English and name JavaScript types, so each issue
 * is re-described from the declared field it lands on (we know the field's type and bounds).
 */
import type { z } from 'zod';
import { partsOf } from './field-parts.js';
import { creditCodeProblem } from './validators.js';
import type { FieldDecl, FormIssue, Text } from './language.js';

type ZodIssue = z.core.$ZodIssue;

export const MSG = {
  required: { zh: '必填', en: 'Required' },
  notObject: { zh: '表单数据应为对象', en: 'Form data must be an object' },
  rowNotObject: { zh: '每一行应为对象', en: 'Each row must be an object' },
  fileNotObject: {
    zh: '每个附件应为文件引用（编号、文件名、大小、类型、SHA-256）',
    en: 'Each attachment must be a file reference (id, name, size, contentType, sha256)',
  },
  sha256: { zh: 'SHA-256 应为 64 位小写十六进制数字', en: 'The SHA-256 must be 64 lower-case hex digits' },
  unknownKey: { zh: '未知字段，不能提交', en: 'Unknown field' },
  invalid: { zh: '无效的值', en: 'Invalid value' },
  internal: { zh: '无法校验表单数据', en: 'The form data could not be validated' },
  declaration: { zh: '提交前须勾选确认此声明', en: 'Tick this declaration to submit' },
  mobile: {
    zh: '手机号码应为 11 位中国大陆手机号（以 13–19 开头）',
    en: 'Must be an 11-digit mainland China mobile number (starting 13–19)',
  },
  date: { zh: '应为有效日期，格式 YYYY-MM-DD', en: 'Must be a real date written YYYY-MM-DD' },
  creditLength: { zh: '统一社会信用代码应为 18 位', en: 'The unified social credit code has 18 characters' },
  creditCharset: {
    zh: '统一社会信用代码只能包含数字和大写字母（不含 I、O、Z、S、V）',
    en: 'The unified social credit code uses digits and capital letters except I, O, Z, S, V',
  },
  creditCheck: {
    zh: '统一社会信用代码校验位不正确，请核对营业执照',
    en: 'The check character of the unified social credit code is wrong; check the business licence',
  },
} satisfies Record<string, Text>;

const TYPE_MISMATCH: Record<FieldDecl['type'], Text> = {
  text: { zh: '应为文本', en: 'Must be text' },
  longtext: { zh: '应为文本', en: 'Must be text' },
  integer: { zh: '应为整数', en: 'Must be a whole number' },
  money: { zh: '金额应为以分为单位的整数', en: 'Amount must be a whole number of fen' },
  choice: { zh: '请从给定选项中选择', en: 'Must be one of the options' },
  flag: { zh: '应为“是”或“否”', en: 'Must be yes or no' },
  // A declaration's value is a tick box; "not ticked" is reported as MSG.declaration.
  date: MSG.date,
  creditCode: { zh: '统一社会信用代码应为文本', en: 'The unified social credit code must be text' },
  mobile: MSG.mobile,
  declaration: { zh: '应为“是”或“否”', en: 'Must be yes or no' },
  group: { zh: '应为若干行组成的列表', en: 'Must be a list of rows' },
  attachment: { zh: '应为已上传文件的列表', en: 'Must be a list of uploaded files' },
  score: { zh: '应为评分项（得分、说明、佐证材料）', en: 'Must be a score item (score, note, attachments)' },
};

export const rowsAtLeast = (n: number): Text => ({ zh: `至少填写 ${n} 行`, en: `At least ${n} rows` });
const filesAtLeast = (n: number): Text => ({ zh: `请至少上传 ${n} 个文件`, en: `Upload at least ${n} file(s)` });
const filesAtMost = (n: number): Text => ({ zh: `最多上传 ${n} 个文件`, en: `At most ${n} files` });

export const notAccepted = (accept: readonly string[]): Text => ({
  zh: `不接受此文件类型，可上传：${accept.join('、')}`,
  en: `This file type is not accepted; allowed: ${accept.join(', ')}`,
});

/** Money bounds are stored in fen but people think in yuan. */
function amount(field: FieldDecl, n: number): { zh: string; en: string } {
  if (field.type !== 'money') return { zh: String(n), en: String(n) };
  const yuan = (n / 100).toFixed(2);
  return { zh: `${yuan} 元`, en: `¥${yuan}` };
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function describeForField(issue: ZodIssue, field: FieldDecl): Text {
  if (issue.code === 'too_big' || issue.code === 'too_small') {
    const bound = Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
    const big = issue.code === 'too_big';
    if (issue.origin === 'string') {
      return big
        ? { zh: `不能超过 ${bound} 个字符`, en: `At most ${bound} characters` }
        : { zh: `至少 ${bound} 个字符`, en: `At least ${bound} characters` };
    }
    if (issue.origin === 'array' && field.type === 'attachment') return big ? filesAtMost(bound) : filesAtLeast(bound);
    if (issue.origin === 'array') {
      return big ? { zh: `最多 ${bound} 行`, en: `At most ${bound} rows` } : rowsAtLeast(bound);
    }
    const a = amount(field, bound);
    return big
      ? { zh: `不能大于 ${a.zh}`, en: `Must be at most ${a.en}` }
      : { zh: `不能小于 ${a.zh}`, en: `Must be at least ${a.en}` };
  }
  if (field.type === 'creditCode' && issue.code === 'invalid_format') {
    const problem = creditCodeProblem(issue.input);
    if (problem === 'length') return MSG.creditLength;
    if (problem === 'charset') return MSG.creditCharset;
    return MSG.creditCheck;
  }
  return TYPE_MISMATCH[field.type];
}

/**
 * What a path points at in the declaration: the form, a field (or a part of a composite
 * one), or one item of a list field (a group's row, an attachment's file reference).
 */
type Target =
  | { kind: 'form' }
  | { kind: 'field'; field: FieldDecl }
  | { kind: 'item'; of: FieldDecl }
  | { kind: 'unknown' };

function targetOf(path: readonly PropertyKey[], fields: readonly FieldDecl[]): Target {
  if (path.length === 0) return { kind: 'form' };
  const field = fields.find((f) => f.key === path[0]);
  if (!field) return { kind: 'unknown' };
  if (path.length === 1) return { kind: 'field', field };
  const parts = partsOf(field);
  if (!parts) return { kind: 'unknown' };
  if (!parts.list) return targetOf(path.slice(1), parts.fields);
  if (typeof path[1] !== 'number') return { kind: 'unknown' };
  if (path.length === 2) return { kind: 'item', of: field };
  return targetOf(path.slice(2), parts.fields);
}

function isText(v: unknown): v is Text {
  return typeof v === 'object' && v !== null && typeof (v as Text).zh === 'string' && typeof (v as Text).en === 'string';
}

export function joinPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/**
 * One Zod issue → zero or more form issues. `prefix` places issues from a schema that was
 * run on one field's value (conditional sections) at that field's path.
 */
export function fromZodIssue(
  issue: ZodIssue,
  fields: readonly FieldDecl[],
  prefix: readonly PropertyKey[] = [],
): FormIssue[] {
  const path = [...prefix, ...issue.path];
  // Optional fields are unions of the value schema (first) with null and ''; when all
  // branches fail, the first branch says what was wrong with the value.
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    return issue.errors[0].flatMap((inner) => fromZodIssue(inner, fields, path));
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: joinPath([...path, key]), message: MSG.unknownKey }));
  }
  if (issue.code === 'custom' && isText(issue.params?.msg)) {
    return [{ path: joinPath(path), message: issue.params.msg }];
  }
  const target = targetOf(path, fields);
  let message: Text;
  if (target.kind === 'form') message = MSG.notObject;
  else if (target.kind === 'item') message = target.of.type === 'attachment' ? MSG.fileNotObject : MSG.rowNotObject;
  else if (target.kind === 'unknown') message = MSG.invalid;
  else if (target.field.type === 'declaration' && issue.code !== 'invalid_type') message = MSG.declaration;
  else if (isBlank(issue.input) && issue.code !== 'too_small') message = MSG.required;
  else message = describeForField(issue, target.field);
  return [{ path: joinPath(path), message }];
}

/** At most this many issues are returned: beyond it a client sent junk, not a form. */
export const MAX_ISSUES = 200;

/** One issue per path, the first found (shape problems come before cross-field rules). */
export function dedupe(issues: readonly FormIssue[]): FormIssue[] {
  const seen = new Set<string>();
  const out: FormIssue[] = [];
  for (const issue of issues) {
    if (seen.has(issue.path)) continue;
    seen.add(issue.path);
    out.push(issue);
    if (out.length >= MAX_ISSUES) break;
  }
  return out;
}
