/**
 * The one mapping from domain errors to HTTP: `{"error": {"code", "message", "issues"?}}`,
 * the message in the caller's language. Anything unexpected is logged and answered 503:
 * every write is one transaction, so a failure part-way has written nothing.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FormIssue } from '../../forms/language.js';
import { DomainError, TooManyRequests, type ErrorCode } from '../store/errors.js';
import { toDomainError } from '../store/dynamo.js';
import { DEFAULT_MESSAGES, languageOf, type Lang } from './messages.js';

export const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  version_conflict: 409,
  action_not_allowed: 409,
  payload_too_large: 413,
  validation_failed: 422,
  too_many_requests: 429,
  unavailable: 503,
};

export function errorBody(error: DomainError, lang: Lang) {
  const message = (error.text ?? DEFAULT_MESSAGES[error.code])[lang];
  const body: { code: ErrorCode; message: string; issues?: { path: string; message: string }[] } = { code: error.code, message };
  if (error.issues) body.issues = error.issues.map((i: FormIssue) => ({ path: i.path, message: i.message[lang] }));
  return { error: body };
}

export function errorResponse(c: Context, error: DomainError) {
  if (error instanceof TooManyRequests) c.header('Retry-After', String(error.retryAfterSeconds));
  return c.json(errorBody(error, languageOf(c.req.header('accept-language'))), STATUS[error.code]);
}

/** For `app.onError`: domain errors as declared; AWS errors converted; the rest logged, 503. */
export function handleError(error: Error, c: Context) {
  const domain = toDomainError(error);
  if (domain instanceof DomainError) return errorResponse(c, domain);
  console.error(JSON.stringify({ level: 'error', msg: 'unhandled', name: error.name, error: String(error.stack ?? error) }));
  return errorResponse(c, new DomainError('unavailable', DEFAULT_MESSAGES.internal));
}
