/** The default message of each error code, Chinese first; and the caller's language. */
import type { Text } from '../../forms/language.js';
import type { ErrorCode } from '../store/errors.js';

export type Lang = 'zh' | 'en';

export const DEFAULT_MESSAGES: Record<ErrorCode | 'internal', Text> = {
  bad_request: { zh: '请求格式不正确', en: 'The request is malformed' },
  unauthenticated: { zh: '请先登录', en: 'Please sign in' },
  forbidden: { zh: '您没有权限进行此操作', en: 'You may not do this' },
  not_found: { zh: '找不到该内容', en: 'Not found' },
  version_conflict: { zh: '内容已被他人修改，请刷新后重试', en: 'Someone else changed this first; reload and try again' },
  action_not_allowed: { zh: '此步骤不能进行该操作', en: 'This action is not open here' },
  payload_too_large: { zh: '请求内容过大', en: 'The request body is too large' },
  validation_failed: { zh: '填写内容有误', en: 'Some fields are not valid' },
  too_many_requests: { zh: '尝试次数过多，请稍后再试', en: 'Too many attempts; try again later' },
  unavailable: { zh: '服务暂时不可用，请稍后重试；数据未被部分写入', en: 'The service is briefly unavailable; nothing was half-written. Try again' },
  internal: { zh: '服务暂时不可用，请稍后重试', en: 'The service is briefly unavailable; try again' },
};

/**
 * The caller's language from `Accept-Language`: English only when it ranks English above
 * Chinese (or asks for English and not Chinese); Chinese otherwise.
 */
export function languageOf(header: string | undefined): Lang {
  if (!header) return 'zh';
  let best: { lang: Lang; q: number } | undefined;
  for (const part of header.split(',').slice(0, 20)) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.find((p) => p.trim().startsWith('q='));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    const lang: Lang | undefined = tag.startsWith('zh') ? 'zh' : tag.startsWith('en') ? 'en' : undefined;
    if (lang && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'zh';
}
