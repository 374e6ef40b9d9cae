/**
 * A small declaration using every field type, every rule kind, parameters, computed values
 * and a conditional section, so compile.ts is tested apart from any real form.
 */
import type { AttachmentRef, FormDeclaration } from '../../forms/language.js';

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
        { key: 'files', type: 'attachment', label: t('附件', 'Files'), maxFiles: 2, accept: ['application/pdf', 'image/*'] },
        { key: 'rating', type: 'score', label: t('评分', 'Rating'), max: 5, noteRequired: true },
        { key: 'serverRef', type: 'text', label: t('服务器编号', 'Server reference'), readOnly: true, maxLength: 10 },
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
    {
      // Reads a computed value and a parameter.
      kind: 'assert',
      field: 'count',
      that: { expr: { lte: [{ field: 'double' }, { param: 'maxDouble' }] } },
      message: t('数量的两倍超过上限', 'Twice the count is above the maximum'),
    },
    {
      kind: 'rowAssert',
      group: 'items',
      column: 'amount',
      that: { expr: { lte: [{ field: 'amount' }, { param: 'maxAmount' }] } },
      message: t('单行数额过大', 'Amount too large'),
    },
  ],
  params: {
    maxDouble: { label: t('两倍上限', 'Maximum of twice the count'), value: 16 },
    maxAmount: { label: t('单行上限', 'Maximum per row'), value: 100 },
  },
  computed: [
    { key: 'double', label: t('两倍', 'Double'), expr: { mul: [{ field: 'count' }, 2] }, format: 'integer' },
    // Reads the computed value before it.
    { key: 'quadruple', label: t('四倍', 'Quadruple'), expr: { mul: [{ field: 'double' }, 2] } },
    { key: 'ratio', label: t('费用比', 'Fee ratio'), expr: { div: [{ field: 'fee' }, { field: 'grant' }] }, format: 'percent' },
    { key: 'itemsTotal', label: t('明细合计', 'Items total'), expr: { sumRows: { group: 'items', column: 'amount' } } },
  ],
  example: { name: 'Abc', colour: 'red', agree: true, due: { $today: 1 } },
};

/** The smallest data that passes submit. */
export const minimal = () => ({ name: 'Abc', colour: 'red', agree: true });

/** A well-formed reference to an uploaded file. */
export const fileRef = (patch: Partial<AttachmentRef> = {}): AttachmentRef => ({
  id: 'f1',
  name: '营业执照.pdf',
  size: 1024,
  contentType: 'application/pdf',
  sha256: 'a'.repeat(64),
  ...patch,
});
