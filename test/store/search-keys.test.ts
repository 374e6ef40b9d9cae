import { describe, expect, it } from 'vitest';
import { normaliseSearch, searchAttributes, searchKeyOf } from '../../functions/store/search-keys.js';

const sub = { id: 'X', formId: 'union-registration', orgName: '上海艾克米科技有限公司工会', data: { name: '星光 科技' }, updatedAt: '2025-03-01T00:00:00.000Z' };

describe('search keys', () => {
  it('fold full-width, case, control characters and spaces the same way for a query and a key', () => {
    expect(normaliseSearch('  ＹＰ－２０１９－０００７ ')).toBe('yp-2019-0007');
    expect(normaliseSearch('星光\t\n 科技\u0001')).toBe('星光 科技');
  });

  it('hold the name, the union and the number, and no match across two of them', () => {
    const key = searchKeyOf({ ...sub, number: 'YP-2019-0007' });
    expect(key).toContain('星光 科技');
    expect(key).toContain('yp-2019-0007');
    expect(key).toContain('艾克米');
    expect(key.includes(normaliseSearch('科技\u0001上海'))).toBe(false);
    expect(key.includes('科技 上海')).toBe(false);
  });

  it('fall back to the union when the data has no name, and carry the form and period keys', () => {
    expect(searchKeyOf({ ...sub, data: { name: 42 } })).toBe(normaliseSearch(sub.orgName));
    expect(searchAttributes(sub)).toEqual({ formPk: 'FORM#union-registration', updatedSk: '2025-03-01T00:00:00.000Z#X', searchKey: searchKeyOf(sub) });
    expect(searchAttributes({ ...sub, submittedAt: '2025-02-01T00:00:00.000Z' }).submittedSk).toBe('2025-02-01T00:00:00.000Z#X');
  });
});
