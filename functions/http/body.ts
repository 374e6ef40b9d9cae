/**
 * Reading request bodies and query strings through Zod: malformed JSON and unknown fields are
 * a 400; values of the wrong shape a 422 with one issue per field.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { FormIssue } from '../../forms/language.js';
import { badRequest, DomainError, validationFailed } from '../store/errors.js';

function pathOf(path: PropertyKey[]): string {
  return path.map(String).join('.') || '(body)';
}

function issuesOf(error: z.ZodError): FormIssue[] {
  const seen = new Set<string>();
  const issues: FormIssue[] = [];
  for (const issue of error.issues) {
    const path = pathOf(issue.path);
    if (seen.has(path)) continue;
    seen.add(path);
    issues.push({ path, message: messageOf(issue) });
  }
  return issues;
}

function messageOf(issue: z.core.$ZodIssue): FormIssue['message'] {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? { zh: '必填', en: 'Required' } : { zh: `类型应为 ${issue.expected}`, en: `Expected ${issue.expected}` };
    case 'too_small':
      return { zh: `不能小于 ${issue.minimum}`, en: `At least ${issue.minimum}` };
    case 'too_big':
      return { zh: `不能大于 ${issue.maximum}`, en: `At most ${issue.maximum}` };
    case 'invalid_value':
      return { zh: '取值不在允许范围内', en: 'Not one of the allowed values' };
    default:
      return { zh: '格式不正确', en: 'Not valid' };
  }
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const unknownKeys = result.error.issues.filter((i) => i.code === 'unrecognized_keys');
  if (unknownKeys.length > 0) {
    const names = unknownKeys.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : []));
    throw badRequest({ zh: `不认识的字段：${names.join(', ')}`, en: `Unknown fields: ${names.join(', ')}` }, issuesOf(result.error));
  }
  throw validationFailed(issuesOf(result.error));
}

export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    throw badRequest();
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest({ zh: '请求体不是合法的 JSON', en: 'The body is not valid JSON' });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest({ zh: '请求体应为 JSON 对象', en: 'The body must be a JSON object' });
  }
  if (!wellFormed(value)) {
    // DynamoDB refuses lone UTF-16 surrogates; refuse them here as bad input, not later as a 503.
    throw badRequest({ zh: '请求体含有无效的 Unicode 字符', en: 'The body contains invalid Unicode' });
  }
  return parseWith(schema, value);
}

/** Every string (keys too) is well-formed UTF-16. */
function wellFormed(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (!v.isWellFormed()) return false;
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (!k.isWellFormed()) return false;
        stack.push(child);
      }
    }
  }
  return true;
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
