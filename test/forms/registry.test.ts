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
      { id: 'home-assessment', version: 1, title: { zh: '职工之家建设自评', en: 'Workers’ home self-assessment' } },
      { id: 'member-evaluation', version: 1, title: { zh: '会员评家问卷', en: 'Member evaluation of the workers’ home' } },
      { id: 'fund-oversight', version: 1, title: { zh: '经费收支公开', en: 'Disclosure of union funds' } },
      { id: 'fund-query', version: 1, title: { zh: '经费使用监督意见', en: 'Query on the use of union funds' } },
      { id: 'audit-submission', version: 1, title: { zh: '审计资料报送', en: 'Audit submission' } },
    ]);
  });
});
