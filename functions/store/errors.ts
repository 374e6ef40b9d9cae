/**
 * Domain errors. AWS errors are converted into these at the store's edge (see `dynamo.ts`),
 * and the HTTP layer maps each to one status and code in one place (http/errors.ts).
 */
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
