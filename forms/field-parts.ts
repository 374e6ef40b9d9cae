/**
 * The inner structure of the composite field types (a score item, an attachment reference),
 * written as field declarations so that their schemas, issue messages and paths
 * (`org_committee.score`, `statements.0.size`) come from the same code as plain fields'.
 */
import type { FieldDecl, Text } from './language.js';

const t = (zh: string, en: string): Text => ({ zh, en });

/** An evidence note is a short paragraph, not a report. */
export const SCORE_NOTE_MAX_LENGTH = 500;
/** Files per attachment field when the declaration gives no `maxFiles`. */
export const DEFAULT_MAX_FILES = 20;

/** A score item's value: `{ score, note?, attachments? }`; the score is required once the item is given. */
export function scoreParts(field: FieldDecl & { type: 'score' }): FieldDecl[] {
  return [
    { key: 'score', type: 'integer', label: t('得分', 'Score'), required: true, min: 0, max: field.max },
    {
      key: 'note',
      type: 'longtext',
      label: t('说明', 'Evidence note'),
      required: field.noteRequired === true,
      maxLength: SCORE_NOTE_MAX_LENGTH,
    },
    { key: 'attachments', type: 'attachment', label: t('佐证材料', 'Evidence files') },
  ];
}

export const SCORE_PART_KEYS = ['score', 'note', 'attachments'];

/**
 * An attachment reference as the upload step returned it. All parts are always required: a
 * half reference names no file. `contentType` and `sha256` have format checks of their own
 * (compile-schemas.ts); these declarations give their labels and type messages.
 */
export const ATTACHMENT_REF_PARTS: FieldDecl[] = [
  { key: 'id', type: 'text', label: t('文件编号', 'File id'), required: true, maxLength: 100 },
  { key: 'name', type: 'text', label: t('文件名', 'File name'), required: true, maxLength: 255 },
  { key: 'size', type: 'integer', label: t('大小(字节)', 'Size (bytes)'), required: true, min: 0 },
  { key: 'contentType', type: 'text', label: t('文件类型', 'Content type'), required: true, maxLength: 100 },
  { key: 'sha256', type: 'text', label: t('SHA-256', 'SHA-256'), required: true },
];

/** The fields inside a value of `field`, for composite types; undefined for plain ones. */
export function partsOf(field: FieldDecl): { fields: FieldDecl[]; list: boolean } | undefined {
  if (field.type === 'group') return { fields: field.fields, list: true };
  if (field.type === 'attachment') return { fields: ATTACHMENT_REF_PARTS, list: true };
  if (field.type === 'score') return { fields: scoreParts(field), list: false };
  return undefined;
}
