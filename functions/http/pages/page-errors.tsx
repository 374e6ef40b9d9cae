/**
 * How the pages answer a refusal: the layout, with the person's bar where they are signed in,
 * and the refusal's message. Not found and out of scope are one page with one message, so
 * nothing on it tells them apart. A fault that is not a refusal goes on to the app's own
 * handler (a 500 that names no detail).
 */
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Text } from '../../../forms/language.js';
import { toDomainError } from '../../store/dynamo.js';
import { DomainError } from '../../store/errors.js';
import type { AppEnv } from '../env.js';
import { STATUS } from '../errors.js';
import { DEFAULT_MESSAGES } from '../messages.js';
import { Message, NOT_FOUND, renderPage } from './layout.js';
import { signedIn } from './page-session.js';

export const ERROR_TITLE: Text = { zh: '出错了', en: 'Something went wrong' };
export const TOO_LONG: Text = { zh: '提交的内容过长', en: 'What you sent is too long' };

/** An app's `onError` for pages. */
export function pageError(error: Error, c: Context<AppEnv>) {
  const domain = toDomainError(error);
  if (!(domain instanceof DomainError)) throw error;
  const notThere = domain.code === 'not_found';
  const title = notThere ? NOT_FOUND : ERROR_TITLE;
  const message = notThere ? DEFAULT_MESSAGES.not_found : (domain.text ?? DEFAULT_MESSAGES[domain.code]);
  return renderPage(c, STATUS[domain.code] as 404, { title, user: signedIn(c) }, <Message title={title} message={message} />);
}

/** A posted body over `maxSize` bytes is refused with the pages' 413 page, saying `message`. */
export const pageBodyLimit = (maxSize: number, message: Text = TOO_LONG) =>
  bodyLimit({ maxSize, onError: (c) => renderPage(c, 413, { title: ERROR_TITLE, user: signedIn(c as Context<AppEnv>) }, <Message title={ERROR_TITLE} message={message} />) });
