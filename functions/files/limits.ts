/**
 * What may be attached: size, types, and what a file name may contain. The name is shown in
 * pages and sent back in `Content-Disposition`, so it is reduced to a plain last path
 * segment before anything stores it.
 */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const MAX_NAME_CHARS = 200;

/** Allowed types and the extensions a name of that type may end in. */
export const ATTACHMENT_TYPES: Record<string, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/msword': ['doc'],
  'application/vnd.ms-excel': ['xls'],
};

export function isAllowedType(contentType: string): boolean {
  return Object.hasOwn(ATTACHMENT_TYPES, contentType);
}

/**
 * The name as stored: NFC, only the part after the last `/` or `\`, without control,
 * format (bidi overrides that disguise an extension) or line-separator characters, trimmed.
 * Empty, `.`/`..` or too long comes back undefined.
 */
export function sanitizeName(raw: string): string | undefined {
  const lastSegment = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const name = lastSegment.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '').trim();
  if (name === '' || name === '.' || name === '..') return undefined;
  if ([...name].length > MAX_NAME_CHARS) return undefined;
  return name;
}

export function extensionMatches(name: string, contentType: string): boolean {
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  return (ATTACHMENT_TYPES[contentType] ?? []).includes(ext);
}
