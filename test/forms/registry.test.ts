import { describe, it, expect } from 'vitest';
import { currentVersion, getForm, listForms } from '../../forms/registry.js';

describe('form registry', () => {
  it('compiles a form once and returns the same instance', () => {
    expect(getForm('union-registration')).toBe(getForm('union-registration', 1));
  });

  it('returns undefined for an unknown form', () => {
    expect(getForm('no-such-form')).toBeUndefined();
  });

  it('returns undefined for an unknown version of a known form', () => {
    expect(getForm('union-registration', 99)).toBeUndefined();
  });

  it('knows the current version of a form', () => {
    expect([currentVersion('union-registration'), currentVersion('no-such-form')]).toEqual([1, undefined]);
  });

  it('lists each form with its current version and bilingual title', () => {
    expect(listForms()).toEqual([
      { id: 'union-registration', version: 1, title: { zh: '建会申请', en: 'Union registration' } },
    ]);
  });
});
