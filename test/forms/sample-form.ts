/**
 * A small declaration using every field type, every rule kind and a conditional section,
 * so compile.ts is tested apart from any real form.
 */
import type { FormDeclaration } from '../../forms/language.js';
import { addDays } from '../../forms/validators.js';

const t = (zh: string, en: string) => ({ zh, en });

export const VALID_CODE = '91310110MA1FL3K2XQ';
export const TODAY = '2025-06-01';

export const sample: FormDeclaration = {
  id: 'sample',
  version: 1,
  title: t('样例', 'Sample'),
  sections: [
    {
      key: 'main',
      title: t('主要', 'Main'),
      fields: [
        { key: 'name', type: 'text', label: t('名称', 'Name'), required: true, minLength: 2, maxLength: 5 },
        { key: 'other', type: 'text', label: t('另一名称', 'Other name') },
        { key: 'notes', type: 'longtext', label: t('备注', 'Notes'), maxLength: 50 },
        { key: 'count', type: 'integer', label: t('数量', 'Count'), min: 1, max: 10 },
        { key: 'limit', type: 'integer', label: t('上限', 'Limit') },
        { key: 'fee', type: 'money', label: t('费用', 'Fee') },
        { key: 'grant', type: 'money', label: t('补助', 'Grant'), min: 100, max: 10_000 },
        {
          key: 'colour',
          type: 'choice',
          label: t('颜色', 'Colour'),
          required: true,
          options: [
            { value: 'red', label: t('红', 'Red') },
            { value: 'blue', label: t('蓝', 'Blue') },
          ],
        },
        { key: 'urgent', type: 'flag', label: t('紧急', 'Urgent') },
        { key: 'due', type: 'date', label: t('日期', 'Due') },
        { key: 'code', type: 'creditCode', label: t('代码', 'Code') },
        { key: 'phone', type: 'mobile', label: t('手机', 'Phone') },
        { key: 'agree', type: 'declaration', label: t('声明', 'Declaration'), statement: t('属实', 'True') },
        {
          key: 'items',
          type: 'group',
          label: t('明细', 'Items'),
          minRows: 2,
          maxRows: 3,
          fields: [
            { key: 'label', type: 'text', label: t('名称', 'Label'), required: true },
            { key: 'amount', type: 'integer', label: t('数额', 'Amount') },
            { key: 'code', type: 'creditCode', label: t('代码', 'Code') },
          ],
        },
        { key: 'total', type: 'integer', label: t('合计', 'Total') },
      ],
    },
    {
      key: 'blueOnly',
      title: t('蓝色专用', 'Blue only'),
      when: { field: 'colour', equals: 'blue' },
      fields: [
        { key: 'shade', type: 'text', label: t('色调', 'Shade'), required: true },
        { key: 'blueCode', type: 'creditCode', label: t('蓝色代码', 'Blue code') },
      ],
    },
  ],
  rules: [
    { kind: 'requiredWhen', field: 'notes', when: { field: 'urgent', equals: true }, message: t('紧急须备注', 'Urgent needs notes') },
    { kind: 'equalsWhen', field: 'urgent', value: true, when: { field: 'count', gte: 8 }, message: t('数量大须紧急', 'Big counts are urgent') },
    { kind: 'lte', field: 'count', other: 'limit', message: t('数量超过上限', 'Count above limit') },
    { kind: 'sumEquals', group: 'items', column: 'amount', total: 'total', message: t('合计不符', 'Total differs') },
    { kind: 'differs', field: 'other', other: 'name', message: t('两个名称须不同', 'Names must differ') },
    { kind: 'dateAfterToday', field: 'due', message: t('日期须晚于今天', 'Due after today') },
    {
      kind: 'lte',
      field: 'fee',
      other: 'grant',
      severity: 'warning',
      message: t('费用超过补助', 'Fee above grant'),
    },
  ],
  computed: [
    { key: 'double', label: t('两倍', 'Double'), compute: (d) => (typeof d.count === 'number' ? d.count * 2 : null) },
    {
      key: 'boom',
      label: t('出错', 'Throws'),
      compute: () => {
        throw new Error('boom');
      },
    },
    { key: 'nothing', label: t('无', 'Nothing'), compute: () => undefined },
    { key: 'infinite', label: t('无穷', 'Infinite'), compute: () => 1 / 0 },
  ],
  example: (today) => ({ name: 'Abc', colour: 'red', agree: true, due: addDays(today, 1) }),
};

/** The smallest data that passes submit. */
export const minimal = () => ({ name: 'Abc', colour: 'red', agree: true });
