/** The composite and server-owned field types: attachment, score, readOnly. */
import { describe, it, expect } from 'vitest';
import { compileForm } from '../../forms/compile.js';
import type { FormDeclaration, FormIssue, ValidationResult } from '../../forms/language.js';
import { TODAY, fileRef, minimal, sample } from './sample-form.js';

const form = compileForm(sample);
const submit = (patch: Record<string, unknown>) => form.validateSubmit({ ...minimal(), ...patch }, TODAY);
const draft = (patch: Record<string, unknown>) => form.validateDraft(patch);

const issues = (r: ValidationResult): FormIssue[] => (r.ok ? [] : r.issues);
const paths = (r: ValidationResult) => issues(r).map((i) => i.path);
const messageAt = (r: ValidationResult, path: string) => issues(r).find((i) => i.path === path)?.message;

describe('attachment', () => {
  it('accepts a list of file references', () => {
    expect(submit({ files: [fileRef(), fileRef({ id: 'f2', contentType: 'image/png' })] }).ok).toBe(true);
  });

  it('matches content types without case or parameters', () => {
    expect(submit({ files: [fileRef({ contentType: 'Application/PDF; charset=binary' })] }).ok).toBe(true);
  });

  it('refuses a content type the field does not accept, listing the accepted ones', () => {
    const r = submit({ files: [fileRef(), fileRef({ contentType: 'application/zip' })] });
    expect(messageAt(r, 'files.1.contentType')?.en).toBe('This file type is not accepted; allowed: application/pdf, image/*');
  });

  it('refuses a malformed SHA-256', () => {
    expect(messageAt(submit({ files: [fileRef({ sha256: 'A'.repeat(64) })] }), 'files.0.sha256')?.zh).toBe('SHA-256 应为 64 位小写十六进制数字');
  });

  it('reports a missing part of a reference as required at its path', () => {
    const { size: _, ...noSize } = fileRef();
    expect(messageAt(submit({ files: [noSize] }), 'files.0.size')?.en).toBe('Required');
  });

  it('refuses a negative size', () => {
    expect(paths(submit({ files: [fileRef({ size: -1 })] }))).toEqual(['files.0.size']);
  });

  it('refuses an unknown key in a reference', () => {
    expect(paths(submit({ files: [{ ...fileRef(), url: 'http://x' }] }))).toEqual(['files.0.url']);
  });

  it('refuses a reference that is not an object, saying what a reference is', () => {
    expect(messageAt(submit({ files: ['scan.pdf'] }), 'files.0')?.en).toMatch(/^Each attachment must be a file reference/);
  });

  it('refuses more files than maxFiles, counting files', () => {
    expect(messageAt(submit({ files: [fileRef(), fileRef(), fileRef()] }), 'files')?.en).toBe('At most 2 files');
  });

  it('checks references in drafts too, as the upload step writes them whole', () => {
    expect(paths(draft({ files: [fileRef({ sha256: '' })] }))).toEqual(['files.0.sha256']);
  });

  it('lets an optional attachment field stay empty', () => {
    expect(submit({ files: [] }).ok).toBe(true);
  });

  const withRequiredFiles = compileForm({
    ...sample,
    sections: [
      {
        key: 'only',
        title: sample.title,
        fields: [{ key: 'licence', type: 'attachment', label: { zh: '营业执照', en: 'Licence' }, required: true }],
      },
    ],
    rules: [],
    computed: [],
    // An example must pass its own form, so it holds a (well-formed) file reference.
    example: { licence: [fileRef()] },
  } satisfies FormDeclaration);

  it('requires at least one file when the field is required', () => {
    expect(messageAt(withRequiredFiles.validateSubmit({ licence: [] }, TODAY), 'licence')?.en).toBe('Upload at least 1 file(s)');
  });

  it('accepts any content type when the field lists none', () => {
    expect(withRequiredFiles.validateSubmit({ licence: [fileRef({ contentType: 'application/zip' })] }, TODAY).ok).toBe(true);
  });
});

describe('score', () => {
  it('accepts a score with its note', () => {
    expect(submit({ rating: { score: 5, note: '有制度文件' } }).ok).toBe(true);
  });

  it('accepts evidence files with a score', () => {
    expect(submit({ rating: { score: 0, note: '未开展', attachments: [fileRef()] } }).ok).toBe(true);
  });

  it('refuses a score above the item’s maximum at the score’s path', () => {
    expect(messageAt(submit({ rating: { score: 6, note: 'x' } }), 'rating.score')?.en).toBe('Must be at most 5');
  });

  it('refuses a negative score', () => {
    expect(paths(submit({ rating: { score: -1, note: 'x' } }))).toEqual(['rating.score']);
  });

  it('refuses a fractional score as not a whole number', () => {
    expect(messageAt(submit({ rating: { score: 2.5, note: 'x' } }), 'rating.score')?.en).toBe('Must be a whole number');
  });

  it('requires the note on submit when the item says so', () => {
    expect(messageAt(submit({ rating: { score: 3 } }), 'rating.note')?.en).toBe('Required');
  });

  it('requires the score once the item is given', () => {
    expect(paths(submit({ rating: { note: 'x' } }))).toEqual(['rating.score']);
  });

  it('lets a draft leave the score and note empty', () => {
    expect(draft({ rating: { note: '' } }).ok).toBe(true);
  });

  it('refuses a note over 500 characters', () => {
    expect(messageAt(draft({ rating: { score: 1, note: '字'.repeat(501) } }), 'rating.note')?.en).toBe('At most 500 characters');
  });

  it('checks evidence files inside a score item', () => {
    expect(paths(draft({ rating: { score: 1, attachments: [fileRef({ size: 'big' as never })] } }))).toEqual(['rating.attachments.0.size']);
  });

  it('refuses an unknown key in a score item', () => {
    expect(paths(draft({ rating: { score: 1, reviewerScore: 0 } }))).toEqual(['rating.reviewerScore']);
  });

  it('refuses a bare number as a score item, saying what one is', () => {
    expect(messageAt(draft({ rating: 3 }), 'rating')?.en).toBe('Must be a score item (score, note, attachments)');
  });
});

describe('readOnly', () => {
  it('drops a client’s value silently from a draft', () => {
    expect(draft({ name: 'Abc', serverRef: 'forged' })).toEqual({ ok: true, data: { name: 'Abc' }, warnings: [] });
  });

  it('drops a client’s value silently on submit', () => {
    expect(submit({ serverRef: 'forged' })).toEqual({ ok: true, data: minimal(), warnings: [] });
  });

  it('keeps the value the server passes from the stored data', () => {
    const r = form.validateSubmit({ ...minimal(), serverRef: 'forged' }, TODAY, { serverRef: 'D-1' });
    expect(r.ok && r.data.serverRef).toBe('D-1');
  });

  it('takes only read-only values from the server’s data', () => {
    const r = form.validateDraft({ name: 'Abc' }, { name: 'Old', serverRef: 'D-1' });
    expect(r.ok && r.data).toEqual({ name: 'Abc', serverRef: 'D-1' });
  });

  it('checks the server’s value against the field’s bounds', () => {
    expect(paths(form.validateDraft({}, { serverRef: 'x'.repeat(11) }))).toEqual(['serverRef']);
  });
});
