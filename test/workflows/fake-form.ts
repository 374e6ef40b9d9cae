/**
 * A minimal stand-in for a compiled form, so the workflow tests do not wait on the forms being
 * declared: drafts must be plain objects and pass `check`; a submit also needs `required`
 * filled; computed values come from `computed`; `fields` are its declared fields (for edits
 * that name fields by kind).
 */
import type { FieldDecl, FormData, FormIssue } from '../../forms/language.js';
import type { EngineForm } from '../../workflows/engine.js';

type FakeFormOptions = {
  required?: string[];
  /** Type and bound problems, as the real form's draft schema would report them. */
  check?: (data: FormData) => FormIssue[];
  computed?: (data: FormData) => Record<string, unknown>;
  fields?: FieldDecl[];
};

const isPlain = (v: unknown): v is FormData => typeof v === 'object' && v !== null && !Array.isArray(v);
const notObject: FormIssue = { path: '', message: { zh: '数据应为对象', en: 'Data must be an object' } };
const missing = (path: string): FormIssue => ({ path, message: { zh: '必填', en: 'Required' } });

export function fakeForm(options: FakeFormOptions = {}): EngineForm {
  const draft = (data: unknown) => {
    if (!isPlain(data)) return { ok: false as const, issues: [notObject] };
    const issues = options.check?.(data) ?? [];
    return issues.length > 0 ? { ok: false as const, issues } : { ok: true as const, data: structuredClone(data), warnings: [] };
  };
  return {
    decl: { sections: [{ fields: options.fields ?? [] }] },
    validateDraft: draft,
    validateSubmit(data) {
      const result = draft(data);
      if (!result.ok) return result;
      const absent = (options.required ?? []).filter((k) => result.data[k] === undefined || result.data[k] === '');
      return absent.length > 0 ? { ok: false, issues: absent.map(missing) } : result;
    },
    computed: (data) => options.computed?.(data) ?? {},
  };
}
