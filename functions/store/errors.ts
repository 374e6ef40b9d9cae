/**
 * Domain errors. AWS errors are converted into these at the store's edge (see `dynamo.ts`),
 * and the HTTP layer maps each to one status and code in one place (http/errors.ts).
 */
import type { z } from 'zod';
import type { Text, FormIssue } from '../../forms/language.js';

export type ErrorCode =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'version_conflict'
  | 'action_not_allowed'
  | 'payload_too_large'
  | 'validation_failed'
  | 'too_many_requests'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly text?: Text,
    readonly issues?: FormIssue[],
  ) {
    super(text?.en ?? code);
    this.name = 'DomainError';
  }
}

/** A refusal that says when to try again: the HTTP layer sends it as `Retry-After` (seconds). */
export class TooManyRequests extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    text?: Text,
  ) {
    super('too_many_requests', text);
  }
}

export const notFound = () => new DomainError('not_found');
export const versionConflict = () => new DomainError('version_conflict');
export const unavailable = () => new DomainError('unavailable');
export const badRequest = (text?: Text, issues?: FormIssue[]) => new DomainError('bad_request', text, issues);
export const validationFailed = (issues: FormIssue[], text?: Text) => new DomainError('validation_failed', text, issues);

/**
 * A stored item that does not have the shape its schema gives it: a fault in the data, not in
 * the request. Not a DomainError, so the HTTP layer logs it (this message) and answers 503.
 * The message names the item's key and the failing fields, never their values.
 */
export class MalformedItem extends Error {
  constructor(
    readonly key: { pk: unknown; sk: unknown },
    readonly fields: string[],
  ) {
    super(`stored item ${String(key.pk)} / ${String(key.sk)} is malformed at ${fields.join(', ')}`);
    this.name = 'MalformedItem';
  }
}

/** An item read from the table, parsed by `schema`; a `MalformedItem` when it does not fit. */
export function parseItem<S extends z.ZodType>(schema: S, item: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(item);
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(item)'} (${i.code})`))];
  throw new MalformedItem({ pk: item.pk, sk: item.sk }, fields);
}
