/**
 * 经费使用监督意见 (fund-query), DOMAIN.md process 3: while a disclosure is published, a member
 * raises a query about it with a one-time code; the union answers, its funds audit
 * committee accepts the answer or escalates to the street union. Each party's text has its
 * own field so the workflow can let each edit only its own.
 */
import type { FormDeclaration } from './language.js';

export const fundQuery: FormDeclaration = {
  id: 'fund-query',
  version: 1,
  title: { zh: '经费使用监督意见', en: 'Query on the use of union funds' },
  // Members raise these with a one-time code (POST /api/member/queries); a union never does.
  startedBy: ['member'],
  description: {
    zh: '会员对已公开的工会经费收支提出监督意见，工会答复，经费审查委员会审核。',
    en: 'A member questions a published disclosure of union funds; the union answers and its funds audit committee reviews the answer.',
  },
  sections: [
    {
      key: 'query',
      title: { zh: '监督意见', en: 'Query' },
      fields: [
        // Set by the server from the code the member used: a member queries only the
        // disclosure the code was issued for.
        { key: 'disclosureId', type: 'text', label: { zh: '所涉收支公开', en: 'Disclosure' }, readOnly: true, maxLength: 100 },
        {
          key: 'line',
          type: 'text',
          label: { zh: '所涉项目', en: 'Line' },
          help: {
            zh: '如“职工活动支出”或某笔支出的用途；针对整体可不填',
            en: 'E.g. “member activities” or one item’s purpose; leave empty for the whole disclosure',
          },
          maxLength: 100,
        },
        { key: 'question', type: 'longtext', label: { zh: '意见或疑问', en: 'Question' }, required: true, maxLength: 1000 },
      ],
    },
    {
      key: 'answer',
      title: { zh: '工会答复', en: 'The union’s answer' },
      fields: [
        {
          key: 'answer',
          type: 'longtext',
          label: { zh: '答复', en: 'Answer' },
          help: { zh: '由工会在 7 日内答复', en: 'The union answers within 7 days' },
          maxLength: 5000,
        },
      ],
    },
    {
      key: 'review',
      title: { zh: '审核意见', en: 'Review' },
      fields: [
        {
          key: 'committeeNote',
          type: 'longtext',
          label: { zh: '经费审查委员会意见', en: 'Funds audit committee’s note' },
          maxLength: 2000,
        },
        { key: 'streetNote', type: 'longtext', label: { zh: '街道总工会意见', en: 'Street union’s note' }, maxLength: 2000 },
      ],
    },
  ],
  rules: [],
  computed: [],
  example: { line: '职工活动支出', question: '第二季度职工活动支出较上季度增加较多，请说明主要用途。' },
};
