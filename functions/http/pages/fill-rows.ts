/**
 * The lists of the fill page a row can be added to or taken from: a repeating group, the
 * files of an attachment field or of a score item's evidence, also inside a group's row
 * (`notable.0.receipts`). A path that names none is no list, so a forged intent does nothing.
 */
import { ATTACHMENT_REF_PARTS, DEFAULT_MAX_FILES } from '../../../forms/field-parts.js';
import type { FieldDecl } from '../../../forms/language.js';
import { rowCount, type Entered, type PageModel } from './fill-data.js';

const DEFAULT_MAX_ROWS = 500;

export function listAt(model: Pick<PageModel, 'sections'>, path: string): { max: number } | undefined {
  const segments = path.split('.');
  let fields: FieldDecl[] = model.sections.flatMap((s) => s.fields).filter((f) => !f.readOnly);
  for (let i = 0; i < segments.length; i++) {
    const field = fields.find((f) => f.key === segments[i]);
    if (!field) return undefined;
    const last = i === segments.length - 1;
    if (field.type === 'attachment') return last ? { max: field.maxFiles ?? DEFAULT_MAX_FILES } : undefined;
    if (field.type === 'score') return segments[i + 1] === 'attachments' && i + 2 === segments.length ? { max: DEFAULT_MAX_FILES } : undefined;
    if (field.type !== 'group') return undefined;
    if (last) return { max: field.maxRows ?? DEFAULT_MAX_ROWS };
    // Inside a row: the next segment is the row's number.
    if (!/^\d+$/.test(segments[i + 1] ?? '')) return undefined;
    i += 1;
    fields = field.fields;
  }
  return undefined;
}

/** The file list at `path` with one more file (none more once it holds `max`). */
export function withFile(entered: Entered, path: string, ref: Record<(typeof ATTACHMENT_REF_PARTS)[number]['key'], unknown>, max: number): Entered {
  const n = rowCount(entered, path, max);
  if (n >= max) return entered;
  const out = new Map(entered);
  for (const p of ATTACHMENT_REF_PARTS) out.set(`${path}.${n}.${p.key}`, String((ref as Record<string, unknown>)[p.key]));
  out.set(`${path}.count`, String(n + 1));
  return out;
}
